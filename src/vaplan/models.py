"""One Pydantic model per plan file; `extra="forbid"` so a misspelled key is reported, not dropped."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Annotated, Any, Iterator, Literal, Mapping, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonDict
from pydantic_core import PydanticCustomError

from vaplan.dates import day_fault
from vaplan.vocabulary import did_you_mean, vocabulary


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD text naming a day of the calendar is a date: Pydantic alone would read
    `expires: 0` as 1970-01-01. validate.py says what is wrong (vaplan.dates.day_fault)."""
    if isinstance(value, date) or (isinstance(value, str) and day_fault(value) is None):
        return value
    raise PydanticCustomError("date_format", "a date is written YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day, json_schema_input_type=date)]


def _finite(value: object) -> object:
    """YAML's `.inf` and `.nan` are numbers to a parser but to no one else: an amount, a share
    or a percent is a finite number (checked before its bounds, so `.nan` is not said to be
    "less than 0")."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "{message}", {"message": (
            f"{value} is not a number a person can use here; write the number itself, such "
            "as 1500000 or 9.5")})
    return value


#: A number that is finite: pydantic alone takes .inf and .nan. (Bounds go inside the
#: Annotated, before the check, so the editors' schema keeps them as minimum and maximum.)
Number = Annotated[float, BeforeValidator(_finite)]
Amount = Annotated[float, Field(ge=0), BeforeValidator(_finite)]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$",
                            description="a short id: lower-case letters, digits, - and _")]
Text = Annotated[str, Field(min_length=1)]


def _reason(value: str) -> str:
    if not value.strip():
        raise ValueError("a waiver needs a reason: say why this finding does not apply")
    return value


def _rule_ref(value: str, info: ValidationInfo) -> str:
    known = (info.context or {}).get("rule_refs")
    if value in (info.context or {}).get("always_on", ()):
        raise ValueError(f'"{value}" cannot be ignored, waived or given another severity: it '
                         "means part of the plan cannot be read; fix the file instead")
    if known is not None and value not in known:
        raise ValueError(f'"{value}" is not a vaplan rule code or name{did_you_mean(value, known)}'
                         "; `vaplan rules` lists them")
    return value


#: `json_schema_extra` "vocabulary" names the list `vaplan schema` turns into an enum.
RuleRef = Annotated[str, AfterValidator(_rule_ref),
                    Field(json_schema_extra={"vocabulary": "rules"})]
Reason = Annotated[str, AfterValidator(_reason),
                   Field(json_schema_extra={"pattern": r"\S"})]  # not blank, for editors
Waivers = dict[RuleRef, Reason]


class Record(BaseModel):
    """Any record of a plan file: unknown keys are errors, and it may carry waivers."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, defer_build=True)

    waivers: Waivers = Field(default_factory=dict, description=(
        "rule code or name -> the reason its finding does not apply here; the finding is still "
        "shown, marked waived"))

    @model_validator(mode="before")
    @classmethod
    def _empty_lists(cls, data: object) -> object:
        """A key written with nothing after it (`lead_agencies:`) is an empty list or mapping,
        as a person means it, not an error."""
        if isinstance(data, dict) and None in data.values():
            return {k: v for k, v in data.items() if v is not None or not (
                k in cls.model_fields and cls.model_fields[k].default_factory in (list, dict))}
        return data


def _vocab(value: str, info: ValidationInfo, kind: str) -> str:
    allowed = (info.context or {}).get(kind)
    if allowed is not None and value not in allowed:
        noun = kind.rstrip("s").replace("_", " ")
        aliases = vocabulary().discipline_aliases if kind == "disciplines" else None
        # validate.py reads `vocabulary` to name the command that lists the allowed words
        raise PydanticCustomError("vocabulary", "{message}", {
            "message": f'"{value}" is not a known {noun}{did_you_mean(value, allowed, aliases)}',
            "vocabulary": kind})
    return value


def _discipline(value: str, info: ValidationInfo) -> str:
    return _vocab(value, info, "disciplines")


def _function(value: str, info: ValidationInfo) -> str:
    return _vocab(value, info, "functions")


Discipline = Annotated[str, AfterValidator(_discipline),
                       Field(json_schema_extra={"vocabulary": "disciplines"})]
Function = Annotated[str, AfterValidator(_function),
                     Field(json_schema_extra={"vocabulary": "functions"})]
MemberLevel = Literal["city", "county", "regional", "state", "tribal", "federal", "national"]
PlanLevel = Literal["city", "county", "regional", "state", "tribal", "campus", "federal"]

#: The languages an organization or resource serves people in, by name (`[Spanish, ASL]`).
Languages = Annotated[list[Text], Field(description=(
    "the languages it serves people in, by name, such as Spanish or ASL"))]


def check_document(value: str) -> str:
    """A document is a path inside the plan folder or an `https://` address: vaplan never
    fetches a web address, so one sent in the clear (`http://`) or by another scheme is refused
    rather than trusted."""
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", value)
    if scheme is None:
        return value
    if scheme.group(1).lower() != "https":
        raise PydanticCustomError("document_url", "{message}", {"message": (
            f'"{value}" starts with {scheme.group(1)}://; a document on the web is written '
            "with its https:// address (the secure one its site gives), or as a path inside "
            "the plan folder")})
    if not re.fullmatch(r"https://[^\s/?#]+[^\s]*", value, flags=re.IGNORECASE):
        raise PydanticCustomError("document_url", "{message}", {"message": (
            f'"{value}" is not a whole web address: write it as the browser shows it, '
            "https:// then the site's name, with no spaces")})
    return value


#: A field that names a document: a path relative to the plan folder, or an https:// address.
Document = Annotated[str, AfterValidator(check_document), Field(json_schema_extra={
    # for editors: a path, or an https:// address (check_document says why, in words)
    "pattern": r"^(https://[^\s/?#]+\S*|(?![A-Za-z][A-Za-z0-9+.-]*://)[\s\S]*)$"})]


def is_web_address(document: str) -> bool:
    """`document` is an https:// address (validated), not a path in the plan folder."""
    return document[:8].lower() == "https://"


# vaplan.yaml ---------------------------------------------------------------------------------

class Jurisdiction(Record):
    level: Literal["city", "county", "regional", "state", "tribal", "campus"] = Field(
        description="city, county, regional, state, tribal or campus")
    name: Text = Field(description="the name of the city, county, region, state, tribe or campus")
    state: str | None = Field(None, description="the state the jurisdiction is in, such as AZ")


class Checks(Record):
    """Check settings; every field has the contract's default."""

    ignore: list[RuleRef] = Field(default_factory=list, description="rules turned off")
    severity: dict[RuleRef, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="rule code or name -> error, warning or info")
    disciplines: list[Slug] = Field(default_factory=list,
                                    description="disciplines added to the vocabulary")
    required_disciplines: list[Discipline] | None = Field(
        None, description="disciplines the committee must cover; the toolkit's nine when not given")
    required_functions: list[Function] | None = Field(
        None, description="protocols the plan must have; the toolkit's thirteen when not given")
    review_interval_months: StrictInt = Field(
        12, ge=1, le=120, description="how often, in months, the membership list is re-evaluated")
    plan_review_months: StrictInt = Field(
        12, ge=1, le=120, description="how often, in months, the whole plan is reviewed; the "
        "calendar shows the next review after `updated:`")
    steering_max: StrictInt = Field(
        7, ge=1, description="the most members a small steering committee has")
    expiry_warning_days: StrictInt = Field(
        90, ge=0, le=3650, description="warn this many days before an agreement expires (at "
        "most 3650, ten years)")
    emergency_plan_levels: list[PlanLevel] = Field(
        default_factory=lambda: list[PlanLevel](["city", "county", "state"]),
        description="the emergency plans the victim assistance plan must be part of")
    exercise_months: StrictInt = Field(
        24, ge=1, le=120, description="how often, in months, each required protocol is "
        "exercised (or used in a real incident)")
    after_action_days: StrictInt = Field(
        90, ge=1, le=3650, description="days after an exercise by which its after-action "
        "report is in the plan directory")
    call_down_months: StrictInt = Field(
        12, ge=1, le=120, description="how often, in months, the contact list is tested with a "
        "call-down drill")
    incident_after_action_days: StrictInt = Field(
        365, ge=1, le=3650, description="days after a real incident by which its after-action "
        "report is in the plan (a real review takes longer than an exercise's)")
    language_share_percent: Number = Field(
        5, ge=0, le=100, description="a language spoken at home by at least this percent of "
        "residents (vaplan.yaml `population:`) needs someone on the plan who speaks it")
    agreement_levels: list[MemberLevel] = Field(
        default_factory=lambda: list[MemberLevel](["city", "county", "regional", "tribal"]),
        description="the member levels a local MOU or MOA is expected from (state, federal and "
        "national agencies are not asked for one by default)")
    next_steps_shown: StrictInt = Field(
        10, ge=1, le=100, description="how many next steps the documents show first")


class LanguageShare(Record):
    language: Text = Field(description="the language, by name, such as Spanish")
    share: Number = Field(ge=0, le=100, description=(
        "the percent of residents who speak it at home, such as 9.5 (from the Census ACS)"))


class Population(Record):
    languages: list[LanguageShare] = Field(default_factory=list, description=(
        "the languages residents speak at home, other than English, with their share"))
    communities: list[Text] = Field(default_factory=list, description=(
        "the communities the plan must reach, in your words"))


class PlanMeta(Record):
    community: Text = Field(description="the community's name, as the plan is known")
    jurisdiction: Jurisdiction = Field(description="the government the plan belongs to")
    plan_version: str | None = Field(None, description="the plan's version, such as 2.1")
    updated: Day | None = Field(None, description="the date the plan was last updated, YYYY-MM-DD")
    population: Population | None = Field(None, description=(
        "who lives in the community: the languages spoken at home and its communities"))
    checks: Checks = Field(default_factory=Checks, description="settings for `vaplan check`")


# committee.yaml ------------------------------------------------------------------------------

#: Marks a field that holds personal data; vaplan.public leaves such fields out of public copies.
PERSONAL: JsonDict = {"personal": True}
#: An email address: something, @, a place with a dot. The same pattern for `vaplan check` and
#: for the editor schema (which takes it as text only: a number is never an address).
EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
#: Personal, and every word of it names the person: a public copy leaves each word out wherever
#: it appears ("Ms. Ocampo"), not only the whole value. (A job title is personal, but its words
#: are ordinary words.)
PERSONAL_NAME: JsonDict = {"personal": "name"}
#: Marks a field that names an organization: public copies keep it whole, and a word of a
#: person's name inside it ("Ramos & Whitaker LLP") is not left out there or where it is quoted.
ORGANIZATION: JsonDict = {"keep_whole": True}


class Person(Record):
    name: Text = Field(json_schema_extra=PERSONAL_NAME, description="the person's full name")
    title: str | None = Field(None, json_schema_extra=PERSONAL, description="their job title")
    email: str | None = Field(None, json_schema_extra={**PERSONAL, "pattern": f"^{EMAIL}$",
                                                        "text_only": True},
                              description="an email address")
    phone: str | None = Field(None, json_schema_extra=PERSONAL, description="a phone number")
    phone_24h: str | None = Field(None, json_schema_extra=PERSONAL, description=(
        "a number answered at any hour, for the call-down after an incident"))

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(EMAIL, value):
            raise ValueError(f'"{value}" is not an email address')
        return value


class Member(Record):
    id: Slug
    organization: Text = Field(json_schema_extra=ORGANIZATION,
                               description="the organization's full name")
    disciplines: list[Discipline] = Field(min_length=1, description=(
        "what the organization brings to the committee: one or more disciplines"))
    sector: Literal["public", "nonprofit", "private"] = Field(
        description="public, nonprofit or private")
    level: MemberLevel = Field(
        description="city, county, regional, state, tribal, federal or national")
    representative: Person = Field(
        description="the person who sits on the committee for the organization")
    alternate: Person | None = Field(None, description="who comes when the representative cannot")
    steering: StrictBool = Field(
        False, description="true when the member is on the small steering committee")
    chair: StrictBool = Field(False, description="true for the member who chairs the committee")
    joined: Day | None = Field(
        None, description="the date the member joined the committee, YYYY-MM-DD")
    languages: Languages = Field(default_factory=list)


class Partner(Record):
    """An organization that helps but does not sit on the committee: never counted toward the
    committee's disciplines, sectors or steering committee."""

    id: Slug
    organization: Text = Field(json_schema_extra=ORGANIZATION,
                               description="the organization's full name")
    sector: Literal["public", "nonprofit", "private"] = Field(
        description="public, nonprofit or private")
    level: MemberLevel = Field(
        description="city, county, regional, state, tribal, federal or national")
    disciplines: list[Discipline] = Field(default_factory=list, description=(
        "what the organization brings (it does not count toward the committee's disciplines)"))
    representative: Person | None = Field(
        None, description="the person to call at the organization")
    languages: Languages = Field(default_factory=list)
    notes: str | None = Field(None, description="what the organization does for the plan")


class Activation(Record):
    trigger: str | None = Field(None, description=(
        "what starts the call-down, such as a mass casualty incident declared by incident "
        "command"))
    first: Slug | None = Field(None, description=(
        "the member id called first, such as the emergency management duty officer"))
    calls: dict[Slug, list[Slug]] = Field(default_factory=dict, description=(
        "member id -> the member ids that member calls"))


class Committee(Record):
    reviewed: Day | None = Field(
        None, description="the date the membership list was last re-evaluated, YYYY-MM-DD")
    members: list[Member] = Field(
        default_factory=list, description="the organizations on the planning committee")
    partners: list[Partner] = Field(default_factory=list, description=(
        "organizations that help but are not committee members, such as the agencies that "
        "staff a family assistance center or a national fund"))
    activation: Activation | None = Field(None, description=(
        "how the committee is called up when an incident happens: the trigger and the call tree"))


# principles.yaml -----------------------------------------------------------------------------

class Value(Record):
    name: Text = Field(description="the value in a few words")
    description: str | None = Field(None, description="what the value means for the plan")


class Goal(Record):
    goal: Text = Field(description="what the committee means to achieve")
    measure: str | None = Field(None, description="how the committee will know it has")


def _goal_from_text(value: object) -> object:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"goal": str(value)}
    return value


