"""Rules on ids across the plan's files: VP005 (duplicate-id) and VP006 (unknown-reference)."""

from __future__ import annotations

from typing import Iterator

from vaplan.rules.registry import Context, Hit, Hits, needed, rule
from vaplan.vocabulary import Suggestions, did_you_mean

#: (file stem, list key) of every list whose records carry an id; ids are unique per file, so
#: members and partners share one set of ids, as do exercises and corrective actions.
ID_LISTS = [("committee", "members"), ("committee", "partners"), ("resources", "resources"),
            ("resources", "gaps"), ("resources", "sites"), ("agreements", "agreements"),
            ("exercises", "exercises"), ("exercises", "improvements"), ("checklist", "add")]

#: Places that name a committee member and nobody else: the planning process is led by members
#: and the call-down reaches the committee. Everywhere else a partner may be named too.
MEMBERS_ONLY = {("roles", "lead_agencies"), ("committee", "activation")}


def iter_duplicate_ids(ctx: Context) -> Hits:
    """Every record that reuses an id already used earlier in the same file."""
    for stem in dict.fromkeys(s for s, _ in ID_LISTS):
        model = ctx.model(stem)
        if model is None:
            continue
        first: dict[str, str] = {}
        for key in (k for s, k in ID_LISTS if s == stem):
            for index, record in enumerate(getattr(model, key)):
                if record.id in first:
                    yield Hit((stem, key, index, "id"), f'the id "{record.id}" is used twice in '
                              f"{stem}.yaml (first in {first[record.id]})", record.id, None,
                              f"the id “{record.id}” is used twice in the plan's {stem} file")
                else:
                    first[record.id] = f"{key}, item {index + 1}"


def iter_references(ctx: Context) -> Iterator[tuple[tuple, str, str]]:
    """(path, member or partner id, id of the record that names it) for every place that names
    an organization of the plan; a lead agency's record is the member itself."""
    roles, resources, agreements, checklist = (ctx.roles, ctx.resources, ctx.agreements,
                                               ctx.checklist)
    if roles is not None:
        for i, lead in enumerate(roles.lead_agencies):
            yield ("roles", "lead_agencies", i), lead, lead
        for i, function in enumerate(roles.functions):
            if function.lead:
                yield ("roles", "functions", i, "lead"), function.lead, function.function
            for j, support in enumerate(function.support):
                yield ("roles", "functions", i, "support", j), support, function.function
    if resources is not None:
        for i, resource in enumerate(resources.resources):
            if resource.provider:
                yield ("resources", "resources", i, "provider"), resource.provider, resource.id
        for i, gap in enumerate(resources.gaps):
            if gap.owner:
                yield ("resources", "gaps", i, "owner"), gap.owner, gap.id
        for i, site in enumerate(resources.sites):
            if site.provider:
                yield ("resources", "sites", i, "provider"), site.provider, site.id
    if agreements is not None:
        for i, agreement in enumerate(agreements.agreements):
            for j, party in enumerate(agreement.parties):
                yield ("agreements", "agreements", i, "parties", j), party, agreement.id
    activation = ctx.committee.activation if ctx.committee is not None else None
    if activation is not None:
        if activation.first:
            yield ("committee", "activation", "first"), activation.first, "activation"
        for caller, callees in activation.calls.items():
            yield ("committee", "activation", "calls", caller), caller, "activation"
            for j, callee in enumerate(callees):
                yield ("committee", "activation", "calls", caller, j), callee, "activation"
    if ctx.exercises is not None:
        for i, exercise in enumerate(ctx.exercises.exercises):
            for j, participant in enumerate(exercise.participants):
                yield (("exercises", "exercises", i, "participants", j), participant,
                       exercise.id)
        for i, action in enumerate(ctx.exercises.improvements):
            if action.owner:
                yield ("exercises", "improvements", i, "owner"), action.owner, action.id
    if checklist is not None:
        for i, item in enumerate(checklist.add):
            if item.owner:
                yield ("checklist", "add", i, "owner"), item.owner, item.id
    if ctx.meetings is not None:
        for i, meeting in enumerate(ctx.meetings.meetings):
            for j, attendee in enumerate(meeting.attendees):
                yield (("meetings", "meetings", i, "attendees", j), attendee,
                       meeting.date.isoformat())


@rule("VP006", "unknown-reference", "error", needs=("committee",),
      items=("lead-agencies-named", "resources-inventoried", "gaps-have-owners",
             "agreements-signed-and-kept", "protocols"),
      priority=3, hint="use the id of a member in committee.yaml, or add that member")
