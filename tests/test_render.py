"""render_markdown and render_docx: golden Markdown, Word read back, the same statuses in both,
restyled and broken custom templates, and the sandbox.

UPDATE_GOLDEN=1 python -m pytest tests/test_render.py rewrites tests/golden/ from the output.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from markdown_it import MarkdownIt

from conftest import ROOT, TODAY, assert_golden, copy_plan
from vaplan.check.checker import check_plan
from vaplan.checklist.build import GLYPHS, LABELS, Checklist, build_checklist
from vaplan.render import TemplateProblem, check_template, render_docx, render_markdown
from vaplan.render.explain import NOUNS, explain_undefined
from vaplan.render.kinds import KINDS

GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = ROOT / "templates"
PLANS = {
    "render-plan": Path(__file__).parent / "data" / "render-plan",
    "pima-county": ROOT / "examples" / "pima-county",
    "riverside-city": ROOT / "examples" / "riverside-city",
}
STATUS = re.compile(r"^([" + "".join(sorted(set(GLYPHS.values()))) + "]) ("
                    + "|".join(map(re.escape, LABELS.values())) + r")\b")


@pytest.fixture(scope="module", params=sorted(PLANS))
def plan(request: pytest.FixtureRequest) -> tuple[str, Checklist]:
    return request.param, build_checklist(check_plan(PLANS[request.param], TODAY))


@pytest.fixture(scope="module")
def harbor() -> Checklist:
    return build_checklist(check_plan(PLANS["render-plan"], TODAY))


# Markdown ------------------------------------------------------------------------------------

def test_markdown_matches_golden(plan: tuple[str, Checklist]) -> None:
    name, checklist = plan
    text = render_markdown(checklist)
    assert_golden(text, f"{name}.md", "tests/test_render.py")


def test_markdown_is_byte_identical_for_the_same_plan_and_day(tmp_path: Path) -> None:
    copy = copy_plan(tmp_path, PLANS["riverside-city"])
    first = render_markdown(build_checklist(check_plan(PLANS["riverside-city"], TODAY)))
    second = render_markdown(build_checklist(check_plan(copy, TODAY)))
    assert first.encode() == second.encode()


def _markdown_sections(text: str) -> dict[str, list[list[str]]]:
    """Heading -> rows (cells as text) of the table that follows it, parsed by markdown-it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: dict[str, list[list[str]]] = {}
    heading, row, in_body = None, None, False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
        elif token.type == "tbody_open":
            in_body, tables[heading] = True, []
        elif token.type == "tbody_close":
            in_body = False
        elif in_body and token.type == "tr_open":
            row = []
            tables[heading].append(row)
        elif in_body and token.type == "inline" and row is not None:
            row.append(token.content)
    return tables


def _task_items(text: str) -> list[tuple[bool, str]]:
    """(checked, text) of every GitHub task list item, found in markdown-it's list tokens."""
    tokens = MarkdownIt("commonmark").parse(text)
    items = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            content = tokens[index + 2].content
            match = re.match(r"\[([ x])\] (.*)", content, re.DOTALL)
            if match:
                items.append((match.group(1) == "x", match.group(2)))
    return items


def test_markdown_has_a_table_per_section_and_task_lists(plan: tuple[str, Checklist]) -> None:
    _, checklist = plan
    text = render_markdown(checklist)
    tables = _markdown_sections(text)
    for section in checklist.sections:
        rows = tables[section.title]
        assert len(rows) == len(section.items)
        assert [row[1] for row in rows] == [item.responsible for item in section.items]
    tasks = _task_items(text)
    coverage = [(c.covered, c.label) for c in checklist.coverage]
    assert [(done, t.split(":")[0]) for done, t in tasks[:len(coverage)]] == coverage
    steps = tasks[len(coverage):]
    # each next step is an action with its owner and date, in plain text once unescaped: the
    # first ones ranked, then the rest under the organization that does them, each step once
    assert [re.sub(r"\\(.)", r"\1", t) for _, t in steps] == [
        f"{a.rank}. {a.line}" for a in checklist.first_steps]
    assert ("Each by the next committee meeting unless a date is given." in text) == any(
        not a.due for a in checklist.actions)
    plain = re.sub(r"\\(.)", r"\1", text)
    for own in checklist.later_steps:
        line = next(line for line in plain.splitlines()
                    if line.startswith(f"- **{own.title}**: "))
        assert line.split("**: ", 1)[1] == "; ".join(
            f"{a.rank}. {a.action}" + (f" by {a.due}" if a.due else "") for a in own.actions)
    ranks = [a.rank for a in checklist.first_steps] + [
        a.rank for own in checklist.later_steps for a in own.actions]
    assert set(ranks) == set(range(1, len(checklist.actions) + 1))
    assert all(re.match(r"[^:]+: .+ by (\d{4}-\d\d-\d\d|the next committee meeting)$", a.text)
               for a in checklist.actions)
    assert not any(done for done, _ in steps)
    assert "## How readiness is scored" in text and "(met + confirmed + waived)" in text