def _text_to_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


# A goal may be written as text or as {goal, measure}; unions would put type names into error
# locations, so text is turned into the mapping form before validation instead.
GoalEntry = Annotated[Goal, BeforeValidator(_goal_from_text, json_schema_input_type=Union[str, Goal])]
Lines = Annotated[list[str], BeforeValidator(_text_to_list, json_schema_input_type=Union[str, list[str]])]


class Principles(Record):
    vision: str | None = Field(None, description="where the community wants to be")
    values: list[Value] = Field(
        default_factory=list, description="the core values that guide the plan")
    mission: str | None = Field(None, description="what the plan does, and for whom")
    goals: list[GoalEntry] = Field(
        default_factory=list, description="the plan's goals: text, or a goal with its measure")


# roles.yaml ----------------------------------------------------------------------------------

class FunctionRole(Record):
    function: Function = Field(description="the protocol, from the list of functions")
    lead: Slug | None = Field(None, description="the member id of the agency that leads it")
    support: list[Slug] = Field(
        default_factory=list, description="the member ids of the agencies that support it")
    responsibilities: Lines | None = Field(
        None, description="what the lead and supporting agencies do: text or a list")
    written_in: str | None = Field(None, description=(
        "where the protocol is written down, such as County EOP, Annex M, section 4"))
    document: Document | None = Field(None, description=(
        "the written protocol's path, relative to the plan directory, or its https:// address"))
    reviewed: Day | None = Field(
        None, description="the date the lead last reviewed the protocol, YYYY-MM-DD")


