"""`vaplan exercise` and `vaplan action`: record exercises, after-action reports and corrective
actions in exercises.yaml without editing YAML by hand.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module; ruamel.yaml is
imported inside the commands, so `vaplan check` never loads it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional

import typer

from vaplan.cli.app import PLAN, TODAY, app, fail, parse_today, plan_folder
from vaplan.dates import parse_day
from vaplan.findings import printable

if TYPE_CHECKING:
    from vaplan.edit.exercises import Recorded

exercise = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                       help="Record the committee's exercises and real incidents.")
action = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                     help="Record the corrective actions of the improvement plan.")
app.add_typer(exercise, name="exercise")
app.add_typer(action, name="action")

ACTION_ID: Any = typer.Argument(..., help="The corrective action's id.")


@exercise.command("add")
def exercise_add(
    plan: Optional[Path] = PLAN,
    title: str = typer.Option(..., "--title", metavar="TEXT",
                              help="The exercise's or incident's name."),
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="The day it was held."),
    kind: str = typer.Option(..., "--kind", metavar="KIND",
                             help="seminar, workshop, tabletop, drill, functional, full_scale, "
                                  "call_down or real_incident."),
    id: Optional[str] = typer.Option(None, "--id", metavar="ID",
                                     help="Its id; made from the title and date if left out."),
    function: List[str] = typer.Option([], "--function", metavar="FUNCTION",
                                       help="A protocol it exercised (function id); repeat "
                                            "for each."),
    participant: List[str] = typer.Option([], "--participant", metavar="MEMBER",
                                          help="A member or partner id of an organization "
                                               "that took part; repeat for each."),
    after_action: Optional[str] = typer.Option(None, "--after-action", metavar="PATH",
                                               help="The after-action report's path in the "
                                                    "plan folder, or its https:// address."),
    notes: Optional[str] = typer.Option(None, "--notes", metavar="TEXT",
                                        help="Anything else to remember."),
    today: Optional[str] = TODAY,
) -> None:
    """Record an exercise or real incident the committee took part in."""
    from vaplan.edit.exercises import NewExercise, add_exercise

    plan = plan_folder(plan)

    day = parse_today(today)
    new = NewExercise(title=title, day=_day("--date", on), kind=kind, id=id,
                      functions=tuple(function), participants=tuple(participant),
                      after_action=after_action, notes=notes)
    result = _run(lambda: add_exercise(plan, new, day))
    kind_words = _KIND_WORDS.get(kind, kind.replace("_", " "))
    report = _cmd("exercise after-action", result.id, "PATH", plan)
    steps = [] if result.record.get("after_action") else [
        f"record its after-action report with `{report}`"]
    steps.append(f"record its corrective actions with `{_cmd('action add', plan)} --source "
                 f"{result.id} --function F --issue ... --action ...`")
    unnamed = "" if function else ("It names no protocol, and vaplan counts an exercise only "
                                   "for the protocols it names (--function). ")
    _say(result, f'Recorded the {kind_words} "{result.id}"',
         unnamed + "Next: " + ", and ".join(steps))


@exercise.command("after-action")
def exercise_after_action(
    exercise_id: str = typer.Argument(..., help="The exercise's id."),
    report: str = typer.Argument(..., help="The after-action report's path (a file in the "
                                 "plan folder) or its https:// address."),
    plan: Optional[Path] = PLAN,
) -> None:
    """Record where an exercise's after-action report is."""
    from vaplan.edit.exercises import set_after_action

    plan = plan_folder(plan)

    result = _run(lambda: set_after_action(plan, exercise_id, report))
    _say(result, f'Recorded the after-action report of "{exercise_id}" as '
         f"{result.record.get('after_action')}",
         f"Next: record its corrective actions with `{_cmd('action add', plan)} --source "
         f"{exercise_id} --function F --issue ... --action ...`")


@action.command("add")
def action_add(
    plan: Optional[Path] = PLAN,
    source: str = typer.Option(..., "--source", metavar="EXERCISE",
                               help="The id of the exercise or incident it comes from."),
    function: str = typer.Option(..., "--function", metavar="FUNCTION",
                                 help="The protocol it improves (function id)."),
    issue: str = typer.Option(..., "--issue", metavar="TEXT",
                              help="The area for improvement, stated as the problem."),
    corrective: str = typer.Option(..., "--action", metavar="TEXT",
                                   help="The corrective action."),
    id: Optional[str] = typer.Option(None, "--id", metavar="ID",
                                     help="Its id; the source's id and a number if left out."),
    element: Optional[str] = typer.Option(None, "--element", metavar="ELEMENT",
                                          help="planning, organization, equipment, training "
                                               "or exercise."),
    owner: Optional[str] = typer.Option(None, "--owner", metavar="MEMBER",
                                        help="The member id of the organization responsible."),
    contact: Optional[str] = typer.Option(None, "--contact", metavar="NAME",
                                          help="The person to ask about it."),
    start: Optional[str] = typer.Option(None, "--start", metavar="YYYY-MM-DD",
                                        help="The day work on it starts."),
    due: Optional[str] = typer.Option(None, "--due", metavar="YYYY-MM-DD",
                                      help="The day it is due."),
    today: Optional[str] = TODAY,
) -> None:
    """Record a corrective action of the improvement plan (its status is open)."""
    from vaplan.edit.exercises import NewAction, add_action

    plan = plan_folder(plan)

    day = parse_today(today)
    new = NewAction(source=source, function=function, issue=issue, action=corrective, id=id,
                    element=element, owner=owner, contact=contact,
                    start=_day("--start", start) if start else None,
                    due=_day("--due", due) if due else None)
    result = _run(lambda: add_action(plan, new, day))
    missing = [f"--{k}" for k in ("owner", "due") if not result.record.get(k)]
    later = (f"; it has no {' or '.join(missing)} yet: vaplan check asks for an owner, and the "
             "calendar shows only actions with a due date") if missing else ""
    _say(result, f'Recorded the corrective action "{result.id}" (open)',
         f"Next: `{_cmd('action start', result.id, plan)}` when work begins, "
         f"`{_cmd('action done', result.id, plan)}` when it is finished{later}")


