"""The meeting packet: build_packet's content, golden Markdown, Word read back, one or two
printed pages through LibreOffice, packet templates, and `vaplan render --kind packet`.

UPDATE_GOLDEN=1 python -m pytest tests/test_packet.py rewrites tests/golden/*-packet.md.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import ROOT, TODAY, assert_golden, copy_plan, counts_pages, run
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.checklist.changes import changes_since
from vaplan.checklist.packet import Packet, build_packet
from vaplan.render import TemplateProblem, check_template, render_docx, render_markdown

GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = ROOT / "templates"
EXAMPLES = {name: ROOT / "examples" / name for name in ("pima-county", "riverside-city")}
SINCE = "2026-01-01"
AGENDA = ["Welcome and introductions", "Changes since the last meeting", "Readiness by section",
          "Open resource gaps", "Agreements", "Reviews due", "Exercises and the improvement plan",
          "Roundtable", "Next meeting"]


def packet_of(plan: Path, since: str | None = SINCE, public: bool = False) -> Packet:
    result = check_plan(plan, TODAY)
    checklist = build_checklist(result, public=public)
    changes = changes_since(result, since, {i.id: i.text for i in checklist.items}) if since \
        else None
    return build_packet(result, checklist, changes, public=public)


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def example(request: pytest.FixtureRequest) -> tuple[str, Packet]:
    return request.param, packet_of(EXAMPLES[request.param])


# content -------------------------------------------------------------------------------------

def test_the_agenda_is_the_toolkit_meeting_in_order(example: tuple[str, Packet]) -> None:
    _, packet = example
    assert [a.title for a in packet.agenda] == AGENDA
    assert [a.number for a in packet.agenda] == list(range(1, 10))


def test_riverside_packet_content() -> None:
    packet = packet_of(EXAMPLES["riverside-city"])
    [review] = packet.reviews
    assert (review.last, review.due, review.state, review.overdue) == (
        "2025-06-30", "2026-06-30", "overdue", True)
    assert review.when == "overdue by 151 days"
    assert [(g.id, g.days, g.age) for g in packet.gaps] == [
        ("vietnamese-interpreters", 380, "380 days"), ("reunification-site", None, ""),
        ("advocate-surge", 289, "289 days")]
    assert [(a.id, a.state) for a in packet.agreements] == [
        ("family-assistance-center-moa", "expired"), ("crisis-counseling-mou", "expiring")]
    notes = {a.title: a.note for a in packet.agenda}
    assert notes["Agreements"] == "1 expired, 1 expiring within 90 days"
    assert notes["Reviews due"] == "committee membership review overdue by 151 days"
    assert notes["Readiness by section"].startswith(f"{packet.score.percent}% ready; ")
    # a gap opened, the FAC MOA expired and a tabletop held since (issue 23)
    assert notes["Changes since the last meeting"] == "3 changes since 2026-01-01"
    assert [c.detail for c in packet.changes.agreements_expired] == ["expired 2026-06-30"]
    assert [c.id for c in packet.changes.exercises_held] == ["fac-tabletop-2026"]
    assert packet.changes.gaps_opened[0].detail == "raised 2026-02-12"


def test_pima_review_is_not_due_and_new_gaps_show() -> None:
    packet = packet_of(EXAMPLES["pima-county"])
    [review] = packet.reviews
    assert (review.due, review.state, review.when) == ("2027-10-14", "not due", "due in 320 days")
    assert [c.id for c in packet.changes.gaps_opened] == [
        "fac-site-backup", "long-term-counseling-funds", "tohono-oodham-interpreters"]


def test_without_since_the_packet_says_it_did_not_compare() -> None:
    packet = packet_of(EXAMPLES["pima-county"], since=None)
    assert packet.changes is None
    text = render_markdown(packet)
    assert "Not compared." in text and "--since" in text


def test_new_members_are_welcomed_by_name(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, EXAMPLES["pima-county"])
    committee = plan / "committee.yaml"
    committee.write_text(committee.read_text().replace("joined: 2023-04-18",
                                                       "joined: 2026-11-02"))
    [welcome] = [a for a in packet_of(plan).agenda if a.number == 1]
    assert welcome.note.startswith("welcome our new member ")


# Markdown ------------------------------------------------------------------------------------

def test_markdown_packet_matches_golden(example: tuple[str, Packet]) -> None:
    name, packet = example
    text = render_markdown(packet)
    assert_golden(text, f"{name}-packet.md", "tests/test_packet.py")


def test_markdown_packet_is_short_and_in_agenda_order(example: tuple[str, Packet]) -> None:
    _, packet = example
    text = render_markdown(packet)
    headings = re.findall(r"^## (.*)$", text, re.MULTILINE)
    assert headings == ["Agenda", "What changed since the last meeting", "Open items",
                        "Readiness by section", "Open resource gaps",
                        "Agreements expired or expiring", "Reviews due",
                        "Exercises and the improvement plan", "For the plan's keeper"]
    # a packet read in one sitting; the exercises part (issue 12) added about 20 lines, the
    # open items (issue 23, at most OPEN_ITEMS_SHOWN of them) and the next meeting about 20
    assert len(text.splitlines()) < 135


# Word ----------------------------------------------------------------------------------------

def _word(packet: Packet) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(packet)))


def _tables_after_headings(document: docx.document.Document) -> dict[str, object]:
    tables, heading = {}, None
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            if paragraph.style.name == "Heading 1":
                heading = paragraph.text
        elif tag == "tbl" and heading is not None:
            tables[heading] = docx.table.Table(block, document)
            heading = None
    return tables


def test_word_packet_reads_back(example: tuple[str, Packet]) -> None:
    _, packet = example
    document = _word(packet)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["Planning committee meeting packet", packet.community]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Agenda", "What changed since the last meeting", "Open items",
                        "Readiness by section", "Open resource gaps",
                        "Agreements expired or expiring", "Reviews due",
                        "Exercises and the improvement plan", "For the plan's keeper"]
    for entry in packet.agenda:
        assert f"{entry.number}.\t{entry.title}: {entry.note}" in paragraphs
    assert not any("{{" in p or "{%" in p for p in paragraphs)
    tables = _tables_after_headings(document)
    readiness = tables["Readiness by section"]
    assert [c.text for c in readiness.rows[0].cells] == ["Section", "Ready", "Still open",
                                                         "Readiness"]
    assert [[c.text for c in row.cells] for row in readiness.rows[1:]] == [
        [s.title, f"{s.score.ready} of {s.score.applicable}",
         str(s.score.applicable - s.score.ready),
         "–" if s.score.percent is None else f"{s.score.percent}%"] for s in packet.sections]
    gaps = tables["Open resource gaps"]
    assert [[c.text for c in row.cells] for row in gaps.rows[1:]] == [
        [g.need, g.owner, g.status, g.raised, g.age or "–"] for g in packet.gaps]
    if packet.agreements:
        rows = tables["Agreements expired or expiring"].rows[1:]
        assert [row.cells[3].text for row in rows] == [
            f"{'✖' if a.state == 'expired' else '◐'} {a.when}" for a in packet.agreements]
    for review in packet.reviews:
        assert (f"{review.what}: last {review.last}, due {review.due}: {review.when}"
                in paragraphs)
    for change in packet.changes.gaps_opened:
        assert f"{change.text}: {change.detail}" in paragraphs
    section = document.sections[0]
    assert section.header.paragraphs[0].text == (
        f"{packet.community} · Planning committee meeting packet · {packet.today}")
    assert "NUMPAGES" in section.footer._element.xml


def test_word_packet_is_byte_identical_for_the_same_plan_and_day() -> None:
    packet = packet_of(EXAMPLES["riverside-city"])
    assert render_docx(packet) == render_docx(packet_of(EXAMPLES["riverside-city"]))


def test_bundled_packet_templates_pass_their_own_check() -> None:
    assert check_template(TEMPLATES / "packet.md.j2", "packet") == []
    assert check_template(TEMPLATES / "packet.docx", "packet") == []


# LibreOffice ---------------------------------------------------------------------------------

soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                             reason="LibreOffice (soffice) is not installed")


def _pages(pdf: Path) -> int:
    """Pages of a PDF: pdfinfo when poppler is installed, else the PDF's own page objects."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@counts_pages
