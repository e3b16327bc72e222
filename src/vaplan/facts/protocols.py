"""Protocol evidence: what roles.yaml shows for each function (the toolkit's protocols)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from vaplan.facts.agreements import AgreementFact
from vaplan.facts.documents import document_exists
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
    #: where its entries say it is written down (`written_in:`)
    written_in: tuple[str, ...] = ()
    #: the `document:` paths its entries name that exist inside the plan directory
    documents: tuple[str, ...] = ()
    #: the `document:` paths its entries name that do not (missing, or outside the plan)
    missing_documents: tuple[str, ...] = ()
    #: the latest `reviewed:` date of its entries that is not after today
    reviewed: date | None = None
    #: the agreements whose `functions:` list it, in agreements.yaml's order
    agreements: tuple[AgreementFact, ...] = ()
    #: the latest exercise or real incident (exercises.yaml) that used it, not after today
    last_exercised: date | None = None

    @property
    def written(self) -> bool:
        """Written down: a `written_in:`, or a `document:` that exists in the plan directory."""
        return bool(self.written_in or self.documents)

    @property
    def agreements_in_force(self) -> bool:
        """Every agreement that lists it is signed and not expired."""
        return all(a.in_force for a in self.agreements)

    @property
    def met(self) -> bool:
        """The whole protocol is shown: a lead, responsibilities, written down, its
        agreements in force."""
        return not self.parts()[1]

    def parts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What the plan shows of the protocol and what it lacks, in words: ("lead named",
        "written down", ...), ("no responsibilities", "its MOU expired on ...")."""
        there: list[str] = []
        missing: list[str] = []
        (there if self.led else missing).append("lead named" if self.led else "no lead named")
        (there if self.responsibilities else missing).append(
            "responsibilities written" if self.responsibilities else "no responsibilities")
        (there if self.written else missing).append(
            "written down" if self.written else "not written down")
        # each kind of agreement and its state said once: "3 of its grants are not signed"
        groups: dict[tuple[str, str], list[AgreementFact]] = {}
        for agreement in self.agreements:
            state = ("in force" if agreement.in_force else
                     "expired" if agreement.state == "expired" else "unsigned")
            groups.setdefault((agreement.type, state), []).append(agreement)
        for (kind, state), same in groups.items():
            many = len(same) > 1
            if state == "in force":
                there.append(f"its {len(same)} {kind}s in force" if many
                             else f"its {kind} in force")
            elif state == "expired":
                last = max(str(a.expires) for a in same)
                missing.append(f"{len(same)} of its {kind}s expired, the last on {last}" if many
                               else f"its {kind} expired on {last}")
            else:
                missing.append(f"{len(same)} of its {kind}s are not signed" if many
                               else f"its {kind} is not signed")
        return tuple(there), tuple(missing)

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
                      required: tuple[str, ...], *, plan_dir: Path | None = None,
                      agreements: tuple[AgreementFact, ...] = (),
                      today: date | None = None,
                      exercised: Mapping[str, date] | None = None
                      ) -> dict[str, ProtocolEvidence]:
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
            tuple(line for e in found for line in (e.responsibilities or ()) if line.strip()),
            tuple(e.written_in.strip() for e in found if e.written_in and e.written_in.strip()),
            tuple(e.document for e in found if e.document
                  and document_exists(plan_dir, e.document)),
            tuple(e.document for e in found if e.document
                  and not document_exists(plan_dir, e.document)),
            max((e.reviewed for e in found if e.reviewed
                 and (today is None or e.reviewed <= today)), default=None),
            tuple(a for a in agreements if function in a.functions),
            (exercised or {}).get(function))
    return evidence
