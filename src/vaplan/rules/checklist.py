"""Rules on the tailoring of the checklist (checklist.yaml): VP601."""

from __future__ import annotations

from vaplan.catalogue import catalogue
from vaplan.rules.registry import Context, Hit, Hits, rule
from vaplan.vocabulary import did_you_mean


# No `needs`: checklist.yaml is optional, and a plan without one has nothing to report here
# (with needs=("checklist",) every such plan would list VP601 as "not checked").
@rule("VP601", "unknown-checklist-item", "error",
      hint="use an item id as `vaplan render` prints it, or add your own item under `add:`")
def unknown_checklist_item(ctx: Context) -> Hits:
    """checklist.yaml confirms or tailors out an item the checklist does not have.

    Why it matters:
        A confirmation under a misspelled id confirms nothing: the item it was meant for stays
        "to confirm" on the checklist the committee reviews, and an item meant to be tailored
        out still counts against the community's readiness. The ids are the checklist's own
        (the toolkit's Partnerships & Planning steps and pre-incident protocols) and those of
        the community's items under `add:`.

    Fails:
        items:
          review-existing-plan:
            status: done
            date: 2026-03-12
            note: Reviewed the county EOP and the sheriff's ICS protocols.

    Passes:
        items:
          review-existing-plans:
            status: done
            date: 2026-03-12
            note: Reviewed the county EOP and the sheriff's ICS protocols.
    """
    if ctx.checklist is None:
        return
    from vaplan.catalogue import kits

    # the incident-day kits' items are tailored out here too, by their ids
    known = [*catalogue().ids, *kits().ids, *(item.id for item in ctx.checklist.add)]
    for key in ctx.checklist.items:
        if key not in known:
            yield Hit(("checklist", "items", key), f'"{key}" is not an item of the checklist'
                      f"{did_you_mean(key, known)}", key)
