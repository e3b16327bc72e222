"""Check several plan directories at once, in parallel on all cores (a state office checking
every county's plan in one CI job)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from vaplan.check.checker import CheckResult, Overrides, check_plan
from vaplan.load.plan import PlanError
from vaplan.models import PlanModels

if TYPE_CHECKING:
    from concurrent.futures import Future

#: What the caller adds to each result in the worker (the checklist's progress, for JSON).
Summarize = Callable[[CheckResult], dict[str, int]]
#: One plan's outcome: its result, or the plain-words reason it could not be checked at all.
Outcome = CheckResult | str


def check_plans(plans: list[Path], today: date, overrides: Overrides | None = None,
                workers: int | None = None, summarize: Summarize | None = None
                ) -> list[Outcome]:
    """Check each plan, in the order given. One plan runs in this process; several run in a
    pool of worker processes, since checking is CPU-bound Python. `summarize` (a module-level
    function, so it reaches the workers) fills each result's `progress`."""
    if len(plans) == 1:
        return [_check_one(plans[0], today, overrides, False, summarize)]
    workers = workers or min(len(plans), os.cpu_count() or 1)
    if workers == 1:
        return [_check_one(p, today, overrides, False, summarize) for p in plans]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_check_one, p, today, overrides, True, summarize) for p in plans]
        return [_outcome(f, p) for f, p in zip(futures, plans)]


def _outcome(future: Future[Outcome], plan: Path) -> Outcome:
    """A worker's outcome; a worker that died (killed, out of memory) fails only its own plan."""
    try:
        return future.result()
    except Exception as err:  # noqa: BLE001  (one plan's fault must not hide the others)
        return _unexpected(plan, err)


def _unexpected(plan: Path, err: BaseException) -> str:
    """The plain-words outcome of a fault vaplan did not foresee while checking one plan."""
    return (f"vaplan stopped while checking {str(plan)!r} because of a fault it did not "
            f"expect ({type(err).__name__}); the other plans are checked as usual. Please "
            "report this with the plan file that causes it")


def _check_one(plan: Path, today: date, overrides: Overrides | None, slim: bool,
               summarize: Summarize | None) -> Outcome:
    try:
        result = check_plan(plan, today, overrides)
        if summarize is not None:
            result = replace(result, progress=summarize(result))
    except PlanError as err:
        return str(err)
    except (Exception, RecursionError, MemoryError) as err:  # noqa: BLE001
        return _unexpected(plan, err)  # one plan's fault must not hide the others' reports
    # The validated models, their facts and raw files stay in the worker: the reports need
    # only findings, and sending a 20,000-member plan's models between processes costs more
    # than it saves.
    return replace(result, plan=PlanModels(), raw=None, facts=None) if slim else result
