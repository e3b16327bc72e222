"""The plan's records the checklist lists as they are (catalogue `shows:`): the sites chosen
ahead of an incident, the grants and subawards, and the languages residents speak with who on
the plan speaks each; read from the typed plan and its facts."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.checklist.view import FundingRow, LanguageRow, SiteRow
from vaplan.facts.plan import PlanFacts
from vaplan.models import PlanModels
from vaplan.text import dollars


@dataclass(frozen=True)
class PlanRecords:
    """Sites, funding and languages of one plan, as the checklist's rows and short lines."""

    plan: PlanModels
    facts: PlanFacts

    def organization(self, org_id: str) -> str:
        return self.facts.organization(org_id)

    def shown(self, shows: str | None) -> tuple[str, ...]:
        """The records an item lists under it (catalogue `shows:`), in short lines."""
        if shows == "sites":
            return tuple(f"{s.name}" + "".join(f", {part}" for part in (
                s.address, s.uses, s.capacity, "backup" if s.backup else "",
                f"secured by the {s.agreement}" if s.agreement else "no agreement") if part)
                for s in self.sites())
        if shows == "funding":
            return tuple(f"{f.type} {f.title}: {f.applicant} applies, {f.recipient} receives"
                         + f" from {f.source}"
                         + (f" {f.amount}" if f.amount else "")
                         + (f" for {f.purpose}" if f.purpose else "") + f"; {f.state}"
                         for f in self.funding())
        if shows == "languages":
            return tuple(f"{row.language} ({row.share}): {row.speakers}"
                         for row in self.languages())
        return ()

    def sites(self) -> tuple[SiteRow, ...]:
        """resources.yaml's sites: where each is, what for, how big, its backup and agreement."""
        resources = self.plan.resources
        rows = []
        for site in resources.sites if resources else ():
            fact = self.facts.agreement(site.agreement) if site.agreement else None
            agreement = (f"{fact.title}, {fact.state_text}" if fact else
                         f"{site.agreement} (not in agreements.yaml)" if site.agreement else "")
            rows.append(SiteRow(
                site.id, site.name, site.address or "",
                ", ".join(use.replace("_", " ") for use in site.use),
                self.organization(site.provider) if site.provider else "",
                f"{site.capacity} people" if site.capacity is not None else "",
                site.backup, agreement))
        return tuple(rows)

    def funding(self) -> tuple[FundingRow, ...]:
        """agreements.yaml's grants and subawards: who applies, who receives, how much, for
        what, and whether the award is in force."""
        agreements = self.plan.agreements
        rows = []
        for fact in self.facts.agreements:
            award = agreements.agreements[fact.index] if agreements else None
            if award is None or not award.funding:
                continue
            first = self.organization(award.parties[0])
            others = "; ".join(self.organization(p) for p in award.parties[1:])
            grant = award.type == "grant"
            rows.append(FundingRow(
                award.id, award.type, award.title, first, first if grant else others,
                others if grant else first,
                dollars(award.amount) if award.amount is not None else "",
                award.purpose or "", fact.state_text))
        return tuple(rows)

    def languages(self) -> tuple[LanguageRow, ...]:
        """vaplan.yaml's population languages and who on the plan speaks each."""
        return tuple(LanguageRow(
            c.language, c.share_text, c.covered, "✔" if c.covered else "✖",
            "; ".join(c.speakers) or ("; ".join(f"{name} (language access)"
                                               for name in c.language_access))
            or "no one on the plan") for c in self.facts.languages)
