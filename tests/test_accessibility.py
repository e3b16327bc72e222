"""PDFs and Word documents everyone can read (issue 23): tagged PDFs titled with the community,
no text under 9 pt and no colour under WCAG AA's 4.5:1 contrast in any bundled Word template,
and a warning when the templates' font and its metric twin are both missing."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from conftest import PIMA, RIVERSIDE, ROOT, TODAY_ARGS, run
from vaplan.cli import pdf

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))


def _script(name: str):  # noqa: ANN202  the template script as a module
    sys.path.insert(0, str(ROOT / "templates"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "templates" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_contrast_formula_is_wcags() -> None:
    contrast = _script("make_checklist_docx").contrast
    assert contrast("000000") == pytest.approx(21.0)
    assert contrast("FFFFFF") == pytest.approx(1.0)
    assert contrast("4F81BD") == pytest.approx(4.03, abs=0.01)  # Word's Subtitle: too light
    assert contrast("767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey AA allows


def test_every_bundled_template_is_checked() -> None:
    assert {p.name for p in TEMPLATES} >= {"checklist.docx", "packet.docx", "kit.docx",
                                           "roster.docx", "improvement.docx"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_text_style_is_small_or_faint(template: Path) -> None:
    contrast = _script("make_checklist_docx").contrast
    document = Document(str(template))
    for style in document.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue  # table styles' colours sit on their own shading
        font = style.font
        assert font.size is None or font.size.pt >= 9, (style.name, font.size.pt)
        if font.color.type is not None and font.color.rgb is not None:
            assert contrast(str(font.color.rgb)) >= 4.5, (style.name, font.color.rgb)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_run_is_under_nine_points(template: Path) -> None:
    document = Document(str(template))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for size in part.iter(qn("w:sz")):
            assert int(size.get(qn("w:val"))) >= 18, template.name  # half-points
        for element in part.iter(qn("w:r")):
            colour = element.find(f"{qn('w:rPr')}/{qn('w:color')}")
            if colour is not None and colour.get(qn("w:val")) not in (None, "auto"):
                assert _script("make_checklist_docx").contrast(colour.get(qn("w:val"))) >= 4.5


# the font warning ----------------------------------------------------------------------------

def test_no_calibri_nor_carlito_is_warned_about_with_the_package_to_install() -> None:
    said = pdf.font_warning("DejaVu Sans\nLiberation Serif\n")
    assert said is not None and "fonts-crosextra-carlito" in said and "Carlito" in said
    assert pdf.font_warning("Carlito\nDejaVu Sans\n") is None
    assert pdf.font_warning("Calibri,Calibri Light\n") is None
    assert pdf.font_warning(None) is None  # no fontconfig (Windows, macOS): cannot tell


def test_the_installed_fonts_are_read_from_fc_list(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "fc-list"
    fake.write_text("#!/bin/sh\necho 'DejaVu Sans'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.installed_families() == "DejaVu Sans\n"
    fake.unlink()
    assert pdf.installed_families() is None


def test_pdf_output_warns_on_stderr_without_the_font(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "installed_families", lambda: "DejaVu Sans\n")
    monkeypatch.setattr(pdf, "libreoffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda data: b"%PDF-1.7 made here")
    out = tmp_path / "checklist.pdf"
    result = run("render", PIMA, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert "sudo apt-get install fonts-crosextra-carlito" in result.stderr
    monkeypatch.setattr(pdf, "installed_families", lambda: "Carlito\n")
    again = run("render", PIMA, "-o", tmp_path / "again.pdf", *TODAY_ARGS)
    assert again.exit_code == 0 and "Carlito" not in again.stderr


# real PDFs ------------------------------------------------------------------------------------

KINDS = [("render", "checklist", "Partnerships & Planning checklist"),
         ("render", "packet", "Planning committee meeting packet"),
         ("render", "response", ""), ("render", "recovery", ""),
         ("export", "roster", "")]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="needs LibreOffice and pdfinfo (poppler-utils)")
@pytest.mark.parametrize("command,kind,words", KINDS, ids=[k for _, k, _ in KINDS])
def test_every_pdf_is_tagged_and_titled_with_the_community(command: str, kind: str, words: str,
                                                           tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    args = (["render", RIVERSIDE, "--kind", kind] if command == "render" else
            ["export", kind, RIVERSIDE, "-f", "pdf"])
    result = run(*args, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert "City of Riverside, California" in fields["Title"]
    assert words in fields["Title"]
