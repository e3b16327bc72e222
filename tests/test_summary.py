"""The one-page summary (`vaplan render --kind summary`) and the roll-up of many plans
(`vaplan rollup`): the trend read from git, the JSON's shape, self-contained HTML with plan text
escaped, public copies without people, and a broken plan as a row that says so."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PIMA, RIVERSIDE, ROOT, TODAY_ARGS, run

git_missing = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, day: str = "2026-09-01") -> str:
    stamp = f"{day}T12:00:00Z"
    env = {**os.environ, **_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def three_commits(tmp_path: Path) -> Path:
    """Riverside's plan in plans/riverside of a repository, committed three times on three days;
    the second commit tags a meeting only in the test that asks for it."""
    root = tmp_path / "repo"
    plan = root / "plans" / "riverside"
    shutil.copytree(RIVERSIDE, plan)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", day="2026-03-01")
    _replace(plan / "vaplan.yaml", "community:", "# reviewed at the spring meeting\ncommunity:")
    git(root, "commit", "-q", "-am", "second", day="2026-06-01")
    (root / "README.md").write_text("Not part of the plan.\n", encoding="utf-8")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "a commit that leaves the plan alone", day="2026-07-01")
    _replace(plan / "vaplan.yaml", "community:", "# and again in the fall\ncommunity:")
    git(root, "commit", "-q", "-am", "third", day="2026-09-01")
    return plan


def _json(*args: object) -> dict:
    result = run("render", *args, "--kind", "summary", "--format", "json", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@git_missing
def test_a_plan_with_three_commits_has_three_points(three_commits: Path) -> None:
    data = _json(three_commits)
    history = data["history"]
    assert [p["date"] for p in history] == ["2026-03-01", "2026-06-01", "2026-09-01"]
    heads = git(three_commits, "rev-list", "HEAD", "--", ".").split()
    shorts = [git(three_commits, "rev-parse", "--short", c).strip() for c in reversed(heads)]
    assert [p["revision"] for p in history] == shorts
    assert all(isinstance(p["percent"], int) for p in history)
    assert data["history_by"] == "versions of the plan saved in git"


@git_missing
def test_the_trend_keeps_the_latest_points(three_commits: Path) -> None:
    from vaplan.checklist.trend import MAX_POINTS, plan_history

    assert MAX_POINTS == 24
    history = plan_history(three_commits, limit=2)
    assert [p.day for p in history.points] == ["2026-06-01", "2026-09-01"]


@git_missing
def test_meeting_tags_are_the_points_when_there_are_any(three_commits: Path) -> None:
    git(three_commits, "tag", "spring-meeting", "HEAD~2")
    git(three_commits, "tag", "-a", "-m", "fall", "fall-meeting", "HEAD")
    history = _json(three_commits)["history"]
    assert [(p["date"], p["revision"]) for p in history] == [
        ("2026-06-01", "spring-meeting"), ("2026-09-01", "fall-meeting")]


@git_missing
def test_readiness_at_a_revision_is_the_plan_as_it_was(three_commits: Path) -> None:
    data = _json(three_commits)
    before = data["readiness"]["percent"]
    agreements = three_commits / "agreements.yaml"
    text = agreements.read_text(encoding="utf-8")
    expires = re.findall(r"expires: (\d{4}-\d\d-\d\d)", text)
    for day in expires:
        text = text.replace(f"expires: {day}", "expires: 2030-01-01")
    agreements.write_text(text, encoding="utf-8")
    git(three_commits, "commit", "-q", "-am", "renewed", day="2026-10-01")
    after = _json(three_commits)
    assert after["readiness"]["percent"] > before
    # each revision is checked as of its own day: on 2026-09-01 the agreement had expired
    # (2026-06-30); on 2026-10-01 it was renewed
    history = after["history"]
    assert [p["date"] for p in history[-2:]] == ["2026-09-01", "2026-10-01"]
    assert history[-1]["percent"] > history[-2]["percent"]


def test_a_plan_outside_git_says_there_is_no_trend(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    data = _json(plan)
    assert data["history"] == []
    markdown = run("render", plan, "--kind", "summary", *TODAY_ARGS).stdout
    assert "not kept in git, so there is no trend to show" in markdown


def test_the_json_shape(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(RIVERSIDE, plan)
    data = _json(plan)
    assert set(data) == {"community", "jurisdiction", "today", "readiness", "sections",
                         "history", "history_by", "next_steps", "next_step_count",
                         "next_meeting", "agreements", "last_exercise", "problem_count"}
    assert data["community"] == "City of Riverside, California"
    assert set(data["readiness"]) == {"done", "applicable", "percent"}
    assert sum(s["done"] for s in data["sections"]) == data["readiness"]["done"]
    assert sum(s["applicable"] for s in data["sections"]) == data["readiness"]["applicable"]
    assert all(set(s) == {"id", "title", "done", "applicable", "percent"}
               for s in data["sections"])
    assert 1 <= len(data["next_steps"]) <= 5 <= data["next_step_count"]
    assert all(set(s) == {"owner", "action", "due", "item"} for s in data["next_steps"])
    assert [a["state"] for a in data["agreements"]] == ["expired", "expiring"]
    assert set(data["last_exercise"]) == {"date", "title", "kind", "days_ago"}
    assert data["next_meeting"] is None  # no meetings.yaml


def _external(page: str) -> list[str]:
    """Every reference the page's tags and styles make to something outside the page."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Refs(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value or "" for name, value in attrs
                         if name in ("src", "href", "action", "poster", "data", "srcset",
                                     "xlink:href", "formaction"))

    Refs().feed(page)
    styles = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S))
    found += re.findall(r"url\(\s*['\"]?([^'\")]+)", styles) + re.findall(r"@import", styles)
    return [ref for ref in found if not ref.startswith("#")]