def _markdown_statuses(text: str, checklist: Checklist) -> list[tuple[str, str]]:
    tables = _markdown_sections(text)
    statuses = []
    for section in checklist.sections:
        for row in tables[section.title]:
            match = STATUS.match(row[2].replace("**", ""))
            assert match, row[2]
            # a gap or partly met stands out in bold
            assert row[2].startswith(f"{match.group(1)} **") == (match.group(2) in (
                "Gap", "Partly met"))
            statuses.append((match.group(1), match.group(2)))
    return statuses


# Word ----------------------------------------------------------------------------------------

def _word_sections(document: docx.document.Document) -> list[tuple[str, object]]:
    """(Heading 1 text, the table right after it) in body order."""
    pairs, heading = [], None
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            if paragraph.style.name == "Heading 1":
                heading = paragraph.text
        elif tag == "tbl" and heading is not None:
            pairs.append((heading, docx.table.Table(block, document)))
            heading = None
    return pairs


def _word_statuses(document: docx.document.Document, checklist: Checklist) -> list[tuple]:
    tables = dict(_word_sections(document))
    statuses = []
    for section in checklist.sections:
        for row in tables[section.title].rows[1:]:
            match = STATUS.match(row.cells[2].paragraphs[0].text)
            assert match, row.cells[2].text
            statuses.append((match.group(1), match.group(2)))
    return statuses


