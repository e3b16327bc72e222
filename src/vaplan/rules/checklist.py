"""Rules on the tailoring of the checklist (checklist.yaml): VP601-VP602."""

from __future__ import annotations

from vaplan.catalogue import catalogue
from vaplan.rules.registry import Context, Hit, Hits, rule
from vaplan.vocabulary import Suggestions, did_you_mean


# No `needs`: checklist.yaml is optional, and a plan without one has nothing to report here
# (with needs=("checklist",) every such plan would list VP601 as "not checked").
@rule("VP601", "unknown-checklist-item", "error",
      priority=3,
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
    ids, near = set(known), Suggestions(known)  # once: a checklist may hold thousands of keys
    for key in ctx.checklist.items:
        if key not in ids:
            yield Hit(("checklist", "items", key), f'"{key}" is not an item of the checklist'
                      f"{near(key)}", key, None,
                      f"“{key}” is not an item of the checklist")


@rule("VP602", "checklist-section-misspelled", "warning",
      priority=3, hint="write the section's id or title as `vaplan vocabulary sections` lists it")
def checklist_section_misspelled(ctx: Context) -> Hits:
    """A community's own item names a section close to, but not, one of the checklist's.

    Why it matters:
        An item under `add:` goes in the section its `section:` names, by the section's id
        (protocols) or title. A name the checklist does not have starts a section of the
        community's own, which is how a community adds a part the toolkit does not cover; but a
        misspelled name ("protocol", "Comittee") starts one too, and the item is then missing
        from the section where the committee looks for it, its score counted apart.

    Fails:
        add:
          - id: radio-drill
            section: protocol
            text: Test the radio tree each quarter.

    Passes:
        add:
          - id: radio-drill
            section: protocols
            text: Test the radio tree each quarter.
          - id: go-kits
            section: Family assistance center
            text: Assemble two advocate go-kits.
    """
    if ctx.checklist is None:
        return
    sections = catalogue().sections
    names = [name for s in sections for name in (s.id, s.title)]
    # the checklist places an item by its section's id or title in any case
    # (checklist.build._section_key); anything else starts a section of its own
    known = {name.casefold() for name in names}
    for index, own in enumerate(ctx.checklist.add):
        if own.section.strip().casefold() in known:
            continue
        close = did_you_mean(own.section, names)
        if close:
            yield Hit(("checklist", "add", index, "section"),
                      f'"{own.section}" is not a section of the checklist{close}; as written, '
                      f'"{own.id}" starts a section of its own', own.id, None,
                      f"“{own.section}” is not a section of the checklist; as written, the "
                      f"item “{own.text}” starts a section of its own")
