"""The summary's trend chart, drawn by matplotlib without a browser or a display: SVG for the
HTML page, PNG for Word and PDF (Word shows no SVG without a PNG beside it).

matplotlib is imported here only, inside the functions, so no other command pays its start-up
(about 0.7 s and 70 MB on the machine it was measured on; see README "The summary's chart").
The same points always give the same bytes.
"""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from vaplan.checklist.trend import Point

#: The chart's size in inches: the width of a page's text, under a fifth of its height (the one page
#: keeps room for five long next steps).
_SIZE = (6.4, 1.45)
#: At most this many labels under the chart, so they never overlap.
_MAX_LABELS = 8
_BLUE = "#1f5f99"


def trend_svg(points: Sequence[Point], title: str = "Readiness over time") -> str:
    """The chart as an SVG element (no XML declaration or DOCTYPE), for inline use in HTML."""
    out = io.BytesIO()
    _figure(points, title).savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue().decode("utf-8")
    # The page needs neither the XML prologue nor matplotlib's credits (which hold a link).
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text[text.index("<svg"):], flags=re.S)
    label = html.escape(_description(points, title), quote=True)
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _description(points: Sequence[Point], title: str) -> str:
    """The chart in words, for a screen reader."""
    known = [p for p in points if p.percent is not None]
    if not known:
        return f"{title}: no readiness known"
    return (f"{title}: {known[0].percent}% on {known[0].day}, {known[-1].percent}% on "
            f"{known[-1].day}")


def trend_png(points: Sequence[Point], title: str = "Readiness over time") -> bytes:
    """The chart as a PNG image sharp enough to print."""
    out = io.BytesIO()
    _figure(points, title).savefig(out, format="png", dpi=200,
                                   metadata={"Software": None})
    return out.getvalue()


def _figure(points: Sequence[Point], title: str) -> Figure:
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "vaplan"  # ids in the SVG are the same each run
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    matplotlib.rcParams["text.parse_math"] = False  # a tag named "$x$" is text, not math
    matplotlib.rcParams["text.usetex"] = False
    from matplotlib.figure import Figure

    figure = Figure(figsize=_SIZE, layout="constrained")
    axes = figure.add_subplot()
    xs = list(range(len(points)))
    ys = [float("nan") if p.percent is None else float(p.percent) for p in points]
    axes.plot(xs, ys, color=_BLUE, marker="o", markersize=4, linewidth=2)
    axes.fill_between(xs, ys, color=_BLUE, alpha=0.08)
    known = [(x, p.percent) for x, p in zip(xs, points) if p.percent is not None]
    if known:
        x, percent = known[-1]
        axes.annotate(f"{percent}%", (x, percent), textcoords="offset points", xytext=(0, 7),
                      ha="center", fontsize=9, fontweight="bold", color=_BLUE)
    axes.set_ylim(0, 110)
    axes.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=8)
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    step = max(1, -(-len(points) // _MAX_LABELS))
    shown = [x for x in xs if (len(xs) - 1 - x) % step == 0]
    axes.set_xticks(shown, _labels([points[x] for x in shown]), fontsize=7)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _labels(points: Sequence[Point]) -> list[str]:
    """The labels under the chart's ticks: a day once, at its first point (several commits on
    one day would otherwise print the same date again and again); a meeting tag always."""
    labels, last = [], None
    for point in points:
        label = _label(point)
        labels.append("" if label == last else label)
        last = label
    return labels


def _label(point: Point) -> str:
    """The day under a point, and the meeting tag's name when the point is a tag (a commit's
    hash means nothing to a committee); a long tag name cut short, so labels never run into
    each other."""
    import re

    from vaplan.text import one_line, short

    if re.fullmatch(r"[0-9a-f]{7,40}", point.revision):
        return point.day
    return f"{point.day}\n{short(one_line(point.revision), 14)}"


def placeholder_png() -> bytes:
    """The picture the Word template holds where the chart goes (one white pixel); rendering
    puts the chart in its place (with_chart)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff", 9)) + chunk(b"IEND", b""))


def with_chart(docx: bytes, png: bytes) -> bytes:
    """The Word document with the chart in place of every placeholder picture (a template
    without one is left as it is)."""
    import zipfile

    marker = placeholder_png()
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("word/media/") and data == marker:
                data = png
            target.writestr(info, data)
    return out.getvalue()
