"""Many plans side by side (`vaplan rollup`): one row per community, for a state's victim
assistance administrator or a regional coordinator. Each plan is checked and summarised in a
worker process, as `vaplan check A B C` checks them; a plan that cannot be read is a row that
says so, never a failed run.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from vaplan.export.common import csv_cell, slug
from vaplan.text import one_line

if TYPE_CHECKING:
    from concurrent.futures import Future

    from vaplan.checklist.summary import Summary

#: A section's cell is "good" from this percent, "part" from LOW, "low" below it.
GOOD, LOW = 100, 50


@dataclass(frozen=True)
class Column:
    """A section of the checklist as a roll-up column."""

    id: str
    title: str
    #: the heading over a narrow column
    short: str


@dataclass(frozen=True)
class Cell:
    """One section of one plan: items ready (met, confirmed or waived) of those that apply."""

    ready: int
    applicable: int
    percent: int | None

    @property
    def text(self) -> str:
        return f"{self.ready} of {self.applicable}" if self.applicable else "—"

    @property
    def level(self) -> str:
        if self.percent is None:
            return ""
        return "good" if self.percent >= GOOD else "part" if self.percent >= LOW else "low"


@dataclass(frozen=True)
class Row:
    """One community: its readiness, each section, and what a coordinator asks about first."""

    plan: str
    community: str
    percent: int | None = None
    ready: int = 0
    applicable: int = 0
    sections: tuple[Cell, ...] = ()
    expired: int = 0
    days_since_exercise: int | None = None
    next_meeting: str = ""
    step: str = ""
    problem_count: int = 0
    #: why the plan could not be read ("" when it was)
    error: str = ""
    #: the plan's own summary page, relative to the index (a folder roll-up only)
    link: str = ""


@dataclass(frozen=True)
class Rollup:
    """Every row, in the order the plans were given, and the columns of the sections."""

    today: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    public: bool = False
    #: file name -> bytes of each plan's summary page (a folder roll-up only)
    pages: dict[str, bytes] | None = None


def columns() -> tuple[Column, ...]:
    """The checklist's sections, in the catalogue's order."""
    from vaplan.catalogue import catalogue

    return tuple(Column(s.id, s.title, s.id.replace("-", " ").capitalize())
                 for s in catalogue().sections)


def build_rollup(plans: list[Path], today: date, public: bool = False, pages: bool = False,
                 workers: int | None = None, advance: Callable[[], None] | None = None
                 ) -> Rollup:
    """The roll-up of `plans` as of `today`; with `pages`, each plan's summary page too (its
    trend read from git). `advance` is called once per plan done, for a progress bar."""
    cols = columns()
    jobs = [(str(p), today, public, pages, tuple(c.id for c in cols)) for p in plans]
    outcomes = list(_run(jobs, workers, advance))
    rows: list[Row] = []
    files: dict[str, bytes] = {}
    for row, page in outcomes:
        if page is not None:
            name = _unique(f"{slug(row.community)}.html", files)
            files[name] = page
            row = _with_link(row, name)
        rows.append(row)
    return Rollup(today.isoformat(), cols, tuple(rows), public, files if pages else None)


Job = tuple[str, date, bool, bool, tuple[str, ...]]
Outcome = tuple[Row, bytes | None]


def _run(jobs: list[Job], workers: int | None, advance: Callable[[], None] | None
         ) -> Iterable[Outcome]:
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        for job in jobs:
            yield _summarise(job)
            if advance:
                advance()
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_summarise, job) for job in jobs]
        if advance:
            for _ in as_completed(futures):
                advance()
        for future, job in zip(futures, jobs):
            yield _outcome(future, job)


def _outcome(future: Future[Outcome], job: Job) -> Outcome:
    """A worker's row; a worker that died (killed, out of memory) fails only its own row."""
    from vaplan.check.many import _unexpected

    try:
        return future.result()
    except Exception as err:  # noqa: BLE001  (one plan's fault must not hide the others)
        return _broken(job[0], _unexpected(Path(job[0]), err)), None