class EmergencyPlan(Record):
    level: PlanLevel = Field(description=(
        "whose emergency plan: city, county, regional, state, tribal, campus or federal"))
    plan: Text = Field(description="the emergency plan's title")
    annex: str | None = Field(None, description="the annex or section where victim assistance sits")
    incorporated: Day | None = Field(
        None, description="the date victim assistance was written into it, YYYY-MM-DD")


class Roles(Record):
    lead_agencies: list[Slug] = Field(default_factory=list, description=(
        "the member ids of the agencies that lead the planning process"))
    functions: list[FunctionRole] = Field(
        default_factory=list, description="who leads and supports each protocol")
    emergency_plans: list[EmergencyPlan] = Field(default_factory=list, description=(
        "the emergency plans the victim assistance plan is part of"))


# resources.yaml ------------------------------------------------------------------------------

class Resource(Record):
    id: Slug
    name: Text = Field(description="what the resource is")
    provider: Slug | None = Field(
        None, description="the member or partner id of the organization that provides it")
    outside_provider: str | None = Field(
        None, description="the name of a provider that is not on the committee")
    category: str | None = Field(None, description="the kind of resource, in your words")
    capacity: str | None = Field(None, description="how much of it there is: people, rooms, hours")
    languages: Languages = Field(default_factory=list)


