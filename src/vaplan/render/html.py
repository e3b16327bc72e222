"""The summary and the roll-up as web pages: each one self-contained file (styles, chart and
script inside, nothing fetched), with every plan text made inert by text.html_text."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, Iterable

from vaplan.render.bundled import bundled_template
from vaplan.text import html_text

#: One look for every page: readable on a phone, printable on one sheet, no web fonts.
STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d7de; --blue: #1f5f99; --good: #e2efda;
  --part: #fff2cc; --bad: #f8d7da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 2rem; }
main.wide { max-width: none; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; color: #1f3a5f; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; color: #1f3a5f; }
.meta { color: var(--muted); margin: 0 0 .6rem; }
.note { font-style: italic; color: #1f3a5f; border-left: 3px solid var(--blue);
  padding: .2rem .6rem; margin: .4rem 0; }
.score { font-size: 1.25rem; margin: .6rem 0 .3rem; }
.score .label { color: var(--muted); }
.bar { height: .6rem; background: #eef1f4; border-radius: .3rem; overflow: hidden;
  margin-bottom: .8rem; }
.bar span { display: block; height: 100%; background: var(--blue); }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
thead th { background: #eef3fa; position: sticky; top: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.chart { margin: .2rem 0; }
.chart svg { width: 100%; height: auto; }
details { margin: .3rem 0; color: var(--muted); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
  gap: 0 2rem; }
ol, ul { padding-left: 1.4rem; margin: .2rem 0; }
li { margin-bottom: .25rem; }
li.expired { font-weight: 600; }
.more, .legend { color: var(--muted); font-size: .9rem; }
.problems { background: var(--part); padding: .3rem .6rem; }
footer { margin-top: 1.5rem; color: var(--muted); font-size: .8rem; font-style: italic; }
th button { background: none; border: 0; padding: 0; margin: 0; font: inherit; color: inherit;
  text-align: inherit; cursor: pointer; }
th button:focus-visible { outline: 2px solid var(--blue); }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.rollup { font-size: .85rem; }
.rollup thead th { vertical-align: bottom; }
.rollup tbody th { min-width: 9rem; }
.rollup th.section { max-width: 7rem; }
.rollup td.good { background: var(--good); }
.rollup td.part { background: var(--part); }
.rollup td.low, .rollup td.bad { background: var(--bad); }
.rollup td.step { min-width: 18rem; max-width: 32rem; }
.rollup tr.unreadable td { color: #8a1f1f; font-style: italic; }
@media (max-width: 95rem) { .rollup { font-size: .8rem; } .rollup th, .rollup td { padding: .3rem; }
  .rollup tbody th { min-width: 7rem; } .rollup td.step { min-width: 10rem; } }
@media print { thead th { position: static; } main { padding: 0; } details { display: none; }
  body { font-size: 11px; } th button::after { content: none !important; } }
"""

#: Sorts the roll-up's table by the column whose heading is clicked (again: the other way).
SORT_SCRIPT = """
(function () {
  var table = document.getElementById("rollup");
  if (!table) { return; }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (head, column) {
    var button = head.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var numeric = head.getAttribute("data-type") === "number";
      var up = head.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", up ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[column];
        if (!cell) { return numeric ? -Infinity : ""; }
        if (numeric) { return parseFloat(cell.getAttribute("data-value") || "-1"); }
        return cell.textContent.trim().toLowerCase();
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""


def content_policy(script: str = "") -> str:
    """The page's Content-Security-Policy: nothing loads from anywhere (no fetch, font, frame
    or form), styles only from the page itself, pictures only inline, and no script but the
    page's own (by its hash): if plan text ever got past html_text, it still could not run or
    call out."""
    import base64
    import hashlib

    policy = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        policy += f"; script-src 'sha256-{digest}'"
    return policy


def render_summary_html(summary: Any, chart_svg: str = "") -> str:
    """The summary as one web page; `chart_svg` is the trend chart (render.chart.trend_svg)."""
    from markupsafe import Markup

    context = {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)}
    return _render("summary.html.j2", {**context, "chart": Markup(chart_svg),
                                       "style": Markup(STYLE), "policy": content_policy()})


def render_rollup_html(title: str, today: str, rows: Iterable[Any], sections: Iterable[Any],
                       public_note: str = "", credit: str = "", public: bool = False) -> str:
    """The roll-up as one web page: one row per plan, its columns sortable."""
    from markupsafe import Markup

    rows = list(rows)
    return _render("rollup.html.j2", {
        "title": title, "today": today, "rows": rows, "sections": list(sections),
        "unreadable": sum(1 for r in rows if r.error), "public_note": public_note,
        "public": public,
        "credit": credit, "style": Markup(STYLE), "script": Markup(SORT_SCRIPT),
        "policy": content_policy("\n" + SORT_SCRIPT + "\n")})


def _render(name: str, context: dict[str, Any]) -> str:
    return _template(name, tuple(sorted(context))).render(context)


@lru_cache(maxsize=8)
def _template(name: str, names: tuple[str, ...]) -> Any:
    """A shipped page's template, compiled once per process (a roll-up renders thousands)."""
    from markupsafe import Markup

    from vaplan.render.environment import make_environment

    env = make_environment(names, autoescape=True, noun="the page")
    env.filters["h"] = lambda value: Markup(html_text(value))
    return env.from_string(bundled_template(name).decode("utf-8"))
