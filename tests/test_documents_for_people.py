"""Every printed document speaks the committee's language: no file positions, member ids, YAML
keys or commands above the closing part for the plan's keeper, and none of that part in a public
copy; statuses look different from each other; plan text never turns into Markdown or HTML."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import PIMA, RIVERSIDE, TODAY, TODAY_ARGS, copy_plan, run
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.checklist.words import CREDIT, KEEPER
from vaplan.render import render_docx

KINDS = ("checklist", "packet", "response", "recovery")
PLANS = {"pima-county": PIMA, "riverside-city": RIVERSIDE}
#: What a page for people must never show: positions, keys in backticks, commands, settings.
TOOL_WORDS = re.compile(r"\.yaml:\d|`|--since|vaplan (check|confirm|tailor|export|render)"
                        r"|checks\.|steering: true|[a-z_]+\.yaml\b")


def _member_ids(plan: Path) -> list[str]:
    data = yaml.safe_load((plan / "committee.yaml").read_text(encoding="utf-8"))
    return [m["id"] for m in data["members"]]


def _body(text: str) -> str:
    """The document above the part for the plan's keeper."""
    return text.split(f"## {KEEPER}")[0]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(PLANS))
def test_the_body_of_every_document_has_no_tool_language(name: str, kind: str) -> None:
    text = run("render", str(PLANS[name]), "--kind", kind, *TODAY_ARGS).stdout
    body = _body(text).replace("\\", "")
    assert not TOOL_WORDS.search(body), TOOL_WORDS.search(body)
    assert not [i for i in _member_ids(PLANS[name]) if f"({i})" in body]
    assert CREDIT in text.replace("\\", "")  # every document credits the OVC toolkit


@pytest.mark.parametrize("kind", KINDS)
def test_the_part_for_the_keeper_holds_the_positions_and_a_public_copy_has_none(kind: str
                                                                                 ) -> None:
    full = run("render", str(RIVERSIDE), "--kind", kind, *TODAY_ARGS).stdout
    public = run("render", str(RIVERSIDE), "--kind", kind, "--public", *TODAY_ARGS).stdout
    assert f"## {KEEPER}" in full and re.search(r"\.yaml:\d+", full)
    assert KEEPER not in public and not re.search(r"\.yaml:\d+", public)
    assert not TOOL_WORDS.search(public.replace("\\", ""))
    assert re.search(r"The plan files have \d+ problems? to fix", public)


def test_the_word_checklist_keeps_ids_and_positions_in_the_closing_part() -> None:
    document = docx.Document(io.BytesIO(render_docx(build_checklist(check_plan(RIVERSIDE,
                                                                               TODAY)))))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [c.text for row in table.rows for c in row.cells]
    keeper = texts.index(KEEPER)
    body = "\n".join(texts[:keeper])
    assert not TOOL_WORDS.search(body) and "riverside-clergy" not in body
    assert any("committee.yaml:" in t for t in texts[keeper:])
    ids = [row.cells[0].text for table in document.tables for row in table.rows[1:]
           if table.rows[0].cells[0].text == "Id"]
    assert "call-tree" in ids  # the id `vaplan confirm` takes, beside the open item


def test_word_statuses_are_shaded_and_gaps_are_bold() -> None:
    checklist = build_checklist(check_plan(RIVERSIDE, TODAY))
    document = docx.Document(io.BytesIO(render_docx(checklist)))
    by_text = {i.text: i for i in checklist.items}
    seen = set()
    for table in document.tables:
        for row in table.rows[1:]:
            item = by_text.get(row.cells[0].text)
            if item is None:
                continue
            cell = row.cells[2]
            fill = cell._tc.tcPr.find(docx.oxml.ns.qn("w:shd")).get(docx.oxml.ns.qn("w:fill"))
            assert fill == item.fill
            first = cell.paragraphs[0]
            bold = [r.text for r in first.runs if r.bold]
            assert (bold == [f"{item.glyph} {item.label}"]) == item.strong
            assert all(p.style.font.size.pt >= 9 for p in cell.paragraphs[1:])
            seen.add(item.status)
    assert {"met", "gap", "partial", "to_confirm"} <= seen
    assert len({(i.glyph, i.fill) for i in checklist.items
                if i.status in ("met", "gap", "partial", "to_confirm")}) == 4


@pytest.mark.parametrize("name", sorted(PLANS))
def test_every_rule_tells_its_finding_with_names_not_ids(name: str) -> None:
    """Each rule gives its finding in the committee's words beside its message: no member id
    in parentheses, no YAML key, no file name."""
    result = check_plan(PLANS[name], TODAY)
    ids = _member_ids(PLANS[name])
    told = [f for f in result.findings if f.people is not None]
    assert len(told) == len([f for f in result.findings if not f.code.startswith("VP00")
                             or f.code in ("VP005", "VP006", "VP009", "VP010")])
    assert all(f.people != f.message for f in told if "`" in f.message)
    for finding in told:
        assert not TOOL_WORDS.search(finding.people or ""), (finding.code, finding.people)
        assert not [i for i in ids if f"({i})" in (finding.people or "")], finding.people


