"""Check several plan directories at once, in parallel on all cores (a state office checking
every county's plan in one CI job)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable

from vaplan.check.checker import CheckResult, Overrides, check_plan
from vaplan.load.plan import PlanError

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
        return [f.result() for f in futures]


def _check_one(plan: Path, today: date, overrides: Overrides | None, slim: bool,
               summarize: Summarize | None) -> Outcome:
    try:
        result = check_plan(plan, today, overrides)
    except PlanError as err:
        return str(err)
    if summarize is not None:
        result = replace(result, progress=summarize(result))
    # The validated models, their facts and raw files stay in the worker: the reports need
    # only findings, and sending a 20,000-member plan's models between processes costs more
    # than it saves.
    return replace(result, models={}, raw=None, facts=None) if slim else result