@pytest.mark.parametrize("plan", [PIMA, RIVERSIDE], ids=["pima", "riverside"])
def test_summary_page_is_self_contained(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.html"
    result = run("render", plan, "--kind", "summary", "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert _external(page) == []
    assert "<script" not in page.lower()
    assert "<svg" in page  # the chart is inside the page (the examples are kept in git)
    assert "Readiness" in page


def test_plan_text_is_inert_in_the_page(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(RIVERSIDE, plan)
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes"'
    _replace(plan / "vaplan.yaml", "community: City of Riverside, California",
             f"community: '{hostile}'")
    for args in (["render", plan, "--kind", "summary", "-o", tmp_path / "s.html"],
                 ["rollup", plan, "-o", tmp_path / "r.html"]):
        assert run(*args, *TODAY_ARGS).exit_code == 0
    for name in ("s.html", "r.html"):
        page = (tmp_path / name).read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img" not in page, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, name
        assert _external(page) == [], name


def _personal(plan: Path) -> list[str]:
    """Every name, email address and phone number of a person the plan names."""
    import yaml

    values: list[str] = []

    def walk(node: object, person: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, person or key in ("representative", "alternate", "contact", "guests"))
        elif isinstance(node, list):
            for value in node:
                walk(value, person)
        elif isinstance(node, str) and person:
            values.append(node)

    for file in plan.glob("*.yaml"):
        walk(yaml.safe_load(file.read_text(encoding="utf-8")))
    return values


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_public_summary_holds_no_one_personal_data(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"summary.{fmt}"
    result = run("render", RIVERSIDE, "--kind", "summary", "--public", "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    people = _personal(RIVERSIDE)
    assert len(people) > 5
    assert [p for p in people if p in text] == []
    assert "Public copy" in text
    # and the weaknesses stay out: no next steps, no expired agreement
    steps = [s["action"] for s in _json(RIVERSIDE)["next_steps"]]
    assert steps and [s for s in steps if s in text] == []
    assert "expired 151 days ago" in run("render", RIVERSIDE, "--kind", "summary",
                                         *TODAY_ARGS).stdout
    assert "151 days" not in text


def test_rollup_of_the_examples_and_a_broken_plan(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-plan"
    out = tmp_path / "rollup.csv"
    result = run("rollup", PIMA, missing, RIVERSIDE, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert "no-such-plan" in result.stderr and "could not be read" in result.stderr
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["community"] for r in rows] == ["Pima County, Arizona", "no-such-plan",
                                              "City of Riverside, California"]
    assert "there is no directory" in rows[1]["could_not_be_read"]
    assert rows[1]["readiness_percent"] == ""
    pima_json = _json(PIMA)
    assert int(rows[0]["readiness_percent"]) == pima_json["readiness"]["percent"]
    for section in pima_json["sections"]:
        assert int(rows[0][f"{section['id']}_met"]) == section["done"]
    assert rows[2]["agreements_expired"] == "1"
    assert rows[0]["could_not_be_read"] == rows[2]["could_not_be_read"] == ""


def test_rollup_page_and_folder(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "notes.txt").write_text("not a plan", encoding="utf-8")
    page = tmp_path / "rollup.html"
    assert run("rollup", PIMA, RIVERSIDE, broken, "-o", page, *TODAY_ARGS).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert text.count('<tr class="unreadable">') == 1
    assert text.count('<tr><th scope="row">') == 2
    assert _external(text) == []
    assert "<script src" not in text.lower()
    site = tmp_path / "site"
    result = run("rollup", PIMA, RIVERSIDE, broken, "-o", site, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in site.iterdir())
    assert names == ["city-of-riverside-california.html", "index.html",
                     "pima-county-arizona.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="pima-county-arizona.html"' in index
    assert "Summary: Pima County, Arizona" in (site / "pima-county-arizona.html").read_text(
        encoding="utf-8")
    again = run("rollup", PIMA, RIVERSIDE, "-o", site, *TODAY_ARGS)
    assert again.exit_code == 2 and "--force" in again.stderr  # never replaces without it


def test_rollup_cells_cannot_become_formulas(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(RIVERSIDE, plan)
    _replace(plan / "vaplan.yaml", "community: City of Riverside, California",
             "community: '=HYPERLINK(\"http://evil.example\",\"x\")'")
    out = tmp_path / "r.csv"
    assert run("rollup", plan, "-o", out, *TODAY_ARGS).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=")


def test_public_rollup_leaves_out_steps_and_agreements(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run("rollup", PIMA, RIVERSIDE, "--public", "-o", out, *TODAY_ARGS).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "First next step" not in text and "Expired agreements" not in text
    assert [p for p in _personal(RIVERSIDE) + _personal(PIMA) if p in text] == []


def test_html_only_for_the_summary(tmp_path: Path) -> None:
    result = run("render", PIMA, "-o", tmp_path / "checklist.html", *TODAY_ARGS)
    assert result.exit_code == 2 and "--kind summary" in result.stderr


def test_committed_summary_template_is_what_the_script_builds() -> None:
    script = ROOT / "templates" / "make_summary_docx.py"
    spec = importlib.util.spec_from_file_location("make_summary_docx", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (ROOT / "templates" / "summary.docx").read_bytes(), (
        "rerun templates/make_summary_docx.py and commit summary.docx")


def test_bundled_summary_templates_pass_their_own_check() -> None:
    from vaplan.render import check_template

    assert check_template(ROOT / "templates" / "summary.md.j2", "summary") == []
    assert check_template(ROOT / "templates" / "summary.docx", "summary") == []


def test_word_summary_holds_the_chart(tmp_path: Path) -> None:
    import zipfile

    from vaplan.render.chart import placeholder_png

    out = tmp_path / "summary.docx"
    assert run("render", PIMA, "--kind", "summary", "-o", out, *TODAY_ARGS).exit_code == 0
    with zipfile.ZipFile(out) as document:
        media = [document.read(n) for n in document.namelist() if n.startswith("word/media/")]
    assert media and all(m != placeholder_png() for m in media)
    assert all(m.startswith(b"\x89PNG") and len(m) > 5000 for m in media)


def _run_ci(commands: list[str], workdir: Path, plans: str) -> None:
    """Run the example's commands in `workdir`: mkdir, and each vaplan command with the plan
    variables pointing at copies of the CI test plan."""
    import shlex

    from typer.testing import CliRunner

    from vaplan.cli.main import app

    ran = 0
    for command in commands:
        words = shlex.split(command.replace("$PLANS", plans).replace('"$PLAN"', plans),
                            comments=True)
        if words[:2] == ["mkdir", "-p"]:
            (workdir / words[2]).mkdir(parents=True, exist_ok=True)
        elif words[:1] == ["vaplan"]:
            result = CliRunner().invoke(app, words[1:], catch_exceptions=False)
            assert result.exit_code == 0, f"{command}\n{result.output}"
            ran += 1
    assert ran


def test_github_pages_example_builds_the_page_it_uploads(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-pages.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "tests" / "data" / "ci-plan", tmp_path / "plan")
    _run_ci([s["run"] for s in steps if "run" in s], tmp_path, "plan")
    upload = next(s for s in steps if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    page = tmp_path / upload["with"]["path"] / "index.html"
    assert "Public copy" in page.read_text(encoding="utf-8")
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the trend needs the history


def test_gitlab_pages_example_writes_the_public_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    job = yaml.safe_load((ROOT / "examples" / "ci" / "gitlab-pages.yml").read_text("utf-8"))
    job = job["pages"]
    monkeypatch.chdir(tmp_path)
    for name in ("harbor", "pima"):
        shutil.copytree(ROOT / "tests" / "data" / "ci-plan" if name == "harbor" else PIMA,
                        tmp_path / "plans" / name)
    _run_ci(job["script"], tmp_path, "plans/harbor plans/pima")
    assert job["artifacts"]["paths"] == ["public"]
    index = (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr><th scope="row"><a href=') == 2
    assert job["variables"]["GIT_DEPTH"] == 0


def _loads_matplotlib(argv: list[str]) -> bool:
    """Whether the command, run in a fresh interpreter, imports matplotlib."""
    import sys

    code = ("import sys\nfrom vaplan.cli.main import app\n"
            f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
            "print('matplotlib' in sys.modules)")
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True).stdout.strip().endswith("True")


def test_only_the_summary_pays_for_the_chart_library(tmp_path: Path) -> None:
    assert not _loads_matplotlib(["check", str(PIMA), *TODAY_ARGS])
    assert not _loads_matplotlib(["render", str(PIMA), *TODAY_ARGS])
    assert _loads_matplotlib(["render", str(PIMA), "--kind", "summary", "-o",
                              str(tmp_path / "s.html"), *TODAY_ARGS])


def test_rollup_never_writes_over_a_plan_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    site = tmp_path / "site"
    site.mkdir()
    before = (plan / "committee.yaml").read_bytes()
    os.link(plan / "committee.yaml", site / "index.html")
    result = run("rollup", plan, "-o", site, "--force", *TODAY_ARGS)
    assert result.exit_code == 2 and "file of a plan" in result.stderr
    assert (plan / "committee.yaml").read_bytes() == before
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_without_git_the_summary_says_why_there_is_no_trend(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    (tmp_path / ".git").mkdir()  # looks like a repository, but there is no git to read it
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no git anywhere
    from vaplan.checklist.trend import plan_history

    history = plan_history(plan)
    assert history.points == ()
    assert history.note.startswith("git is not installed here")


def test_the_chart_names_days_and_meeting_tags_never_a_commit_hash() -> None:
    """A committee reads days and its meetings' names under the chart; a commit's hash is the
    plan keeper's word, not theirs."""
    from vaplan.checklist.trend import Point
    from vaplan.render.chart import _label

    assert _label(Point("2026-10-14", "4869cf2", 80)) == "2026-10-14"
    assert _label(Point("2026-10-14", "meeting-oct", 80)) == "2026-10-14\nmeeting-oct"


def test_a_real_incident_under_last_exercise_says_it_is_one() -> None:
    """Orlando's latest record is the Pulse attack itself: the summary must not pass it off
    as an exercise the committee held."""
    out = run("render", ROOT / "examples" / "orlando-florida", "--kind", "summary",
              "--today", "2026-12-05")
    assert out.exit_code == 0, out.output
    assert "2016-06-12 (3828 days ago), a real incident, not an exercise: Attack on Pulse" \
        in out.output


def test_the_chart_names_a_day_once_however_many_commits_it_had() -> None:
    """Orlando's example was committed nine times on one day: its chart printed 2026-12-05
    under five ticks. A day is named at its first point; a meeting tag keeps its own label."""
    from vaplan.checklist.trend import Point
    from vaplan.render.chart import _labels

    points = [Point("2026-12-05", "ed5bb2d", 20), Point("2026-12-05", "926d5cf", 20),
              Point("2026-12-06", "c77872d", 25), Point("2026-12-06", "oct-meeting", 25),
              Point("2026-12-06", "16e86a3", 25)]
    assert _labels(points) == ["2026-12-05", "", "2026-12-06", "2026-12-06\noct-meeting",
                               "2026-12-06"]