SiteUse = Literal["family_reception_center", "family_assistance_center",
                  "community_resiliency_center", "joint_information_center", "staging", "other"]


class Site(Record):
    """A place chosen ahead of an incident, such as the family assistance center's building."""

    id: Slug
    name: Text = Field(description="the place's name")
    address: str | None = Field(None, description="its street address")
    use: list[SiteUse] = Field(min_length=1, description=(
        "what it is for: family_reception_center, family_assistance_center, "
        "community_resiliency_center, joint_information_center, staging or other"))
    provider: Slug | None = Field(
        None, description="the member or partner id of the organization that provides it")
    capacity: int | None = Field(None, ge=0, description="how many people it holds")
    agreement: Slug | None = Field(
        None, description="the id of the agreement (agreements.yaml) that secures it")
    backup: bool = Field(False, description="true for a backup site, used when the first is not")
    notes: str | None = Field(None, description="access, parking, hours: what a responder needs")


Source = Literal["surrounding_government", "nonprofit", "college", "foundation",
                 "private_sector", "state", "federal"]


class Gap(Record):
    id: Slug
    need: Text = Field(description="what is missing")
    category: str | None = Field(None, description="the kind of need, in your words")
    status: Literal["open", "in_progress", "resolved"] = Field(
        "open", description="open, in_progress or resolved")
    owner: Slug | None = Field(None, description="the member id of the member working on the gap")
    raised: Day | None = Field(
        None, description="the date the gap was brought to the committee, YYYY-MM-DD")
    sources_sought: list[Source] = Field(default_factory=list, description="where help is sought")


