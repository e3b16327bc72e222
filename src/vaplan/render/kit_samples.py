"""Sample kits for `vaplan template check --kind response|recovery`: one with one of everything
and an empty one, so a check walks both sides of every `if` and into every loop."""

from __future__ import annotations

import dataclasses
from typing import Any

from vaplan.checklist.kit import (
    KIT_CLASSES,
    READ_IN_PART,
    FirstAction,
    Kit,
    KitCall,
    KitContact,
    KitEntry,
    KitProtocol,
)


def kit_context(kit: Kit) -> dict[str, Any]:
    """Top-level template variables: every field of the kit."""
    return {f.name: getattr(kit, f.name) for f in dataclasses.fields(kit)}


def kit_names() -> list[str]:
    return [f.name for f in dataclasses.fields(Kit)]


def sample_kits(phase: str) -> list[Kit]:
    person = KitContact("Pat Kim, Duty Officer", "555-0100", "555-0101; pkim@example.org")
    entry = KitEntry("RS-CM-01", "Committee meeting", "Convene the steering committee.",
                     "partial", "the OVC text was cut off", "OVC Response Checklist", True,
                     ("Time convened", "Where"))
    plain = dataclasses.replace(entry, id="RS-CM-02", adaptation=False, notes=())
    full = KIT_CLASSES[phase](
        phase=phase, title="Sample kit", community="Sample County", jurisdiction="Sample, OR",
        today="2026-11-28", trigger="A mass casualty incident is declared.",
        calls=(KitCall(1, 0, "Sample OEM", "", person, person, "Sample DA", "Communications"),
               KitCall(2, 1, "Sample DA", "Sample OEM", person, None, "")),
        call_gaps=("Not reached by the call tree, call directly: Sample Schools",),
        protocols=(KitProtocol("committee_meeting", "Committee meeting", "Sample DA",
                               person.text, "Sample OEM", (entry, plain), person.text,
                               ("Convene the committee.",), "County EOP, Annex M",
                               ("Fairgrounds Hall, 1 Main St; for 200 people",),
                               ("Planning MOU: in force until 2027-06-30",),
                               ("No 24-hour number for the representative or an alternate.",)),
                   KitProtocol("victim_notification", "Death notification", "", "", "", ())),
        glance=(KitProtocol("victim_notification", "Death notification", "", "", "", ()),),
        first_hour=(FirstAction(1, "Start the call-down.", "Sample OEM", person.text,
                                "Fairgrounds Hall, 1 Main St", "", "ICP TTA (related)"),
                    FirstAction(2, "Send the liaison.", "no one named in the plan", "", "",
                                "No lead named.", "OVC matrix (confirmed)")),
        first_hour_note="The order is vaplan's adaptation.", activator="Sample OEM: 555-0100",
        optional_out="Memorials and special events",
        items=(entry, plain), tailored_out=("RS-DON-02: no fund in this county",),
        read_in_part=READ_IN_PART, adaptations="RS-CM-01",
        problems=("committee.yaml:2: a problem",), public_note="Public copy: ...")
    empty = dataclasses.replace(full, jurisdiction="", trigger="", calls=(), call_gaps=(),
                                protocols=(), glance=(), items=(), tailored_out=(), adaptations="none",
                                problems=(), public_note="", first_hour=(),
                                first_hour_note="", activator="", optional_out="")
    # the committee's copy too, so a check walks the columns a public copy leaves out
    return [full, dataclasses.replace(full, public_note=""), empty]
