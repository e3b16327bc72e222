"""The documents vaplan renders, in one registry: each Kind knows how to build its view from a
checked plan, its bundled templates, the formats it is written in, the variables a template
sees and the samples `vaplan template check` runs a template against. The command line's list
of kinds, their help and the formats each takes come from here.

Importing this module is light (the command line reads it at start-up): what a Kind builds
with is imported only when it is used.
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: Every document is written as Markdown, Word, or a PDF made from the Word document.
DOCUMENT_FORMATS = ("md", "docx", "pdf")


@dataclass(frozen=True)
class Kind:
    """One kind of document: the checklist, the meeting packet or an incident-day kit.

    A new kind is its module (the view-model, its builder and its samples together, as
    `checklist/signin.py`), its templates, and one line in KINDS below."""

    name: str
    #: what a message calls it: "the checklist"
    noun: str
    #: what it is, for the command line's help: "a meeting packet"
    help: str
    markdown: str
    word: str
    #: "module:Class" of its view-model
    view_name: str
    #: "module:function" (result, kind, since, public) -> its view
    builder: str
    #: "module:function": documents that between them walk every branch and loop of a good
    #: template (given the kind's name when the function takes an argument)
    samples_name: str
    #: "module:function"s: the top-level template variables of one document and their names;
    #: by default the view-model's fields
    context_name: str = "vaplan.render.kinds:fields_of"
    names_name: str = ""
    #: the formats it can be written in, beyond DOCUMENT_FORMATS ("json": the checklist as data)
    data_formats: tuple[str, ...] = ()
    #: it lists what changed since a day or revision (`--since`)
    since: bool = False

    @property
    def formats(self) -> tuple[str, ...]:
        return (*DOCUMENT_FORMATS, *self.data_formats)

    @property
    def view(self) -> type:
        return _load(self.view_name)

    def build(self, result: CheckResult, since: str | None = None, public: bool = False) -> Any:
        """This document of a checked plan; `public` leaves every person out."""
        return _load(self.builder)(result, self.name, since, public)

    def context(self, view: Any) -> dict[str, Any]:
        return _load(self.context_name)(view)

    def names(self) -> list[str]:
        if not self.names_name:
            return [f.name for f in dataclasses.fields(self.view)]
        return _load(self.names_name)()

    def samples(self) -> list[Any]:
        samples: Callable[..., list[Any]] = _load(self.samples_name)
        return samples(self.name) if inspect.signature(samples).parameters else samples()


def _load(name: str) -> Any:
    module, attribute = name.split(":")
    return getattr(import_module(module), attribute)


def _kit(name: str, noun: str, help: str, view: str) -> Kind:
    """An incident-day kit: the response and recovery kits share their templates."""
    return Kind(name, noun, help, "kit.md.j2", "kit.docx", view, "vaplan.render.kinds:build_kit",
                "vaplan.checklist.kit:sample_kits")


#: Kind name -> Kind, in the order the command line lists them.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("checklist", "the checklist", "the Partnerships & Planning checklist",
         "checklist.md.j2", "checklist.docx", "vaplan.checklist.view:Checklist",
         "vaplan.render.kinds:build_checklist", "vaplan.render.context:sample_checklists",
         "vaplan.render.context:render_context", "vaplan.render.context:context_names",
         data_formats=("json",)),
    Kind("packet", "the packet", "a meeting packet", "packet.md.j2", "packet.docx",
         "vaplan.checklist.packet:Packet", "vaplan.render.kinds:build_packet",
         "vaplan.checklist.packet:sample_packets", since=True),
    _kit("response", "the response kit", "the incident-day kit: call tree, who does what in "
         "the first hours", "vaplan.checklist.kit:ResponseKit"),
    _kit("recovery", "the recovery kit", "the recovery kit", "vaplan.checklist.kit:RecoveryKit"),
    Kind("summary", "the summary", "one page: readiness, its trend over the plan's history, "
         "the next steps", "summary.md.j2", "summary.docx", "vaplan.checklist.summary:Summary",
         "vaplan.render.kinds:build_summary", "vaplan.checklist.summary:sample_summaries",
         data_formats=("json", "html")),
    Kind("sign-in", "the sign-in sheet", "a sign-in sheet for the next meeting: members and "
         "alternates with a column to sign", "sign-in.md.j2", "sign-in.docx",
         "vaplan.checklist.signin:SignIn", "vaplan.render.kinds:build_sign_in",
         "vaplan.checklist.signin:sample_sign_ins", "vaplan.checklist.signin:sign_in_context",
         "vaplan.checklist.signin:sign_in_names"),
)}


def kinds() -> dict[str, Kind]:
    """Kind name -> Kind."""
    return KINDS


def kinds_help() -> str:
    """The kinds in words, for the command line: "checklist (...), packet (...) or ..."."""
    parts = [f"{k.name} ({k.help})" for k in KINDS.values()]
    return f"{', '.join(parts[:-1])} or {parts[-1]}."


def kind_table() -> str:
    """The README's table of the documents `vaplan render --kind` makes, in Markdown (`python
    .ci/readme.py` writes it into README.md)."""
    rows = [f"| `{k.name}` | {k.help} | {', '.join(k.formats)} | `templates/{k.markdown}`, "
            f"`templates/{k.word}` |" for k in KINDS.values()]
    return "\n".join(["| kind | what it is | formats | bundled templates |", "|---|---|---|---|",
                      *rows]) + "\n"


def kind_of(view: Any) -> Kind:
    """The kind of a view-model (a Checklist, a Packet or a kit)."""
    return next(k for k in KINDS.values() if isinstance(view, k.view))


# how each kind builds its view --------------------------------------------------------------

def build_checklist(result: CheckResult, kind: str, since: str | None, public: bool) -> Any:
    from vaplan.checklist.build import build_checklist as build

    return build(result, public=public)


def build_packet(result: CheckResult, kind: str, since: str | None, public: bool) -> Any:
    """The packet; `public` makes the whole of it, checklist parts too, a public copy."""
    from vaplan.checklist.build import build_checklist as checklist_of
    from vaplan.checklist.changes import changes_since
    from vaplan.checklist.packet import build_packet as build
    from vaplan.checklist.progress import packet_progress
    from vaplan.facts.meetings import last_meeting

    checklist = checklist_of(result)
    if since is None:  # without --since, from the last meeting meetings.yaml records
        held = last_meeting(result.plan.meetings, result.today)
        since = held.date.isoformat() if held is not None else None
    changes = (changes_since(result, since, {i.id: i.text for i in checklist.items})
               if since is not None else None)
    progress = packet_progress(result, since)
    return build(result, checklist, changes, public=public,
                 progress=progress.words if progress else "")


def build_kit(result: CheckResult, kind: str, since: str | None, public: bool) -> Any:
    from vaplan.checklist.kit import build_kit as build

    return build(result, kind, public=public)  # type: ignore[arg-type]


def build_sign_in(result: CheckResult, kind: str, since: str | None, public: bool) -> Any:
    from vaplan.checklist.signin import build_sign_in as build

    return build(result, public=public)


def fields_of(view: Any) -> dict[str, Any]:
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}



def build_summary(result: CheckResult, kind: str, since: str | None, public: bool) -> Any:
    """The one-page summary, with readiness over the plan's git history."""
    from vaplan.checklist.summary import build_summary as build
    from vaplan.checklist.trend import plan_history

    return build(result, plan_history(result.directory), public=public)