class Resources(Record):
    resources: list[Resource] = Field(
        default_factory=list, description="the resources the community already has")
    sites: list[Site] = Field(default_factory=list, description=(
        "places chosen ahead of an incident: family assistance center, staging and others"))
    gaps: list[Gap] = Field(default_factory=list, description="the needs nobody meets yet")


# agreements.yaml -----------------------------------------------------------------------------

class Agreement(Record):
    id: Slug
    type: Literal["MOU", "MOA", "grant", "subaward"] = Field(description=(
        "MOU (memorandum of understanding), MOA (memorandum of agreement), grant or subaward"))
    title: Text = Field(description="the agreement's title")
    parties: list[Slug] = Field(min_length=2, json_schema_extra={"uniqueItems": True},
                                description=(
        "the member or partner ids of the parties: at least two; for a grant, the one that "
        "applies and receives it first, then the funder; for a subaward, the one that passes "
        "it on first, then who receives it"))
    signed: Day | None = Field(None, description="the date the last party signed, YYYY-MM-DD")
    expires: Day | None = Field(None, description="the date the agreement ends, YYYY-MM-DD")
    renewal: str | None = Field(None, description="how and when the agreement is renewed")
    scope: str | None = Field(None, description="what the agreement covers")
    document: Document | None = Field(None, description=(
        "the signed document's path, relative to the plan directory, or its https:// address"))
    functions: list[Function] = Field(default_factory=list, description=(
        "the protocols the agreement supports, such as family_assistance_center"))
    amount: Amount | None = Field(None, description=(
        "for a grant or subaward: how much, in US dollars, such as 1500000"))
    purpose: str | None = Field(None, description="for a grant or subaward: what the money is for")

    @field_validator("parties")
    @classmethod
    def _different_parties(cls, parties: list[str]) -> list[str]:
        """An agreement is between different organizations: `[pima-oem, pima-oem]` met "at
        least two" with one, and a grant from a county to itself read as an award."""
        twice = next((p for i, p in enumerate(parties) if p in parties[:i]), None)
        if twice is not None:
            raise PydanticCustomError("duplicate_party", "{message}", {"message": (
                f'"{twice}" is named twice in the parties; an agreement is between two or '
                "more different organizations, each named once")})
        return parties

    @property
    def funding(self) -> bool:
        """A grant or subaward: money, not a local partnership."""
        return self.type in ("grant", "subaward")


class Agreements(Record):
    agreements: list[Agreement] = Field(
        default_factory=list, description="MOUs and MOAs between committee members")


# exercises.yaml ------------------------------------------------------------------------------

ExerciseKind = Literal["seminar", "workshop", "tabletop", "drill", "functional", "full_scale",
                       "call_down", "real_incident"]


