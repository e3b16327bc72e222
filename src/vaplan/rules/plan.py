"""Rules on the plan as a whole: its review (vaplan.yaml) and dates of things done: VP009-VP010."""

from __future__ import annotations

from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule


@rule("VP009", "plan-review-overdue", "warning", needs=("vaplan",),
      items=("plan-reviewed-annually",),
      priority=4,
      hint="review the plan with the committee and set `updated:` in vaplan.yaml to that date")
def plan_review_overdue(ctx: Context) -> Hits:
    """The plan was not updated in the last `checks.plan_review_months` (12).

    Why it matters:
        The toolkit asks the committee to keep the plan current: partners, contacts, resources
        and agreements change every year, and a plan last reviewed years ago describes a
        community that no longer exists. `updated:` in vaplan.yaml is the date of the last
        review; without it no one can tell how old the plan is.

    Fails:
        community: Pima County
        updated: 2024-03-01

    Passes:
        community: Pima County
        updated: 2026-03-01
    """
    review = needed(ctx.facts.plan_review)
    if review.state == "never":
        yield Hit(("vaplan", "updated"), "vaplan.yaml has no `updated:` date, so no one can tell "
                  "when the plan was last reviewed",
                  step=Step("review the whole plan with the committee and record the date it "
                            "was approved"),
                  people="the plan gives no date it was last updated, so no one can tell when "
                  "it was last reviewed")
    elif review.state == "overdue":
        yield Hit(("vaplan", "updated"), f"the plan was last updated on {review.last}; its "
                  f"review was due by {review.due} (every {review.months} months)",
                  step=Step("review the whole plan with the committee and record the date it "
                            "was approved"))


@rule("VP010", "date-in-future", "warning",
      items=("membership-reviewed-annually", "in-emergency-plans", "unmet-needs-raised",
             "agreements-signed-and-kept", "protocols"),
      priority=3, hint="write the date it actually happened; leave the field out until it has")
def date_in_future(ctx: Context) -> Hits:
    """A date that records something done is after today.

    Why it matters:
        The dates checked are `signed`, `incorporated`, `joined`, `reviewed` (the committee's
        and each protocol's), a gap's `raised`, an exercise's `date`, a corrective action's
        `completed` and a confirmation's `date` in checklist.yaml.
        A date records that something happened: an agreement signed, a review held, an item
        confirmed. A date still to come records nothing yet, and a checklist that counts it
        would tell the committee a thing is done before it is. A typo in the year does the
        same for years. Nothing dated after today counts as done.

    Fails:
        agreements:
          - id: fac-moa
            signed: 2031-07-01

    Passes:
        agreements:
          - id: fac-moa
            signed: 2025-07-01
    """
    for done in ctx.facts.future_dates:
        yield Hit(done.path, f"{done.what} on {done.day}, a date after today ({ctx.today}); "
                             "nothing is done on a day still to come", done.subject, None,
                  f"{done.people} on {done.day}, a date after today ({ctx.today}); nothing is "
                  "done on a day still to come")
