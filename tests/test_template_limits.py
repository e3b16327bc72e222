"""What a hostile or careless template cannot do: build a text, list or number past the caps,
write a document past the output cap, outlast its memory and CPU limits in a C call, or get a
Word template with a zip bomb, an entity, an outside link or a duplicated part opened; and plan
text with control characters still makes a Word document."""

from __future__ import annotations

import contextlib
import io
import struct
import zipfile
from pathlib import Path
from typing import Callable, Iterator

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vaplan.render.bounds as bounds
import vaplan.render.environment as environment
import vaplan.render.isolate as isolate
import vaplan.render.markdown as markdown
from conftest import ROOT, TODAY, copy_plan, run
from vaplan.check.checker import check_plan
from vaplan.checklist.build import Checklist, build_checklist
from vaplan.render import TemplateProblem, check_template, render_docx, render_markdown
from vaplan.render.environment import make_environment

PLAN = Path(__file__).parent / "data" / "render-plan"
WORD = (ROOT / "templates" / "checklist.docx").read_bytes()
#: for the property test (hypothesis does not mix with function-scoped fixtures)
HARBOR = build_checklist(check_plan(PLAN, TODAY))


@pytest.fixture(scope="module")
def harbor() -> Checklist:
    return build_checklist(check_plan(PLAN, TODAY))


def _refused(view: Checklist, template: Path, render: Callable[..., object]) -> list[str]:
    with pytest.raises(TemplateProblem) as caught:
        render(view, template)
    return caught.value.problems


# Texts, lists and numbers -------------------------------------------------------------------

ATTACKS = [
    "{{ 'x'.ljust(10**10) }}", "{{ 'x'.rjust(10**10) }}", "{{ 'x'.center(10**10) }}",
    "{{ 'x'.zfill(10**10) }}", "{{ '{:>1000000000}'.format(1) }}",
    "{{ '{:.1000000000f}'.format(1.5) }}", "{{ '{a:>1000000000}'.format_map({'a': 1}) }}",
    "{{ ('{0}' * 50000).format('y' * 100000) }}", "{{ '%1000000000d' % 1 }}",
    "{{ '%*d' % (1000000000, 1) }}", "{{ ('%s' * 50000) % (('y' * 100000,) * 50000) }}",
    "{{ ('x' * 100000).replace('x', 'y' * 100000) }}",
    "{{ ('y' * 100000).join(['a'] * 100000) }}", "{{ ('\t' * 100000).expandtabs(100000) }}",
    "{{ 'x' | center(10**10) }}", "{{ ('a\n' * 50000) | indent(100000) }}",
    "{{ '%1000000000s' | format('x') }}", "{{ (['y' * 100000] * 1000) | join }}",
    "{{ ('x' * 100000) | wordwrap(1, wrapstring='y' * 100000) }}",
    "{{ (['y' * 100000] * 100) | map('upper') | join }}",
    "{{ [1] | batch(10**10, 'x') | list }}", "{{ (1).to_bytes(10**10, 'big') }}",
    "{{ lipsum(10**6) }}", "{{ ((10 ** 64) ** 64) ** 64 }}",
    "{% set ns = namespace(s='x' * 1000) %}{% for i in range(30) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "{% set ns = namespace(n=10 ** 60) %}{% for i in range(30) %}"
    "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 1 }}",
    "{{ ['y' * 100000, 'y' * 100000] * 50 }}",
    "{% set ns = namespace(l=['y' * 1000]) %}{% for i in range(30) %}"
    "{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l | length }}",
]


@pytest.mark.parametrize("source", ATTACKS)
def test_a_template_cannot_build_a_huge_text_list_or_number(harbor: Checklist, tmp_path: Path,
                                                           source: str) -> None:
    """Each would take gigabytes (or hours) inside one call; each is refused in plain words
    before it runs, naming the template and its line."""
    template = tmp_path / "greedy.md.j2"
    template.write_text(source + "\n")
    problems = _refused(harbor, template, render_markdown)
    assert len(problems) == 1 and problems[0].startswith("greedy.md.j2")
    assert ("more than" in problems[0] or "too large" in problems[0])
    assert "Error" not in problems[0] and len(problems[0]) < 300


