"""Rules on roles, lead agencies and emergency plans (roles.yaml): VP301-VP307."""

from __future__ import annotations

from vaplan.catalogue import INCIDENT_DAY
from vaplan.findings import STEERING
from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule


@rule("VP301", "no-lead-agency", "error", needs=("roles",),
      items=("lead-agencies-named",),
      priority=3,
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
      items=("in-emergency-plans",),
      priority=3,
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
    for level in ctx.checks.emergency_plan_levels:
        if level not in ctx.facts.incorporated_levels:
            listed = [p for p in plans if p.level == level]
            later = [p for p in listed if p.incorporated is not None]
            note = (f' ("{later[0].plan}" gives {later[0].incorporated}, a date after today)'
                    if later else
                    f' ("{listed[0].plan}" has no `incorporated:` date)' if listed else "")
            words = (f" (“{later[0].plan}” gives {later[0].incorporated}, a date after today)"
                     if later else f" (“{listed[0].plan}” has no date it was incorporated)"
                     if listed else "")
            yield Hit(("roles", "emergency_plans"), f"the victim assistance plan is not "
                      f"recorded as part of a {level} emergency plan{note}", level,
                      Step(f"work with emergency management to write victim assistance into "
                           f"the {level} emergency plan, then record it", STEERING),
                      f"the victim assistance plan is not recorded as part of a {level} "
                      f"emergency plan{words}")


@rule("VP303", "function-without-lead", "warning", needs=("roles",),
      items=("protocols",),
      priority=1, hint="name the member id that leads this function under `lead:`")
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
                      f'the function "{function.function}" has no lead', function.function,
                      Step(f"name a lead agency for {ctx.label(function.function)}", STEERING,
                           priority=_incident_day(function.function)),
                      f"the function “{ctx.label(function.function)}” has no lead")


@rule("VP304", "missing-function", "warning", needs=("roles",),
      items=("protocols",),
      priority=1, hint="add the function under `functions:` with its lead and responsibilities")
