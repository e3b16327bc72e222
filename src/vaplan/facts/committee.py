"""The committee: its steering members, its disciplines and which members cover each."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.models import Committee

#: Disciplines the toolkit asks to be covered from more than one sector: legal services from
#: both the nonprofit and the private sectors.
SECTORS_REQUIRED: dict[str, tuple[str, ...]] = {"legal_services": ("nonprofit", "private")}


@dataclass(frozen=True)
class DisciplineCoverage:
    """One required discipline and the committee members who bring it."""

    discipline: str
    #: ids of the members with this discipline, in committee.yaml's order
    members: tuple[str, ...]
    #: their places in committee.yaml's list (an id may be used twice until VP005 is fixed)
    indexes: tuple[int, ...]
    #: sectors the discipline must come from that no such member is in (legal services)
    missing_sectors: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.members) and not self.missing_sectors


def discipline_coverage(committee: Committee, required: tuple[str, ...]
                        ) -> tuple[DisciplineCoverage, ...]:
    """The coverage of each required discipline, in the order they are required."""
    rows = []
    for discipline in required:
        indexes = [i for i, m in enumerate(committee.members) if discipline in m.disciplines]
        members = [committee.members[i] for i in indexes]
        sectors = {m.sector for m in members}
        missing = tuple(s for s in SECTORS_REQUIRED.get(discipline, ()) if s not in sectors)
        rows.append(DisciplineCoverage(discipline, tuple(m.id for m in members), tuple(indexes),
                                       missing if members else ()))
    return tuple(rows)


def steering_members(committee: Committee) -> tuple[str, ...]:
    """Ids of the members marked `steering: true`, in committee.yaml's order."""
    return tuple(m.id for m in committee.members if m.steering)