def test_word_reads_back_with_headings_tables_and_statuses(plan: tuple[str, Checklist]) -> None:
    name, checklist = plan
    document = docx.Document(io.BytesIO(render_docx(checklist)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    titles = [s.title for s in checklist.sections]
    assert headings[:len(titles)] == titles
    assert {"Planning committee", "Next steps", "How readiness is scored"} <= set(headings)
    tables = dict(_word_sections(document))
    for section in checklist.sections:
        table = tables[section.title]
        header = table.rows[0]
        assert [c.text for c in header.cells] == ["Key issue", "Agency responsible",
                                                  "Current status"]
        assert header._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
        assert len(table.rows) - 1 == len(section.items)
        for row, item in zip(table.rows[1:], section.items):
            assert row.cells[0].text.startswith(item.text)
            assert row.cells[1].text == item.responsible
            exercised = f" ({item.exercised})" if item.exercised else ""
            assert row.cells[2].paragraphs[0].text == (
                f"{item.glyph} {item.summary}{exercised}".replace("`", ""))
            assert len(row.cells[2].paragraphs) == 1 + len(item.evidence)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == (
        f"{checklist.community} · Partnerships & Planning checklist · {checklist.today}")
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "fldChar" in footer


def test_word_and_markdown_show_the_same_statuses(plan: tuple[str, Checklist]) -> None:
    _, checklist = plan
    markdown = _markdown_statuses(render_markdown(checklist), checklist)
    word = _word_statuses(docx.Document(io.BytesIO(render_docx(checklist))), checklist)
    assert markdown == word == [(i.glyph, i.label) for i in checklist.items]


def test_word_output_is_byte_identical_for_the_same_plan_and_day(harbor: Checklist) -> None:
    assert render_docx(harbor) == render_docx(harbor)


@pytest.mark.parametrize("kind", ["checklist", "packet", "roster", "kit"])
def test_committed_word_template_is_what_the_script_builds(kind: str) -> None:
    spec = importlib.util.spec_from_file_location(f"make_{kind}_docx",
                                                  TEMPLATES / f"make_{kind}_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (TEMPLATES / f"{kind}.docx").read_bytes(), (
        f"templates/{kind}.docx is not what templates/make_{kind}_docx.py builds; rerun "
        "the script and commit both")


def test_bundled_templates_pass_their_own_check() -> None:
    assert check_template(TEMPLATES / "checklist.md.j2") == []
    assert check_template(TEMPLATES / "checklist.docx") == []


# custom templates ----------------------------------------------------------------------------

def test_restyled_word_template_renders(harbor: Checklist, tmp_path: Path) -> None:
    """What a coordinator does in Word: other fonts, a letterhead, a reworded heading."""
    document = docx.Document(str(TEMPLATES / "checklist.docx"))
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Heading 1"].font.size = Pt(18)
    document.sections[0].header.paragraphs[0].insert_paragraph_before(
        "Harbor County Victim Services · 100 Main St")
    for paragraph in document.paragraphs:
        if paragraph.text == "Planning committee":
            paragraph.runs[0].text = "Who sits at the table"
    template = tmp_path / "ours.docx"
    document.save(str(template))
    assert check_template(template) == []
    out = docx.Document(io.BytesIO(render_docx(harbor, template)))
    assert out.styles["Normal"].font.name == "Georgia"
    assert out.styles["Heading 1"].font.size == Pt(18)
    assert out.sections[0].header.paragraphs[0].text.startswith("Harbor County Victim Services")
    assert "Who sits at the table" in [p.text for p in out.paragraphs]
    assert _word_statuses(out, harbor) == [(i.glyph, i.label) for i in harbor.items]


def test_custom_markdown_template(harbor: Checklist, tmp_path: Path) -> None:
    template = tmp_path / "short.md.j2"
    template.write_text("# {{ community }}\n{% for item in items %}\n"
                        "- [{{ 'x' if item.done else ' ' }}] {{ item.text }}\n{% endfor %}\n")
    text = render_markdown(harbor, template)
    assert text.startswith("# Harbor County\n- [x] The local, state")
    assert text.count("\n- [") == len(harbor.items)


def _problems(template: Path, checklist: Checklist, render) -> list[str]:
    with pytest.raises(TemplateProblem) as caught:
        render(checklist, template)
    assert caught.value.problems == check_template(template)
    return caught.value.problems


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ sections.__class__.__init__.__globals__ }}",
    "{{ community['__class__'] }}",
    "{% for c in ''.__class__.__subclasses__() %}{{ c }}{% endfor %}",
])
def test_sandbox_refuses_python_internals(harbor: Checklist, tmp_path: Path,
                                          source: str) -> None:
    template = tmp_path / "evil.md.j2"
    template.write_text(source + "\n")
    problems = _problems(template, harbor, render_markdown)
    assert any("a part of Python that templates may not use" in p for p in problems)
    assert all(p.startswith("evil.md.j2, line 1") for p in problems)


def test_sandbox_refuses_python_internals_in_word(harbor: Checklist, tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATES / "checklist.docx"))
    document.add_paragraph("{{ today.__class__.__mro__ }}")
    template = tmp_path / "evil.docx"
    document.save(str(template))
    problems = _problems(template, harbor, render_docx)
    assert any('in the paragraph "{{ today.__class__.__mro__ }}"' in p
               and "may not use" in p for p in problems)


def test_markdown_template_problems_in_plain_words(harbor: Checklist, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ communty }}\n{% for s in sections %}\n{{ s.titel }}\n"
                        "{% endfor %}\n{% if today == “2026-11-28” %}today{% endif %}\n")
    problems = _problems(template, harbor, render_markdown)
    assert problems == [
        'mine.md.j2, line 1 ("# {{ communty }}"): "communty" is not a variable of the checklist '
        '(did you mean "community"?); the variables are: actions, agreements, community, '
        "coverage, credit, first_steps, formula, funding, gaps, items, jurisdiction, "
        "languages, later_steps, next_steps, not_checked, plan_version, problem_count, "
        "problems, public_note, roster, score, sections, sites, today, undated, updated",
        'mine.md.j2, line 3 ("{{ s.titel }}"): a section has no field "titel" (did you mean '
        '"title"?); its fields are: id, title, items, score',
        'mine.md.j2, line 5 ("{% if today == “2026-11-28” %}today{% endif %}"): the tag '
        "{% if today == “2026-11-28” %} has curly quotes (“ ” ‘ ’), which a word processor puts "
        "in place of straight ones; Jinja reads only straight quotes: \" or '",
    ]