def missing_function(ctx: Context) -> Hits:
    """A function in `checks.required_functions` (the toolkit's thirteen protocols) has no entry.

    Why it matters:
        The toolkit lists the victim assistance protocols a community should have in place in
        advance of an incident, from the contact list to emergency funding assistance. A
        protocol missing from the plan is one the community would have to invent in the chaos
        of the first hours. `vaplan vocabulary functions` lists every function and marks the
        required ones.

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
                      "entry in the plan", function,
                      Step(f"describe the {ctx.label(function)} protocol: its lead, "
                           "responsibilities and where it is written down",
                           priority=_incident_day(function)),
                      f"the protocol {label} has no entry in the plan")


@rule("VP305", "function-without-responsibilities", "warning", needs=("roles",),
      items=("protocols",),
      priority=3,
      hint="write what the lead and the supporting agencies do under `responsibilities:`")
def function_without_responsibilities(ctx: Context) -> Hits:
    """A function with a lead has no `responsibilities`.

    Why it matters:
        The toolkit asks the committee to identify the roles and responsibilities of each
        agency, not only who leads. A lead with nothing written down for it to do is a name on
        a list: on the day of an incident no one, the lead included, can tell what is expected
        of it or of the agencies that support it.

    Fails:
        functions:
          - function: family_assistance_center
            lead: pima-oem

    Passes:
        functions:
          - function: family_assistance_center
            lead: pima-oem
            responsibilities: Opens the FAC within 24 hours at the county fairgrounds.
    """
    for index, entry in enumerate(needed(ctx.roles).functions):
        if entry.lead and not any(line.strip() for line in entry.responsibilities or ()):
            yield Hit(("roles", "functions", index),
                      f'the function "{entry.function}" has a lead but no `responsibilities:`',
                      entry.function, Step(f"write the responsibilities for "
                                           f"{ctx.label(entry.function)}",
                                           ctx.organization(entry.lead)),
                      f"the function “{ctx.label(entry.function)}” has a lead but no "
                      "responsibilities")


@rule("VP306", "protocol-not-written", "warning", needs=("roles",),
      items=("protocols",),
      priority=3,
      hint="say where the protocol is written down under `written_in:`, or add it to the plan "
           "directory and name it under `document:`")
def protocol_not_written(ctx: Context) -> Hits:
    """A function with a lead has neither `written_in` nor a `document` that exists.

    Why it matters:
        The toolkit asks for protocols in place before an incident: written down, known to
        the partners and found in minutes. A protocol that lives only in its lead's head is
        lost when that person is on leave, changes jobs or is overwhelmed on the day.

    Fails:
        functions:
          - function: victim_notification
            lead: pima-me
            responsibilities: Notifies next of kin in person with an advocate.

    Passes:
        functions:
          - function: victim_notification
            lead: pima-me
            responsibilities: Notifies next of kin in person with an advocate.
            written_in: Pima County EOP, Annex M, section 4
    """
    for index, entry in enumerate(needed(ctx.roles).functions):
        if not entry.lead or (entry.written_in or "").strip():
            continue
        step = Step(f"write down the {ctx.label(entry.function)} protocol",
                    ctx.organization(entry.lead))
        if entry.document:
            problem = ctx.facts.document_problem(entry.document)
            if problem is None:
                continue
            yield Hit(("roles", "functions", index, "document"),
                      f'the protocol "{entry.function}" is not written down: the document its '
                      f'entry names {problem} ("{entry.document}")', entry.function, step,
                      f"the protocol “{ctx.label(entry.function)}” is not written down: the "
                      f"document its entry names {problem}")
        else:
            yield Hit(("roles", "functions", index),
                      f'the protocol "{entry.function}" is not written down: its entry says '
                      "neither where it is written (`written_in:`) nor which document holds it "
                      "(`document:`)", entry.function, step,
                      f"the protocol “{ctx.label(entry.function)}” is not written down: its "
                      "entry says neither where it is written nor which document holds it")


@rule("VP307", "protocol-led-by-partner", "warning", needs=("roles", "committee"),
      items=("protocols",),
      priority=3,
      hint="ask a committee member to lead the protocol, with the partner in `support:`, or "
           "make the partner a member")
def protocol_led_by_partner(ctx: Context) -> Hits:
    """A required protocol is led by a partner, not by a committee member.

    Why it matters:
        The toolkit asks the planning committee to assign each pre-incident protocol to a lead
        agency from among its members: the lead is the one who answers for the protocol at
        committee meetings, keeps it written and exercised, and is called when an incident
        starts. A partner (committee.yaml `partners:`) helps, often a great deal, but does not
        sit on the committee, so nobody there answers for the protocol. A partner may support
        a protocol, or lead one the plan does not require.

    Fails:
        # committee.yaml lists red-cross under `partners:`
        functions:
          - function: family_assistance_center
            lead: red-cross

    Passes:
        functions:
          - function: family_assistance_center
            lead: county-oem
            support: [red-cross]
    """
    required = set(ctx.facts.required_functions)
    for index, entry in enumerate(needed(ctx.roles).functions):
        if entry.lead in ctx.facts.partners and entry.function in required:
            yield Hit(("roles", "functions", index, "lead"),
                      f'the protocol "{entry.function}" is led by '
                      f"{ctx.facts.organization(entry.lead)} ({entry.lead}), a partner, not a "
                      "committee member", entry.function,
                      Step(f"ask a committee member to lead the {ctx.label(entry.function)} "
                           f"protocol, with {ctx.organization(entry.lead)} in support", STEERING),
                      f"the protocol “{ctx.label(entry.function)}” is led by "
                      f"{ctx.organization(entry.lead)}, a partner, not a committee member")


def _incident_day(function: str) -> int | None:
    """A protocol the incident day needs without a lead is the rule's priority (1); any other
    (training, criminal justice support, funding, memorials) is written-protocol work (3)."""
    return None if function in INCIDENT_DAY else 3
