"""Check several plan directories at once, in parallel on all cores (a state office checking
every county's plan in one CI job)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from vaplan.checker import CheckResult, Overrides, check_plan
from vaplan.plan import PlanError

#: One plan's outcome: its result, or the plain-words reason it could not be checked at all.
Outcome = CheckResult | str


def check_plans(plans: list[Path], today: date, overrides: Overrides | None = None,
                workers: int | None = None) -> list[Outcome]:
    """Check each plan, in the order given. One plan runs in this process; several run in a
    pool of worker processes, since checking is CPU-bound Python."""
    if len(plans) == 1:
        return [_check_one(plans[0], today, overrides, slim=False)]
    workers = workers or min(len(plans), os.cpu_count() or 1)
    if workers == 1:
        return [_check_one(p, today, overrides, slim=False) for p in plans]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_check_one, p, today, overrides, True) for p in plans]
        return [f.result() for f in futures]


def _check_one(plan: Path, today: date, overrides: Overrides | None, slim: bool) -> Outcome:
    try:
        result = check_plan(plan, today, overrides)
    except PlanError as err:
        return str(err)
    # The validated models and raw files stay in the worker: the reports need only findings,
    # and sending a 20,000-member plan's models between processes costs more than it saves.
    return replace(result, models={}, raw=None) if slim else result
