"""Rules on the partnership's guiding principles (principles.yaml): VP201."""

from __future__ import annotations

from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule

_PARTS = {"vision": "guiding vision", "values": "core values", "mission": "mission statement",
          "goals": "goals"}


@rule("VP201", "missing-principle", "warning", needs=("principles",),
      items=("guiding-vision", "core-values", "mission-statement", "partnership-goals"),
      priority=3,
      hint="write it with the committee; the toolkit's Denver VS2000 example is a model")
def missing_principle(ctx: Context) -> Hits:
    """The vision, values, mission or goals is missing or empty (one finding for each).

    Why it matters:
        The toolkit asks a partnership to articulate its vision, values, mission and goals to
        achieve a collaborative approach to victim assistance. Denver's Victim Services 2000
        started from "no wrong door": agencies that agree on why they work together keep
        working together when an incident tests them.

    Fails:
        vision: No wrong door for anyone harmed by violence in Pima County.
        values: []

    Passes:
        vision: No wrong door for anyone harmed by violence in Pima County.
        values:
          - name: Victim-centered services
        mission: Coordinate seamless services for every victim.
        goals:
          - Every agency knows its role before an incident.
    """
    principles = needed(ctx.principles)
    for key, label in _PARTS.items():
        value = getattr(principles, key)
        if not value or (isinstance(value, str) and not value.strip()):
            yield Hit(("principles", key),
                      f'the plan has no {label} ("{key}" is missing or empty)', key,
                      Step(f"write the partnership's {key.replace('_', ' ')}"),
                      f"the plan has no {label}")
