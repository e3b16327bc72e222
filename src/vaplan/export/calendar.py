"""`vaplan export calendar`: every deadline in the plan as an all-day iCalendar event.

Each event's UID is made from the jurisdiction (its level, state and name), the kind of
deadline and the record's id, never from the date or the community's display name, so importing
the file again updates an event whose date moved, or whose community was renamed, instead of
adding a second one. A deadline already past is not put on a past day, where nobody looks: it is
an event today, its summary saying since when it is overdue. Every event has reminders a week
and a day before (those still ahead of today). Descriptions are in words: no file keys.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from vaplan.dates import add_days
from vaplan.export.common import slug
from vaplan.facts import PlanFacts, ReviewDue
from vaplan.models import Checks, Jurisdiction, PlanModels
from vaplan.text import document_text, one_line

#: The reminders of every event: a week and a day before it.
REMINDERS = ((timedelta(days=7), "in a week"), (timedelta(days=1), "tomorrow"))


@dataclass(frozen=True)
class Deadline:
    """One date the committee has to act by."""

    day: date
    #: agreement-expires, agreement-renewal-notice, membership-review, plan-review, gap-due,
    #: item-due, action-due, after-action-report, call-down-drill, exercise-due
    kind: str
    record: str
    summary: str
    description: str
    #: the day it was due, when that day has passed: the event is then on today (`day`)
    overdue_since: date | None = None

    @property
    def title(self) -> str:
        """The event's summary: what is due, and since when it is overdue."""
        if self.overdue_since is None:
            return self.summary
        what = self.summary
        if what.endswith(" due") or " due: " in what:  # "due" and "overdue" would both be said
            what = what[:-4] if what.endswith(" due") else what.replace(" due: ", ": ", 1)
        return f"OVERDUE since {self.overdue_since.isoformat()}: {what}"


def collect_deadlines(plan: PlanModels, checks: Checks, today: date,
                      facts: PlanFacts) -> list[Deadline]:
    """Every deadline the plan's models hold, sorted by date; the reviews' due dates, the
    reports owed and the rhythms are the plan's facts (`facts`, as the checklist reads them). A
    deadline already past is moved to today and marked overdue since its day."""
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
                                         "From the plan's resource gaps.")))
    checklist = plan.checklist
    for item in checklist.add if checklist else []:
        if item.due and not facts.tailoring.settled(item.id):
            found.append(Deadline(item.due, "item-due", item.id, f"Checklist item due: {item.text}",
                                  _lines(f"Section: {item.section}",
                                         f"Owner: {names.get(item.owner or '', item.owner or 'none')}",
                                         "From the committee's own checklist items.")))
    if plan.exercises is not None:  # a plan that keeps no exercises.yaml yet gets
        found += _exercises(facts, names, today)  # none: `vaplan check` says what it lacks
    found = [_on_today(d, today) for d in found]
    return sorted(found, key=lambda d: (d.day, d.kind, d.record))


def _on_today(deadline: Deadline, today: date) -> Deadline:
    """A deadline already past, put on today and marked overdue since its own day."""
    if deadline.day >= today:
        return deadline
    return replace(deadline, day=today, overdue_since=deadline.day)


