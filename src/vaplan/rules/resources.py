"""Rules on the resource inventory, sites and resource gaps (resources.yaml): VP401-VP405."""

from __future__ import annotations

from vaplan.findings import STEERING
from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule
from vaplan.text import owners


@rule("VP401", "no-resource-inventory", "warning", needs=("resources",),
      items=("resources-inventoried",),
      priority=3,
      hint="list the services, places and people partners can offer under `resources:`")
def no_resource_inventory(ctx: Context) -> Hits:
    """No existing resources are listed.

    Why it matters:
        The toolkit asks communities to identify existing resources before looking for new
        ones: crisis counselors, interpreters, a building for a family assistance center. An
        empty inventory means gaps cannot be told from resources nobody wrote down.

    Fails:
        resources: []

    Passes:
        resources:
          - id: crisis-line
            name: 24-hour crisis line
            provider: pima-da
    """
    if not needed(ctx.resources).resources:
        yield ("resources", "resources"), "no existing resources are listed"


@rule("VP402", "gap-without-owner", "warning", needs=("resources",),
      items=("gaps-have-owners",),
      priority=3, hint="name the member id who works on this gap under `owner:`")
def gap_without_owner(ctx: Context) -> Hits:
    """An open or in-progress resource gap has no owner.

    Why it matters:
        The toolkit asks communities to address resource gaps by seeking out surrounding
        governments, nonprofits, colleges, foundations and the private sector. Someone must do
        the seeking: a gap with no owner stays open until an incident exposes it.

    Fails:
        gaps:
          - id: interpreters
            need: On-call interpreters for Tohono O'odham and Spanish
            status: open

    Passes:
        gaps:
          - id: interpreters
            need: On-call interpreters for Tohono O'odham and Spanish
            status: open
            owner: pima-da
    """
    gaps = needed(ctx.resources).gaps
    for index in ctx.facts.open_gaps:  # open or in progress
        gap = gaps[index]
        if not gap.owner:
            yield Hit(("resources", "gaps", index),
                      f'the {gap.status.replace("_", "-")} gap "{gap.id}" has no owner', gap.id,
                      Step(f"name an owner for the gap “{gap.need}”", STEERING),
                      f"the {gap.status.replace('_', '-')} gap “{gap.need}” has no owner")


@rule("VP403", "gap-not-raised", "warning", needs=("resources",),
      items=("unmet-needs-raised",),
      priority=3,
      hint="bring the gap to the next committee meeting and record the date under `raised:`")
def gap_not_raised(ctx: Context) -> Hits:
    """An open resource gap has no `raised` date: it was never brought to the committee.

    Why it matters:
        The toolkit asks communities to bring any unmet needs and unforeseen challenges to the
        planning committee, so that the whole partnership can address them. A gap known to one
        agency only is a gap the other partners cannot help close.

    Fails:
        gaps:
          - id: fac-site
            need: A site for the family assistance center
            status: open

    Passes:
        gaps:
          - id: fac-site
            need: A site for the family assistance center
            status: open
            raised: 2026-05-14
    """
    for index, gap in enumerate(needed(ctx.resources).gaps):
        if gap.status == "open" and gap.raised is None:
            yield Hit(("resources", "gaps", index), f'the open gap "{gap.id}" has no `raised:` '
                      "date; it has not been brought to the committee", gap.id,
                      Step(f"bring the gap “{gap.need}” to the committee",
                           ctx.organization(gap.owner) if gap.owner else STEERING),
                      f"the open gap “{gap.need}” has no raised date; it has not been brought "
                      "to the committee")


FAC = "family_assistance_center"


@rule("VP404", "family-assistance-center-site-missing", "warning", needs=("resources",),
      items=("sites-chosen",),
      priority=3,
      hint="add the site under `sites:` in resources.yaml with `use: [family_assistance_center]`")
def family_assistance_center_site_missing(ctx: Context) -> Hits:
    """The family assistance center protocol is required, but no site is chosen for it.

    Why it matters:
        The toolkit asks communities to identify, before an incident, where the family
        assistance center will open: a building large enough, secure, away from the media,
        with parking and rooms for private notifications, and a backup. Searching for one on
        the day of an incident costs the hours families spend waiting for news. A site is one
        of resources.yaml's `sites:` whose `use` lists family_assistance_center.

    Fails:
        sites: []

    Passes:
        sites:
          - id: convention-center
            name: County Convention Center, Hall B
            address: 260 S Church Ave, Tucson, AZ 85701
            use: [family_assistance_center]
            capacity: 400
    """
    if FAC not in ctx.facts.required_functions:
        return
    resources = needed(ctx.resources)
    if not any(FAC in site.use for site in resources.sites):
        yield Hit(("resources", "sites") if resources.sites else ("resources",),
                  "no site is chosen for the family assistance center: no entry of `sites:` "
                  "lists it under `use:`", FAC,
                  Step("choose a site for the family assistance center, and a backup",
                       owners(ctx.organization(lead) for lead in protocol.leads)
                       if (protocol := ctx.facts.protocols.get(FAC)) and protocol.leads
                       else STEERING),
                  "no site is chosen for the family assistance center")


@rule("VP405", "site-agreement-expired", "warning", needs=("resources", "agreements"),
      items=("sites-chosen",),
      priority=1,
      hint="renew the agreement that secures the site (agreements.yaml), or name the one that "
           "does now")
def site_agreement_expired(ctx: Context) -> Hits:
    """A site is secured by an agreement that has expired.

    Why it matters:
        A site is only ready if the organization that owns it has agreed to open it on the day
        of an incident. When the agreement that secures it has expired, the family assistance
        center may find its doors closed, or the building already in other use, just when
        families arrive. (The agreement itself is reported by agreement-expired.)

    Fails:
        # agreements.yaml: fac-moa expired on 2026-06-30
        sites:
          - id: convention-center
            name: County Convention Center
            use: [family_assistance_center]
            agreement: fac-moa

    Passes:
        sites:
          - id: convention-center
            name: County Convention Center
            use: [family_assistance_center]
            agreement: fac-moa-2026
    """
    agreements = needed(ctx.agreements).agreements
    for index, site in enumerate(needed(ctx.resources).sites):
        fact = ctx.facts.agreement(site.agreement) if site.agreement else None
        if fact is not None and fact.state == "expired":
            # the incident day (the rule's priority 1) when a required protocol opens there
            ready = any(use in ctx.facts.required_functions for use in site.use)
            yield Hit(("resources", "sites", index, "agreement"),
                      f'the site "{site.name}" is secured by the {fact.type} "{fact.title}", '
                      f"which expired on {fact.expires}", site.id,
                      Step(f"renew the {fact.type} “{fact.title}” that secures {site.name}",
                           owners(ctx.organization(p) for p in agreements[fact.index].parties)
                           or None, priority=None if ready else 3),
                      f"the site “{site.name}” is secured by the {fact.type} “{fact.title}”, "
                      f"which expired on {fact.expires}")