def test_word_packet_prints_on_two_pages_three_with_the_keepers_part(tmp_path: Path) -> None:
    names = []
    for name, plan in EXAMPLES.items():
        for public in (False, True):
            file = f"{name}{'-public' if public else ''}.docx"
            (tmp_path / file).write_bytes(render_docx(packet_of(plan, public=public)))
            names.append(file)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", *names], cwd=tmp_path, check=True,
                   capture_output=True, timeout=240)
    pages = {name: _pages(tmp_path / name.replace(".docx", ".pdf")) for name in names}
    # a public copy (the committee's part alone) prints on one or two pages; with the open items
    # and the meetings (issue 23) a full packet, with the part for the plan's keeper, on three
    assert all(1 <= n <= 2 for name, n in pages.items() if "public" in name), pages
    assert all(1 <= n <= 3 for n in pages.values()), pages


# templates -----------------------------------------------------------------------------------

def test_custom_packet_template(tmp_path: Path) -> None:
    template = tmp_path / "agenda.md.j2"
    template.write_text("# {{ community }}\n{% for entry in agenda %}\n"
                        "{{ entry.number }}. {{ entry.title }}\n{% endfor %}\n")
    assert check_template(template, "packet") == []
    text = render_markdown(packet_of(EXAMPLES["pima-county"]), template)
    assert text.startswith("# Pima County, Arizona\n1. Welcome and introductions\n")


