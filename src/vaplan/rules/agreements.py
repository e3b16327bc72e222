"""Rules on MOUs, MOAs, grants and subawards (agreements.yaml): VP501-VP505."""

from __future__ import annotations

from datetime import date

from vaplan.models import Agreement
from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule
from vaplan.text import owners


def _step(ctx: Context, agreement: Agreement, action: str, due: date | None = None,
          response: bool = False) -> Step:
    """A step on an agreement, falling to its parties; with `response`, of priority 1 (the
    incident day) when a required protocol rests on the agreement, else 3."""
    name = f"the {agreement.type} “{agreement.title}”"
    rests = response and any(f in ctx.facts.required_functions for f in agreement.functions)
    return Step(action.format(name=name),
                owners(ctx.organization(p) for p in agreement.parties) or None, due,
                None if rests or not response else 3)

def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


@rule("VP501", "member-without-agreement", "warning", needs=("committee", "agreements"),
      items=("partners-have-agreements",),
      priority=3,
      hint="draft an MOU or MOA with this member, or waive the finding with the reason",
      former=("partner-without-agreement",))
def member_without_agreement(ctx: Context) -> Hits:
    """A committee member at a local level is party to no MOU or MOA.

    Why it matters:
        The toolkit: "Successful partnerships need to be more than just personal; they must be
        institutionalized." An MOU or MOA keeps expectations clear when the people who built
        the relationship move on, and some agencies will not join a committee without one.
        Only members whose `level` is in `checks.agreement_levels` (city, county, regional
        and tribal by default) are asked: a state, federal or national agency does not sign
        a local MOU. A grant or subaward is funding, not a local partnership, so it does not
        count; partners (committee.yaml `partners:`) are not asked. The rule was named
        partner-without-agreement before; that name still works in settings and waivers.

    Fails:
        # committee.yaml has members pima-da, pima-oem and tucson-unified, all local
        agreements:
          - id: county-mou
            type: MOU
            parties: [pima-da, pima-oem]

    Passes:
        agreements:
          - id: county-mou
            type: MOU
            parties: [pima-da, pima-oem, tucson-unified]
    """
    parties = {p for a in needed(ctx.agreements).agreements if not a.funding for p in a.parties}
    levels = set(ctx.checks.agreement_levels)
    for index, member in enumerate(needed(ctx.committee).members):
        if member.level in levels and member.id not in parties:
            yield Hit(("committee", "members", index), f"{member.organization} ({member.id}) "
                      "is party to no MOU or MOA", member.id,
                      Step("sign an MOU or MOA with the partners it works with",
                           member.organization),
                      f"{member.organization} is party to no MOU or MOA")


@rule("VP502", "agreement-expired", "error", needs=("agreements",),
      items=("agreements-current",),
      priority=1, hint="renew the agreement and update `signed:` and `expires:`")
def agreement_expired(ctx: Context) -> Hits:
    """An agreement's `expires` date is before today.

    Why it matters:
        An expired MOU is a partnership that is no longer institutionalized, which is the whole
        point of the toolkit's MOU step: on the day of an incident, an agency may be unable to
        share staff, space or data without it.

    Fails:
        # today is 2026-11-28
        agreements:
          - id: fac-mou
            expires: 2026-06-30

    Passes:
        agreements:
          - id: fac-mou
            expires: 2028-06-30
    """
    agreements = needed(ctx.agreements).agreements
    for fact in ctx.facts.agreements:
        if fact.state == "expired":
            agreement = agreements[fact.index]
            yield Hit(("agreements", "agreements", fact.index, "expires"),
                      f'the {agreement.type} "{agreement.title}" expired on {fact.expires}, '
                      f"{_days(fact.days_ago)} ago", fact.id,
                      _step(ctx, agreement, "renew {name}", response=True),
                      f"the {agreement.type} “{agreement.title}” expired on {fact.expires}, "
                      f"{_days(fact.days_ago)} ago")


@rule("VP503", "agreement-expiring", "warning", needs=("agreements",),
      items=("agreements-current",),
      priority=3, hint="start the renewal now: signatures take time")