def test_lists_and_dicts_cannot_be_changed_in_place(harbor: Checklist, tmp_path: Path) -> None:
    """`l.extend(l)` in a loop doubles a list each step; the sandbox keeps lists unchanged."""
    template = tmp_path / "grow.md.j2"
    template.write_text("{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}\n")
    problems = _refused(harbor, template, render_markdown)
    assert "a part of Python that templates may not use" in problems[0]


def test_output_stops_at_the_cap(harbor: Checklist, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_OUTPUT", 50_000)
    template = tmp_path / "chatty.md.j2"
    template.write_text("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n")
    problems = _refused(harbor, template, render_markdown)
    assert problems == ["chatty.md.j2: the template writes more than 50,000 characters, more "
                        "than any document needs; look for a loop that writes the same text "
                        "over and over"]


def test_ordinary_formatting_still_works(harbor: Checklist, tmp_path: Path) -> None:
    template = tmp_path / "fine.md.j2"
    template.write_text("{{ '{:>8}|{:.2f}'.format(community[:4], 3.14159) }} "
                        "{{ '%-6s|%03d' % ('ab', 7) }} {{ 'a b'.center(9, '*') }} "
                        "{{ ['x', 'y'] | join(', ') }} {{ (sections | length) * 2 }}\n")
    text = render_markdown(harbor, template)
    assert text == f"{harbor.community[:4]:>8}|3.14 ab    |007 ***a b*** x, y " \
                   f"{len(harbor.sections) * 2}\n"


# The child process ----------------------------------------------------------------------------

@pytest.fixture
def no_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A C call the timer cannot interrupt, played by a template with the timer taken away."""
    monkeypatch.setattr(markdown, "time_limit", contextlib.nullcontext)
    monkeypatch.setattr(environment, "TEMPLATE_SECONDS", 0.5)


ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"


@pytest.mark.slow
def test_a_child_past_its_wall_time_is_killed(harbor: Checklist, tmp_path: Path, no_timer: None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolate, "LIMITS", isolate.Limits(cpu_grace_seconds=600,
                                                          wall_grace_seconds=0.5))
    template = tmp_path / "endless.md.j2"
    template.write_text(ENDLESS)
    assert _refused(harbor, template, render_markdown) == [
        "endless.md.j2: the template ran for more than 1 seconds and was stopped; look for a "
        "loop that never ends or loops nested inside loops"]


@pytest.mark.slow
def test_a_child_past_its_cpu_time_is_stopped_with_exit_code_2(
        tmp_path: Path, no_timer: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolate, "LIMITS", isolate.Limits(cpu_grace_seconds=1,
                                                          wall_grace_seconds=60))
    template = tmp_path / "endless.md.j2"
    template.write_text(ENDLESS)
    result = run("render", PLAN, "--today", TODAY, "--template", template)
    assert result.exit_code == 2
    assert "endless.md.j2: the template used more than its share of the computer" in \
        result.output
    assert "Traceback" not in result.output


def test_a_child_out_of_memory_says_so(harbor: Checklist, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With the sandbox's caps taken away, the kernel's limit still holds."""
    monkeypatch.setattr(bounds, "MAX_TEXT", 10 ** 12)
    monkeypatch.setattr(isolate, "LIMITS", isolate.Limits(memory_bytes=200 << 20))
    template = tmp_path / "hungry.md.j2"
    template.write_text("{{ 'x'.ljust(4 * 10**9) }}\n")
    assert _refused(harbor, template, render_markdown) == [
        "hungry.md.j2: the template needs more than the 200 MB of memory a template may use "
        "and was stopped; look for a text or list it makes very large"]
    assert check_template(template) == [
        "hungry.md.j2, line 1 (\"{{ 'x'.ljust(4 * 10**9) }}\"): the template needs more "
        "memory than a template may use; look for a text or list it makes very large"]


# Word templates -------------------------------------------------------------------------------

def _variant(change: Callable[[zipfile.ZipFile, str, bytes], None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(WORD)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            change(dst, name, src.read(name))
    return out.getvalue()


def _zeros(dst: zipfile.ZipFile, name: str, data: bytes) -> None:
    dst.writestr(name, data)
    if name == "word/document.xml":
        with dst.open("word/media/zeros.bin", "w", force_zip64=True) as part:
            for _ in range(60):  # 60 MB of zeros in 60 kB (1 GiB is refused just as fast)
                part.write(bytes(1 << 20))


def _doctype(dst: zipfile.ZipFile, name: str, data: bytes) -> None:
    if name == "word/document.xml":
        data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
                            1)
    dst.writestr(name, data)


def _utf16_doctype(dst: zipfile.ZipFile, name: str, data: bytes) -> None:
    if name == "word/styles.xml":
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        data = text.replace("?>", '?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1).encode("utf-16")
    dst.writestr(name, data)


def _external(dst: zipfile.ZipFile, name: str, data: bytes) -> None:
    if name == "word/_rels/document.xml.rels":
        data = data.replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/attachedTemplate" Target="http://example.invalid/t.dotm" '
            b'TargetMode="External"/></Relationships>'))
    dst.writestr(name, data)


def _duplicate(dst: zipfile.ZipFile, name: str, data: bytes) -> None:
    dst.writestr(name, data)
    if name == "word/document.xml":
        with pytest.warns(UserWarning):
            dst.writestr(name, data.replace(b"Partnerships", b"Something else"))


WORD_ATTACKS = {
    "zeros": (_zeros, "unpacks to more than 50 MB (about 64 MB)"),
    "doctype": (_doctype, "has a DOCTYPE or ENTITY declaration in word/document.xml"),
    "utf16": (_utf16_doctype, "has a DOCTYPE or ENTITY declaration in word/styles.xml"),
    "external": (_external, "links to an outside file or address in "
                            "word/_rels/document.xml.rels"),
    "duplicate": (_duplicate, "holds two parts named word/document.xml"),
}


@pytest.mark.parametrize("attack", sorted(WORD_ATTACKS))
def test_a_dangerous_word_template_is_refused_before_it_is_opened(
        harbor: Checklist, tmp_path: Path, attack: str) -> None:
    change, words = WORD_ATTACKS[attack]
    template = tmp_path / f"{attack}.docx"
    template.write_bytes(_variant(change))
    problems = _refused(harbor, template, render_docx)
    assert len(problems) == 1 and problems[0].startswith(f"{attack}.docx ")
    assert words in problems[0]
    assert check_template(template) == problems
    result = run("template", "check", template)
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    result = run("render", PLAN, "--today", TODAY, "--template", template, "-o",
                 tmp_path / "out.docx")
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_a_part_whose_header_lies_about_its_size_is_refused(harbor: Checklist,
                                                            tmp_path: Path) -> None:
    """The zip says a part is 1 kB; it inflates to 60 MB. Reading stops at what it declared."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(WORD)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("word/media/liar.bin", bytes(60_000_000))
    data = bytearray(out.getvalue())
    central = data.rindex(b"PK\x01\x02", 0, data.index(b"liar.bin", data.index(b"PK\x01\x02")))
    offset = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size, central directory
    struct.pack_into("<I", data, offset + 22, 1000)  # and local header
    template = tmp_path / "liar.docx"
    template.write_bytes(bytes(data))
    problems = _refused(harbor, template, render_docx)
    assert len(problems) == 1 and problems[0].startswith("liar.docx is damaged")


def test_a_hyperlink_in_a_word_template_is_fine(harbor: Checklist, tmp_path: Path) -> None:
    def link(dst: zipfile.ZipFile, name: str, data: bytes) -> None:
        if name == "word/_rels/document.xml.rels":
            data = data.replace(b"</Relationships>", (
                b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/hyperlink" Target="https://example.org/" '
                b'TargetMode="External"/></Relationships>'))
        dst.writestr(name, data)

    template = tmp_path / "linked.docx"
    template.write_bytes(_variant(link))
    assert check_template(template) == []
    assert render_docx(harbor, template).startswith(b"PK")


def test_control_characters_in_the_plan_do_not_break_the_word_document(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    meta = plan / "vaplan.yaml"
    meta.write_text(meta.read_text().replace(
        "community: Harbor County", 'community: "Harbor\\x01 \\x1b[31mBay\\x0c County\\x7f"'))
    checklist = build_checklist(check_plan(plan, TODAY))
    assert "\x01" in checklist.community
    document = docx.Document(io.BytesIO(render_docx(checklist)))
    assert document.paragraphs[1].text == "Harbor [31mBay County\x7f"
    result = run("render", plan, "--today", TODAY, "-o", tmp_path / "out.docx")
    assert result.exit_code == 0, result.output


# Properties -----------------------------------------------------------------------------------

SIZES = st.sampled_from([-1, 0, 1, 3, 80, 1000, 10 ** 5, 10 ** 6, 10 ** 7, 10 ** 9, 10 ** 12])
TEXTS = st.sampled_from(["'x'", "'a\tb\n'", "community", "'{}'", "'%s'", "('ab' * 5000)"])
STEPS = [
    lambda n: f".ljust({n})", lambda n: f".center({n})", lambda n: f".rjust({n})",
    lambda n: f".zfill({n})", lambda n: f".expandtabs({n})", lambda n: f".replace('a', 'y' * {n})",
    lambda n: f" | center({n})", lambda n: f" | indent({n})", lambda n: f" | wordwrap({n})",
    lambda n: f" | truncate({n})", lambda n: f" | format({n})", lambda n: f" * {n}",
    lambda n: f" ~ ('z' * {n})", lambda n: f".format({n})", lambda n: f" % ({n},)",
    lambda n: f".join(range({n}) | map('string'))", lambda n: f" | batch({n}, 'q') | list",
    lambda n: f".format_map({{'a': {n}}})", lambda n: f" | replace('x', 'x' * {n})",
]


@st.composite
def expressions(draw: st.DrawFn) -> str:
    expression = draw(TEXTS)
    for _ in range(draw(st.integers(1, 3))):
        expression = f"({expression}{draw(st.sampled_from(STEPS))(draw(SIZES))})"
    return expression


@st.composite
def templates(draw: st.DrawFn) -> str:
    expression = draw(expressions())
    if draw(st.booleans()):
        return "{{ %s }}\n" % expression
    loops = draw(st.integers(1, 40))
    return ("{% set ns = namespace(v=" + draw(TEXTS) + ") %}{% for i in range(" + str(loops)
            + ") %}{% set ns.v = " + expression.replace(draw(TEXTS), "ns.v", 1)
            + " %}{% endfor %}{{ ns.v | string | length }}\n")


@contextlib.contextmanager
def small_caps() -> Iterator[None]:
    """Caps a tenth of the real ones and a 2-second timer, so that a hundred generated templates
    run in seconds (hypothesis does not mix with function-scoped fixtures like monkeypatch)."""
    saved = bounds.MAX_TEXT, bounds.MAX_OUTPUT, environment.TEMPLATE_SECONDS
    bounds.MAX_TEXT, bounds.MAX_OUTPUT, environment.TEMPLATE_SECONDS = 100_000, 2_000_000, 2.0
    try:
        yield
    finally:
        bounds.MAX_TEXT, bounds.MAX_OUTPUT, environment.TEMPLATE_SECONDS = saved


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=templates())
def test_any_template_renders_within_the_caps_or_is_a_template_problem(source: str) -> None:
    """Rendered in this process (no child, no kernel limit): the sandbox alone keeps every
    generated template within its caps, and every failure is a TemplateProblem."""
    try:
        with small_caps():
            text = markdown._render(HARBOR, "generated.md.j2", source)
    except TemplateProblem as problem:
        assert problem.problems
        assert all(p.startswith("generated.md.j2") for p in problem.problems)
        assert not any("MemoryError" in p for p in problem.problems)
    else:
        assert len(text) <= 2_000_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=templates())
def test_word_escaping_keeps_the_same_caps(source: str) -> None:
    """The same templates in the environment Word documents use (autoescape: texts are Markup,
    formatted and joined by their own methods): nothing past the caps, never out of memory."""
    env = make_environment(["community"], autoescape=True)
    try:
        with small_caps(), environment.time_limit():
            text = env.from_string(source).render(community=HARBOR.community)
    except MemoryError:  # pragma: no cover  (what the caps exist to prevent)
        pytest.fail(f"{source} ran out of memory")
    except Exception:  # noqa: BLE001  (a wrong argument may fail; the size is what matters)
        return
    assert len(text) <= 2_000_000


@pytest.mark.parametrize("source", ["{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
                                    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"])
def test_a_template_too_deep_is_explained(harbor: Checklist, tmp_path: Path, source: str) -> None:
    template = tmp_path / "deep.md.j2"
    template.write_text(source + "\n")
    problems = _refused(harbor, template, render_markdown)
    assert len(problems) == 1 and problems[0].startswith("deep.md.j2")
    assert problems[0].endswith(
        "the template goes too deep: a macro calls itself without end, or brackets or tags sit "
        "inside one another thousands deep")
