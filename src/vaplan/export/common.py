"""Read a plan for the export commands: checked, with the files an export needs valid."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from vaplan.check.checker import CheckResult, check_plan
from vaplan.load.plan import PlanError


class ExportError(Exception):
    """The export cannot be made from this plan (a file it needs is missing or invalid)."""


def checked_plan(directory: Path, today: date, needs: tuple[str, ...] = ("vaplan",)
                 ) -> CheckResult:
    """Check the plan; raise ExportError when a file in `needs` is missing or any file that is
    present has errors, since an export that silently left them out would mislead."""
    try:
        result = check_plan(Path(directory), today)
    except PlanError as err:
        raise ExportError(str(err)) from err
    # A file present but unreadable (a link out of the plan, a pipe) counts like one with errors.
    broken = sorted(result.unusable_files)
    if broken:
        raise ExportError(f"{', '.join(broken)} {'has' if len(broken) == 1 else 'have'} errors; "
                          "`vaplan check` shows them. Fix them first, so nothing is left out")
    missing = [f"{stem}.yaml" for stem in needs if not result.plan.has(stem)]
    if missing:
        raise ExportError(f"{', '.join(missing)} is missing from the plan; this export needs it")
    return result


def slug(text: str) -> str:
    """Lower-case letters and digits joined by -, for ids made from names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "plan"


#: A phone number as normalize_phone writes it (+1 520-555-0101 ext. 12): data vaplan made,
#: digits only, so a spreadsheet cannot run it even though it starts with +.
_PHONE = re.compile(r"\+\d{1,3} \d[\d -]*( ext\. \d+)?")


#: A formula's start after a character some spreadsheet splits cells at (`;` where the decimal
#: mark is a comma, `,`, tab, `|`): = or @, or + or - followed by more than a space (a phone
#: number as vaplan writes it is data, and "a; - b" is a list).
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t|]\s*)(?=[=@]|[+-](?!\d{1,3} \d)\S)")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, however it splits the line: a ' goes before a
    formula's start (a formula can fetch or run things), as OWASP advises, wherever a cell
    could begin:

    - at the start of the cell: = + - @ tab or CR (a phone number as vaplan writes it, +1
      520-555-0101, is left as it is);
    - after each , ; tab or | and any spaces: = or @, or + or - followed by more than a space
      (a spreadsheet set for a `;` locale splits "Org;=HYPERLINK(...)" into two cells).

    Text is already one clean line."""
    value = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    if value.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PHONE.fullmatch(value):
        return "'" + value
    return value
