"""Rules on exercises, real incidents and the improvement plan (exercises.yaml): VP701-VP705."""

from __future__ import annotations

from vaplan.facts.exercises import last_use
from vaplan.findings import STEERING
from vaplan.rules.registry import Context, Hit, Hits, Step, rule
from vaplan.text import short

# VP702-VP705 have no `needs`: exercises.yaml is optional, and a plan without one has nothing
# to report on its after-action reports or actions (with needs=("exercises",) every such plan
# would list them as "not checked"); a plan without one has never drilled its call-down.
EXERCISES = ("exercises", "exercises")
IMPROVEMENTS = ("exercises", "improvements")


@rule("VP701", "protocol-not-exercised", "warning", needs=("roles",),
      also=("training-exercise-protocol",),
      priority=4,
      hint="exercise it, or record the real incident it was used in, with `vaplan exercise "
           "add --function FUNCTION ...` (or list it under `functions:` in exercises.yaml)")
def protocol_not_exercised(ctx: Context) -> Hits:
    """A required protocol was in no exercise or real incident within `checks.exercise_months` (24).

    Why it matters:
        A protocol that has never been exercised is a protocol nobody knows works. The toolkit
        asks that victim services take part in incident command drills and exercises, and
        FEMA's exercise program (HSEEP) expects every capability to be tested and its gaps
        fixed before the day it is needed. A real incident the protocol was used in counts as
        well. The finding is at the protocol's entry in roles.yaml; a protocol tailored out of
        the checklist has its finding waived.

    Fails:
        # roles.yaml lists family_assistance_center; exercises.yaml:
        exercises:
          - id: ttx-2026
            date: 2026-04-12
            kind: tabletop
            title: Mass shooting tabletop
            functions: [victim_notification]

    Passes:
        exercises:
          - id: ttx-2026
            date: 2026-04-12
            kind: tabletop
            title: Mass shooting tabletop
            functions: [victim_notification, family_assistance_center]
    """
    if ctx.facts.exercise_record.unreadable:
        return  # its errors are reported; what it holds is unknown
    protocols = ctx.facts.protocols
    months = ctx.checks.exercise_months
    for function, due in ctx.facts.exercise_due.items():
        if not due.overdue:
            continue
        label = ctx.vocabulary.functions.get(function, function)
        entries = protocols[function].entries if function in protocols else ()
        path = ("roles", "functions", entries[0]) if entries else ("roles", "functions")
        used = last_use(ctx.facts.exercise_record, function)
        how = ("used in a real incident" if used is not None and used.day == due.last
               and used.kind == "real_incident" else "exercised")
        when = ("has never been exercised: no exercise or real incident in exercises.yaml "
                "lists it" if due.last is None else
                f"was last {how} on {due.last}, more than {months} months ago")
        lead = ctx.roles.functions[entries[0]].lead if entries and ctx.roles else None
        yield Hit(path, f'the protocol "{function}" ({label}) {when}', function,
                  Step(f"exercise the {label} protocol (a drill, a tabletop or a real incident) "
                       "and record it", ctx.organization(lead) if lead else None),
                  f"the protocol {label} {when}".replace("exercises.yaml",
                                                         "the plan's exercises file"))


@rule("VP702", "after-action-missing", "warning",
      also=("training-exercise-protocol",),
      priority=4,
      hint="write the after-action report, put it in the plan folder and record it with "
           "`vaplan exercise after-action ID PATH` (or under `after_action:`)")
def after_action_missing(ctx: Context) -> Hits:
    """An exercise held more than `checks.after_action_days` (90) ago has no after-action report.

    Why it matters:
        What an exercise or a real incident teaches is written in its after-action report: what
        worked, what did not, and the corrective actions that follow. Without it the lessons
        stay in the heads of whoever took part, and the next incident meets the same gaps.
        The report is a file in the plan folder or an https:// address, named under
        `after_action:`. A real incident's review takes longer: its report is owed within
        `checks.incident_after_action_days` (365). A call-down drill owes no report: it
        records its result instead (`reached`, `of`, `minutes`).

    Fails:
        exercises:
          - id: ttx-2026
            date: 2026-04-12
            kind: tabletop
            title: Mass shooting tabletop

    Passes:
        exercises:
          - id: ttx-2026
            date: 2026-04-12
            kind: tabletop
            title: Mass shooting tabletop
            after_action: exercises/ttx-2026-aar.md
    """
    for exercise in ctx.facts.exercise_record.exercises:
        if not exercise.after_action_missing:
            continue
        path: tuple
        if exercise.after_action:
            path = (*EXERCISES, exercise.index, "after_action")
            what = f'its after-action report "{exercise.after_action}" is not in the plan folder'
        else:
            path = (*EXERCISES, exercise.index)
            what = "no after-action report is recorded for it"
        yield Hit(path, f'"{short(exercise.title)}", held on {exercise.day}, is more than '
                  f"{exercise.report_days} days past and {what}", exercise.id,
                  Step(f"write the after-action report of “{short(exercise.title)}” and keep "
                       "it with the plan"),
                  f"“{short(exercise.title)}”, held on {exercise.day}, is more than "
                  f"{exercise.report_days} days past and " + (
                      "its after-action report is not in the plan folder"
                      if exercise.after_action else
                      "no after-action report is recorded for it"))


