"""Rules on roles, lead agencies and emergency plans (roles.yaml): VP301-VP304."""

from __future__ import annotations

from vaplan.rules.registry import Context, Hit, Hits, needed, rule



@rule("VP301", "no-lead-agency", "error", needs=("roles",),
      hint="name the member ids of the agencies that lead planning under `lead_agencies:`")
def no_lead_agency(ctx: Context) -> Hits:
    """No lead agency is named for the planning process.

    Why it matters:
        The toolkit's "Identify Roles and Responsibilities" step starts with the primary
        agencies that lead the planning process. Without a lead, meetings are not called, MOUs
        are not renewed and the plan drifts out of date.

    Fails:
        lead_agencies: []

    Passes:
        lead_agencies: [pima-da, pima-oem]
    """
    if not needed(ctx.roles).lead_agencies:
        yield ("roles", "lead_agencies"), "no lead agency is named for the planning process"


@rule("VP302", "not-in-emergency-plan", "warning", needs=("roles",),
      hint="work with emergency management to add victim assistance to that plan, then record it")
def not_in_emergency_plan(ctx: Context) -> Hits:
    """The plan is not incorporated into the city, county or state emergency plan.

    Why it matters:
        The toolkit asks that the victim assistance plan be incorporated into the existing city,
        county and state emergency response plans. Tucson's response in 2011 worked because its
        emergency management plan already included victim assistance: a plan that lives only in
        a binder is not activated when the emergency operations center opens. The levels
        checked are a setting, `checks.emergency_plan_levels` (city, county and state).

    Fails:
        emergency_plans:
          - level: county
            plan: Pima County Emergency Operations Plan

    Passes:
        emergency_plans:
          - level: county
            plan: Pima County Emergency Operations Plan
            annex: ESF-6 Mass Care, Victim Assistance appendix
            incorporated: 2025-04-01
    """
    plans = needed(ctx.roles).emergency_plans
    done = {p.level for p in plans if p.incorporated}
    for level in ctx.checks.emergency_plan_levels:
        if level not in done:
            listed = [p for p in plans if p.level == level]
            note = (f' ("{listed[0].plan}" has no `incorporated:` date)' if listed else "")
            yield Hit(("roles", "emergency_plans"), f"the victim assistance plan is not "
                      f"recorded as part of a {level} emergency plan{note}", level)


@rule("VP303", "function-without-lead", "warning", needs=("roles",),
      hint="name the member id that leads this function under `lead:`")
def function_without_lead(ctx: Context) -> Hits:
    """A function has no lead agency.

    Why it matters:
        Each pre-incident protocol in the toolkit (the contact list, the family assistance
        center, victim notification and the rest) needs an agency that owns it. A function
        everyone supports and nobody leads is not ready when an incident happens.

    Fails:
        functions:
          - function: family_assistance_center
            support: [red-cross]

    Passes:
        functions:
          - function: family_assistance_center
            lead: pima-oem
            support: [red-cross]
    """
    for index, function in enumerate(needed(ctx.roles).functions):
        if not function.lead:
            yield Hit(("roles", "functions", index),
                      f'the function "{function.function}" has no lead', function.function)


@rule("VP304", "missing-function", "warning", needs=("roles",),
      hint="add the function under `functions:` with its lead and responsibilities")
def missing_function(ctx: Context) -> Hits:
    """A function in `checks.required_functions` (the toolkit's thirteen protocols) has no entry.

    Why it matters:
        The toolkit lists the victim assistance protocols a community should have in place in
        advance of an incident, from the contact list to emergency funding assistance. A
        protocol missing from the plan is one the community would have to invent in the chaos
        of the first hours.

    Fails:
        # vaplan.yaml: checks: {required_functions: [contact_list, victim_notification]}
        functions:
          - function: contact_list
            lead: pima-da

    Passes:
        functions:
          - function: contact_list
            lead: pima-da
          - function: victim_notification
            lead: pima-me
    """
    for function in ctx.facts.required_functions:
        if not ctx.facts.protocols[function].present:
            label = ctx.vocabulary.functions.get(function, function)
            yield Hit(("roles", "functions"), f'the protocol "{function}" ({label}) has no '
                      "entry in the plan", function)
