"""Rules found while reading and validating files (VP001-VP004, VP007, VP008); the loader and
the schema report them, so they have documentation here but no check function."""

from __future__ import annotations

from vaplan.findings import Severity
from vaplan.models import REQUIRED_FILES
from vaplan.rules.registry import Rule, add


def _doc(code: str, name: str, severity: str, hint: str, doc: str) -> None:
    add(Rule(code, name, Severity(severity), doc.strip("\n"), hint,
             always_on=code in ALWAYS_ON))


#: Findings that mean a file or a value could not be read: never ignored, waived or lowered.
ALWAYS_ON = {"VP001", "VP002", "VP003", "VP004", "VP008"}


def always_on(code: str, file: str) -> bool:
    """True when a finding of `code` about `file` cannot be ignored, waived or lowered.

    Besides the always-on rules, VP007 about a required file (vaplan.yaml, committee.yaml):
    a plan without its committee is no plan, and `ignore: [VP007]` must not make it pass.
    VP007 about an optional file stays a setting the committee may choose."""
    return code in ALWAYS_ON or (code == "VP007" and file in REQUIRED_FILES)


_doc("VP001", "yaml-syntax", "error", "fix the YAML at this line and column", """\
A plan file is not valid YAML text.

Why it matters:
    A file vaplan cannot read is a part of the plan nobody can check or print. A committee that
    finds out at a meeting, or during an incident, that its contact list does not open has lost
    the time the toolkit asks it to save by planning ahead. The finding points at the line and
    column of the fault; tabs, unclosed quotes, invalid UTF-8 and binary files all end here.
    The mistakes people make typing by hand are named, at the line to edit: a `[]` or `{}`
    left after a key when entries were added below it, an apostrophe inside single quotes
    ('Children''s Hospital' is how it is written), a colon in a value that is not in quotes,
    and a key or list item indented differently from the lines above it.

Fails:
    members:
    	- id: pima-sheriff

Passes:
    members:
      - id: pima-sheriff
""")

_doc("VP002", "schema", "error", "give the value the form the plan format asks for", """\
A value has the wrong type or form, or a required field is missing.

Why it matters:
    vaplan can only check what it can understand: a date written "next spring", a sector of
    "non-profit" or a member without a representative keeps the checks that need them from
    running, and the checklist from showing who is responsible. Unknown vocabulary values say
    "did you mean" when a close one exists, and list the allowed words or name the command
    that does (`vaplan vocabulary disciplines`); a mistyped date says what is wrong with it
    (a dash that is not a hyphen, a day the month does not have).

Fails:
    members:
      - id: pima-legal
        organization: Southern Arizona Legal Aid
        disciplines: [legal_service]
        sector: non-profit

Passes:
    members:
      - id: pima-legal
        organization: Southern Arizona Legal Aid
        disciplines: [legal_services]
        sector: nonprofit
""")

_doc("VP003", "unknown-key", "error", "correct the key's spelling or remove it", """\
A key the plan format does not know.

Why it matters:
    A misspelled key is silently ignored by most tools: "steerng: true" would leave a member off
    the steering committee while the file looks right. vaplan reports it, with "did you mean"
    when a known key is close.

Fails:
    members:
      - id: pima-ema
        steerng: true

Passes:
    members:
      - id: pima-ema
        steering: true
""")

_doc("VP004", "duplicate-key", "error", "keep one of the two keys", """\
A mapping repeats a key.

Why it matters:
    When a key appears twice, one value silently wins and the other is lost: two `expires:`
    dates on an MOU leave the committee unsure which one is true. vaplan uses the first and
    reports the second.

Fails:
    agreements:
      - id: fac-mou
        expires: 2027-06-30
        expires: 2028-06-30

Passes:
    agreements:
      - id: fac-mou
        expires: 2028-06-30
""")

_doc("VP007", "missing-file", "error", "create the file; `vaplan init` writes starters", """\
A plan file is missing: vaplan.yaml or committee.yaml (an error), or another plan file (a warning).

Why it matters:
    The toolkit's planning phase has parts that each live in a file: the committee, its guiding
    principles, roles in the emergency plans, resources and gaps, and MOUs. A missing file is a
    part of the plan not yet written; checklist.yaml is optional and never reported. A file
    that is a directory, a FIFO or unreadable is reported here too.

Fails:
    pima-county/
      vaplan.yaml

Passes:
    pima-county/
      vaplan.yaml
      committee.yaml
      principles.yaml
      roles.yaml
      resources.yaml
      agreements.yaml
""")

_doc("VP008", "unsafe-yaml", "error", "remove the tag, the aliases or the nesting", """\
A file uses YAML features a plan never needs and an attacker could abuse.

Why it matters:
    Plans come from many hands and run in CI. Language tags (`!!python/object`) could make a
    careless loader run code; aliases that expand without bound (a "billion laughs" file), very
    deep nesting and oversized files could stall the committee's CI for hours. vaplan never
    executes anything: it refuses these and says where. Links that lead outside the plan
    directory are refused too.

Fails:
    vision: !!python/object/apply:os.system ["echo hello"]

Passes:
    vision: No wrong door for anyone harmed.
""")
