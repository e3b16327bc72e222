"""check_plan: load, validate, run the rules, and stamp every problem into a Finding."""

from __future__ import annotations

import gc
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from vaplan.check.validation import validate_plan
from vaplan.facts import PlanFacts, plan_facts
from vaplan.facts.tailoring import tailored_functions, tailoring_waiver
from vaplan.findings import Finding, Problem, Severity, printable
from vaplan.load.plan import RawPlan, load_plan
from vaplan.models import FILE_MODELS, Checks, PlanModels, Record
from vaplan.rules import all_rules, find_rule, get_rule, iter_checks
from vaplan.rules.files import always_on
from vaplan.rules.registry import Context, Hit, Rule
from vaplan.text import short
from vaplan.vocabulary import vocabulary


@dataclass(frozen=True)
class Skipped:
    """A rule that could not run, and why (its input file is missing or invalid)."""

    code: str
    name: str
    reason: str
    #: the reason in the committee's words (the plan's parts, not its file names)
    people: str = ""
    #: the rule raised (a vaplan bug): the check is incomplete, so `vaplan check` exits 2
    failed: bool = False


@dataclass
class CheckResult:
    """Everything `vaplan check` found, with the validated plan for the renderers."""

    directory: Path
    findings: list[Finding]
    skipped: list[Skipped]
    #: the plan's validated files, typed; a file missing or unusable is None
    plan: PlanModels
    checks: Checks
    today: date
    raw: RawPlan | None = None
    #: the checklist's done/total for the JSON summary, when the caller asked for it
    progress: dict[str, int] | None = None
    #: the items met since the plan was last saved in git ("+4 met since commit ..."), for
    #: the text report, when the caller asked for it; "" otherwise
    progress_note: str = ""
    #: codes of the rules turned off by `checks.ignore`, --select or --ignore.
    disabled: frozenset[str] = frozenset()
    #: what the plan shows as of `today`, the facts the rules read
    facts: PlanFacts | None = None
    #: plan files that are in the folder but cannot be used (unreadable or with schema
    #: errors), each with the reason in words
    unusable_files: Mapping[str, str] = field(default_factory=dict)
    #: how long the check took, for the reports that record it (JUnit's `time`)
    seconds: float = 0.0

    def facts_on(self, day: date) -> PlanFacts:
        """The plan's facts as of `day`: the checked ones, unless a document is made for
        another day. (A public copy shares them: facts hold ids and dates; the one personal field
        they carry, a corrective action's `contact`, is read only by the improvement plan, which
        leaves it out of a public copy.)"""
        if self.facts is not None and day == self.today:
            return self.facts
        return plan_facts(self.plan, self.checks, day, vocabulary(), self.directory,
                          frozenset(self.unusable_files))

    @property
    def community(self) -> str:
        """The community the plan is for (vaplan.yaml), or the plan folder's name without it."""
        meta = self.plan.vaplan
        return meta.community if meta is not None else self.directory.name

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity.value for f in self.findings if f.counts)
        counts = {s.value: counter.get(s.value, 0) for s in reversed(Severity)}
        counts["waived"] = sum(1 for f in self.findings if not f.counts)
        return counts

    def fails(self, fail_on: Severity) -> bool:
        return any(f.counts and f.severity.rank >= fail_on.rank for f in self.findings)

    def waived_on(self, subject: str, *names: str) -> str:
        """The committee's reason for waiving a finding of one of the rules `names` about
        `subject` (an agreement's id: "agreement-unsigned"), or "" when none is waived: every
        document that states a fact a finding says says too that the committee waived it."""
        return next((self._waivers[subject, n] for n in names
                     if (subject, n) in self._waivers), "")

    @cached_property
    def _waivers(self) -> dict[tuple[str | None, str], str]:
        """(subject, rule name) -> the reason of the first waived finding: read once, as a
        large plan's documents ask it of every agreement."""
        found: dict[tuple[str | None, str], str] = {}
        for f in self.findings:
            if f.waived:
                found.setdefault((f.subject, f.name), f.waived)
        return found

    @property
    def incomplete(self) -> bool:
        """True when a rule failed to run: nothing can be said to pass, whatever was found."""
        return any(s.failed for s in self.skipped)