def agreement_expiring(ctx: Context) -> Hits:
    """An agreement expires within `checks.expiry_warning_days` (90).

    Why it matters:
        Renewing an MOU takes legal review and signatures from every party. Starting three
        months ahead keeps the partnership institutionalized without a gap.

    Fails:
        # today is 2026-11-28
        agreements:
          - id: fac-mou
            expires: 2027-01-15

    Passes:
        agreements:
          - id: fac-mou
            expires: 2028-01-15
    """
    agreements = needed(ctx.agreements).agreements
    for fact in ctx.facts.agreements:
        if fact.state == "expiring":
            agreement = agreements[fact.index]
            when = (f"today ({fact.expires})" if fact.days_left == 0 else
                    f"on {fact.expires}, in {_days(fact.days_left or 0)}")
            yield Hit(("agreements", "agreements", fact.index, "expires"),
                      f'the {agreement.type} "{agreement.title}" expires {when}', fact.id,
                      _step(ctx, agreement, "renew {name}", agreement.expires),
                      f"the {agreement.type} “{agreement.title}” expires {when}")


@rule("VP504", "agreement-unsigned", "warning", needs=("agreements",),
      items=("agreements-signed-and-kept",),
      priority=1, hint="record the date the last party signed under `signed:`")
def agreement_unsigned(ctx: Context) -> Hits:
    """An agreement has no `signed` date, or one after today.

    Why it matters:
        A draft MOU is a plan for a partnership, not a partnership: until every party signs,
        nothing in it binds anyone on the day of an incident.

    Fails:
        agreements:
          - id: fac-mou
            title: Family assistance center MOU

    Passes:
        agreements:
          - id: fac-mou
            title: Family assistance center MOU
            signed: 2025-07-01
    """
    for index, agreement in enumerate(needed(ctx.agreements).agreements):
        if agreement.signed is None:
            yield Hit(("agreements", "agreements", index),
                      f'the {agreement.type} "{agreement.title}" has no `signed:` date',
                      agreement.id, _step(ctx, agreement, "sign {name} and record the date",
                                          response=True),
                      f"the {agreement.type} “{agreement.title}” has no signed date")
        elif agreement.signed > ctx.today:
            # a signature dated after today is not a signature yet (VP010 reports the date)
            yield Hit(("agreements", "agreements", index, "signed"),
                      f'the {agreement.type} "{agreement.title}" is not signed yet: its '
                      f"`signed:` date, {agreement.signed}, is after today", agreement.id,
                      _step(ctx, agreement, "sign {name} and record the date", response=True),
                      f"the {agreement.type} “{agreement.title}” is not signed yet: its signed "
                      f"date, {agreement.signed}, is after today")


@rule("VP505", "agreement-document-missing", "warning", needs=("agreements",),
      items=("agreements-signed-and-kept",),
      priority=3,
      hint="add the signed document to the plan directory, or correct the `document:` path")
def agreement_document_missing(ctx: Context) -> Hits:
    """An agreement's `document` names a file that does not exist in the plan directory.

    Why it matters:
        The signed MOU is what a partner will ask to see when an incident starts. A path that
        leads nowhere, or outside the plan directory, means the copy the committee relies on
        is not where the plan says it is.

    Fails:
        agreements:
          - id: fac-mou
            document: agreements/fac-mou.pdf   # no such file

    Passes:
        agreements:
          - id: fac-mou
            document: agreements/fac-mou-signed.pdf
    """
    for index, agreement in enumerate(needed(ctx.agreements).agreements):
        problem = ctx.facts.document_problem(agreement.document)
        if problem:
            yield Hit(("agreements", "agreements", index, "document"),
                      f'the signed copy of the {agreement.type} "{agreement.title}" {problem} '
                      f'("{agreement.document}")', agreement.id,
                      _step(ctx, agreement, "keep a signed copy of {name} with the plan"),
                      f"the signed copy of the {agreement.type} “{agreement.title}” {problem}")
