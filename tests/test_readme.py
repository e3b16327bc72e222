"""The README shows real output: its listing of the gappy example equals what vaplan prints."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from conftest import ROOT
from vaplan.cli.main import app


def test_readme_example_output_is_the_real_output(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- example-output:start -->\n```\n\$ vaplan (.*?)\n(.*?)```\n"
                      r"<!-- example-output:end -->", readme, re.S)
    assert block, "README.md lost its example-output block"
    args, shown = block.group(1).split(), block.group(2)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout == shown


def test_readme_opens_with_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", (ROOT / "README.md").read_text("utf-8"))[:3]
    assert "pip install ." in commands[0] and "vaplan check examples/" in commands[0]
    assert "'.[test]'" in commands[1] and "pytest" in commands[1] and "mypy" in commands[1]
    assert "ruff check" in commands[1]
    assert commands[2] == 'python -m pytest -m "not slow"'  # the quick run, beside the full one
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "\nmypy\n" in ci and "\nruff check\n" in ci and "\npython -m pytest\n" in ci
    assert "benchmarks/run.py --quick" in ci
