"""changes_since: what changed since a date, or since a git revision read back from a temporary
repository with two commits; and the errors a person can run into."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TODAY, copy_plan
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.checklist.changes import DATE_NOTE, Change, SinceError, changes_since

DATA = Path(__file__).parent / "data" / "year-plan"
git_missing = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2026-09-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-09-01T12:00:00Z",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
HOSPITAL = """  - id: harbor-hospital
    organization: Harbor General Hospital
    disciplines: [medical]
    sector: nonprofit
    level: county
    representative: {name: Lee Park, email: lpark@harbor-general.example}
    joined: 2026-10-01
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **_ENV}, check=True,
                          capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def next_meeting_edits(plan: Path) -> None:
    """Between two meetings: a member leaves, a hospital joins, a gap is closed and another
    opened, and the contact list is confirmed."""
    committee = plan / "committee.yaml"
    text = committee.read_text(encoding="utf-8")
    committee.write_text(text[:text.index("  - id: state-voca")] + HOSPITAL, encoding="utf-8")
    edit(plan / "resources.yaml", "    status: open\n", "    status: resolved\n")
    with (plan / "resources.yaml").open("a", encoding="utf-8") as stream:
        stream.write("  - id: shelter\n    need: A shelter for families\n    owner: harbor-oem\n"
                     "    raised: 2026-10-20\n")
    edit(plan / "checklist.yaml", "items:\n", "items:\n  contact-list-protocol:\n"
         "    status: done\n    date: 2026-10-05\n    note: Tested the call tree.\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose plan sits in plans/harbor, committed twice: the first commit tagged
    fall-meeting, the second after the edits a committee makes between meetings."""
    root = tmp_path / "repo"
    plan = root / "plans" / "harbor"
    shutil.copytree(DATA, plan)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Plan as agreed at the fall meeting")
    git(root, "tag", "fall-meeting")
    next_meeting_edits(plan)
    git(root, "commit", "-q", "-am", "Changes since the fall meeting")
    return plan


def _changes(plan: Path, since: str):
    result = check_plan(plan, TODAY)
    return changes_since(result, since, {i.id: i.text for i in build_checklist(result).items})


@git_missing
@pytest.mark.parametrize("since", ["HEAD~1", "fall-meeting"])
def test_since_a_revision(repo: Path, since: str) -> None:
    changes = _changes(repo, since)
    assert changes.by_revision and changes.notes == ()
    assert changes.members_added == (Change("harbor-hospital", "Harbor General Hospital",
                                            "joined 2026-10-01"),)
    assert changes.members_removed == (Change("state-voca", "Oregon DOJ Crime Victim Services",
                                              "no longer on the committee"),)
    assert changes.gaps_opened == (Change("shelter", "A shelter for families",
                                          "raised 2026-10-20"),)
    assert changes.gaps_closed == (Change("interpreters", "Interpreters on call", "resolved"),)
    [confirmed] = changes.confirmed
    assert confirmed.id == "contact-list-protocol"
    assert confirmed.detail == "confirmed on 2026-10-05: Tested the call tree."
    assert "contact list" in confirmed.text.lower()
    assert changes.count == 5
    short = git(repo, "rev-parse", "--short", "HEAD~1").strip()
    assert changes.label == f"since {since} (commit {short} of 2026-09-01)"
    assert _changes(repo, short).label == f"since commit {short} of 2026-09-01"


@git_missing
def test_since_the_same_revision_nothing_changed(repo: Path) -> None:
    changes = _changes(repo, "HEAD")
    assert changes.count == 0 and changes.notes == ()


@git_missing
def test_a_gap_renamed_or_reopened(repo: Path) -> None:
    edit(repo / "resources.yaml", "    status: resolved\n", "    status: in_progress\n")
    edit(repo / "resources.yaml", "  - id: shelter", "  - id: shelter-site")
    changes = _changes(repo, "HEAD")
    assert changes.gaps_closed == (Change("shelter", "A shelter for families",
                                          "no longer in the plan"),)
    assert changes.gaps_opened == (
        Change("shelter-site", "A shelter for families", "raised 2026-10-20"),
        Change("interpreters", "Interpreters on call", "reopened"))


@git_missing
def test_a_file_with_errors_at_the_revision_is_named_and_skipped(repo: Path) -> None:
    root = repo.parent.parent
    edit(repo / "committee.yaml", "reviewed: 2026-02-28", "reviewed: [not, a, date]")
    git(root, "commit", "-q", "-am", "broken")
    edit(repo / "committee.yaml", "reviewed: [not, a, date]", "reviewed: 2026-02-28")
    changes = _changes(repo, "HEAD")
    assert changes.members_added == changes.members_removed == ()
    [note] = changes.notes
    assert note.startswith("The plan's committee file at HEAD (commit ") and note.endswith(
        "has errors, so members added or removed are not shown.")


@git_missing
def test_a_file_missing_at_the_revision_counts_as_empty(repo: Path) -> None:
    root = repo.parent.parent
    git(root, "rm", "-q", "plans/harbor/checklist.yaml")
    git(root, "commit", "-q", "-m", "no checklist yet")
    git(root, "checkout", "-q", "HEAD~1", "--", "plans/harbor/checklist.yaml")
    changes = _changes(repo, "HEAD")
    assert [c.id for c in changes.confirmed] == ["contact-list-protocol", "review-existing-plans",
                                                 "translate-plan"]


def test_since_a_date_lists_what_the_plan_dates_itself(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, DATA)
    next_meeting_edits(plan)
    changes = _changes(plan, "2026-09-01")
    assert not changes.by_revision and changes.label == "since 2026-09-01"
    assert [c.id for c in changes.confirmed] == ["contact-list-protocol", "translate-plan"]
    assert [c.id for c in changes.members_added] == ["harbor-hospital"]
    assert [c.id for c in changes.gaps_opened] == ["shelter"]
    assert changes.members_removed == changes.gaps_closed == ()
    assert changes.notes == (DATE_NOTE,)
    assert _changes(plan, "2026-11-01").count == 0


# errors ----------------------------------------------------------------------------------------

@git_missing
@pytest.mark.parametrize(("since", "words"), [
    ("no-such-tag", "'no-such-tag' is not a revision of the repository"),
    ("--output=/tmp/x", "is not a git revision"),
    ("HEAD~1 HEAD", "is not a git revision"),
])
def test_a_bad_revision_is_explained(repo: Path, since: str, words: str) -> None:
    with pytest.raises(SinceError, match=words):
        _changes(repo, since)


@git_missing
def test_a_plan_that_did_not_exist_at_the_revision(repo: Path) -> None:
    root = repo.parent.parent
    moved = root / "plans" / "harbor-county"
    git(root, "mv", "plans/harbor", "plans/harbor-county")
    git(root, "commit", "-q", "-m", "rename")
    with pytest.raises(SinceError, match="was not in the repository at fall-meeting"):
        _changes(moved, "fall-meeting")


@git_missing
def test_a_plan_not_in_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = copy_plan(tmp_path, DATA)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # look no further up
    with pytest.raises(SinceError, match="is not in a git repository"):
        _changes(plan, "HEAD")


@pytest.mark.parametrize(("since", "words"), [
    ("2026-02-30", '"2026-02-30" is not a day: February 2026 has 28 days; write a day from 01 '
                   "to 28"),
    ("2026-9-1", '"2026-9-1" is not written YYYY-MM-DD; write it 2026-09-01'),
    ("9/1/2026", '"9/1/2026" is not written YYYY-MM-DD (year, month, day); write it 2026-09-01 '
                 "if you mean September 1, 2026"),
    ("2026\u201309\u201301", "uses a dash (\u2013) where a date has a hyphen (-); word processors "
                          "often change one into the other; type it with the hyphen key: "
                          "2026-09-01"),
])
def test_a_date_that_is_not_a_day(since: str, words: str) -> None:
    with pytest.raises(SinceError) as raised:
        _changes(DATA, since)
    assert words in str(raised.value)


@git_missing
def test_render_packet_since_a_revision_through_the_command_line(repo: Path,
                                                                 tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vaplan.cli.main import app

    out = tmp_path / "packet.md"
    result = CliRunner().invoke(app, ["render", str(repo), "--kind", "packet", "--since",
                                      "fall-meeting", "-o", str(out), "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    # the committee's handout names the day of the revision, never a commit (issue 23)
    body = text.split("## For the plan's keeper")[0]
    assert not re.search(r"\bcommit\b|\b[0-9a-f]{7,40}\b|`", body)
    assert "5 changes since " in body
    for line in ("**Members removed**", "- Oregon DOJ Crime Victim Services: no "
                 "longer on the committee", "**Gaps closed**", "- Interpreters on call: "
                 "resolved", "- Harbor General Hospital: joined 2026-10-01"):
        assert line in text
    assert "welcome our new member Harbor General Hospital" in text
    assert "2. **Changes since the last meeting**: 5 changes since fall-meeting\n" in text
    assert "5. **Agreements**: 1 expiring within 60 days\n" in text
    assert "- Contact list: the names, contact details, resources, roles and responsibilities " \
        "of every committee member are kept current, and changes are tracked: " \
        "confirmed on 2026-10-05: Tested the call tree.\n" in text
    result = CliRunner().invoke(app, ["render", str(repo), "--kind", "packet", "--since",
                                      "spring-meeting", "--today", "2026-11-28"])
    assert result.exit_code == 2
    assert "'spring-meeting' is not a revision of the repository" in result.stderr


@git_missing
def test_git_not_installed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo))
    with pytest.raises(SinceError, match="git is not installed"):
        _changes(repo, "HEAD~1")


@git_missing
def test_a_public_packet_leaves_out_people_named_only_at_the_revision(tmp_path: Path) -> None:
    """A member who has since left is no longer in committee.yaml, but a gap closed since may
    still quote their representative; the public packet leaves that name out too."""
    from conftest import run

    root = tmp_path / "repo"
    plan = root / "plan"
    shutil.copytree(DATA, plan)
    with (plan / "resources.yaml").open("a", encoding="utf-8") as stream:
        stream.write("  - id: wolf-grant\n    need: Ari Wolf to find the state's surge funds\n"
                     "    owner: harbor-oem\n    raised: 2026-08-20\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "fall meeting")
    committee = plan / "committee.yaml"
    text = committee.read_text(encoding="utf-8")
    committee.write_text(text[:text.index("  - id: state-voca")], encoding="utf-8")
    resources = plan / "resources.yaml"
    resources.write_text(resources.read_text("utf-8").split("  - id: wolf-grant")[0], "utf-8")
    git(root, "commit", "-q", "-am", "state partner left")
    shown = run("render", plan, "--kind", "packet", "--since", "HEAD~1", "--today",
                "2026-11-28")
    assert shown.exit_code == 0 and "Ari Wolf to find" in shown.stdout  # the private copy
    public = run("render", plan, "--kind", "packet", "--since", "HEAD~1", "--public",
                 "--today", "2026-11-28")
    assert public.exit_code == 0, public.output
    assert "find the state's surge funds" in public.stdout
    assert "Wolf" not in public.stdout and "Ari" not in public.stdout
