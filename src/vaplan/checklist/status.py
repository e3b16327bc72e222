"""The checklist's one status engine: each item's status (met, partial, gap, waived, to
confirm...) and its one-line detail, read from the plan's facts (`ProtocolEvidence` for a
protocol) and the findings' codes and subjects, never from a message's text."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vaplan.catalogue import CatalogueItem, catalogue
from vaplan.facts.evidence import NOTHING, counted
from vaplan.facts.protocols import ProtocolEvidence
from vaplan.findings import Finding
from vaplan.rules import links_of

#: Statuses that count as ready in the readiness score.
READY = ("met", "confirmed", "waived")
#: Statuses that count neither way: the item is not part of this community's plan.
UNCOUNTED = ("not_applicable", "optional")

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: Findings about a plan file itself (it is missing, unreadable or invalid).
_FILE_CODES = ("VP001", "VP002", "VP003", "VP004", "VP005", "VP007", "VP008")


class Statuses:
    """The checked plan's findings indexed once, answering each item's status."""

    def __init__(self, result: CheckResult, day: date) -> None:
        from vaplan.rules import find_rule

        self.result = result
        self.plan = result.plan
        self.facts = result.facts_on(day)
        self.by_code: dict[str, list[Finding]] = {}
        for finding in result.findings:
            self.by_code.setdefault(finding.code, []).append(finding)
        self.skipped = {s.code: s.people or s.reason for s in result.skipped}
        # Rules turned off decide nothing: their items fall back to "to confirm".
        self.ignored = {entry.code for ref in result.checks.ignore
                        if (entry := find_rule(ref)) is not None}
        self.ignored |= set(result.disabled)
        checklist = self.plan.checklist
        self.marks = dict(checklist.items) if checklist else {}

    def status(self, entry: CatalogueItem) -> tuple[str, str, list[Finding]]:
        """The item's status, its one-line detail and the findings behind it.

        Derived from the plan's facts and the findings' codes and subjects, never from a
        message's text."""
        mark = self.marks.get(entry.id)
        if entry.id in self.facts.tailoring.tailored_out:
            return "not_applicable", _reason(self.facts.tailoring.tailored_out[entry.id]), []
        protocol = self.facts.protocols.get(entry.function) if entry.function else None
        if protocol is not None and not protocol.included:
            return ("optional", "not part of this plan; add it if the community wants it", [])
        links = links_of(entry.id)
        rules = [code for code in links.rules if code not in self.ignored]
        off = [code for code in links.rules if code in self.ignored]
        blocked = {c: self.skipped[c] for c in rules if c in self.skipped}
        found = [f for code in rules for f in self.by_code.get(code, ())
                 if self._concerns(entry, f)]
        if blocked:
            found += self._file_findings(rules)
        found.sort(key=lambda f: f.sort_key)
        if blocked:
            if all(self._missing(code) for code in blocked):
                # a file the plan does not have shows nothing: a gap, not a doubt. Its own
                # finding ("the plan has no principles file yet") is listed below the status,
                # so the status does not say it again ("the plan's principles file is missing")
                said = {f.file for f in found if f.code == "VP007"}
                unsaid = {c: r for c, r in blocked.items() if not self._lacks(c) <= said}
                return "gap", "; ".join(_by_reason(unsaid)), found
            return "not_checked", "; ".join(
                f"could not be checked: {reason}" for reason in _by_reason(blocked)), found
        if protocol is not None:
            # the findings on the agreements that list it (expired, unsigned) are its evidence too
            ids = {a.id for a in protocol.agreements}
            found += sorted((f for code in ("VP502", "VP504") if code not in self.ignored
                             for f in self.by_code.get(code, ()) if f.subject in ids),
                            key=lambda f: f.sort_key)
            # what the sentence promises beyond the protocol itself (every member reachable)
            found += [f for code in links.also if code not in self.ignored
                      for f in self.by_code.get(code, ())]
            return (*self.protocol_status(protocol, found, self.unexercised(entry)), found)
        open_ = sum(1 for f in found if f.counts)
        confirmed = _confirmation(mark, self.facts.today)
        if open_:
            detail = f"{open_} problem{'s' if open_ != 1 else ''}"
            if len(found) > open_:
                detail += f", {len(found) - open_} more set aside"
            if confirmed:
                detail += " (marked done, but the plan still shows the gap)"
            return "gap", detail, found
        if found:
            return "waived", _waived(found), found
        if off:
            return "not_checked", _turned_off(off), []
        if entry.shows == "languages" and not self.facts.languages:
            # no languages listed is no evidence of access, not access (no vacuous truth)
            return "gap", ("the plan does not list the languages residents speak at home "
                           "(population in the plan's vaplan file)"), []
        if rules:
            if entry.over and not counted(self.plan, self.facts, entry.over):
                return "gap", NOTHING[entry.over], []  # no vacuous truth: nothing was counted
            return "met", "", []
        if confirmed:
            return "confirmed", confirmed, []
        return "to_confirm", _unconfirmed(mark, self.facts.today), []

    def unexercised(self, entry: CatalogueItem) -> str:
        """For an item that promises exercises held (`exercised: true`): what exercises.yaml
        lacks, or "" when an exercise was held within `checks.exercise_months`."""
        held = self.facts.exercise_record.exercising
        if not entry.exercised:
            return ""
        if self.facts.exercise_record.unreadable:
            return ("the plan's exercises file has errors, so vaplan cannot tell which exercises "
                    "were held")
        if held is None or not held.overdue:
            return ""
        if held.last is None:
            return "no exercise recorded in the plan's exercises file"
        return f"no exercise held since {held.last} (one is due every {held.months} months)"

    def protocol_status(self, protocol: ProtocolEvidence, found: list[Finding],
                        unexercised: str = "") -> tuple[str, str]:
        """A protocol is met only when the plan shows all of it: a lead, its responsibilities,
        where it is written down, and every agreement that lists it in force (and, for the
        training and exercise item, an exercise held: `unexercised` says when none was)."""
        if not protocol.present:
            return "gap", "; ".join(["the plan does not describe it yet",
                                     *([unexercised] if unexercised else [])])
        shown, lacking = protocol.parts()  # the one definition of a protocol met
        there, missing = list(shown), list(lacking)
        if unexercised:
            missing.append(unexercised)
        open_ = [f for f in found if f.counts]
        if not missing and not open_:
            if found:
                return "waived", _waived(found)
            return "met", ""
        if not missing:
            # the plan shows every part, yet a finding stands against it (an unknown member
            # as its lead, a review dated after today): not met until that is fixed
            missing.append(f"{len(open_)} problem{'s' if len(open_) != 1 else ''}")
        elif not open_ and found and not protocol.agreements and not unexercised:
            # every finding behind what is missing is waived with a reason
            return "waived", _waived(found)
        if not there:
            return "gap", "; ".join(missing)
        return "partial", "; ".join([*there, *missing])

    def _lacks(self, code: str) -> set[str]:
        """The files the rule `code` needs that the plan does not have."""
        from vaplan.rules import find_rule

        entry = find_rule(code)
        return {f"{stem}.yaml" for stem in (entry.needs if entry else ()) if not self.plan.has(stem)}

    def _missing(self, code: str) -> bool:
        """Every file the rule needs that it lacks is absent, not broken."""
        from vaplan.rules import find_rule

        entry = find_rule(code)
        needs = entry.needs if entry else ()
        return not any(f"{stem}.yaml" in self.result.unusable_files for stem in needs)

    def _concerns(self, entry: CatalogueItem, finding: Finding) -> bool:
        where = (finding.file.removesuffix(".yaml"), *finding.path[1:])
        if entry.scope_path and where[:len(entry.scope_path)] != entry.scope_path:
            return False
        if entry.function:
            # the rule names the function its finding is about; only roles.yaml's functions
            # count, since an agreement or a gap could carry the same id
            return where[:2] == ("roles", "functions") and finding.subject == entry.function
        return True

    def _file_findings(self, rules: list[str]) -> list[Finding]:
        from vaplan.rules import find_rule

        files = {f"{stem}.yaml" for code in rules if (entry := find_rule(code))
                 for stem in entry.needs}
        return [f for code in _FILE_CODES for f in self.by_code.get(code, ())
                if f.file in files and f.counts]

    def own_status(self, own: Any, day: date) -> tuple[str, str]:
        mark = self.marks.get(own.id)
        if own.id in self.facts.tailoring.tailored_out:
            return "not_applicable", _reason(self.facts.tailoring.tailored_out[own.id])
        if _confirmation(mark, day):
            return "confirmed", _confirmation(mark, day)
        if _confirmation(mark, None):
            return "to_confirm", _unconfirmed(mark, day)
        if own.due and own.due < day:
            return "gap", f"due by {own.due} and not marked done"
        return "to_confirm", f"due by {own.due}" if own.due else "no due date"


