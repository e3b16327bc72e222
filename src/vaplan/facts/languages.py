"""Language access: each language residents speak at home (vaplan.yaml `population:`), its
share, and the members, partners and resources that serve people in it."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.models import Committee, PlanMeta, Resources

#: The discipline whose member covers every language (an interpreter service, a language line).
LANGUAGE_ACCESS = "language_access"


@dataclass(frozen=True)
class LanguageCoverage:
    """One language of `population.languages` and who on the plan speaks it."""

    #: its place in vaplan.yaml's `population: languages:`
    index: int
    language: str
    #: percent of residents who speak it at home
    share: float
    #: at or above `checks.language_share_percent`: the plan must cover it
    expected: bool
    #: names of the members, partners and resources whose `languages` list it (any case),
    #: in the order committee.yaml and resources.yaml list them
    speakers: tuple[str, ...]
    #: names of the members that cover `language_access`, and so every language
    language_access: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.speakers or self.language_access)

    @property
    def share_text(self) -> str:
        """The share as people write it: 9%, 2.5%."""
        return f"{self.share:g}%"


def language_coverage(meta: PlanMeta | None, committee: Committee | None,
                      resources: Resources | None, threshold: float
                      ) -> tuple[LanguageCoverage, ...]:
    """Each population language with who covers it; empty without `population:`."""
    population = meta.population if meta else None
    if population is None:
        return ()
    speakers: list[tuple[str, frozenset[str]]] = []
    access: list[str] = []
    for member in committee.members if committee else ():
        speakers.append((member.organization, _folded(member.languages)))
        if LANGUAGE_ACCESS in member.disciplines:
            access.append(member.organization)
    for partner in committee.partners if committee else ():
        speakers.append((partner.organization, _folded(partner.languages)))
    for resource in resources.resources if resources else ():
        speakers.append((resource.name, _folded(resource.languages)))
    rows = []
    for index, entry in enumerate(population.languages):
        key = " ".join(entry.language.split()).casefold()
        rows.append(LanguageCoverage(
            index, entry.language, entry.share, entry.share >= threshold,
            tuple(dict.fromkeys(name for name, langs in speakers if key in langs)),
            tuple(dict.fromkeys(access))))
    return tuple(rows)


def _folded(languages: list[str]) -> frozenset[str]:
    return frozenset(" ".join(language.split()).casefold() for language in languages)