def unknown_reference(ctx: Context) -> Hits:
    """A member, partner, agreement or exercise id named in the plan is not in the plan.

    Why it matters:
        Leads of functions, owners of resource gaps and corrective actions, parties to MOUs
        and grants, providers of resources and sites, meeting attendees and the
        organizations that took part in an exercise are committee members or partners
        (committee.yaml `partners:`), named by their id; the lead agencies of the planning
        process and the call tree are members only. A typo or a member who left the
        committee leaves a function with a lead nobody can call, which the toolkit's roles
        and responsibilities step exists to prevent. Resources from bodies outside the plan
        may use `outside_provider`. A site's `agreement` names an agreement in
        agreements.yaml; a corrective action's `source` and `validated_by` name exercises in
        exercises.yaml.

    Fails:
        # committee.yaml has a member with id: pima-oem
        functions:
          - function: incident_command
            lead: pima-eom

    Passes:
        functions:
          - function: incident_command
            lead: pima-oem
    """
    committee = needed(ctx.committee)
    members = [m.id for m in committee.members]
    everyone = members + [p.id for p in committee.partners]
    partner_ids = {p.id for p in committee.partners} - set(members)
    member_ids, everyone_ids = set(members), set(everyone)
    # built once: a plan may hold thousands of unknown references
    near, near_member = Suggestions(everyone), Suggestions(members)
    for path, ref, record in iter_references(ctx):
        if path[:2] in MEMBERS_ONLY:
            if ref in partner_ids:
                yield Hit(path, f'"{ref}" is a partner, not a committee member; only committee '
                          "members lead the planning process and are in the call tree", record,
                          None, f"“{ref}” is a partner, not a committee member; only committee "
                          "members lead the planning process and are in the call tree")
            elif ref not in member_ids:
                yield Hit(path, f'"{ref}" is not the id of a committee member'
                          f"{near_member(ref)}", record, None,
                          f"“{ref}” is not the id of a committee member")
        elif ref not in everyone_ids:
            yield Hit(path, f'"{ref}" is not the id of a committee member or partner'
                      f"{near(ref)}", record, None,
                      f"“{ref}” is not the id of a committee member or partner")
    yield from _exercise_references(ctx)
    yield from _site_agreements(ctx)


def _site_agreements(ctx: Context) -> Hits:
    """A site's `agreement` names an agreement in agreements.yaml (when that file is valid)."""
    if ctx.resources is None or ctx.agreements is None:
        return
    known = [a.id for a in ctx.agreements.agreements]
    for i, site in enumerate(ctx.resources.sites):
        if site.agreement and site.agreement not in known:
            yield Hit(("resources", "sites", i, "agreement"),
                      f'"{site.agreement}" is not the id of an agreement in agreements.yaml'
                      f"{did_you_mean(site.agreement, known)}", site.id, None,
                      f"“{site.agreement}” is not the id of an agreement in the plan's "
                      "agreements file")


def _exercise_references(ctx: Context) -> Hits:
    """A corrective action's `source` and `validated_by` name exercises in exercises.yaml.

    Function ids are checked when the file is validated (VP002), like everywhere else."""
    if ctx.exercises is None:
        return
    exercises = [e.id for e in ctx.exercises.exercises]
    known = set(exercises)
    near = Suggestions(exercises)
    for i, action in enumerate(ctx.exercises.improvements):
        for key in ("source", "validated_by"):
            ref = getattr(action, key)
            if ref and ref not in known:
                yield Hit(("exercises", "improvements", i, key),
                          f'"{ref}" is not the id of an exercise or incident in exercises.yaml'
                          f"{near(ref)}", action.id, None,
                          f"“{ref}” is not the id of an exercise or incident in the plan's "
                          "exercises file")


@rule("VP005", "duplicate-id", "error", priority=3, hint="give each record its own id")
def duplicate_id(ctx: Context) -> Hits:
    """Two records in a file share an id.

    Why it matters:
        Ids are how the plan's files point at each other: a function's lead, a gap's owner and
        an MOU's parties are member or partner ids, a site names its agreement, a corrective
        action names its exercise. Two records with one id make every such reference
        ambiguous: the contact list shows one organization twice or not at all, and
        `vaplan action done` could not tell which action is meant. Ids are unique in each
        file: members and partners together, exercises and corrective actions together,
        resources, gaps and sites together.

    Fails:
        members:
          - id: pima-da
            organization: Pima County Attorney's Office
          - id: pima-da
            organization: Pima County Attorney, Victim Services Division

    Passes:
        members:
          - id: pima-da
            organization: Pima County Attorney's Office
          - id: pima-da-victim-services
            organization: Pima County Attorney, Victim Services Division
    """
    yield from iter_duplicate_ids(ctx)
