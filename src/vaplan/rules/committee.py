"""Rules on the planning committee (committee.yaml) and the languages it covers: VP101-VP111."""

from __future__ import annotations

from datetime import date

from vaplan.facts.committee import phone_fault
from vaplan.findings import STEERING, named
from vaplan.models import Activation
from vaplan.rules.registry import Context, Hit, Hits, Step, needed, rule

MEMBERS = ("committee", "members")


@rule("VP101", "missing-discipline", "error", needs=("committee",),
      items=("committee-minimum-disciplines",),
      priority=2, hint="invite an organization of that discipline and add it to committee.yaml")
def missing_discipline(ctx: Context) -> Hits:
    """A discipline the toolkit requires has no member on the planning committee.

    Why it matters:
        The toolkit asks every community to include, at a minimum, law enforcement, victim
        services, legal services from both the nonprofit and the private sectors, the
        prosecutor's office, city government, emergency management, medical services, mental
        health services and education. A discipline that is not at the table is a need nobody
        plans for until the day it is needed. `checks.required_disciplines` changes the list;
        `vaplan vocabulary disciplines` lists every discipline and marks the required ones.

    Fails:
        members:
          - id: tpd
            organization: Tucson Police Department
            disciplines: [law_enforcement]
            sector: public

    Passes:
        members:
          - id: tpd
            organization: Tucson Police Department
            disciplines: [law_enforcement]
            sector: public
          - id: pima-da
            organization: Pima County Attorney's Office
            disciplines: [prosecutor, victim_services]
            sector: public
          # ... and one member for each other required discipline
    """
    for coverage in ctx.facts.disciplines:
        discipline = coverage.discipline
        label = ctx.vocabulary.disciplines.get(discipline, discipline)
        wanted = ctx.vocabulary.disciplines.get(discipline, discipline.replace("_", " ")).lower()
        if coverage.missing_sectors:
            wanted = f"{' or '.join(coverage.missing_sectors)}-sector {wanted}"
        article = "an" if wanted[:1] in "aeiou" else "a"
        step = Step(f"invite {article} {wanted} partner to join the committee", STEERING)
        if not coverage.members:
            yield Hit(MEMBERS, f'no committee member covers the required discipline '
                               f'"{discipline}" ({label})', discipline, step,
                      f"no committee member covers the required discipline {label}")
        for sector in coverage.missing_sectors:
            yield Hit(MEMBERS, f"legal services have no {sector}-sector member; the toolkit "
                               "asks for both nonprofit and private legal services", discipline,
                      step)


@rule("VP102", "no-steering-committee", "warning", needs=("committee",),
      items=("steering-committee",), also=("committee-meeting-protocol",),
      priority=2, hint="mark the members who lead the work with `steering: true`")
def no_steering_committee(ctx: Context) -> Hits:
    """No committee member is marked as part of the steering committee.

    Why it matters:
        The toolkit suggests a small steering committee to lead the planning committee's work.
        A large multidisciplinary committee needs a few people who set agendas, keep the plan
        moving between meetings and can be convened within hours of an incident.

    Fails:
        members:
          - id: pima-oem
            organization: Pima County Office of Emergency Management

    Passes:
        members:
          - id: pima-oem
            organization: Pima County Office of Emergency Management
            steering: true
    """
    if not ctx.facts.steering:
        yield Hit(MEMBERS, "no member is marked `steering: true`, so there is no steering "
                  "committee",
                  step=Step("choose a small steering committee from the members", STEERING),
                  people="no member is marked as part of the steering committee, so there is "
                  "none")


@rule("VP103", "steering-too-large", "warning", needs=("committee",),
      items=("steering-committee",), also=("committee-meeting-protocol",),
      priority=2, hint="keep the steering committee small, or raise `checks.steering_max`")