class Exercise(Record):
    id: Slug
    date: Day = Field(description="the day the exercise was held or the incident began, YYYY-MM-DD")
    kind: ExerciseKind = Field(description=(
        "seminar, workshop, tabletop, drill, functional, full_scale, call_down or real_incident"))
    title: Text = Field(description="the exercise's or incident's name")
    functions: list[Function] = Field(
        default_factory=list, description="the protocols exercised or used")
    participants: list[Slug] = Field(default_factory=list, description=(
        "the member or partner ids of the organizations that took part"))
    after_action: Document | None = Field(None, description=(
        "the after-action report's path, relative to the plan directory, or its https:// address"))
    notes: str | None = Field(None, description="anything else the committee wants to remember")
    reached: int | None = Field(None, ge=0, description=(
        "for a call-down drill: how many of those called were reached"))
    of: int | None = Field(None, ge=0, description=(
        "for a call-down drill: how many were called"))
    minutes: int | None = Field(None, ge=0, description=(
        "for a call-down drill: minutes until the last one was reached"))

    @model_validator(mode="after")
    def _call_down_result(self) -> "Exercise":
        given = [k for k in ("reached", "of", "minutes") if getattr(self, k) is not None]
        if given and self.kind != "call_down":
            raise ValueError(f"`{given[0]}:` records a call-down drill's result; this "
                             f"exercise is a {self.kind}: remove it, or set `kind: call_down`")
        if self.reached is not None and self.of is not None and self.reached > self.of:
            raise ValueError(f"`reached: {self.reached}` is more than were called (`of: "
                             f"{self.of}`)")
        return self


class Improvement(Record):
    id: Slug
    source: Slug | None = Field(
        None, description="the id of the exercise or incident the action comes from")
    function: Function | None = Field(None, description="the protocol the action improves")
    issue: Text = Field(description="the area for improvement, stated as the problem")
    action: Text = Field(description="the corrective action")
    element: Literal["planning", "organization", "equipment", "training", "exercise"] | None = (
        Field(None, description="planning, organization, equipment, training or exercise"))
    owner: Slug | None = Field(None, description=(
        "the member or partner id of the organization responsible for the action"))
    contact: str | None = Field(None, json_schema_extra=PERSONAL_NAME, description=(
        "the person at that organization to ask about it"))
    start: Day | None = Field(None, description="the date work on it starts, YYYY-MM-DD")
    due: Day | None = Field(None, description="the date it is due, YYYY-MM-DD")
    status: Literal["open", "in_progress", "done", "cancelled"] = Field(
        "open", description="open, in_progress, done or cancelled")
    completed: Day | None = Field(None, description="the date it was done, YYYY-MM-DD")
    validated_by: Slug | None = Field(None, description=(
        "the id of a later exercise that showed the action worked"))


class Exercises(Record):
    exercises: list[Exercise] = Field(default_factory=list, description=(
        "the committee's exercises and the real incidents its protocols were used in"))
    improvements: list[Improvement] = Field(default_factory=list, description=(
        "the improvement plan: one corrective action each"))


# meetings.yaml -------------------------------------------------------------------------------

class Meeting(Record):
    date: Day = Field(description="the day of the meeting, YYYY-MM-DD")
    place: str | None = Field(None, description="where it is held, or how to join it")
    attendees: list[Slug] = Field(default_factory=list, description=(
        "the member and partner ids of the organizations that attended"))
    guests: list[str] = Field(
        default_factory=list, json_schema_extra=PERSONAL_NAME,
        description="people who attended for no member or partner, by name")
    minutes: Document | None = Field(None, description=(
        "the minutes' path, relative to the plan directory, or their https:// address"))
    decisions: list[Text] = Field(default_factory=list, description="what the committee decided")


class Meetings(Record):
    meetings: list[Meeting] = Field(default_factory=list, description=(
        "the committee's meetings, held and planned"))


# checklist.yaml ------------------------------------------------------------------------------

_Date = Day


