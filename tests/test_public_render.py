"""`vaplan render --public`: the checklist and the packet, in Markdown and Word, name no person
and show no email address or phone number, and say on the page that they are public copies."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from vaplan.checklist.roster import normalize_phone
from vaplan.cli.main import app
from vaplan.load.yamlload import load_yaml

#: Every plan with people's contact details to hide: examples/orlando-florida records none (its
#: sources name no one's phone or email, and the example makes none up).
PLANS = sorted(p.parent for p in (ROOT / "examples").glob("*/committee.yaml")
               if p.parent.name != "orlando-florida") + [
    ROOT / "tests" / "data" / "year-plan", ROOT / "tests" / "data" / "render-plan"]
EMAIL = re.compile(r"[^@\s\"'<>{},]+@[^@\s\"'<>{},]+\.[A-Za-z]+")
OUTPUTS = [("checklist", "md"), ("checklist", "docx"), ("packet", "md"), ("packet", "docx")]
NOTE = "Public copy: the names, titles, email addresses and phone numbers"


def secrets(plan: Path) -> set[str]:
    """Every email address, phone number (as written, normalized, and as bare digits) and
    person's name in the plan's committee.yaml."""
    raw = (plan / "committee.yaml").read_bytes()
    found = set(EMAIL.findall(raw.decode("utf-8")))
    for member in load_yaml(raw).data.get("members", []):
        for role in ("representative", "alternate"):
            person = member.get(role) or {}
            for key in ("name", "email"):
                if person.get(key):
                    found.add(str(person[key]))
            if person.get("phone"):
                phone = str(person["phone"])
                found |= {phone, normalize_phone(phone) or phone}
                digits = re.sub(r"\D", "", phone)
                if len(digits) >= 7:
                    found.add(digits)
    return {s for s in found if s}


def text_of(data: bytes, fmt: str) -> str:
    """The text a reader sees; for Word, every part (body, header, footer) with tags removed."""
    if fmt == "md":
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as document:
        parts = [document.read(n).decode("utf-8") for n in document.namelist()
                 if n.endswith(".xml")]
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(parts)))


def render(plan: Path, kind: str, fmt: str, out: Path, *extra: str):
    return CliRunner().invoke(app, ["render", str(plan), "--kind", kind, "-o", str(out),
                                    "--today", "2026-11-28", *extra])


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_no_contact_detail_or_name_appears_in_any_public_render(plan: Path,
                                                                tmp_path: Path) -> None:
    hidden = secrets(plan)
    assert any("@" in s for s in hidden) and any(c.isdigit() for s in hidden for c in s)
    for kind, fmt in OUTPUTS:
        out = tmp_path / f"{kind}.{fmt}"
        result = render(plan, kind, fmt, out, "--public", *(
            ["--since", "2020-01-01"] if kind == "packet" else []))
        assert result.exit_code == 0, result.output
        text = text_of(out.read_bytes(), fmt)
        leaked = sorted(s for s in hidden if s in text)
        assert not leaked, f"the public {kind} ({fmt}) of {plan.name} holds {leaked}"
        assert NOTE in text, f"the public {kind} ({fmt}) does not say it is a public copy"


@pytest.mark.parametrize("plan", PLANS[:1], ids=[PLANS[0].name])
def test_the_same_renders_without_public_do_show_them(plan: Path, tmp_path: Path) -> None:
    """The test above would pass on empty files; the ordinary checklist has the details."""
    out = tmp_path / "checklist.md"
    assert render(plan, "checklist", "md", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert sum(1 for s in secrets(plan) if s in text) >= 10
    assert "Public copy" not in text


def test_a_finding_that_names_a_person_is_left_out(tmp_path: Path) -> None:
    plan = ROOT / "examples" / "riverside-city"
    out = tmp_path / "checklist.md"
    assert render(plan, "checklist", "md", out, "--public").exit_code == 0
    text = out.read_text(encoding="utf-8")
    # a public copy lists no problems at all (issue 23): neither the finding nor the person
    assert "has neither an email address nor a phone" not in text
    assert "## Next steps" not in text
    assert not any(s in text for s in secrets(plan))
    assert "riverside-clergy" not in text  # no member id in a document for people
    assert "| Organization | Disciplines | Sector | Level | Role |" in text


def test_a_custom_template_must_say_it_is_a_public_copy(tmp_path: Path) -> None:
    template = tmp_path / "short.md.j2"
    template.write_text("# {{ community }}\n")
    out = tmp_path / "checklist.md"
    plan = ROOT / "examples" / "pima-county"
    result = render(plan, "checklist", "md", out, "--public", "--template", str(template))
    assert result.exit_code == 2
    assert "short.md.j2 does not show public_note" in result.stderr
    assert not out.exists()
    template.write_text("# {{ community }}\n{{ public_note }}\n")
    result = render(plan, "checklist", "md", out, "--public", "--template", str(template))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Pima County, Arizona\nPublic copy:")


@pytest.mark.parametrize(("plan", "kind", "weakness"), [
    ("riverside-city", "response", "EXPIRED on 2026-06-30"),
    ("orlando-florida", "response", "not signed; the committee waived it"),
    ("orlando-florida", "response", "no one on the plan"),
    ("orlando-florida", "response", "no one named in the plan"),
    ("orlando-florida", "response", "the plan names no one to call first"),
])
def test_public_kit_announces_no_weakness(tmp_path: Path, plan: str, kind: str,
                                          weakness: str) -> None:
    """The committee's kit prints an expired or unsigned agreement, a language no one speaks
    and an action no one is named for; the public copy names none of them."""
    runner = CliRunner()
    args = ["render", str(ROOT / "examples" / plan), "--kind", kind, "--today", "2026-12-05"]
    own = runner.invoke(app, args)
    public = runner.invoke(app, [*args, "--public"])
    assert own.exit_code == 0 and public.exit_code == 0, own.output + public.output
    assert weakness in own.output
    assert weakness not in public.output
