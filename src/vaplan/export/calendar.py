"""`vaplan export calendar`: every deadline in the plan as an all-day iCalendar event.

Each event's UID is made from the community, the kind of deadline and the record's id, never
from the date, so importing the file again updates an event whose date moved instead of
adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any

from vaplan.dates import add_days
from vaplan.export.common import slug
from vaplan.facts import PlanFacts, ReviewDue, plan_facts
from vaplan.models import Checks, PlanModels
from vaplan.text import document_text, one_line


@dataclass(frozen=True)
class Deadline:
    """One date the committee has to act by."""

    day: date
    #: agreement-expires, agreement-renewal-notice, membership-review, plan-review, gap-due,
    #: item-due, action-due, call-down-drill, exercise-due
    kind: str
    record: str
    summary: str
    description: str


def collect_deadlines(plan: PlanModels, checks: Checks, today: date,
                      facts: PlanFacts | None = None) -> list[Deadline]:
    """Every deadline the plan's models hold, sorted by date; the reviews' due dates are the
    plan's facts (`facts`, worked out here when not given)."""
    facts = facts or plan_facts(plan, checks, today)
    names = dict(facts.organizations)
    found: list[Deadline] = []
    found += _membership_review(facts.membership_review, today)
    found += _plan_review(facts.plan_review)
    agreements = plan.agreements
    for agreement in agreements.agreements if agreements else []:
        found += _agreement(agreement, checks, names)
    resources = plan.resources
    for gap in (resources.gaps[i] for i in facts.open_gaps) if resources else ():
        due = getattr(gap, "due", None)  # gaps have no due date in the format yet
        if due:
            found.append(Deadline(due, "gap-due", gap.id, f"Resource gap due: {gap.need}",
                                  _lines(f"Owner: {names.get(gap.owner or '', gap.owner or 'none')}",
                                         "From resources.yaml.")))
    checklist = plan.checklist
    for item in checklist.add if checklist else []:
        if item.due and not facts.tailoring.settled(item.id):
            found.append(Deadline(item.due, "item-due", item.id, f"Checklist item due: {item.text}",
                                  _lines(f"Section: {item.section}",
                                         f"Owner: {names.get(item.owner or '', item.owner or 'none')}",
                                         "From checklist.yaml (add:).")))
    if plan.exercises is not None:  # a plan that keeps no exercises.yaml yet gets
        found += _exercises(facts, names, today)  # none: `vaplan check` says what it lacks
    return sorted(found, key=lambda d: (d.day, d.kind, d.record))