#: What ItemStatus._complete enforces, written for editors (JSON Schema), so both agree.
_DONE = "`status: done` needs a `date:` (YYYY-MM-DD) saying when it was done"
_NA = "`applicable: false` needs a `reason:` saying why the item does not apply"
_BOTH = "an item cannot be both done and not applicable; keep one"
_ITEM_RULES: JsonDict = {"allOf": [
    {"if": {"required": ["status"], "properties": {"status": {"const": "done",
                                                              "description": _DONE}}},
     "then": {"required": ["date"], "properties": {"date": {"type": "string",
                                                            "description": _DONE}}}},
    {"if": {"required": ["applicable"], "properties": {"applicable": {"const": False,
                                                                      "description": _NA}}},
     "then": {"required": ["reason"], "properties": {"reason": {"type": "string",
                                                                "pattern": "\\S",
                                                                "description": _NA}}}},
    {"not": {"required": ["status", "applicable"],
             "properties": {"status": {"const": "done", "description": _BOTH},
                            "applicable": {"const": False, "description": _BOTH}}}},
]}


class ItemStatus(Record):
    model_config = ConfigDict(json_schema_extra=_ITEM_RULES)

    status: Literal["done"] | None = Field(
        None, description="done, when the committee confirms the item by hand")
    date: _Date | None = Field(None, description="the date it was done, YYYY-MM-DD")
    note: str | None = Field(None, description="a note shown on the checklist")
    applicable: StrictBool = Field(
        True, description="false when the item does not apply to the community")
    reason: str | None = Field(None, description="why the item does not apply")

    @model_validator(mode="after")
    def _complete(self) -> "ItemStatus":
        if not self.applicable and not (self.reason or "").strip():
            raise ValueError("`applicable: false` needs a `reason:` saying why the item does "
                             "not apply to your community")
        if self.status == "done" and self.date is None:
            raise ValueError("`status: done` needs a `date:` (YYYY-MM-DD) saying when it was done")
        if self.status == "done" and not self.applicable:
            raise ValueError("an item cannot be both done and not applicable; keep one")
        return self


class OwnItem(Record):
    id: Slug
    section: Text = Field(description="the checklist section the item belongs in")
    text: Text = Field(description="what needs doing")
    owner: Slug | None = Field(None, description="the member id of the member responsible")
    due: Day | None = Field(None, description="the date it is due, YYYY-MM-DD")


class Checklist(Record):
    items: dict[str, ItemStatus] = Field(default_factory=dict, description=(
        "checklist item id -> its confirmation, or why it does not apply"))
    add: list[OwnItem] = Field(
        default_factory=list, description="the community's own checklist items")


#: Plan file name -> its model. The stem is the first element of every location path.
FILE_MODELS: dict[str, type[Record]] = {
    "vaplan.yaml": PlanMeta,
    "committee.yaml": Committee,
    "principles.yaml": Principles,
    "roles.yaml": Roles,
    "resources.yaml": Resources,
    "agreements.yaml": Agreements,
    "checklist.yaml": Checklist,
    "exercises.yaml": Exercises,
    "meetings.yaml": Meetings,
}
REQUIRED_FILES = ("vaplan.yaml", "committee.yaml")
#: Files a plan may leave out without a finding; the rules say what their absence means.
OPTIONAL_FILES = ("checklist.yaml", "exercises.yaml", "meetings.yaml")


@dataclass(frozen=True)
class PlanModels:
    """The plan's validated files by stem, each None when missing or invalid."""

    vaplan: PlanMeta | None = None
    committee: Committee | None = None
    principles: Principles | None = None
    roles: Roles | None = None
    resources: Resources | None = None
    agreements: Agreements | None = None
    checklist: Checklist | None = None
    exercises: Exercises | None = None
    meetings: Meetings | None = None

    @classmethod
    def of(cls, models: Mapping[str, Any]) -> PlanModels:
        """From a {stem: model} dictionary."""
        return cls(**{f.name: models.get(f.name) for f in fields(PlanModels)})

    def has(self, stem: str) -> bool:
        """The file `stem`.yaml is in the plan and valid."""
        return getattr(self, stem, None) is not None

    def documents(self) -> Iterator[str]:
        """The documents the plan names, as written (relative to the plan folder): signed
        agreements, written protocols, after-action reports, meetings' minutes."""
        for agreement in self.agreements.agreements if self.agreements else ():
            if agreement.document:
                yield agreement.document
        for function in self.roles.functions if self.roles else ():
            if function.document:
                yield function.document
        for exercise in self.exercises.exercises if self.exercises else ():
            if exercise.after_action:
                yield exercise.after_action
        for meeting in self.meetings.meetings if self.meetings else ():
            if meeting.minutes:
                yield meeting.minutes