@dataclass
class Overrides:
    """Command-line settings; they win over vaplan.yaml's `checks:`."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def disabled(self, checks: Checks) -> frozenset[str]:
        """Codes of the rules that do not run: those vaplan.yaml ignores, unless --select names
        them; with --select, every rule it does not name; and whatever --ignore names."""
        off = _refs_to_codes(checks.ignore)
        selected = _refs_to_codes(self.select)
        if selected:
            off = {entry.code for entry in all_rules()} - selected
        always = {entry.code for entry in all_rules() if entry.always_on}
        return frozenset((off | _refs_to_codes(self.ignore)) - always)


def check_plan(directory: Path, today: date, overrides: Overrides | None = None) -> CheckResult:
    """Check one plan directory. Raises PlanError only when there is nothing to check."""
    # The cyclic collector re-scans the growing tree of nodes and data again and again while
    # a plan loads (3x the whole run on a 16 MB plan); nothing built here is cyclic garbage.
    was_enabled = gc.isenabled()
    gc.disable()
    started = time.perf_counter()
    try:
        return replace(_check_plan(directory, today, overrides),
                       seconds=time.perf_counter() - started)
    finally:
        if was_enabled:
            gc.enable()


def _check_plan(directory: Path, today: date, overrides: Overrides | None) -> CheckResult:
    return check_raw(load_plan(Path(directory)), today, overrides)


def check_raw(raw: RawPlan, today: date, overrides: Overrides | None = None) -> CheckResult:
    """Check plan files already read (the plan as it was at a git revision, say)."""
    problems: dict[str, list[Problem]] = {n: list(p) for n, p in raw.file_problems.items()}
    for name, loaded in raw.files.items():
        problems.setdefault(name, []).extend(loaded.problems)
    valid = validate_plan(raw)
    for name, errors in valid.problems.items():
        problems.setdefault(name, []).extend(errors)
    invalid = valid.unusable
    plan = PlanModels.of(valid.models)
    checks = plan.vaplan.checks if plan.vaplan is not None else Checks()
    facts = plan_facts(plan, checks, today, vocabulary(), raw.directory, frozenset(invalid))
    ctx = Context(**vars(plan), facts=facts, checks=checks, today=today,
                  vocabulary=vocabulary())
    disabled = (overrides or Overrides()).disabled(checks)
    skipped = []
    for entry in iter_checks():
        if entry.code in disabled:
            continue
        reason = _blocked(entry, plan, invalid)
        if reason:
            skipped.append(Skipped(entry.code, entry.name, reason, _in_words(reason)))
            continue
        try:
            hits = list(entry.check(ctx)) if entry.check is not None else []
        except Exception as err:  # a rule bug must not hide the other findings
            skipped.append(Skipped(entry.code, entry.name, f"the rule failed ({err!r}); "
                                   "please report this to the vaplan developers",
                                   "vaplan could not check it because of a fault in vaplan",
                                   failed=True))
            continue
        for hit in hits:
            found = Hit(*hit)
            problems.setdefault(f"{found.path[0]}.yaml", []).append(
                Problem(entry.code, found.message, found.path, subject=found.subject,
                        step=found.step, people=found.people or found.message))
    findings = _tailor(_stamp(raw, problems, checks, disabled, plan), facts)
    return CheckResult(raw.directory, findings, skipped, plan, checks, today, raw,
                       disabled=disabled, facts=facts, unusable_files=invalid)


def _tailor(findings: list[Finding], facts: PlanFacts) -> list[Finding]:
    """Findings about a protocol tailored out in checklist.yaml are shown as waived with the
    tailoring's reason: the committee decided the protocol does not apply, so its findings no
    longer fail a run, but they stay visible."""
    out = tailored_functions(facts.tailoring)
    if not out:
        return findings
    always = {entry.code for entry in all_rules() if entry.always_on}
    return [replace(f, waived=tailoring_waiver(out[f.subject]))
            if f.counts and f.subject in out and (f.path[:2] == ("roles", "functions")
                                                  or f.code in _PROTOCOL_RULES)
            and f.code not in always else f for f in findings]


#: Rules outside roles.yaml whose finding is about one protocol, named by its subject: the
#: call-down drill tests the contact list protocol, so tailoring that out waives it too.
_PROTOCOL_RULES = frozenset({"VP705"})


def _stem(name: str) -> str:
    return name.removesuffix(".yaml")


def _in_words(text: str) -> str:
    """`text` with each plan file's name as the part of the plan it holds: "committee.yaml is
    missing" -> "the plan's committee file is missing"."""
    for name in FILE_MODELS:
        text = text.replace(name, f"the plan's {name.removesuffix('.yaml')} file")
    return text