def test_a_field_of_a_plain_value_is_named_in_words(harbor: Checklist, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ score.ready.digits }}\n{{ community.upper.x }}\n")
    problems = _problems(template, harbor, render_markdown)
    assert 'a number has no field "digits"' in problems[0]
    assert all(" int " not in p and "a int" not in p for p in problems)


def test_every_part_of_every_document_has_a_name_in_words() -> None:
    """A template's mistake inside a call, a protocol or a trend point names that part in
    words ("a call of the call-down (calls) has no field ..."), not by its Python class."""
    def parts(value: object) -> list[object]:
        if isinstance(value, (list, tuple)):
            return [p for v in value for p in parts(v)]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return [value, *(p for f in dataclasses.fields(value)
                             for p in parts(getattr(value, f.name)))]
        return []

    found = {type(p).__name__: p for kind in KINDS.values() for sample in kind.samples()
             for p in parts(sample)}
    assert "KitCall" in found and "SignInRow" in found
    assert sorted(set(found) - set(NOUNS)) == []
    said = explain_undefined("calledby", found["KitCall"], None, ())
    assert said.startswith('a call of the call-down (calls) has no field "calledby"')


def test_markdown_syntax_error_has_its_line(harbor: Checklist, tmp_path: Path) -> None:
    template = tmp_path / "broken.md.j2"
    template.write_text("# {{ community }}\n\n{% for s in sections %}\n{{ s.title }\n")
    [problem] = _problems(template, harbor, render_markdown)
    assert problem.startswith('broken.md.j2, line 4 ("{{ s.title }"): the template\'s syntax '
                              "is wrong")


def test_word_template_problems_quote_the_paragraph(harbor: Checklist, tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATES / "checklist.docx"))
    document.add_paragraph("Prepared for {{ comunity }}")
    table = document.add_table(rows=3, cols=1)
    for row, text in zip(table.rows, ["{%tr for g in gaps %}", "{{ g.nede }}",
                                      "{%tr endfor %}"]):
        row.cells[0].text = text
    document.sections[0].footer.add_paragraph("{{ todya }}")
    template = tmp_path / "ours.docx"
    document.save(str(template))
    problems = _problems(template, harbor, render_docx)
    assert len(problems) == 3
    assert problems[0].startswith('ours.docx, body, in the paragraph "Prepared for {{ comunity }}')
    assert 'did you mean "community"' in problems[0]
    assert 'an open gap has no field "nede" (did you mean "need"?)' in problems[1]
    assert problems[2].startswith('ours.docx, page footer, in the paragraph "{{ todya }}"')


def test_word_syntax_error_quotes_the_paragraph(harbor: Checklist, tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATES / "checklist.docx"))
    document.add_paragraph("{%p for s in sections %}")
    document.add_paragraph("{{ s.title }}")
    template = tmp_path / "unclosed.docx"
    document.save(str(template))
    [problem] = _problems(template, harbor, render_docx)
    assert 'in the paragraph "{{ s.title }}"' in problem
    assert "'endfor'" in problem and "must be alone in its paragraph" in problem


def test_word_curly_quotes(harbor: Checklist, tmp_path: Path) -> None:
    """Word's own “ ” inside a tag are read as straight quotes; other typographic quotes are
    reported, with the paragraph."""
    document = docx.Document(str(TEMPLATES / "checklist.docx"))
    document.add_paragraph("{% if community == “Harbor County” %}Our county{% endif %}")
    smart = tmp_path / "smart.docx"
    document.save(str(smart))
    assert "Our county" in [p.text for p in docx.Document(
        io.BytesIO(render_docx(harbor, smart))).paragraphs]
    document.add_paragraph("{% if community == „Harbor County“ %}Unser Landkreis{% endif %}")
    german = tmp_path / "german.docx"
    document.save(str(german))
    problems = _problems(german, harbor, render_docx)
    assert any("has curly quotes" in p and "Unser Landkreis" in p for p in problems)