def steering_too_large(ctx: Context) -> Hits:
    """The steering committee has more members than `checks.steering_max` (7).

    Why it matters:
        The toolkit's steering committee is small so that it can lead: a steering committee as
        large as the planning committee cannot meet quickly or decide. The limit is a setting.

    Fails:
        # vaplan.yaml: checks: {steering_max: 2}
        members:
          - {id: a, steering: true}
          - {id: b, steering: true}
          - {id: c, steering: true}

    Passes:
        members:
          - {id: a, steering: true}
          - {id: b, steering: true}
          - {id: c}
    """
    steering = ctx.facts.steering
    if len(steering) > ctx.checks.steering_max:
        yield Hit(MEMBERS, f"the steering committee has {len(steering)} members, more than the "
                  f"{ctx.checks.steering_max} a small steering committee should have", None,
                  Step("make the steering committee smaller", STEERING))


@rule("VP104", "membership-review-overdue", "warning", needs=("committee",),
      items=("membership-reviewed-annually",), also=("contact-list-protocol",),
      priority=2,
      hint="re-evaluate the membership list with the committee and set `reviewed:` to that date")
def membership_review_overdue(ctx: Context) -> Hits:
    """The membership list was not re-evaluated in the last `checks.review_interval_months` (12).

    Why it matters:
        The toolkit asks communities to re-evaluate the planning and steering committee
        membership lists annually: people change jobs, agencies merge, and a contact list that
        was right two years ago fails at 3 a.m. on the day of an incident. A `reviewed:` date
        in the future is reported by VP010 (date-in-future), once, not here as well.

    Fails:
        reviewed: 2024-09-15
        members: []

    Passes:
        reviewed: 2026-09-15
        members: []
    """
    review = needed(ctx.facts.membership_review)
    if review.state == "never":
        yield Hit(("committee", "reviewed"), "the membership list has no `reviewed:` date, so "
                  "no one can tell when it was last re-evaluated", None,
                  _review_step(review.due, ctx), "the membership list has no reviewed date, "
                  "so no one can tell when it was last re-evaluated")
    elif review.state == "overdue":
        yield Hit(("committee", "reviewed"), f"the membership list was last re-evaluated on "
                  f"{review.last}; the review was due by {review.due} (every {review.months} "
                  "months)", None, _review_step(review.due, ctx))


_TIERS = {"local (city or county)": {"city", "county"}, "regional": {"regional"},
          "state": {"state"}}


@rule("VP105", "missing-partner-level", "warning", needs=("committee",),
      items=("committee-assembled",),
      priority=2, hint="invite a partner at that level, such as the state VOCA administrator")
def missing_partner_level(ctx: Context) -> Hits:
    """The committee has no partner at the local (city or county), regional or state level.

    Why it matters:
        The toolkit asks communities to invite local, state and regional partners. A mass
        violence incident overwhelms local services within hours; state VOCA administrators,
        regional partners and the state's emergency management bring the funding and capacity
        a community lacks, and they come faster when they already sit on the committee.
        Partners (`partners:`) at that level are named in the finding, since they help, but
        do not count: the toolkit asks for them on the committee.

    Fails:
        members:
          - {id: tpd, level: city}
          - {id: pima-oem, level: county}

    Passes:
        members:
          - {id: tpd, level: city}
          - {id: pag, level: regional}
          - {id: azdps-voca, level: state}
    """
    committee = needed(ctx.committee)
    levels = {m.level for m in committee.members}
    for tier, accepted in _TIERS.items():
        if not levels & accepted:
            helping = [p.organization for p in committee.partners if p.level in accepted]
            verb = ("helps as a partner but does not sit on it" if len(helping) == 1
                    else "help as partners but do not sit on it")
            also = f" ({named(helping)} {verb})" if helping else ""
            yield Hit(MEMBERS, f"the committee has no {tier} member{also}", None,
                      Step(f"invite a {tier} organization to sit on the committee"
                           + (f", such as {helping[0]}" if helping else ""), STEERING),
                      f"no {tier} organization sits on the committee{also}")


@rule("VP106", "no-nontraditional-partners", "info", needs=("committee",),
      items=("partners-beyond-minimum",),
      priority=2,
      hint="consider faith communities, nonprofits, interpreters or disaster relief agencies")
