"""One report for several plans: each plan's findings under its plan, one combined summary."""

from __future__ import annotations

from collections import Counter
from typing import Callable

from vaplan.check.checker import CheckResult
from vaplan.reporters.common import shown_safely
from vaplan.reporters.text import summary_line
from vaplan.text import without_bidi


def combined_counts(results: list[CheckResult]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for result in results:
        total.update(result.counts())
    return {key: total.get(key, 0) for key in ("error", "warning", "info", "waived")}


def _text(results: list[CheckResult], parts: list[str]) -> str:
    counts = combined_counts(results)
    words = ", ".join(f"{counts[k]} {k}{'s' if counts[k] != 1 and k != 'waived' else ''}"
                      for k in ("error", "warning", "info", "waived"))
    heads = [f"== {shown_safely(str(r.directory))} ==\n{part}" for r, part in zip(results, parts)]
    return "\n".join(heads) + f"\n{len(results)} plans: {words}\n"


def _json(results: list[CheckResult], parts: list[str]) -> str:
    import json  # here, as in every format below: the plain check reads only text

    plans = [json.loads(part) for part in parts]
    summary = {**combined_counts(results), "plans": len(results)}
    return without_bidi(json.dumps({"plans": plans, "summary": summary}, indent=2,
                                   ensure_ascii=False)) + "\n"


def _sarif(results: list[CheckResult], parts: list[str]) -> str:
    """One run for all the plans: one invocation per plan, every result with its plan's path.

    GitHub's upload refuses runs that share a category (and more than 20 runs at all); the
    plans are checked by one tool with one set of rules, so they are one run.
    """
    import json

    logs = [json.loads(part) for part in parts]
    runs = [log["runs"][0] for log in logs]
    merged = runs[0]
    merged["invocations"] = [invocation for run in runs for invocation in run["invocations"]]
    merged["results"] = [entry for run in runs for entry in run["results"]]
    return without_bidi(json.dumps(logs[0], indent=2, ensure_ascii=False)) + "\n"


def _junit(results: list[CheckResult], parts: list[str]) -> str:
    from xml.etree.ElementTree import fromstring, indent, tostring

    roots = [fromstring(part.encode()) for part in parts]
    merged = roots[0]
    for root in roots[1:]:
        merged.extend(root.findall("testsuite"))
    for key in ("tests", "failures", "errors", "skipped"):
        merged.set(key, str(sum(int(s.get(key, 0)) for s in merged.findall("testsuite"))))
    merged.set("time", f"{sum(float(s.get('time', 0)) for s in merged.findall('testsuite')):.3f}")
    indent(merged)
    return tostring(merged, encoding="unicode", xml_declaration=True) + "\n"


def _codequality(results: list[CheckResult], parts: list[str]) -> str:
    import json

    issues = [issue for part in parts for issue in json.loads(part)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _github(results: list[CheckResult], parts: list[str]) -> str:
    return "".join(parts)


COMBINERS: dict[str, Callable[[list[CheckResult], list[str]], str]] = {
    "text": _text, "json": _json, "sarif": _sarif, "junit": _junit, "github": _github,
    "codequality": _codequality,
}


def render_many(fmt: str, results: list[CheckResult],
                render: Callable[[CheckResult], str]) -> str:
    """`render` each plan's result, then join them the way the format allows."""
    parts = [render(result) for result in results]
    if len(results) == 1:
        return parts[0]
    return COMBINERS[fmt](results, parts)


__all__ = ["COMBINERS", "combined_counts", "render_many", "summary_line"]