def test_not_a_word_file(harbor: Checklist, tmp_path: Path) -> None:
    template = tmp_path / "letter.docx"
    template.write_text("not a zip")
    [problem] = _problems(template, harbor, render_docx)
    assert problem == ('letter.docx is not a Word (.docx) file; save it from Word or '
                       'LibreOffice as "Word Document (.docx)"')


# LibreOffice ---------------------------------------------------------------------------------

soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                             reason="LibreOffice (soffice) is not installed")


def _soffice(args: list[str], cwd: Path) -> None:
    profile = (cwd / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=180)


@pytest.mark.slow
@soffice
def test_libreoffice_converts_the_word_output_to_pdf(tmp_path: Path) -> None:
    checklist = build_checklist(check_plan(PLANS["riverside-city"], TODAY))
    (tmp_path / "checklist.docx").write_bytes(render_docx(checklist))
    _soffice(["--convert-to", "pdf", "checklist.docx"], tmp_path)
    pdf = tmp_path / "checklist.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "Key issue" in text and "Current status" in text
        assert checklist.community in text and "Page 1 of" in text
        assert text.count("✖ Gap") == sum(1 for i in checklist.items if i.status == "gap")


@pytest.mark.slow
@soffice
def test_template_saved_by_libreoffice_still_renders(harbor: Checklist, tmp_path: Path) -> None:
    """A coordinator opens the template in LibreOffice and saves it: it must keep working."""
    shutil.copy(TEMPLATES / "checklist.docx", tmp_path / "template.docx")
    (tmp_path / "saved").mkdir()
    _soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", "saved", "template.docx"],
             tmp_path)
    template = tmp_path / "saved" / "template.docx"
    assert check_template(template) == []
    out = docx.Document(io.BytesIO(render_docx(harbor, template)))
    assert _word_statuses(out, harbor) == [(i.glyph, i.label) for i in harbor.items]


def test_markup_characters_in_the_plan_survive_both_formats(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLANS["render-plan"])
    meta = plan / "vaplan.yaml"
    meta.write_text(meta.read_text().replace("community: Harbor County",
                                             'community: "Harbor & Bay <County> \\"Joint\\""'))
    checklist = build_checklist(check_plan(plan, TODAY))
    assert render_markdown(checklist).startswith(
        '# Partnerships & Planning checklist: Harbor & Bay \\<County\\> "Joint"\n')
    document = docx.Document(io.BytesIO(render_docx(checklist)))
    assert document.paragraphs[1].text == 'Harbor & Bay <County> "Joint"'
    assert document.sections[0].header.paragraphs[0].text.startswith('Harbor & Bay <County>')


@pytest.mark.parametrize("source", ["{{ 'x' * 10**10 }}", "{{ [1] * 10000000 }}",
                                    "{{ 2 ** 100000000 }}"])
def test_sandbox_refuses_a_template_that_would_eat_memory(harbor: Checklist, tmp_path: Path,
                                                           source: str) -> None:
    template = tmp_path / "greedy.md.j2"
    template.write_text(source + "\n")
    problems = _problems(template, harbor, render_markdown)
    assert problems and all(p.startswith("greedy.md.j2") for p in problems)
    assert any("too large" in p or "longer than" in p for p in problems)


@pytest.mark.slow
def test_a_template_that_runs_too_long_is_stopped(harbor: Checklist, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import vaplan.render.environment as environment

    monkeypatch.setattr(environment, "TEMPLATE_SECONDS", 0.5)
    template = tmp_path / "endless.md.j2"
    template.write_text("{% for i in range(100000) %}{% for j in range(100000) %}"
                        "{% endfor %}{% endfor %}\n")
    problems = _problems(template, harbor, render_markdown)
    assert problems == ["endless.md.j2: the template ran for more than 0.5 seconds and was "
                        "stopped; look for a loop that never ends or loops nested inside loops"]
