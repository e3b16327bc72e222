"""Issue 24, "Unbreakable, round 3": each test names the item of the issue it holds, and each
failed on the code before the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import RIVERSIDE, TODAY, TODAY_ARGS, run
from vaplan.check.checker import check_plan
from vaplan.reporters import REPORTERS


def _copy(tmp_path: Path, source: Path = RIVERSIDE) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(source, plan)
    return plan


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _member(data: dict, member_id: str = "cal-victim-services") -> dict:
    return next(m for m in data["members"] if m["id"] == member_id)


# Item 1 -----------------------------------------------------------------------------------------

LEGACY = "ok ##[stop-commands]tok then ##[error]pwned and ##[set-output name=x;]y ###[warning]z"


def test_github_log_carries_no_legacy_command_anywhere_in_a_line(tmp_path: Path) -> None:
    """Issue 24 item 1: GitHub's runner obeys a legacy `##[command]` anywhere in a line, so plan
    text carrying one (here a waiver's reason, shown in the report, and an organization quoted
    in findings) must reach the log with none left."""
    plan = _copy(tmp_path)

    def change(data: dict) -> None:
        member = _member(data)
        member["organization"] = f"Org {LEGACY}"
        member.setdefault("waivers", {})["VP501"] = f"reason {LEGACY}"
    _edit(plan / "committee.yaml", change)
    result = check_plan(plan, TODAY)
    log = REPORTERS["github"](result)
    assert "stop-commands" in log  # the text is shown, made inert
    assert "##[" not in log
    cli = run("check", plan, *TODAY_ARGS, "-f", "github")
    assert "##[" not in cli.stdout


# Item 8 -----------------------------------------------------------------------------------------

def test_did_you_mean_compares_an_unknown_id_with_a_bounded_number_of_members(
        monkeypatch) -> None:
    """Issue 24 item 8: `check` took 90 s on a plan whose unknown member ids were each compared
    with every member. The work per unknown id is now bounded, whatever the committee's size,
    and the close id is still found."""
    import difflib

    from vaplan.vocabulary import Suggestions

    compared = []
    real = difflib.SequenceMatcher.set_seq1
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1",
                        lambda self, a: (compared.append(a), real(self, a))[1])
    members = [f"org-{i:05d}" for i in range(5000)]
    near = Suggestions(members)
    assert near("rog-02000") == ' (did you mean "org-02000"?)'
    assert near("orgx-02000") == ' (did you mean "org-02000"?)'
    assert near("org-O2000") == ' (did you mean "org-02000"?)'
    compared.clear()
    for i in range(100):
        near(f"orgx-{i * 37:05d}")
    assert len(compared) <= 100 * max(Suggestions.WHOLE, 4 * Suggestions.NEIGHBOURS) < 100 * 5000


# Items 2, 3, 5, 6, 7: public copies ------------------------------------------------------------

def _public_packet(plan: Path, tmp_path: Path, fmt: str = "md") -> str:
    from test_public_render import text_of

    out = tmp_path / f"packet.{fmt}"
    result = run("render", plan, "--kind", "packet", "-o", out, *TODAY_ARGS, "--public",
                 "--force")
    assert result.exit_code == 0, result.output
    return text_of(out.read_bytes(), fmt)


def _set_need(plan: Path, text: str) -> None:
    """Free text the packet prints: the need of the plan's first resource gap."""
    def change(data: dict) -> None:
        gap = next(r for r in data["gaps"] if r["id"] == "reunification-site")
        gap["need"] = text
    _edit(plan / "resources.yaml", change)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_public_copy_finds_phones_with_dashes_and_international_prefixes_and_spelt_emails(
        tmp_path: Path, fmt: str) -> None:
    """Issue 24 item 2: a member's own 24-hour number written with en or em dashes (a word
    processor's autocorrect), a number with a 0044 international prefix, and an email written
    `name [at] domain` or `(at)` are left out of a public copy."""
    plan = _copy(tmp_path)

    def change(data: dict) -> None:
        _member(data, "riverside-pd")["representative"]["phone_24h"] = "951\u2013555\u20130221"
    _edit(plan / "committee.yaml", change)
    _set_need(plan, "Site; call 951\u2013555\u20130221 or 951\u2014555\u20130299, abroad "
                    "0044 20 7946 0958 or 0044 (0)20 7946 0959, write dana [at] example.org "
                    "or lee(at)example(dot)org")
    text = _public_packet(plan, tmp_path, fmt)
    assert "Site; call" in text
    for leak in ("0221", "0299", "7946", "dana", "lee", "example"):
        assert leak not in text, leak


