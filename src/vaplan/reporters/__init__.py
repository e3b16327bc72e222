"""Reporters: plain functions from a CheckResult to text, one module per format, in one dict."""

from __future__ import annotations

from typing import Callable

from vaplan.checker import CheckResult
from vaplan.reporters.github import render_github
from vaplan.reporters.json_ import finding_dict, render_json
from vaplan.reporters.junit import render_junit
from vaplan.reporters.sarif import render_sarif
from vaplan.reporters.text import iter_text_lines, place, render_text, summary_line

__all__ = ["REPORTERS", "finding_dict", "iter_text_lines", "place", "render_github",
           "render_json", "render_junit", "render_sarif", "render_text", "summary_line"]

REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}