@rule("VP703", "improvement-overdue", "warning",
      also=("training-exercise-protocol",),
      priority=4,
      hint="finish the corrective action and record it with `vaplan action done ID`, or agree "
           "a new `due:` date with its owner")
def improvement_overdue(ctx: Context) -> Hits:
    """A corrective action of the improvement plan is past its `due` date and not done.

    Why it matters:
        An improvement plan is only worth the actions it finishes. Emergency managers track
        corrective actions to completion and review the open ones every couple of months; an
        action past its date that nobody has looked at is a gap the committee already knows
        about and has not closed.

    Fails:
        improvements:
          - id: fac-signage
            issue: Families could not find the FAC entrance.
            action: Print bilingual signs for the FAC site.
            owner: pima-oem
            due: 2026-06-30
            status: open

    Passes:
        improvements:
          - id: fac-signage
            issue: Families could not find the FAC entrance.
            action: Print bilingual signs for the FAC site.
            owner: pima-oem
            due: 2026-06-30
            status: done
            completed: 2026-06-20
    """
    for action in ctx.facts.exercise_record.actions:
        if action.overdue:
            yield Hit((*IMPROVEMENTS, action.index, "due"),
                      f'the corrective action "{short(action.action.action)}" was due on {action.action.due} and '
                      f'is still {action.action.status.replace("_", " ")}', action.id,
                      Step(f"finish the corrective action “{short(action.action.action)}”, "
                           f"overdue since {action.action.due}",
                           ctx.organization(action.action.owner)
                           if action.action.owner else STEERING),
                      f"the corrective action “{short(action.action.action)}” was due on "
                      f"{action.action.due} and is still "
                      f"{action.action.status.replace('_', ' ')}")


@rule("VP704", "improvement-without-owner", "warning",
      also=("training-exercise-protocol",),
      priority=4, hint="name the member id of the organization responsible under `owner:`")
def improvement_without_owner(ctx: Context) -> Hits:
    """An open or in-progress corrective action has no `owner`.

    Why it matters:
        HSEEP's improvement plan gives every corrective action a primary responsible
        organization. An action everyone agrees on and no one owns is not done: nobody reports
        on it at the next meeting and nobody is asked why it is late.

    Fails:
        improvements:
          - id: fac-signage
            issue: Families could not find the FAC entrance.
            action: Print bilingual signs for the FAC site.

    Passes:
        improvements:
          - id: fac-signage
            issue: Families could not find the FAC entrance.
            action: Print bilingual signs for the FAC site.
            owner: pima-oem
    """
    for action in ctx.facts.exercise_record.actions:
        if action.open and not action.action.owner:
            yield Hit((*IMPROVEMENTS, action.index),
                      f'the corrective action "{short(action.action.action)}" is '
                      f'{action.action.status.replace("_", " ")} and has no owner', action.id,
                      Step("name the organization responsible for the corrective action "
                           f"“{short(action.action.action)}”", STEERING),
                      f"the corrective action “{short(action.action.action)}” is "
                      f"{action.action.status.replace('_', ' ')} and has no owner")


@rule("VP705", "contact-list-not-tested", "warning",
      also=("training-exercise-protocol",),
      priority=4,
      hint="hold a call-down drill of the contact list and record it with `vaplan exercise add "
           "--kind call_down ...` (or in exercises.yaml with `kind: call_down`)")
def contact_list_not_tested(ctx: Context) -> Hits:
    """No call-down drill was held within `checks.call_down_months` (12).

    Why it matters:
        A contact list is only as good as the last time someone called every number on it.
        People change jobs and phones, and the first hour of an incident is the wrong time to
        find out. The OVC-funded preparedness program asks for a routinely updated contact
        list and a defined activation process; a call-down drill (`kind: call_down`) is the
        exercise that tests both. The finding is at committee.yaml's `activation:` (or at
        the last drill, or the top of committee.yaml); while committee.yaml is missing or
        invalid, at exercises.yaml's `exercises:`, and without either file not at all: VP007
        asks for committee.yaml first.

    Fails:
        exercises:
          - id: call-2025
            date: 2025-06-02
            kind: call_down
            title: Contact list call-down

    Passes:
        exercises:
          - id: call-2026
            date: 2026-09-14
            kind: call_down
            title: Contact list call-down
    """
    record = ctx.facts.exercise_record
    drill = record.call_down
    if record.unreadable or drill is None or not drill.overdue:
        return
    drills = [e for e in record.exercises if e.kind == "call_down" and e.held]
    if ctx.committee is not None and ctx.committee.activation is not None:
        path: tuple = ("committee", "activation")
    elif drills:
        path = (*EXERCISES, max(drills, key=lambda e: (e.day, e.index)).index)
    elif ctx.committee is not None:
        path = ("committee",)
    elif ctx.exercises is not None:  # committee.yaml missing or invalid: where drills go
        path = EXERCISES
    else:  # neither file: VP007 (committee.yaml is required) says what to do first
        return
    months = ctx.checks.call_down_months
    when = ("no call-down drill of the contact list is recorded" if drill.last is None else
            f"the last call-down drill of the contact list was on {drill.last}, more than "
            f"{months} months ago")
    yield Hit(path, f"{when}; hold one and record it in exercises.yaml", "contact_list",
              Step("hold a call-down drill of the contact list and record it"),
              f"{when}; hold one and record it in the plan's exercises file")