def no_nontraditional_partners(ctx: Context) -> Hits:
    """No faith, nonprofit, language access or disaster relief partner is on the committee.

    Why it matters:
        Responders in the toolkit's own accounts name nontraditional partners (clergy, school
        systems, counselors, nonprofit agencies and bilingual support) as "the key to the
        success". They reach victims and families that official agencies do not. A member of
        the nonprofit sector counts, whatever its disciplines.

    Fails:
        members:
          - {id: tpd, disciplines: [law_enforcement]}

    Passes:
        members:
          - {id: tpd, disciplines: [law_enforcement]}
          - {id: interfaith, disciplines: [faith]}
    """
    wanted = set(ctx.vocabulary.nontraditional_disciplines)
    if not any(wanted & set(m.disciplines) or m.sector == "nonprofit"
               for m in needed(ctx.committee).members):
        yield MEMBERS, ("the committee has no nontraditional partner (faith, nonprofit, "
                        "language access or disaster relief)")


@rule("VP107", "unreachable-member", "warning", needs=("committee",),
      items=("members-reachable",), also=("contact-list-protocol",),
      priority=1, hint="add an `email:` or a `phone:` for the representative")
def unreachable_member(ctx: Context) -> Hits:
    """A member's representative has neither an email address nor a phone number.

    Why it matters:
        The toolkit's first protocol is a contact list of every committee member. A
        representative who cannot be reached is not on the contact list that matters on the
        day of an incident.

    Fails:
        representative:
          name: Dana Ruiz

    Passes:
        representative:
          name: Dana Ruiz
          phone: "+1 520 555 0142"
    """
    for index, member in enumerate(needed(ctx.committee).members):
        person = member.representative
        if not (person.email or "").strip() and not (person.phone or "").strip():
            yield Hit((*MEMBERS, index, "representative"),
                      f'{person.name} ({member.id}) has neither an email address nor a phone '
                      "number", member.id,
                      Step("give a phone number or email for its representative",
                           member.organization,
                           # the incident day needs the leads and the steering committee first
                           priority=None if member.id in ctx.facts.call_down else 2),
                      f"{person.name} has neither an email address nor a phone number")


@rule("VP108", "no-backup-contact", "warning", needs=("committee",),
      items=("call-tree",),
      priority=1,
      hint="name an `alternate:` who comes when the representative cannot, with a phone number")
def no_backup_contact(ctx: Context) -> Hits:
    """A steering member or the lead of a required function has no alternate.

    Why it matters:
        The Improving Community Preparedness program asks for a contact list with a backup
        contact for every agency. An incident does not wait for the representative to come back
        from leave: the steering committee and the leads of the required protocols are the
        people the first 12 hours depend on, so each needs a second person to call.

    Fails:
        members:
          - id: pima-oem
            steering: true
            representative: {name: Daniel Whitfield, phone: "520-555-0103"}

    Passes:
        members:
          - id: pima-oem
            steering: true
            representative: {name: Daniel Whitfield, phone: "520-555-0103"}
            alternate: {name: Rosa Lindqvist, phone_24h: "520-555-0203"}
    """
    wanted = set(ctx.facts.call_down)
    for index, member in enumerate(needed(ctx.committee).members):
        if member.id in wanted and member.alternate is None:
            role = "a steering member" if member.steering else "the lead of a required protocol"
            yield Hit((*MEMBERS, index), f"{member.organization} ({member.id}) is {role} and "
                      "has no alternate to call when the representative cannot be reached",
                      member.id, Step("name an alternate who has a phone number",
                                      member.organization),
                      f"{member.organization} is {role} and has no alternate to call when the "
                      "representative cannot be reached")


@rule("VP109", "activation-gap", "warning", needs=("committee",),
      items=("call-tree",),
      priority=1,
      hint="write `activation:` in committee.yaml (a `trigger`, the member called `first`, and "
           "under `calls` whom each member calls) so that it reaches every steering member "
           "and every lead of a required protocol")
