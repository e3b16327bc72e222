"""The packet for the meeting (issue 23): the next meeting from meetings.yaml, the open items with
owners and dates, every change since the last meeting (an agreement signed among them), the last
meeting's attendance, minutes and decisions, and no commit or command in the committee's part."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from conftest import TODAY_ARGS, copy_plan, run

MEETINGS = """\
meetings:
  - date: 2026-04-01
    place: Pima County EOC, room 2
    attendees: [pima-oem, pima-attorney-vs, tucson-police]
    minutes: https://example.org/minutes/2026-04-01
    decisions:
      - Ask the law firm to sign the legal services MOU.
  - date: 2027-01-14
    place: Tucson City Hall, room 4
"""


def _plan(tmp_path: Path) -> Path:
    plan = copy_plan(tmp_path)
    (plan / "meetings.yaml").write_text(MEETINGS, encoding="utf-8")
    return plan


def _packet(plan: Path, *args: str) -> str:
    result = run("render", plan, "--kind", "packet", *args, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_packet_shows_the_next_meeting_open_items_and_what_was_signed(tmp_path: Path) -> None:
    text = _packet(_plan(tmp_path))
    body = text.split("## For the plan's keeper")[0]
    assert "9. **Next meeting**: 2027-01-14, Tucson City Hall, room 4; who brings what" in text
    assert "## Next meeting\n\n2027-01-14, Tucson City Hall, room 4." in text
    # counted from the last meeting in meetings.yaml, without --since
    assert "changes since 2026-04-01." in body
    assert ("**Agreements signed**\n\n- MOU: Legal Services for Victims of Mass Violence MOU: "
            "signed 2026-05-11") in body
    assert "## The last meeting: 2026-04-01, Pima County EOC, room 2" in body
    assert "Minutes: https://example.org/minutes/2026-04-01." in body
    assert "- Ask the law firm to sign the legal services MOU." in body
    rows = re.findall(r"^\| (.+) \| (.+) \| (.+) \|$", body.split("## Open items")[1]
                      .split("## ")[0], re.MULTILINE)[2:]
    assert rows and all(who.strip() and by == "2027-01-14" for who, _, by in rows)
    assert not re.search(r"\bcommit\b|`|vaplan ", body)


def test_a_public_packet_has_no_to_do_list_and_no_people(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    text = _packet(plan, "--public")
    assert "## Open items" not in text
    assert "2027-01-14, Tucson City Hall, room 4" in text
    assert "Daniel Whitfield" not in text


def test_the_word_packet_has_the_meeting_parts(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    out = tmp_path / "packet.docx"
    assert run("render", plan, "--kind", "packet", "-o", out, *TODAY_ARGS).exit_code == 0
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Open items" in headings and "Next meeting" in headings
    assert "The last meeting: 2026-04-01, Pima County EOC, room 2" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2027-01-14, Tucson City Hall, room 4." in text
    assert not any("{{" in p.text or "{%" in p.text for p in document.paragraphs)


def test_without_meetings_the_packet_asks_for_the_next_date(tmp_path: Path) -> None:
    text = _packet(copy_plan(tmp_path))
    assert "9. **Next meeting**: date, place, and who brings what" in text
    assert "## Next meeting" not in text


def test_the_minutes_are_said_where_they_are_never_by_their_file_name(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    meetings = plan / "meetings.yaml"
    meetings.write_text(MEETINGS.replace("https://example.org/minutes/2026-04-01",
                                         "meetings/2026-04-01-minutes.md"), encoding="utf-8")
    body = _packet(plan).split("## For the plan's keeper")[0]
    assert "Minutes: named in the plan, but not found with it." in body
    (plan / "meetings").mkdir()
    (plan / "meetings" / "2026-04-01-minutes.md").write_text("Minutes\n", encoding="utf-8")
    body = _packet(plan).split("## For the plan's keeper")[0]
    assert "Minutes: kept with the plan." in body and "2026-04-01-minutes.md" not in body
