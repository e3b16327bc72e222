"""Protocol evidence: what roles.yaml shows for each function (the toolkit's protocols)."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.models import Roles


@dataclass(frozen=True)
class ProtocolEvidence:
    """What the plan shows for one function.

    New kinds of evidence (where the protocol is written, its reviews, the agreements that
    support it, when it was last exercised) are added as fields with empty defaults, so the
    readers of the existing ones do not change.
    """

    function: str
    #: in the required list (`checks.required_functions`, or the vocabulary's default)
    required: bool
    #: indexes of its entries in roles.yaml's `functions:` (a plan may list one twice)
    entries: tuple[int, ...] = ()
    #: member ids of the leads its entries name, in order, without repeats
    leads: tuple[str, ...] = ()
    #: member ids of the supporting agencies, in order, without repeats
    support: tuple[str, ...] = ()
    #: the responsibilities its entries write down, one line each
    responsibilities: tuple[str, ...] = ()

    @property
    def present(self) -> bool:
        """roles.yaml has an entry for it."""
        return bool(self.entries)

    @property
    def led(self) -> bool:
        """An entry for it names a lead: the least a protocol needs to be in the plan."""
        return bool(self.leads)

    @property
    def included(self) -> bool:
        """The plan must have it, or has it: an optional protocol with no entry is neither."""
        return self.required or self.present


def protocol_evidence(roles: Roles | None, functions: tuple[str, ...],
                      required: tuple[str, ...]) -> dict[str, ProtocolEvidence]:
    """The evidence for every function of the vocabulary (`functions`), in its order."""
    entries: dict[str, list[int]] = {}
    for index, entry in enumerate(roles.functions if roles is not None else ()):
        entries.setdefault(entry.function, []).append(index)
    evidence = {}
    for function in dict.fromkeys((*functions, *entries)):
        found = [roles.functions[i] for i in entries.get(function, ())] if roles else []
        evidence[function] = ProtocolEvidence(
            function, function in required, tuple(entries.get(function, ())),
            tuple(dict.fromkeys(e.lead for e in found if e.lead)),
            tuple(dict.fromkeys(s for e in found for s in e.support)),
            tuple(line for e in found for line in (e.responsibilities or ())))
    return evidence