def activation_gap(ctx: Context) -> Hits:
    """The call tree is missing, names an unknown member, or misses a steering member or a lead.

    Why it matters:
        The call tree is committee.yaml's `activation`; it must reach every steering member and
        the lead of every required function.
        The toolkit asks the steering committee and the primary agencies to convene within the
        first 12 hours, and the Improving Community Preparedness program asks for a defined
        activation process: what triggers it, who calls whom, when. A call tree that skips a
        lead leaves a protocol without anyone starting it.

    Fails:
        members:
          - {id: pima-oem, steering: true}
          - {id: tucson-police, steering: true}
        activation:
          trigger: Incident command declares a mass casualty incident
          first: pima-oem

    Passes:
        members:
          - {id: pima-oem, steering: true}
          - {id: tucson-police, steering: true}
        activation:
          trigger: Incident command declares a mass casualty incident
          first: pima-oem
          calls:
            pima-oem: [tucson-police]
    """
    tree = ctx.facts.call_tree
    if tree is None:
        yield Hit(("committee", "activation"), "committee.yaml has no `activation:`, so no one "
                  "knows what starts the call-down or who calls whom",
                  step=Step("write the activation: what starts the call-down, whom to call "
                            "first and who calls whom", STEERING),
                  people="the plan's committee file has no activation, so no one knows what "
                  "starts the call-down or who calls whom")
        return
    where = ("committee", "activation")
    if not (tree.trigger or "").strip():
        yield Hit((*where, "trigger"), "the activation has no `trigger:`: what starts the "
                  "call-down", step=Step("write what starts the call-down", STEERING),
                  people="the activation says nothing of what starts the call-down")
    if not tree.first:
        yield Hit((*where, "first"), "the activation names no member to call `first`",
                  step=Step("name the member the call-down starts with", STEERING),
                  people="the activation names no member to call first")
    activation = needed(needed(ctx.committee).activation)
    for unknown in tree.unknown:
        yield Hit(_first_place(activation, unknown),
                  f'the call tree names "{unknown}", who is not a committee member', unknown,
                  Step(f"add {ctx.organization(unknown)} to the call tree"),
                  f"the call tree names “{unknown}”, who is not a committee member")
    members = {m.id: m for m in needed(ctx.committee).members}
    gaps = (*where, "calls") if activation.calls else where
    for member in ctx.facts.call_down:
        if member in members and member not in tree.reached:
            role = ("a steering member" if members[member].steering
                    else "the lead of a required protocol")
            yield Hit(gaps, f"the call tree does not reach {members[member].organization} "
                            f"({member}), {role}", member,
                      Step(f"add {ctx.organization(member)} to the call tree"),
                      f"the call tree does not reach {members[member].organization}, {role}")


def _first_place(activation: Activation, member: str) -> tuple:
    """The path of the first place `activation` names `member`."""
    where = ("committee", "activation")
    if activation.first == member:
        return (*where, "first")
    for caller, callees in activation.calls.items():
        if caller == member:
            return (*where, "calls", caller)
        if member in callees:
            return (*where, "calls", caller, callees.index(member))
    return where


_PHONES = {"phone": "phone number", "phone_24h": "24-hour number"}


@rule("VP110", "phone-not-valid", "warning", needs=("committee",),
      items=("members-reachable",), also=("contact-list-protocol",),
      priority=1,
      hint="write the number with its area code, such as +1 520 555 0100 or (520) 555-0100 (an "
           "extension may follow: ext. 12); a phone field holds the number only")
def phone_not_valid(ctx: Context) -> Hits:
    """A representative's or alternate's phone number is not a number that can be dialed.

    Why it matters:
        The call-down after an incident is made from these numbers, often at night and by
        someone who does not know the person. "Call the front desk", a number without its area
        code or with a digit missing is found out only when it is dialed. A number is read as
        a U.S. number unless it starts with + and a country code; directions such as "ask for
        the duty officer" belong in the person's `title:`, not in the number.

    Fails:
        representative:
          name: Dana Ruiz
          phone: call front desk
          phone_24h: 555-0142

    Passes:
        representative:
          name: Dana Ruiz
          phone: "+1 520 555 0142"
          phone_24h: (520) 555-0143
    """
    for index, member in enumerate(needed(ctx.committee).members):
        for role in ("representative", "alternate"):
            person = getattr(member, role)
            for field, label in _PHONES.items():
                text = str(getattr(person, field, None) or "").strip()
                fault = phone_fault(text) if text else None  # none at all is VP107's
                if fault:
                    yield Hit((*MEMBERS, index, role, field),
                              f'the {label} of {person.name} ({member.id}), "{text}", {fault}',
                              member.id, None,
                              f"the {label} of {person.name}, “{text}”, {fault}")


