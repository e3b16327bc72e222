"""The documents vaplan renders, each with its bundled templates, the variables a template sees
and the samples `vaplan template check` runs a template against."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Kind:
    """One kind of document: the checklist, the meeting packet, an incident-day kit or the
    one-page summary."""

    name: str
    #: what a message calls it: "the checklist"
    noun: str
    markdown: str
    word: str
    view: type
    #: the top-level template variables of one document
    context: Callable[[Any], dict[str, Any]]
    names: Callable[[], list[str]]
    #: documents that between them walk every branch and loop of a good template
    samples: Callable[[], list[Any]]


def kinds() -> dict[str, Kind]:
    """Kind name -> Kind."""
    from vaplan.checklist.build import Checklist
    from vaplan.checklist.packet import Packet
    from vaplan.render.context import context_names, render_context, sample_checklists
    from vaplan.render.packet_samples import sample_packets
    from vaplan.checklist.kit import RecoveryKit, ResponseKit
    from vaplan.render.kit_samples import kit_context, kit_names, sample_kits
    from vaplan.checklist.summary import Summary
    from vaplan.render.summary_samples import sample_summaries

    return {
        "checklist": Kind("checklist", "the checklist", "checklist.md.j2", "checklist.docx",
                          Checklist, render_context, context_names, sample_checklists),
        "packet": Kind("packet", "the packet", "packet.md.j2", "packet.docx", Packet,
                       _fields, lambda: [f.name for f in dataclasses.fields(Packet)],
                       sample_packets),
        "response": Kind("response", "the response kit", "kit.md.j2", "kit.docx", ResponseKit,
                         kit_context, kit_names, lambda: sample_kits("response")),
        "recovery": Kind("recovery", "the recovery kit", "kit.md.j2", "kit.docx", RecoveryKit,
                         kit_context, kit_names, lambda: sample_kits("recovery")),
        "summary": Kind("summary", "the summary", "summary.md.j2", "summary.docx", Summary,
                        _fields, lambda: [f.name for f in dataclasses.fields(Summary)],
                        sample_summaries),
    }


def kind_of(view: Any) -> Kind:
    """The kind of a view-model (a Checklist or a Packet)."""
    return next(k for k in kinds().values() if isinstance(view, k.view))


def _fields(view: Any) -> dict[str, Any]:
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