@action.command("start")
def action_start(
    action_id: str = ACTION_ID,
    plan: Optional[Path] = PLAN,
    on: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="The day work "
                                     "began; today if left out and no start date is recorded."),
    today: Optional[str] = TODAY,
) -> None:
    """Record that work on a corrective action has begun (in progress)."""
    from vaplan.edit.exercises import start_action

    plan = plan_folder(plan)

    day = parse_today(today)
    result = _run(lambda: start_action(plan, action_id, day, _day("--date", on) if on else None))
    _say(result, f'Recorded the corrective action "{action_id}" as in progress',
         f"Next: `{_cmd('action done', action_id, plan)}` when it is finished")


@action.command("done")
def action_done(
    action_id: str = ACTION_ID,
    plan: Optional[Path] = PLAN,
    on: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                     help="The day it was finished; today if left out."),
    validated_by: Optional[str] = typer.Option(None, "--validated-by", metavar="EXERCISE",
                                               help="The id of a later exercise that showed "
                                               "the action worked."),
    today: Optional[str] = TODAY,
) -> None:
    """Record that a corrective action is done, and the exercise that validated it."""
    from vaplan.edit.exercises import finish_action

    plan = plan_folder(plan)

    day = parse_today(today)
    result = _run(lambda: finish_action(plan, action_id, day, _day("--date", on) if on else None,
                                        validated_by))
    done = f"done on {result.record.get('completed')}"
    if result.record.get("validated_by"):
        _say(result, f'Recorded the corrective action "{action_id}" as {done}, validated by '
             f'"{result.record["validated_by"]}"', "Nothing more to record for it")
    else:
        _say(result, f'Recorded the corrective action "{action_id}" as {done}',
             "Next: when a later exercise shows it works, record that with "
             f"`{_cmd('action done', action_id, plan)} --validated-by EXERCISE`")


@action.command("cancel")
def action_cancel(action_id: str = ACTION_ID, plan: Optional[Path] = PLAN) -> None:
    """Record that a corrective action will not be done."""
    from vaplan.edit.exercises import cancel_action

    plan = plan_folder(plan)

    result = _run(lambda: cancel_action(plan, action_id))
    _say(result, f'Recorded the corrective action "{action_id}" as cancelled',
         "Next: say why in the commit that records this change (exercises.yaml has no field "
         "for it)")


#: How a kind of exercise reads in a sentence: "Recorded the call-down drill ...".
_KIND_WORDS = {"drill": "drill", "functional": "functional exercise",
               "full_scale": "full-scale exercise", "call_down": "call-down drill",
               "real_incident": "real incident"}


def _day(option: str, value: str) -> date:
    try:
        return parse_day(value)
    except ValueError as err:  # says what is wrong with it: a dash, a day the month lacks...
        fail(f"{option}: {err}")


def _run(edit: Callable[[], Recorded]) -> Recorded:
    from vaplan.edit.merge import EditError

    try:
        return edit()
    except EditError as err:
        fail(str(err))


def _cmd(command: str, *args: object) -> str:
    """The command to type next; the plan folder is left out when it is the current one."""
    words = [str(a) for a in args if not (isinstance(a, Path) and a == Path("."))]
    return " ".join(["vaplan", command, *words])


def _say(result: Recorded, what: str, next_step: str) -> None:
    if not result.changed:
        typer.echo(printable(f"{result.path}:{result.line} already says so; nothing changed. "
                             f"{next_step}."), err=True)
        return
    # status lines go to standard error, as every command's
    new = " (a new file)" if result.created else ""
    typer.echo(printable(f"{what} at {result.path}:{result.line}{new}. {next_step}."), err=True)
    if result.rewritten:
        lines = ", ".join(str(n) for n in result.rewritten)
        typer.echo(f"Note: YAML's standard form also rewrote line(s) {lines} of the old file; "
                   "their data is unchanged.", err=True)

