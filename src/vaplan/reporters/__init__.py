"""Reporters: plain functions from a CheckResult to text, one module per format, in one dict.

Each format's module is imported only when that format is asked for: `vaplan check` in CI
should not pay for XML and SARIF machinery it does not print.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from vaplan.check.checker import CheckResult

#: format name -> (module, function)
_WHERE = {
    "text": ("vaplan.reporters.text", "render_text"),
    "json": ("vaplan.reporters.json_", "render_json"),
    "github": ("vaplan.reporters.github", "render_github"),
    "sarif": ("vaplan.reporters.sarif", "render_sarif"),
    "junit": ("vaplan.reporters.junit", "render_junit"),
    "codequality": ("vaplan.reporters.codequality", "render_codequality"),
}
_NAMES = {function: module for module, function in _WHERE.values()} | {
    "finding_dict": "vaplan.reporters.json_", "iter_text_lines": "vaplan.reporters.text",
    "place": "vaplan.reporters.text", "summary_line": "vaplan.reporters.text"}


def _lazy(module: str, function: str) -> Callable[[CheckResult], str]:
    def render(result: CheckResult, **options: Any) -> str:
        return getattr(import_module(module), function)(result, **options)

    render.__name__ = function
    return render


REPORTERS: dict[str, Callable[..., str]] = {
    name: _lazy(module, function) for name, (module, function) in _WHERE.items()}


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'vaplan.reporters' has no attribute {name!r}")


__all__ = ["REPORTERS", *_NAMES]