def test_packet_template_problems_name_the_packet(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ agnda }}\n{% for g in gaps %}{{ g.ages }}{% endfor %}\n"
                        "{{ changes.confirmed }}\n")
    problems = check_template(template, "packet")
    assert problems[0].startswith('mine.md.j2, line 1 ("{{ agnda }}"): "agnda" is not a variable '
                                  'of the packet (did you mean "agenda"?)')
    assert 'an open gap has no field "ages" (did you mean "age"?' in problems[1]
    assert "changes" in problems[2] and "confirmed" in problems[2]  # None without --since
    with pytest.raises(TemplateProblem):
        render_markdown(packet_of(EXAMPLES["pima-county"], since=None), template)


def test_sandbox_holds_for_packet_templates(tmp_path: Path) -> None:
    template = tmp_path / "evil.md.j2"
    template.write_text("{{ agenda.__class__.__mro__ }}\n")
    with pytest.raises(TemplateProblem) as caught:
        render_markdown(packet_of(EXAMPLES["pima-county"]), template)
    assert any("may not use; use only the packet's fields" in p for p in caught.value.problems)


# the command line ----------------------------------------------------------------------------

def test_render_packet_to_stdout() -> None:
    result = run("render", EXAMPLES["pima-county"], "--kind", "packet", "--since", SINCE,
                 "--today", "2026-11-28")
    assert result.exit_code == 0, result.output
    assert result.stdout == render_markdown(packet_of(EXAMPLES["pima-county"]))


def test_render_packet_to_word(tmp_path: Path) -> None:
    out = tmp_path / "packet.docx"
    result = run("render", EXAMPLES["riverside-city"], "-k", "packet", "-o", out,
                 "--today", "2026-11-28")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).paragraphs[0].text == "Planning committee meeting packet"


