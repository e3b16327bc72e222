"""The source distribution carries the license and everything its own tests need.

Builds the sdist from a copy of the checkout, unpacks it outside the checkout and runs the rule
cases and the example-plan tests there against the sdist's own source, so a packager (a Linux
distribution, conda-forge) can test what they ship. Slow: it builds a package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    work = tmp_path_factory.mktemp("sdist")
    source = work / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist",
                                    ".hypothesis", ".pytest_cache", ".git")
    shutil.copytree(ROOT, source, ignore=ignore)
    done = subprocess.run([sys.executable, "-m", "build", "--sdist", "-o", str(work / "dist"),
                           str(source)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and "Could not find a version" in done.stderr + done.stdout:
        pytest.skip("the build backend (setuptools) cannot be installed here")
    assert done.returncode == 0, done.stderr[-2000:]
    [archive] = (work / "dist").glob("vaplan-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(work / "unpacked", filter="data")
    [top] = (work / "unpacked").iterdir()
    return top


def test_sdist_holds_the_license_tests_data_and_examples(unpacked: Path) -> None:
    assert "MIT License" in (unpacked / "LICENSE").read_text(encoding="utf-8")
    metadata = (unpacked / "PKG-INFO").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()
    for needed in ("tests/conftest.py", "tests/rules/VP502.yaml", "tests/data/ci-plan/vaplan.yaml",
                   "tests/data/schemas/sarif-schema-2.1.0.json", "examples/pima-county/vaplan.yaml",
                   "examples/ci/github-actions.yml", "templates/checklist.docx", "schemas"):
        assert (unpacked / needed).exists(), f"{needed} is not in the sdist"
    assert not list(unpacked.rglob("__pycache__"))


def test_the_sdists_own_tests_run_against_its_own_source(unpacked: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(unpacked / "src")}
    where = subprocess.run([sys.executable, "-c", "import vaplan; print(vaplan.__file__)"],
                           cwd=unpacked, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(unpacked)), where.stdout
    done = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider",
                           "tests/test_rule_cases.py", "tests/test_examples.py"],
                          cwd=unpacked, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
