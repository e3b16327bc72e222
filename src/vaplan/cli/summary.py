"""The summary's bytes in each format but Markdown, for `vaplan render --kind summary` and
`vaplan rollup -o DIR`: the chart drawn once and put where the format wants it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def summary_bytes(summary: Any, fmt: str, template: Path | None = None) -> bytes:
    """The summary as `fmt` (docx, pdf, json or html); a PDF is the Word document, converted
    later by the caller. Raises TemplateProblem for a broken Word template."""
    from vaplan.checklist.summary import summary_data

    if fmt == "json":
        return (json.dumps(summary_data(summary), ensure_ascii=False, indent=2)
                + "\n").encode("utf-8")
    if fmt == "html":
        from vaplan.render.chart import trend_svg
        from vaplan.render.html import render_summary_html

        chart = trend_svg(summary.history) if summary.history else ""
        return render_summary_html(summary, chart).encode("utf-8")
    from vaplan.render import render_docx
    from vaplan.render.chart import trend_png, with_chart

    data = render_docx(summary, template)
    return with_chart(data, trend_png(summary.history)) if summary.history else data