HOSTILE = "# Oak <script>alert(1)</script> *Bold* _x_ | [x](y)"


@pytest.mark.parametrize("kind", KINDS)
def test_plan_text_never_becomes_markup(tmp_path: Path, kind: str) -> None:
    plan = copy_plan(tmp_path)
    committee = plan / "committee.yaml"
    committee.write_text(committee.read_text(encoding="utf-8").replace(
        "organization: Tucson Police Department", f"organization: '{HOSTILE}'"),
        encoding="utf-8")
    (plan / "checklist.yaml").write_text(
        f"items:\n  review-existing-plans:\n    status: done\n    date: 2026-10-01\n"
        f"    note: '{HOSTILE}'\n", encoding="utf-8")
    text = run("render", str(plan), "--kind", kind, *TODAY_ARGS).stdout
    assert "<script>" not in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and 'href="y"' not in html
    assert "<em>Bold</em>" not in html and "<em>x</em>" not in html
    if kind != "packet":  # the packet names neither this member nor the note
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as written


def test_one_phone_format_in_every_document() -> None:
    checklist = run("render", str(PIMA), *TODAY_ARGS).stdout
    kit = run("render", str(PIMA), "--kind", "response", *TODAY_ARGS).stdout
    sheet = run("export", "roster", str(PIMA), "-f", "md", *TODAY_ARGS).stdout
    for text in (checklist, kit, sheet):
        assert "(520) 555-0104" in text and "520-555-0104" not in text


#: British spellings a U.S. reader would stumble on, as they were found in the catalogues.
BRITISH = re.compile(r"counsell|wellbeing|organis|behaviour|colour|centre\b|programme|"
                     r"licence|defence|customis|recognis|prioritis|misspelt|judgement", re.I)


def test_catalogues_templates_and_readme_are_in_american_english() -> None:
    root = PIMA.parent.parent
    files = [root / "README.md", *(root / "src" / "vaplan" / "data").glob("*.yaml"),
             *(root / "src" / "vaplan" / "data" / "starter").glob("*.yaml"),
             *(root / "templates").glob("*.j2")]
    found = {f.name: BRITISH.findall(f.read_text(encoding="utf-8")) for f in files}
    assert not {name: words for name, words in found.items() if words}


@pytest.mark.parametrize("args", [["render", "--kind", "checklist"], ["render", "--kind", "packet"],
                                  ["render", "--kind", "response"], ["export", "roster"]])
def test_every_word_document_has_one_look_and_says_what_made_it(tmp_path: Path,
                                                                args: list[str]) -> None:
    out = tmp_path / "doc.docx"
    command, *rest = args
    result = run(*([command, "roster", str(PIMA), "-f", "docx"] if command == "export" else
                   [command, str(PIMA), *rest]), "-o", str(out), *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    props = document.core_properties
    assert props.author == "vaplan" and "python-docx" not in (props.comments or "")
    assert props.created is not None and props.created.date() == TODAY
    assert document.styles["Normal"].font.name == "Calibri"  # one sans font
    footer = document.sections[0].footer.paragraphs[0]
    assert "NCJ 248647" in footer.text and "NUMPAGES" in footer._p.xml
    assert document.sections[0].header.paragraphs[0].text.startswith(
        ("Committee only · Pima County", "Pima County"))
    with zipfile.ZipFile(out) as archive:
        assert b"<Application>vaplan</Application>" in archive.read("docProps/app.xml")


def test_next_steps_are_actions_with_an_owner_and_a_date_from_the_plan() -> None:
    actions = build_checklist(check_plan(RIVERSIDE, TODAY)).actions
    texts = [a.text for a in actions]
    # the agreement's party renews it by the day it expires
    assert ("Riverside County Behavioral Health with 2 other partners: renew the MOU “Crisis "
            "Counseling Mutual Support MOU” by 2027-01-15") in texts
    # a gap with no owner falls to the steering committee; one with an owner, to its owner
    assert any(t.startswith("Steering committee: name an owner for the gap “On-call")
               for t in texts)
    assert any(t.startswith("Riverside Fire Department, Office of Emergency Management: bring "
                            "the gap") for t in texts)
    # a protocol's lead writes it down
    assert ("Riverside County Sheriff-Coroner, Coroner's Bureau: write down the Victim "
            "identification protocol by the next committee meeting") in texts
    assert len(texts) == len(set(texts))  # one action per thing to do
    items = {i.text for i in build_checklist(check_plan(RIVERSIDE, TODAY)).items}
    assert not any(a.action.rstrip(".") in items for a in actions)  # not the item repeated