def test_improvement_plan_public_leaves_out_a_contact_quoted_in_another_action(
        tmp_path: Path) -> None:
    """Issue 24 item 3: `export improvement-plan --public` printed a contact's surname when
    another action's text quoted it, which its help promises not to do."""
    plan = _copy(tmp_path)

    def change(data: dict) -> None:
        data["improvements"][0]["contact"] = "Quentin Zabrowski"
        data["improvements"][1]["action"] = "Ask Zabrowski, who kept the list last year."
    _edit(plan / "exercises.yaml", change)
    result = run("export", "improvement-plan", plan, *TODAY_ARGS, "--public")
    assert result.exit_code == 0, result.output
    assert "who kept the list" in result.stdout
    assert "Zabrowski" not in result.stdout and "Quentin" not in result.stdout


def test_roster_public_scrubs_free_text(tmp_path: Path) -> None:
    """Issue 24 item 5: `export roster --public` never scrubbed free text: an organization name
    holding a person's name or phone came out whole (the bundled example leaked a surname)."""
    plan = _copy(tmp_path)

    def change(data: dict) -> None:
        _member(data, "riverside-pd")["organization"] = (
            "Riverside Police Department (ask Dalby, 951-555-0177, dalby@example.org)")
    _edit(plan / "committee.yaml", change)
    for fmt in ("md", "csv", "vcf"):
        result = run("export", "roster", plan, *TODAY_ARGS, "--public", "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "Riverside Police Department" in result.stdout
        for leak in ("Dalby", "0177", "dalby@"):
            assert leak not in result.stdout, (fmt, leak)
    bundled = run("export", "roster", RIVERSIDE.parent / "pima-county", *TODAY_ARGS, "--public")
    assert "Ramos" not in bundled.stdout


def test_public_copy_is_refused_when_the_people_cannot_be_read(tmp_path: Path) -> None:
    """Issue 24 item 6: with a syntax error in committee.yaml, `render --public` printed the
    representatives' surnames quoted elsewhere: it no longer knew who the people were. It now
    fails closed: no public copy, and a plain message saying why and what to do."""
    plan = _copy(tmp_path)
    _set_need(plan, "A site Sgt. Dalby will find (ask Dalby)")
    committee = plan / "committee.yaml"
    committee.write_text(committee.read_text(encoding="utf-8") + "\n  - id: [unclosed\n",
                         encoding="utf-8")
    out = tmp_path / "packet.md"
    for kind in ("packet", "checklist", "response"):
        result = run("render", plan, "--kind", kind, "-o", out, *TODAY_ARGS, "--public")
        assert result.exit_code == 2, result.output
        assert "committee.yaml cannot be read" in result.stderr
        assert "Traceback" not in result.output
        assert not out.exists()
    # a copy for the committee is still made
    assert run("render", plan, "--kind", "packet", *TODAY_ARGS).exit_code in (0, 1)


def test_public_copy_finds_names_in_unspaced_scripts_and_joined_by_underscores(
        tmp_path: Path) -> None:
    """Issue 24 item 7: `--public` missed names in Chinese, Japanese or Korean text without
    spaces, and names joined by `_`."""
    plan = _copy(tmp_path)

    def change(data: dict) -> None:
        _member(data, "riverside-pd")["alternate"]["name"] = "王小明"
        _member(data, "riverside-oem")["representative"]["name"] = "김민수"
    _edit(plan / "committee.yaml", change)
    _set_need(plan, "Site: 请联系王小明先生, 김민수씨에게 연락, file monica_dalby_notes")
    text = _public_packet(plan, tmp_path)
    assert "Site: 请联系" in text and "先生" in text
    for leak in ("王小明", "김민수", "dalby"):
        assert leak not in text.casefold(), leak


class _Counted(tuple):
    """A tuple that counts how often it is walked through."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


class _CountedSet(frozenset):
    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_public_scrub_reads_each_text_once_whatever_the_number_of_people() -> None:
    """Issue 24 item 8: `render --public` grew with the square of the number of people (38 s
    at 694 KB): each text was searched once per person's phrase and phone number. The people
    are now indexed once and each text is read word by word."""
    from vaplan.public import LEFT_OUT, PersonalData, scrub_text

    people = 3000
    phrases = _Counted(f"person {i} surname{i}" for i in range(people))
    digits = _CountedSet(f"555{i:04d}" for i in range(people))
    personal = PersonalData(frozenset(), phrases, digits)
    texts = [f"Line {i}: ask person {i} surname{i} at 520-555-{i:04d} today" for i in range(200)]
    out = [scrub_text(t, personal) for t in texts]
    assert all(o.count(LEFT_OUT) == 2 and o.endswith("today") for o in out)
    assert _Counted.walks + _CountedSet.walks <= 4


# Items 10, 11: the plan's own files ------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["confirm", "review-existing-plans", "--plan", "{plan}"],
    ["tailor", "review-existing-plans", "--plan", "{plan}", "--reason", "not ours"],
])
def test_a_plan_file_linked_to_another_plan_file_is_not_written_through(
        tmp_path: Path, command: list[str]) -> None:
    """Issue 24 item 10: a checklist.yaml that is a link to committee.yaml made `confirm` write
    into committee.yaml."""
    plan = _copy(tmp_path)
    (plan / "checklist.yaml").unlink(missing_ok=True)
    (plan / "checklist.yaml").symlink_to("committee.yaml")
    before = (plan / "committee.yaml").read_bytes()
    result = run(*[part.format(plan=plan) for part in command])
    assert result.exit_code != 0
    assert "link to committee.yaml" in result.output and "Traceback" not in result.output
    assert (plan / "committee.yaml").read_bytes() == before
    assert (plan / "checklist.yaml").is_symlink()


def test_a_chain_of_links_to_another_plan_file_is_not_written_through(tmp_path: Path) -> None:
    """Issue 24 item 10, the class: checklist.yaml linked, through a file of another name, to
    committee.yaml; `confirm` writes nothing into committee.yaml. (The exercise commands
    edit only an ordinary exercises.yaml.)"""
    plan = _copy(tmp_path)
    (plan / "checklist.yaml").unlink(missing_ok=True)
    (plan / "notes.yaml").symlink_to("committee.yaml")
    (plan / "checklist.yaml").symlink_to("notes.yaml")
    before = (plan / "committee.yaml").read_bytes()
    result = run("confirm", "review-existing-plans", "--plan", plan, *TODAY_ARGS)
    assert result.exit_code != 0 and "another file of the plan" in result.output
    assert (plan / "committee.yaml").read_bytes() == before


def test_a_signed_agreement_is_safe_while_agreements_yaml_cannot_be_read(
        tmp_path: Path) -> None:
    """Issue 24 item 11: while agreements.yaml had a syntax error, `render -o <signed
    agreement> --force` replaced the signed document."""
    plan = _copy(tmp_path)
    signed = plan / "agreements" / "planning-committee-mou.md"
    before = signed.read_bytes()
    agreements = plan / "agreements.yaml"
    agreements.write_text(agreements.read_text(encoding="utf-8") + "\n  - id: [unclosed\n",
                          encoding="utf-8")
    for command in (["render", plan, "-o", signed, "--format", "md", "--force", *TODAY_ARGS],
                    ["check", plan, *TODAY_ARGS, "-o", f"text:{signed}", "--force"],
                    ["export", "calendar", plan, "-o", signed, "--force", *TODAY_ARGS]):
        result = run(*command)
        assert result.exit_code != 0, command
        assert "Traceback" not in result.output
        assert signed.read_bytes() == before, command
    # an output that the broken file does not mention is still written
    other = plan / "agreements" / "checklist-copy.md"
    assert run("render", plan, "-o", other, "--format", "md", *TODAY_ARGS).exit_code in (0, 1)
    assert other.exists()


# Item 4 -----------------------------------------------------------------------------------------

_RELS = "word/_rels/document.xml.rels"
_ATTACHED = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
             b'2006/relationships/attachedTemplate" ')


@pytest.mark.parametrize("part, insert", [
    (_RELS, _ATTACHED + b'Target="http://example.invalid/t.dotm" TargetMode="&#69;xternal"/>'),
    (_RELS, _ATTACHED + b'Target="http://example.invalid/a>b" TargetMode="External"/>'),
    (_RELS, _ATTACHED + b"Target='http://example.invalid/t' TargetMode = ' &#x45;xternal '/>"),
    ("word/document.xml", b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
                          b' INCLUDEPICTURE "http://example.invalid/p.png" \\d </w:instrText>'
                          b'</w:r></w:p>'),
], ids=["char-reference", "angle-in-target", "spaced-hex", "includepicture-field"])
def test_a_word_template_link_hidden_from_a_pattern_is_refused(tmp_path: Path, part: str,
                                                               insert: bytes) -> None:
    """Issue 24 item 4: the external-link check was bypassed by `TargetMode="&#69;xternal"` or
    a `>` inside `Target`, and LibreOffice then fetched the URL while making the PDF. The parts
    are now read as XML reads them; a field that fetches an address is refused too."""
    from test_template_limits import _variant

    from vaplan.render import check_template

    def change(dst, name: str, data: bytes) -> None:
        if name == part:
            end = b"</Relationships>" if part == _RELS else b"</w:body>"
            data = data.replace(end, insert + end, 1)
        dst.writestr(name, data)

    template = tmp_path / "hidden.docx"
    template.write_bytes(_variant(change))
    problems = check_template(template)
    assert problems and "outside file or address" in problems[0]


# Items 12, 13: text a person types -------------------------------------------------------------

@pytest.mark.parametrize("community", ["Test\x85County", "Test\u2028County", "Test\x7fCounty",
                                       "Test\u2029County", "Test\x9b31mCounty"])
def test_init_refuses_a_community_name_that_is_not_one_line(tmp_path: Path,
                                                           community: str) -> None:
    """Issue 24 item 12: `init --community` with NEL, U+2028 or DEL wrote an invalid
    vaplan.yaml (fixed once, back): now a plain refusal, and no file written."""
    plan = tmp_path / "new"
    result = run("init", plan, "--community", community)
    assert result.exit_code == 2, result.output
    assert "one line of text" in result.output and "Traceback" not in result.output
    assert not (plan / "vaplan.yaml").exists()


@pytest.mark.parametrize("note", ["a\x85b", "a\x9b31mb", "a\u2028b", "a\x7fb"])
def test_confirm_refuses_a_note_with_a_control_character_in_plain_words(
        tmp_path: Path, note: str) -> None:
    """Issue 24 item 13: `confirm --note` with NEL or a C1 control said "please report this to
    the vaplan developers" (or wrote the control into checklist.yaml)."""
    plan = _copy(tmp_path)
    before = (plan / "checklist.yaml").read_bytes() if (plan / "checklist.yaml").exists() else None
    result = run("confirm", "review-existing-plans", "--plan", plan, "--note", note, *TODAY_ARGS)
    assert result.exit_code == 2
    assert "one line of plain text" in result.output and "report" not in result.output
    after = (plan / "checklist.yaml").read_bytes() if (plan / "checklist.yaml").exists() else None
    assert after == before


@pytest.mark.parametrize("text", [".5e5", "-.5E+5", "2026-01-01", "~", "0x1F", "true"])
def test_text_that_looks_like_a_number_is_recorded_as_text(tmp_path: Path, text: str) -> None:
    """Issue 24 item 13: `action add --issue .5e5` said "please report this to the vaplan
    developers": the editor wrote text YAML reads as a number. Such text is written quoted."""
    plan = _copy(tmp_path)
    result = run("action", "add", plan, "--source", "fac-tabletop-2026", "--function",
                 "family_assistance_center", "--issue", text, "--action", text, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    from vaplan.load.yamlload import load_yaml

    data = load_yaml((plan / "exercises.yaml").read_bytes()).data
    assert data["improvements"][-1]["issue"] == text
    result = run("confirm", "review-existing-plans", "--plan", plan, "--note", text, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    data = load_yaml((plan / "checklist.yaml").read_bytes()).data
    assert data["items"]["review-existing-plans"]["note"] == text


def test_an_exercise_repeated_by_alias_is_refused_in_plain_words(tmp_path: Path) -> None:
    """Issue 24 item 13: an exercise repeated by YAML alias made `exercise after-action` say
    "please report this to the vaplan developers"."""
    plan = _copy(tmp_path)
    path = plan / "exercises.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("exercises:\n  - id:", "exercises:\n  - &first\n    id:", 1)
    path.write_text(text.replace("\nimprovements:", "\n  - *first\n\nimprovements:", 1),
                    encoding="utf-8")
    before = path.read_bytes()
    (plan / "exercises" ).mkdir(exist_ok=True)
    (plan / "exercises" / "aar.md").write_text("report\n", encoding="utf-8")
    result = run("exercise", "after-action", "fac-tabletop-2026", "exercises/aar.md", plan)
    assert result.exit_code == 2
    assert "alias" in result.output and "report this" not in result.output
    assert path.read_bytes() == before


# Item 18 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check", "{plan}"], ["render", "{plan}"],
                                     ["export", "calendar", "{plan}"]])
def test_the_today_error_shows_no_escape_sequence(tmp_path: Path, command: list[str]) -> None:
    """Issue 24 item 18: a raw escape sequence typed in `--today` reached the terminal in the
    error message; it is shown escaped."""
    plan = _copy(tmp_path)
    result = run(*[p.format(plan=plan) for p in command], "--today", "\x1b[2J\x1b]0;x\x072026")
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in result.output


def test_init_next_line_shows_no_escape_sequence(tmp_path: Path) -> None:
    """Issue 24 item 18: init's "Next:" line printed the folder name's escape sequences raw."""
    from typer.testing import CliRunner

    from vaplan.cli.main import app

    plan = tmp_path / "plan\x1b[31mred"
    # color=True: as on a terminal, where click does not strip escape sequences
    result = CliRunner().invoke(app, ["init", str(plan), "--community", "Test County"],
                                color=True)
    assert result.exit_code == 0, result.output
    assert "Next:" in result.output and "\x1b" not in result.output
    assert "\\x1b[31mred" in result.output


# Item 16 ----------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")


def _runnable(cell: str) -> list[str]:
    """The parts of a cell a spreadsheet would run, however it splits the line (`,`, `;`,
    tab, `|`): each part that starts, after spaces, with a formula's first character and goes
    on with more than a space."""
    import re

    parts = re.split(r"[,;\t|]", cell)
    return [p for p in parts if p.lstrip(" ")[:1] in FORMULA_STARTS
            and not re.fullmatch(r"[+-] .*|\+\d{1,3} \d[\d -]*", p.lstrip(" "))]


def test_csv_cells_start_no_formula_after_any_separator(tmp_path: Path) -> None:
    """Issue 24 item 16: CSV cells were guarded only at their first character; in a locale
    whose separator is `;` a cell could still start a formula ("Org;=HYPERLINK(...)")."""
    import csv
    import io

    plan = _copy(tmp_path)
    payloads = ['Org;=HYPERLINK("http://example.invalid","x")', "Org; @SUM(A1)",
                "Org,-2+3+cmd|' /C calc'!A0", "Org;\t+A1"]

    def change(data: dict) -> None:
        for member, payload in zip(data["members"], payloads):
            member["organization"] = payload
    _edit(plan / "committee.yaml", change)

    def edit_actions(data: dict) -> None:
        data["improvements"][0]["action"] = payloads[0]
        data["improvements"][0]["issue"] = payloads[2]
    _edit(plan / "exercises.yaml", edit_actions)
    for command in (["export", "roster", plan, "-f", "csv", *TODAY_ARGS],
                    ["export", "improvement-plan", plan, "-f", "csv", *TODAY_ARGS]):
        result = run(*command)
        assert result.exit_code == 0, result.output
        cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
        assert any("HYPERLINK" in c for c in cells)
        assert not [c for c in cells if _runnable(c)], command


# Item 17 ----------------------------------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_no_direction_override_reaches_word_or_json(tmp_path: Path) -> None:
    """Issue 24 item 17: bidirectional override characters reached the Word documents and JSON,
    while the roster, CSV and calendar stripped them; every output now holds none."""
    from test_public_render import text_of

    plan = _copy(tmp_path)
    hostile = "Org \u202e1010-555-159\u202c \u2067x\u2069"

    def change(data: dict) -> None:
        _member(data, "riverside-pd")["organization"] = hostile
        _member(data, "riverside-pd")["representative"]["name"] = "Monica \u202dDalby"
    _edit(plan / "committee.yaml", change)
    _set_need(plan, hostile)

    def actions(data: dict) -> None:
        data["improvements"][0]["action"] = hostile
    _edit(plan / "exercises.yaml", actions)
    (plan / "checklist.yaml").unlink(missing_ok=True)
    run("confirm", "no-such-item-\u202e", "--plan", plan, *TODAY_ARGS)
    outputs = {}
    for kind in ("checklist", "packet", "response"):
        out = tmp_path / f"{kind}.docx"
        assert run("render", plan, "--kind", kind, "-o", out, *TODAY_ARGS).exit_code == 0
        outputs[out.name] = text_of(out.read_bytes(), "docx")
    for what in ("roster", "improvement-plan"):
        out = tmp_path / f"{what}.docx"
        assert run("export", what, plan, "-o", out, *TODAY_ARGS).exit_code == 0
        outputs[out.name] = text_of(out.read_bytes(), "docx")
    outputs["render.json"] = run("render", plan, "--format", "json", *TODAY_ARGS).stdout
    for fmt in ("json", "sarif"):
        outputs[fmt] = run("check", plan, *TODAY_ARGS, "-f", fmt).stdout
    assert "1010-555-159" in outputs["packet.docx"] and "1010-555-159" in outputs["render.json"]
    leaks = {name: text for name, text in outputs.items() if any(c in text for c in BIDI)}
    assert not leaks, sorted(leaks)


# Item 15 ----------------------------------------------------------------------------------------

def test_exercise_add_work_does_not_grow_with_the_square_of_the_file(tmp_path: Path,
                                                                     monkeypatch) -> None:
    """Issue 24 item 15: `exercise add` took 28 s on an exercises.yaml of 2,500 entries: the
    whole file was written out in each of 18 indentation styles, and line-diffed with
    SequenceMatcher (quadratic on many alike lines). The style is now judged on the first
    entries, and only the changed middle of the file is diffed."""
    import difflib

    import vaplan.edit.merge as merge

    plan = _copy(tmp_path)
    path = plan / "exercises.yaml"
    entries = "".join(f"  - id: drill-{i:04d}\n    date: 2025-01-{1 + i % 28:02d}\n"
                      f"    kind: drill\n    title: Drill number {i}\n\n" for i in range(300))
    text = path.read_text(encoding="utf-8").replace("exercises:\n", "exercises:\n" + entries, 1)
    path.write_text(text, encoding="utf-8")
    dumped: list[int] = []
    real_dump = merge._dump
    monkeypatch.setattr(merge, "_dump", lambda doc, style: (
        lambda out: (dumped.append(len(out)), out)[1])(real_dump(doc, style)))
    diffed: list[int] = []
    real_seqs = difflib.SequenceMatcher.set_seqs
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seqs", lambda self, a, b: (
        diffed.append(len(a) * len(b)), real_seqs(self, a, b))[1])
    result = run("exercise", "add", plan, "--id", "drill-new", "--kind", "drill", "--date",
                 "2026-10-01", "--title", "New drill", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert "drill-new" in path.read_text(encoding="utf-8")
    assert sum(dumped) <= 4 * len(text)  # was 20 whole dumps
    lines = text.count("\n")
    assert sum(diffed) <= 10 * lines  # was lines x lines per diff


# Item 14 ----------------------------------------------------------------------------------------

def _fake_soffice(tmp_path: Path, script: str) -> str:
    """A PATH whose `soffice` is a shell script (LibreOffice is not needed)."""
    import os

    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\nfor a; do [ \"$prev\" = --outdir ] && out=$a; prev=$a; done\n"
                       + script, encoding="utf-8")
    program.chmod(0o755)
    return f"{folder}{os.pathsep}/usr/bin{os.pathsep}/bin"


_MAKE_PDF = 'mkdir -p "$out"; printf "%%PDF-1.4 fake" > "$out/document.pdf"\n'


def _gone(pid: int, wait: float = 10.0) -> bool:
    import os
    import time

    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_libreoffice_output_is_not_kept_in_memory(tmp_path: Path, monkeypatch) -> None:
    """Issue 24 item 14: PDF conversion kept all of LibreOffice's output in memory (a
    MemoryError traceback on a chatty one); now only its last lines are read."""
    import tracemalloc

    from vaplan.cli import pdf

    monkeypatch.setenv("PATH", _fake_soffice(
        tmp_path, "yes 'a line LibreOffice prints again and again' | head -c 40000000\n"
                  "echo 'Error: the last words'\n"))
    tracemalloc.start()
    try:
        with pytest.raises(pdf.PdfError, match="the last words"):
            pdf.docx_to_pdf(b"not really a document", timeout=120)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_helper_holding_libreoffice_output_does_not_make_vaplan_wait(
        tmp_path: Path, monkeypatch) -> None:
    """Issue 24 item 14: a helper process LibreOffice started that still held the output made
    vaplan wait the full timeout (and then fail); vaplan waits for LibreOffice itself, and
    stops the helper with it."""
    from vaplan.cli import pdf

    pid_file = tmp_path / "helper.pid"
    monkeypatch.setenv("PATH", _fake_soffice(
        tmp_path, f"sleep 120 &\necho $! > '{pid_file}'\n" + _MAKE_PDF))
    assert pdf.docx_to_pdf(b"x", timeout=20) == b"%PDF-1.4 fake"
    assert _gone(int(pid_file.read_text()))


def test_sigterm_stops_libreoffice_and_removes_its_folder(tmp_path: Path) -> None:
    """Issue 24 item 14: SIGTERM left LibreOffice running and its temporary folder behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "soffice.pid"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PATH": _fake_soffice(
        tmp_path, f"echo $$ > '{pid_file}'\nexec sleep 120\n")}
    vaplan = subprocess.Popen([sys.executable, "-m", "vaplan", "render", str(RIVERSIDE), "-o",
                               str(tmp_path / "out.pdf"), *TODAY_ARGS], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 120
        while not (pid_file.exists() and pid_file.read_text().strip()):
            assert vaplan.poll() is None and time.monotonic() < end, vaplan.stderr.read()
            time.sleep(0.05)
        assert any(p.name.startswith("vaplan-pdf-") for p in temp.iterdir())
        vaplan.send_signal(signal.SIGTERM)
        vaplan.wait(timeout=60)
    finally:
        if vaplan.poll() is None:
            vaplan.kill()
    assert vaplan.returncode != 0
    assert _gone(int(pid_file.read_text()))
    assert not any(p.name.startswith("vaplan-pdf-") for p in temp.iterdir())
    assert not (tmp_path / "out.pdf").exists()