def _summarise(job: Job) -> Outcome:
    """One plan's row (and summary page), in a worker."""
    plan, today, public, page, section_ids = job
    from vaplan.check.checker import check_plan
    from vaplan.check.many import _unexpected
    from vaplan.checklist.summary import build_summary
    from vaplan.load.plan import PlanError
    from vaplan.public import PeopleUnknown

    try:
        result = check_plan(Path(plan), today)
        history = None
        if page:
            from vaplan.checklist.trend import plan_history

            history = plan_history(Path(plan))
        summary = build_summary(result, history, public=public)
        html = _page(summary) if page else None
    except (PlanError, PeopleUnknown) as err:  # the public row of a plan whose people
        return _broken(plan, str(err)), None    # cannot be read says so, in plain words
    except (Exception, RecursionError, MemoryError) as err:  # noqa: BLE001
        return _broken(plan, _unexpected(Path(plan), err)), None
    return row_of(plan, summary, section_ids), html


def _page(summary: Summary) -> bytes:
    from vaplan.render.chart import trend_svg
    from vaplan.render.html import render_summary_html

    chart = trend_svg(summary.history) if summary.history else ""
    return render_summary_html(summary, chart).encode("utf-8")


def row_of(plan: str, summary: Summary, section_ids: tuple[str, ...]) -> Row:
    """The roll-up's row of one plan's summary."""
    by_id = {s.id: s.score for s in summary.sections}
    cells = tuple(Cell(s.ready, s.applicable, s.percent) if (s := by_id.get(i)) else
                  Cell(0, 0, None) for i in section_ids)
    meeting = summary.next_meeting
    return Row(
        plan=plan, community=summary.community, percent=summary.score.percent,
        ready=summary.score.ready, applicable=summary.score.applicable, sections=cells,
        expired=summary.expired,
        days_since_exercise=summary.last_exercise.days if summary.last_exercise else None,
        next_meeting=f"{meeting.day} ({meeting.when})" if meeting else "",
        step=summary.steps[0].text if summary.steps else "",
        problem_count=summary.problem_count)


def _broken(plan: str, why: str) -> Row:
    return Row(plan=plan, community=Path(plan).name or plan, error=why)


def _with_link(row: Row, name: str) -> Row:
    from dataclasses import replace

    return replace(row, link=name)


def _unique(name: str, taken: dict[str, bytes]) -> str:
    stem, suffix = name.rsplit(".", 1)
    number = 2
    while name in taken or name == "index.html":
        name = f"{stem}-{number}.{suffix}"
        number += 1
    return name


# output --------------------------------------------------------------------------------------

def to_csv(rollup: Rollup) -> bytes:
    """One row per plan, for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
    accents), every text cell guarded against formulas, each section as two number columns."""
    header = ["community", "plan", "readiness_percent", "met", "applicable"]
    for column in rollup.columns:
        header += [f"{column.id}_met", f"{column.id}_applicable"]
    header += ["agreements_expired", "days_since_last_exercise", "next_meeting"]
    if not rollup.public:
        header.append("first_next_step")
    header += ["plan_file_problems", "could_not_be_read"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rollup.rows:
        cells: list[object] = [row.community, row.plan]
        if row.error:
            cells += [""] * (len(header) - 3) + [row.error]
        else:
            cells += [_number(row.percent), row.ready, row.applicable]
            for cell in row.sections:
                cells += [cell.ready, cell.applicable]
            cells += [row.expired, _number(row.days_since_exercise), row.next_meeting]
            if not rollup.public:
                cells.append(row.step)
            cells += [row.problem_count, ""]
        writer.writerow([csv_cell(one_line(str(c))) for c in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_html(rollup: Rollup, title: str = "Victim assistance plans side by side") -> bytes:
    """The roll-up as one self-contained web page, its columns sortable."""
    from vaplan.checklist.words import CREDIT
    from vaplan.public import personal_fields_note
    from vaplan.render.html import render_rollup_html

    note = ""
    if rollup.public:
        from vaplan.checklist.summary import WEAKNESSES_NOTE
        from vaplan.models import FILE_MODELS

        note = f"{personal_fields_note(list(FILE_MODELS.values()))} {WEAKNESSES_NOTE}"
    return render_rollup_html(title, rollup.today, rollup.rows, rollup.columns, note,
                              CREDIT, public=rollup.public).encode("utf-8")


def _number(value: int | None) -> object:
    return "" if value is None else value