def _waived(found: list[Finding]) -> str:
    """Why an item's findings are set aside: the one reason, or how many there are."""
    reasons = list(dict.fromkeys(f.waived for f in found if f.waived))
    if len(reasons) == 1:
        return reasons[0]
    return f"{len(found)} findings set aside, each with its reason"


def _confirmation(mark: Any, today: date | None) -> str:
    """How a person confirmed the item, or "" when no one has (a date after `today` confirms
    nothing yet)."""
    if mark is None or mark.status != "done":
        return ""
    if today is not None and mark.date is not None and mark.date > today:
        return ""
    parts = [f"on {mark.date}" if mark.date else "no date given"]
    if mark.note:
        parts.append(mark.note.strip())
    return ": ".join(parts)


def _unconfirmed(mark: Any, today: date) -> str:
    if mark is not None and mark.status == "done" and mark.date is not None and mark.date > today:
        return (f"marked done on {mark.date}, a date after today; it counts once that day "
                "has come")
    return "a committee member confirms this; nothing in the plan files can show it"


def _turned_off(codes: list[str]) -> str:
    from vaplan.rules import find_rule

    names = ", ".join(entry.name.replace("-", " ") if (entry := find_rule(code)) else code
                      for code in codes)
    checks, verb = ("check", "is") if len(codes) == 1 else ("checks", "are")
    return (f"the {checks} behind it ({names}) {verb} turned off in the plan's settings, so "
            "no one can tell")


def _by_reason(blocked: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code, reason in blocked.items():
        groups.setdefault(reason, []).append(code)
    return groups


def _reason(reason: str | None) -> str:
    return reason.strip() if reason and reason.strip() else "no reason given"


def checklist_progress(result: CheckResult) -> dict[str, int]:
    """Items done (met, confirmed, waived) and applicable, for `vaplan check`'s JSON summary.

    Only the statuses: no agencies, roster or documents, so it costs a few milliseconds even
    on a statewide plan.
    """
    engine = Statuses(result, result.today)
    checklist = result.plan.checklist
    statuses = [engine.status(entry)[0] for entry in catalogue().items]
    statuses += [engine.own_status(own, result.today)[0]
                 for own in (checklist.add if checklist else ())]
    applicable = [s for s in statuses if s not in UNCOUNTED]
    return {"done": sum(1 for s in applicable if s in READY), "total": len(applicable)}
