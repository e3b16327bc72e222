"""Template failures in plain words: what a name the template used and the document lacks
should have been, where in the template an error happened, and what the error means."""

from __future__ import annotations

import dataclasses
import sys
from types import FrameType
from typing import Any, Iterable

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.utils import missing as _MISSING

from vaplan.vocabulary import did_you_mean

#: What a template's author calls the view-model's types.
NOUNS = {"Checklist": "the checklist", "Section": "a section", "Item": "an item",
         "Score": "a score", "Evidence": "a finding (item.evidence)",
         "Entry": "a committee member (roster)", "Coverage": "a coverage row",
         "OpenGap": "an open gap", "AgreementAlert": "an agreement alert",
         "Packet": "the packet", "AgendaItem": "an agenda item", "Review": "a review",
         "Changes": "the changes", "Change": "a change",
         "Action": "a next step", "OwnSteps": "an organization's next steps (later_steps)",
         "ExerciseReport": "the exercises (exercises)", "HeldExercise": "an exercise held",
         "ActionLine": "a corrective action", "MeetingNotes": "the last meeting (last_meeting)",
         "ResponseKit": "the response kit", "RecoveryKit": "the recovery kit",
         "KitCall": "a call of the call-down (calls)", "KitContact": "a person to call",
         "KitProtocol": "a protocol", "KitEntry": "an entry of a protocol (entries)",
         "FirstAction": "an action of the first hour (first_hour)", "Summary": "the summary",
         "SectionScore": "a section's score", "Point": "a point of the trend (history)",
         "Meeting": "the next meeting (next_meeting)",
         "LastExercise": "the last exercise (last_exercise)", "SignIn": "the sign-in sheet",
         "SignInRow": "a row of the sign-in sheet (rows)"}
#: What a template's plain values are, in words ("a int value" said nothing to a coordinator).
PLAIN = {"str": "a piece of text", "int": "a number", "float": "a number",
         "bool": "a yes-or-no value", "list": "a list", "tuple": "a list",
         "NoneType": "an empty value", "date": "a date", "dict": "a table"}


def fields_of(obj: Any) -> list[str]:
    """The names a template may use on a view-model object (its fields and properties)."""
    if isinstance(obj, dict):
        return [k for k in obj if isinstance(k, str)]
    if dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj)]
        names += [n for n, v in vars(type(obj)).items()
                  if isinstance(v, property) and not n.startswith("_")]
        return names
    return []


def explain_undefined(name: Any, obj: Any, hint: str | None, known: Iterable[str],
                      noun: str = "the checklist") -> str:
    """The sentence for a name the template used and the document (`noun`) does not have."""
    if hint:
        if "unsafe" in hint:
            return (f'the template reaches for "{name}", a part of Python that templates may not '
                    f"use; use only {noun}'s fields")
        return hint
    if obj is _MISSING:
        return (f'"{name}" is not a variable of {noun}{did_you_mean(name, known)}; the '
                f"variables are: {', '.join(sorted(known))}")
    names = fields_of(obj)
    kind = type(obj).__name__
    noun = NOUNS.get(kind) or PLAIN.get(kind) or f"a value of the kind {kind}"
    if names:
        return (f'{noun} has no field "{name}"{did_you_mean(name, names)}; its fields are: '
                f"{', '.join(names)}")
    return f'{noun} has no field "{name}"'


def template_line() -> int | None:
    """The template line being executed, read from the stack (for problems found mid-render)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def error_line(err: BaseException) -> int | None:
    """The template line of an error raised while rendering (Jinja rewrites the traceback)."""
    if isinstance(err, TemplateSyntaxError):
        return err.lineno
    line = None
    tb = err.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def describe_error(err: BaseException) -> str:
    """A template error in plain words (without its place)."""
    if isinstance(err, TemplateSyntaxError):
        return f"the template's syntax is wrong: {err.message or err}"
    if isinstance(err, TemplateError):
        return str(err.message or err)
    if isinstance(err, RecursionError):
        return ("the template goes too deep: a macro calls itself without end, or brackets or "
                "tags sit inside one another thousands deep")
    if isinstance(err, MemoryError):
        return ("the template needs more memory than a template may use; look for a text or "
                "list it makes very large")
    return f"the template failed: {type(err).__name__}: {err}"