def to_ics(deadlines: list[Deadline], community: str, today: date,
           jurisdiction: Jurisdiction | None = None) -> bytes:
    """The deadlines as an iCalendar file (RFC 5545) of all-day events, each with a reminder a
    week and a day before while those are still ahead. UIDs come from `jurisdiction` (the
    community's name only when none is given)."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//vaplan//victim assistance plan deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{one_line(community)}: victim assistance plan")
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    scope = plan_scope(jurisdiction, community)
    for deadline in deadlines:
        event = Event()
        event.add("uid", event_uid(scope, deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        if deadline.day < date.max:  # without DTEND an all-day event lasts the one day anyway
            event.add("dtend", add_days(deadline.day, 1))
        # Calendar text may hold no control characters (RFC 5545); plan text might.
        event.add("summary", one_line(deadline.title))
        event.add("description", document_text(deadline.description))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["vaplan", deadline.kind] +
                  (["overdue"] if deadline.overdue_since else []))
        for before, when in REMINDERS:
            if deadline.day - today >= before:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("trigger", -before)
                alarm.add("description", one_line(f"{when}: {deadline.summary}"))
                event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def plan_scope(jurisdiction: Jurisdiction | None, community: str) -> str:
    """What makes one plan's UIDs its own: the jurisdiction's level, state and name, which stay
    when the community's display name is reworded; the community's name without them."""
    if jurisdiction is None:
        return slug(community)
    return slug(" ".join(p for p in (jurisdiction.state, jurisdiction.level, jurisdiction.name)
                         if p))


def event_uid(scope: str, deadline: Deadline) -> str:
    """Stable across exports: the plan's scope (`plan_scope`), kind and record id, never the
    date."""
    return f"{scope}.{deadline.kind}.{deadline.record}@vaplan"


def _membership_review(review: ReviewDue | None, today: date) -> list[Deadline]:
    if review is None:
        return []
    months = review.months
    if review.last is None or review.due is None:
        return [Deadline(today, "membership-review", "committee",
                         "Committee membership review (none recorded yet)",
                         _lines("The committee re-evaluates its membership list together, "
                                "then records the date of the review in the plan's committee "
                                f"list. Due every {months} months."))]
    return [Deadline(review.due, "membership-review", "committee",
                     "Committee membership review due",
                     _lines(f"Last reviewed {review.last.isoformat()}; due every {months} "
                            "months. Record the date of the new review in the plan's committee "
                            "list."))]


def _plan_review(review: ReviewDue | None) -> list[Deadline]:
    if review is None or review.last is None or review.due is None:
        return []
    months = review.months
    return [Deadline(review.due, "plan-review", "plan",
                     "Victim assistance plan review due",
                     _lines(f"The plan was last updated {review.last.isoformat()}; it is "
                            f"reviewed every {months} months and after an incident or exercise. "
                            "Record the date the committee approves the review as the plan's "
                            "date of update."))]


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
                                     "When it is done, record it as done, with the day, in the "
                                     "plan's improvement plan.")))
    for exercise in facts.exercise_record.reports_owed:
        found.append(Deadline(exercise.after_action_due, "after-action-report", exercise.id,
                              f"After-action report due: {exercise.title}",
                              _lines(f"Held on {exercise.day.isoformat()}. Its after-action "
                                     "report is not with the plan yet; keep it in the plan "
                                     "folder, or record where it is on the web.")))
    drill = facts.exercise_record.call_down
    if drill is not None:
        found += _owed(drill, today, "call-down-drill", "contact-list", "Call-down drill",
                       "A call-down drill tests the contact list and the call tree: each member "
                       "calls the next, as on an incident day. Record it with the plan's "
                       "exercises as a call-down drill.")
    tailored = tailored_functions(facts.tailoring)
    due = {f: d for f, d in facts.exercise_due.items() if f not in tailored}
    # The protocols never exercised share one event today, so a new plan's calendar is not a
    # dozen identical events; each gets its own (its own UID) once it has been exercised.
    never = [titles.get(f, f) for f, d in due.items() if d.last is None]
    if never:
        found.append(Deadline(today, "exercise-due", "never-exercised",
                              f"Exercise the protocols never exercised ({len(never)})",
                              _lines(f"Never exercised: {', '.join(never)}.",
                                     "Record each exercise or real incident with the "
                                     "protocols it used.")))
    for function, review in due.items():
        if review.last is not None:
            title = titles.get(function, function)
            found += _owed(review, today, "exercise-due", function, f"Exercise of the {title} "
                           "protocol", f"An exercise or real incident that uses the {title} "
                           "protocol; record it with the plan's exercises, naming the "
                           "protocol.")
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
    about.append("From the plan's agreements.")
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
