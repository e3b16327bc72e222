"""The wheel ships templates/ and everything in src/vaplan, and renders from a fresh venv.

Builds the wheel from a copy of the source (so the checkout gets no build/ or egg-info), installs
it into a new virtual environment outside the checkout, and runs `vaplan render` there in both
formats. The new venv borrows this interpreter's installed dependencies through a .pth file
instead of downloading them, so only the build itself needs setuptools (pip fetches or reuses
it for the isolated build).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from conftest import ROOT
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.render import render_markdown

#: Builds packages or runs pre-commit in fresh environments: seconds each.
pytestmark = pytest.mark.slow

PLAN = ROOT / "examples" / "riverside-city"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src", "templates")


def _packages_in_pyproject() -> list[str]:
    tomllib = pytest.importorskip("tomllib")
    with (ROOT / "pyproject.toml").open("rb") as stream:
        return tomllib.load(stream)["tool"]["setuptools"]["packages"]


def test_every_package_is_listed_in_pyproject() -> None:
    src = ROOT / "src"
    found = sorted(".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py"))
    listed = _packages_in_pyproject()
    missing = sorted(set(found) - set(listed))
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    assert "vaplan.templates" in listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(work / "dist"), str(source)], check=True, capture_output=True,
                   timeout=600)
    [built] = (work / "dist").glob("vaplan-*.whl")
    return built


def test_wheel_holds_the_templates_and_every_source_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"vaplan/templates/checklist.md.j2", "vaplan/templates/checklist.docx",
            "vaplan/templates/packet.md.j2", "vaplan/templates/packet.docx"} <= names
    shipped = {f"vaplan/{p.relative_to(ROOT / 'src' / 'vaplan').as_posix()}"
               for p in (ROOT / "src" / "vaplan").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped <= names, f"not in the wheel: {sorted(shipped - names)}"


def test_wheel_carries_the_license_and_says_which(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [license_file] = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert "MIT License" in archive.read(license_file).decode("utf-8")
        [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode("utf-8").splitlines()
    assert "License-Expression: MIT" in lines
    assert any(line.startswith("Classifier: Programming Language :: Python :: 3.13") for line in lines)
    assert any(line.startswith("Project-URL: ") for line in lines)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the wheel installed; returns its python."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"], check=True,
                             capture_output=True, text=True).stdout.strip()
    # Dependencies come from this interpreter's site-packages; its .pth files (an editable
    # vaplan among them) are not processed, so only the wheel's vaplan is importable.
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "zz_test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(purelib)
    scripts = python.parent
    launcher = scripts / "vaplan"
    launcher.write_text(f"#!{python}\nimport sys\nfrom vaplan.cli.main import main\nsys.exit(main())\n")
    launcher.chmod(0o755)
    return python


def test_renders_both_formats_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed), "-c", "import vaplan, importlib.resources as r; print(vaplan.__file__); "
         "print(r.files('vaplan.templates').joinpath('checklist.docx'))"],
        cwd=tmp_path, check=True, capture_output=True, text=True).stdout.splitlines()
    prefix = str(installed.parent.parent)
    assert all(line.startswith(prefix) for line in where), where
    vaplan = installed.parent / "vaplan"
    for name in ("checklist.md", "checklist.docx"):
        done = subprocess.run([str(vaplan), "render", str(PLAN), "-o", name, "--today",
                               "2026-11-28"], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    expected = render_markdown(build_checklist(check_plan(PLAN, date(2026, 11, 28))))
    assert (tmp_path / "checklist.md").read_text(encoding="utf-8") == expected
    document = docx.Document(io.BytesIO((tmp_path / "checklist.docx").read_bytes()))
    assert document.paragraphs[0].text == "Partnerships & Planning checklist"
    assert len(document.tables) >= 8
