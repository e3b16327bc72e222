"""The summary as people see it: the Word summary of each example prints on one page (Word to PDF
by LibreOffice, pages counted by pdfinfo), and the summary and roll-up pages show in a real
headless browser (Chromium). Slow; each skips when its program is absent."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, PIMA, RIVERSIDE, ROOT, TODAY_ARGS, run

PLANS = [PIMA, RIVERSIDE, EXAMPLES / "orlando-florida", ROOT / "src" / "vaplan" / "data" / "example"]
IDS = ["pima", "riverside", "orlando", "bundled"]


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser",
                                                "google-chrome")) if p), None)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice or pdfinfo is not installed")
@pytest.mark.parametrize("plan", PLANS, ids=IDS)
def test_the_summary_prints_on_one_page(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    result = run("render", plan, "--kind", "summary", "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert "Pages:           1\n" in info, info


def _screenshot(page: Path, shot: Path, tmp_path: Path, width: int) -> None:
    browser = _chromium()
    assert browser
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},1400",
                    f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=False, cwd=tmp_path)
    assert shot.is_file(), "Chromium wrote no screenshot"


def _inked(shot: Path) -> float:
    """The share of the screenshot's pixels that are not white: a blank page has none."""
    image = pytest.importorskip("PIL.Image").open(shot).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("plan", PLANS, ids=IDS)
def test_the_summary_page_shows_in_chromium(plan: Path, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    assert run("render", plan, "--kind", "summary", "-o", page, *TODAY_ARGS).exit_code == 0
    shot = tmp_path / "summary.png"
    _screenshot(page, shot, tmp_path, 1000)
    assert _inked(shot) > 0.02


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_the_rollup_page_shows_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "rollup.html"
    plans = [*sorted(p for p in EXAMPLES.iterdir() if (p / "vaplan.yaml").is_file()),
             tmp_path / "missing"]
    assert run("rollup", *plans, "-o", page, *TODAY_ARGS).exit_code == 0
    shot = tmp_path / "rollup.png"
    _screenshot(page, shot, tmp_path, 1400)
    assert _inked(shot) > 0.02


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("width", [1200, 1400])
def test_the_rollup_table_fits_a_laptop_window(width: int, tmp_path: Path) -> None:
    """The roll-up's twelve columns ran 230 pixels past a 1200-pixel window, the first next
    step cut off at the edge: on a window narrower than 95rem the table sets its text a little
    smaller and the step's column narrower, so every column shows without scrolling sideways.
    The page's width is read by a line of script added to a copy (the page's own policy lets
    only its sorting script run)."""
    page = tmp_path / "rollup.html"
    plans = sorted(p for p in EXAMPLES.iterdir() if (p / "vaplan.yaml").is_file())
    assert run("rollup", *plans, "-o", page, *TODAY_ARGS).exit_code == 0
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                  page.read_text(encoding="utf-8"))
    probe = tmp_path / "probe.html"
    probe.write_text(text.replace("</body>", '<script>document.body.setAttribute("data-width",'
                                  ' document.documentElement.scrollWidth);</script></body>'),
                     encoding="utf-8")
    browser = _chromium()
    assert browser
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
                          f"--user-data-dir={tmp_path / 'profile'}",
                          f"--window-size={width},900", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False,
                         cwd=tmp_path).stdout
    found = re.search(r'data-width="(\d+)"', dom)
    assert found, "Chromium gave no page width"
    assert int(found.group(1)) <= width