@pytest.mark.parametrize(("args", "words"), [
    (["--since", "2026-01-01"], "--since is for the meeting packet; add --kind packet"),
    (["-k", "packet", "--since", "2026-13-01"], "there is no month 13"),
    (["-k", "packet", "--template", TEMPLATES / "packet.docx"], "write Word with -o packet.docx"),
])
def test_render_packet_usage_errors(args: list, words: str) -> None:
    result = run("render", EXAMPLES["pima-county"], *args, "--today", "2026-11-28")
    assert result.exit_code == 2
    assert words in result.stderr


def test_since_a_bad_revision_or_outside_git_is_exit_2(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plan = copy_plan(tmp_path, EXAMPLES["pima-county"])
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("render", plan, "-k", "packet", "--since", "last-meeting", "--today",
                 "2026-11-28")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr and result.stdout == ""


def test_a_checklist_template_for_the_packet_is_exit_2_with_the_right_hint(
        tmp_path: Path) -> None:
    result = run("render", EXAMPLES["pima-county"], "-k", "packet", "--template",
                 TEMPLATES / "checklist.md.j2", "--today", "2026-11-28")
    assert result.exit_code == 2
    assert '"roster" is not a variable of the packet' in result.stderr
    assert "`vaplan template check --kind packet FILE`" in result.stderr


def test_template_check_kind() -> None:
    for bundled in ("packet.md.j2", "packet.docx"):
        result = run("template", "check", "--kind", "packet", TEMPLATES / bundled)
        assert result.exit_code == 0, result.output
        assert "vaplan render --kind packet --template" in result.stdout
    result = run("template", "check", TEMPLATES / "packet.md.j2")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "packet.md.j2 has no problems as a packet template; check it with --kind packet")
    result = run("template", "check", "--kind", "packet", TEMPLATES / "checklist.docx")
    assert result.exit_code == 1
    assert "check it with --kind checklist" in result.stdout


def test_every_open_item_in_the_packet_has_a_by_date_or_says_next_meeting() -> None:
    """An open item without its own date is done by the next meeting: the packet says so
    instead of leaving the column blank (a step without a date has an empty `due`)."""
    from conftest import PIMA, TODAY
    from vaplan.check.checker import check_plan
    from vaplan.checklist.build import build_checklist
    from vaplan.checklist.packet import build_packet

    result = check_plan(PIMA, TODAY)
    packet = build_packet(result, build_checklist(result))
    assert packet.open_items and all(item.due for item in packet.open_items)


def test_an_open_item_names_its_owner_as_the_checklist_does() -> None:
    """Riverside's packet gave five open items to "steering committee", lower case at the head
    of the Who column, where its checklist writes "Steering committee"."""
    out = run("render", EXAMPLES["riverside-city"], "--kind", "packet", "--today",
              TODAY.isoformat()).stdout
    checklist = run("render", EXAMPLES["riverside-city"], "--today", TODAY.isoformat()).stdout
    assert "| Steering committee | make the steering committee smaller |" in out
    assert "Steering committee: make the steering committee smaller" in checklist
    assert "| steering committee |" not in out


def test_the_agenda_says_none_in_words_not_a_zero() -> None:
    """Orlando's agenda read "0 exercises held; 0 corrective actions open; 0 completed"."""
    out = run("render", ROOT / "examples" / "orlando-florida", "--kind", "packet", "--today",
              TODAY.isoformat()).stdout
    assert ("7. **Exercises and the improvement plan**: no exercise held; no corrective action "
            "open; none completed") in out
    riverside = run("render", EXAMPLES["riverside-city"], "--kind", "packet", "--today",
                    TODAY.isoformat()).stdout
    assert "2 corrective actions open, 1 overdue; none completed" in riverside


def test_a_review_never_recorded_reads_as_a_sentence() -> None:
    """Orlando's committee never recorded a membership review: the packet printed "last none
    recorded, due now: never recorded; due every 12 months"."""
    out = run("render", ROOT / "examples" / "orlando-florida", "--kind", "packet", "--today",
              TODAY.isoformat()).stdout
    assert "- Committee membership review: **never recorded; due every 12 months**" in out
    assert "last none recorded" not in out