@rule("VP111", "language-access-gap", "warning", needs=("vaplan", "committee"),
      items=("language-access",),
      priority=3,
      hint="add a member, partner or resource that serves people in this language (its "
           "`languages:`), or a member that covers language_access")
def language_access_gap(ctx: Context) -> Hits:
    """A language many residents speak at home is spoken by no one on the plan.

    Why it matters:
        Victims and families must be able to understand what they are told and be understood:
        the toolkit names language access among the needs of every response, and after a mass
        casualty incident, families who speak a language nobody at the family assistance
        center speaks wait longest for news of their loved ones. A language in vaplan.yaml's
        `population: languages:` spoken by at least `checks.language_share_percent` (5) of
        residents needs a member, partner or resource whose `languages:` names it (any case),
        or a member that covers the language_access discipline (an interpreter service
        covers every language). One finding per language, naming it and its share.

    Fails:
        # vaplan.yaml; nobody's `languages:` names Vietnamese
        population:
          languages:
            - {language: Vietnamese, share: 9}

    Passes:
        # committee.yaml
        partners:
          - id: vn-association
            organization: Vietnamese American Community Association
            sector: nonprofit
            level: city
            languages: [Vietnamese]
    """
    for coverage in ctx.facts.languages:
        if coverage.expected and not coverage.covered:
            yield Hit(("vaplan", "population", "languages", coverage.index),
                      f"{coverage.language} is spoken at home by {coverage.share_text} of "
                      "residents, and no member, partner or resource on the plan speaks it",
                      coverage.language,
                      Step(f"find a member, partner or interpreter service that serves people "
                           f"in {coverage.language}", STEERING),
                      f"{coverage.language} is spoken at home by {coverage.share_text} of "
                      "residents, and no member, partner or resource on the plan speaks it")


@rule("VP112", "meeting-minutes-missing", "warning", priority=2,
      also=("committee-meeting-protocol",),
      hint="put the minutes in the plan folder (for example meetings/2026-09-10-minutes.pdf) "
           "or give their https:// address, or correct the `minutes:` path")
def meeting_minutes_missing(ctx: Context) -> Hits:
    """A meeting held on or before today names `minutes` that do not exist in the plan folder.

    Why it matters:
        The minutes are the committee's record of who came and what it decided; the meeting
        packet and the next meeting start from them. A path that leads nowhere, or outside
        the plan folder, means the record the plan points to cannot be found. An https://
        address counts as minutes that exist (vaplan never fetches it); a meeting not yet held
        owes no minutes.

    Fails:
        meetings:
          - date: 2026-09-10
            minutes: meetings/2026-09-10-minutes.pdf   # no such file

    Passes:
        meetings:
          - date: 2026-09-10
            minutes: https://county.example.gov/vap/2026-09-10-minutes.pdf
    """
    # meetings.yaml is optional: a plan without it has no minutes to miss (and a broken one
    # is reported by its own findings), so the rule never says it could not run
    for index, meeting in enumerate(ctx.meetings.meetings if ctx.meetings else ()):
        problem = ctx.facts.document_problem(meeting.minutes)
        if problem and meeting.date <= ctx.today:
            yield Hit(("meetings", "meetings", index, "minutes"),
                      f'the minutes file of the meeting of {meeting.date} {problem} '
                      f'("{meeting.minutes}")', None,
                      Step(f"keep the minutes of the meeting of {meeting.date} with the plan",
                           STEERING),
                      f"the minutes file of the meeting of {meeting.date} {problem}")


def _review_step(due: date | None, ctx: Context) -> Step | None:
    """Re-evaluate the membership list: by its due date while it is ahead, else at the next
    meeting."""
    if due is None:
        return None
    if due > ctx.today:
        return Step("re-evaluate the committee membership list with the committee", STEERING,
                    due)
    return Step("re-evaluate the committee membership list with the committee, overdue since "
                f"{due}", STEERING)