def to_ics(deadlines: list[Deadline], community: str, today: date) -> bytes:
    """The deadlines as an iCalendar file (RFC 5545) of all-day events."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//vaplan//victim assistance plan deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{community}: victim assistance plan")
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    for deadline in deadlines:
        event = Event()
        event.add("uid", event_uid(community, deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        if deadline.day < date.max:  # without DTEND an all-day event lasts the one day anyway
            event.add("dtend", add_days(deadline.day, 1))
        # Calendar text may hold no control characters (RFC 5545); plan text might.
        event.add("summary", one_line(deadline.summary))
        event.add("description", document_text(deadline.description))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["vaplan", deadline.kind])
        calendar.add_component(event)
    return calendar.to_ical()


def event_uid(community: str, deadline: Deadline) -> str:
    """Stable across exports: community, kind and record id, never the date."""
    return f"{slug(community)}.{deadline.kind}.{deadline.record}@vaplan"


def _membership_review(review: ReviewDue | None, today: date) -> list[Deadline]:
    if review is None:
        return []
    months = review.months
    if review.last is None or review.due is None:
        return [Deadline(today, "membership-review", "committee",
                         "Committee membership review (none recorded yet)",
                         _lines("The committee re-evaluates its membership list together; "
                                f"record the date as `reviewed:` in committee.yaml. Due every "
                                f"{months} months."))]
    return [Deadline(review.due, "membership-review", "committee",
                     "Committee membership review due",
                     _lines(f"Last reviewed {review.last.isoformat()}; due every {months} "
                            "months. Record the new date as `reviewed:` in committee.yaml."))]


def _plan_review(review: ReviewDue | None) -> list[Deadline]:
    if review is None or review.last is None or review.due is None:
        return []
    months = review.months
    return [Deadline(review.due, "plan-review", "plan",
                     "Victim assistance plan review due",
                     _lines(f"The plan was last updated {review.last.isoformat()}; it is "
                            f"reviewed every {months} months and after an incident or exercise. "
                            "Record the new date as `updated:` in vaplan.yaml."))]


def _exercises(facts: PlanFacts, names: dict[str, str], today: date) -> list[Deadline]:
    """The open corrective actions' due dates, the next call-down drill, and each required
    protocol's next exercise (not those tailored out); what was never held is owed today,
    as an overdue one is owed since its due date."""
    from vaplan.facts.tailoring import tailored_functions
    from vaplan.vocabulary import vocabulary

    titles = vocabulary().functions
    found = []
    for fact in facts.exercise_record.open_actions:
        action = fact.action
        if action.due is None:
            continue
        owner = names.get(action.owner, action.owner) if action.owner else "none named"
        about = ([f"Protocol: {titles.get(action.function, action.function)}"]
                 if action.function else [])
        found.append(Deadline(action.due, "action-due", action.id,
                              f"Corrective action due: {action.action}",
                              _lines(*about, f"Issue: {action.issue}",
                                     f"Responsible organization: {owner}",
                                     "When it is done, set `status: done` and `completed:` in "
                                     "exercises.yaml (improvements:).")))
    drill = facts.exercise_record.call_down
    if drill is not None:
        found += _owed(drill, today, "call-down-drill", "contact-list", "Call-down drill",
                       "A call-down drill tests the contact list and the call tree: each member "
                       "calls the next, as on an incident day. Record it in exercises.yaml "
                       "with `kind: call_down`.")
    tailored = tailored_functions(facts.tailoring)
    due = {f: d for f, d in facts.exercise_due.items() if f not in tailored}
    # The protocols never exercised share one event today, so a new plan's calendar is not a
    # dozen identical events; each gets its own (its own UID) once it has been exercised.
    never = [titles.get(f, f) for f, d in due.items() if d.last is None]
    if never:
        found.append(Deadline(today, "exercise-due", "never-exercised",
                              f"Exercise the protocols never exercised ({len(never)})",
                              _lines(f"Never exercised: {', '.join(never)}.",
                                     "List each under `functions:` of an exercise or real "
                                     "incident in exercises.yaml.")))
    for function, review in due.items():
        if review.last is not None:
            title = titles.get(function, function)
            found += _owed(review, today, "exercise-due", function, f"Exercise of the {title} "
                           "protocol", f"An exercise or real incident that uses the {title} "
                           "protocol; list it under `functions:` of the exercise in "
                           "exercises.yaml.")
    return found


def _owed(review: ReviewDue, today: date, kind: str, record: str, what: str, how: str
          ) -> list[Deadline]:
    """A recurring exercise: due `review.months` after the last one, or today when none was."""
    if review.last is None or review.due is None:
        return [Deadline(today, kind, record, f"{what} (none held yet)",
                         _lines(how, f"Due every {review.months} months."))]
    return [Deadline(review.due, kind, record, f"{what} due",
                     _lines(f"Last held {review.last.isoformat()}; due every {review.months} "
                            "months.", how))]


def _agreement(agreement: Any, checks: Checks, names: dict[str, str]) -> list[Deadline]:
    if agreement.expires is None:
        return []
    parties = ", ".join(names.get(p, p) for p in agreement.parties)
    about = [f"Parties: {parties}"]
    if agreement.renewal:
        about.append(f"Renewal: {agreement.renewal}")
    about.append(f"From agreements.yaml ({agreement.id}).")
    found = [Deadline(agreement.expires, "agreement-expires", agreement.id,
                      f"{agreement.type} expires: {agreement.title}", _lines(*about))]
    days = checks.expiry_warning_days
    if days > 0:
        found.append(Deadline(
            add_days(agreement.expires, -days), "agreement-renewal-notice", agreement.id,
            f"Start renewing the {agreement.type}: {agreement.title}",
            _lines(f"It expires on {agreement.expires.isoformat()}, in {days} days.", *about)))
    return found


def _lines(*parts: str) -> str:
    return "\n".join(parts)
