"""Rules on ids across the plan's files: VP005 and VP006."""

from __future__ import annotations

from typing import Iterator

from vaplan.rules.registry import Context, Hit, Hits, needed, rule
from vaplan.vocabulary import Suggestions

#: (file stem, list key) of every list whose records carry an id.
ID_LISTS = [("committee", "members"), ("resources", "resources"), ("resources", "gaps"),
            ("agreements", "agreements"), ("checklist", "add")]


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
    """(path, member id, id of the record that names it) for every place that names a
    committee member; a lead agency's record is the member itself."""
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


@rule("VP006", "unknown-reference", "error", needs=("committee",),
      priority=3, hint="use the id of a member in committee.yaml, or add that member")
def unknown_reference(ctx: Context) -> Hits:
    """A member or exercise id named in the plan is not in committee.yaml or exercises.yaml.

    Why it matters:
        Leads of functions, owners of resource gaps and corrective actions, parties to MOUs
        and the organizations that took part in an exercise are committee members, named by
        their id. A typo or a member who left the committee leaves a function with a lead
        nobody can call, which the toolkit's roles and responsibilities step exists to
        prevent. Resources from bodies outside the committee use `outside_provider`. A
        corrective action's `source` and `validated_by` name exercises in exercises.yaml.

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
    known = [m.id for m in needed(ctx.committee).members]
    member_ids = set(known)
    near = Suggestions(known)  # built once: a plan may hold thousands of unknown references
    for path, ref, record in iter_references(ctx):
        if ref not in member_ids:
            yield Hit(path, f'"{ref}" is not the id of a committee member'
                      f"{near(ref)}", record, None,
                      f"“{ref}” is not the id of a committee member")
    yield from _exercise_references(ctx)


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
        an MOU's parties are member ids. Two members with one id make every such reference
        ambiguous, and the contact list shows one organization twice or not at all.

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
