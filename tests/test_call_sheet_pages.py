"""The call sheet (issue 21): in call order, what each organization leads beside it, 24-hour
numbers first and bold, on one printed page. The page count is measured through LibreOffice
twice: with Calibri's metric twin Carlito (the font the README asks for), where 25 members fit
one page, and with Calibri and Carlito hidden so the widest common fallback (DejaVu Sans, about
a fifth wider) sets the text, where 20 do: at 9 points, the smallest text any document prints,
25 two-line rows in DejaVu Sans need more height than a Letter page has."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from conftest import PIMA, TODAY_ARGS, run

_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*Carlito*</glob><glob>*arlito*</glob><glob>*Calibri*</glob>
  </rejectfont></selectfont>
  <alias binding="strong"><family>Calibri</family><prefer><family>DejaVu Sans</family></prefer>
  </alias>
</fontconfig>
"""


def _committee_of(plan: Path, size: int) -> None:
    """Pima's committee grown to `size` members, each called by the chair's office."""
    path = plan / "committee.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    members = data["members"]
    for n in range(len(members), size):
        members.append({
            "id": f"partner-{n}", "organization": f"Southern Arizona Community Services Agency {n}",
            "disciplines": ["nonprofit"], "sector": "nonprofit", "level": "county",
            "representative": {"name": f"Alexandra Montgomery-{n}", "title": "Program Director",
                               "phone": f"(520) 555-{1000 + n}",
                               "phone_24h": f"(520) 555-{2000 + n}"},
            "alternate": {"name": f"Christopher Hernandez-{n}", "phone_24h": f"(520) 555-{3000 + n}"}})
    data["activation"]["calls"].setdefault(data["activation"]["first"], []).extend(
        m["id"] for m in members if m["id"].startswith("partner-"))
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_the_call_sheet_is_in_call_order_with_what_each_leads(tmp_path: Path) -> None:
    out = tmp_path / "sheet.docx"
    assert run("export", "roster", str(PIMA), "-f", "docx", "-o", str(out),
               *TODAY_ARGS).exit_code == 0
    table = docx.Document(str(out)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 16)]
    assert rows[0][1].startswith("Pima County Office of Emergency Management")
    assert "Incident command system" in rows[0][2]
    medical = next(r for r in rows if r[1].startswith("Pima County Office of the Medical"))
    assert "Death notification" in medical[2]
    # the 24-hour number is under the person's name, in bold
    person = table.rows[1].cells[3].paragraphs
    assert person[1].text.replace("\u2011", "-").replace("\xa0", " ") == "(520) 555-0203"
    assert all(run.bold for run in person[1].runs)


def test_the_markdown_call_sheet_has_a_leads_column_in_call_order() -> None:
    text = run("export", "roster", str(PIMA), "-f", "md", *TODAY_ARGS).stdout
    rows = [line for line in text.splitlines() if line.startswith("| ") and
            line.split("|")[1].strip().isdigit()]
    assert [r.split("|")[1].strip() for r in rows] == [str(n) for n in range(1, 16)]
    assert "| Call | Organization | Leads |" in text


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None
                    or not Path("/usr/share/fonts/truetype/dejavu").is_dir(),
                    reason="needs LibreOffice, pdfinfo and the DejaVu fonts")
@pytest.mark.parametrize(("widest", "members"), [(False, 25), (True, 20)],
                         ids=["carlito-25", "dejavu-fallback-20"])
def test_a_call_sheet_prints_on_one_page(tmp_path: Path, widest: bool, members: int) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    _committee_of(plan, members)
    out = tmp_path / "sheet.docx"
    assert run("export", "roster", str(plan), "-f", "docx", "-o", str(out),
               *TODAY_ARGS).exit_code == 0
    env = None
    if not widest and "Carlito" not in subprocess.run(["fc-list"], capture_output=True,
                                                      text=True).stdout:
        pytest.skip("Carlito (fonts-crosextra-carlito) is not installed")
    if widest:
        (tmp_path / "fonts.conf").write_text(_FONTS, encoding="utf-8")
        import os
        env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=240, env=env)
    if widest:
        fonts = subprocess.run(["pdffonts", str(tmp_path / "sheet.pdf")], capture_output=True,
                               text=True).stdout
        assert "DejaVu" in fonts and "Carlito" not in fonts
    assert _pages(tmp_path / "sheet.pdf") == 1
