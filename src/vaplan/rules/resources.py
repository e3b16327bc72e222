"""Rules on the resource inventory and resource gaps (resources.yaml): VP401-VP403."""

from __future__ import annotations

from vaplan.findings import STEERING
from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule


@rule("VP401", "no-resource-inventory", "warning", needs=("resources",),
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