def _blocked(entry: Rule, plan: PlanModels, invalid: dict[str, str]) -> str | None:
    for stem in entry.needs:
        name = f"{stem}.yaml"
        if name in invalid:
            return invalid[name]
        if not plan.has(stem):
            return f"{name} is missing"
    return None


def _stamp(raw: RawPlan, problems: dict[str, list[Problem]], checks: Checks,
           disabled: frozenset[str], plan: PlanModels) -> list[Finding]:
    severities = {entry.code: Severity(level) for ref, level in checks.severity.items()
                  if (entry := find_rule(ref)) is not None}
    findings = []
    for name, items in problems.items():
        loaded = raw.files.get(name)
        spots = loaded.places({(p.path[1:], p.anchor) for p in items if p.line is None}) \
            if loaded is not None and loaded.readable else {}
        for problem in items:
            forced = always_on(problem.code, name)
            if problem.code in disabled and not forced:
                continue
            entry = get_rule(problem.code)
            severity = severities.get(problem.code) or Severity(
                problem.severity or entry.severity.value)
            line, column = _place(loaded, problem, spots)
            if forced:
                severity = entry.severity
            findings.append(Finding(
                problem.code, entry.name, severity, printable(short(problem.message, 1000)), name, line,
                column,
                None if forced else _waiver(getattr(plan, _stem(name), None), problem, entry),
                problem.hint or entry.hint, problem.path, problem.subject, problem.step,
                problem.people and printable(short(problem.people, 1000))))
    return sorted(findings, key=lambda f: f.sort_key)


def _refs_to_codes(refs: list[str]) -> set[str]:
    return {entry.code for ref in refs if (entry := find_rule(ref)) is not None}


def _place(loaded: Any, problem: Problem, spots: dict[Any, tuple[int, int] | None]
           ) -> tuple[int | None, int | None]:
    if problem.line is not None:
        return problem.line, problem.column
    if loaded is None or not loaded.readable:
        return (None, None) if loaded is None else (1, 1)
    spot = spots.get((problem.path[1:], problem.anchor))
    return spot if spot else (1, 1)


def _waiver(model: Record | None, problem: Problem, entry: Rule) -> str | None:
    """The reason of the nearest record on the finding's path that waives its rule, if any.

    Waivers are read from the validated model, the one place they are checked: a file that
    failed validation has only findings that cannot be waived anyway."""
    if entry.always_on or model is None:
        return None
    records: list[Any] = [model]
    for part in problem.path[1:]:
        current = records[-1]
        try:
            records.append(getattr(current, part) if isinstance(current, Record)
                           else current[part])
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    for record in reversed(records):
        waivers = record.waivers if isinstance(record, Record) else {}
        for ref in entry.refs:
            reason = waivers.get(ref)
            if reason and reason.strip():
                return reason.strip()
    return None
