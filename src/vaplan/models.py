"""One Pydantic model per plan file; `extra="forbid"` so a misspelt key is reported, not dropped."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      ValidationInfo, field_validator)
from pydantic_core import PydanticCustomError

from vaplan.vocabulary import did_you_mean

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD text is a date: Pydantic alone would read `expires: 0` as 1970-01-01."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_format", "a date is written YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day, json_schema_input_type=date)]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$",
                            description="a short id: lower-case letters, digits, - and _")]
Text = Annotated[str, Field(min_length=1)]


def _reason(value: str) -> str:
    if not value.strip():
        raise ValueError("a waiver needs a reason: say why this finding does not apply")
    return value


def _rule_ref(value: str, info: ValidationInfo) -> str:
    known = (info.context or {}).get("rule_refs")
    if known is not None and value not in known:
        raise ValueError(f'"{value}" is not a vaplan rule code or name{did_you_mean(value, known)}')
    return value


RuleRef = Annotated[str, AfterValidator(_rule_ref)]
Reason = Annotated[str, AfterValidator(_reason)]
Waivers = dict[RuleRef, Reason]


class Record(BaseModel):
    """Any record of a plan file: unknown keys are errors, and it may carry waivers."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    waivers: Waivers = Field(default_factory=dict, description=(
        "rule code or name -> the reason this finding does not apply here"))


def _vocab(value: str, info: ValidationInfo, kind: str) -> str:
    allowed = (info.context or {}).get(kind)
    if allowed is not None and value not in allowed:
        noun = kind.rstrip("s").replace("_", " ")
        raise ValueError(f'"{value}" is not a known {noun}{did_you_mean(value, allowed)}')
    return value


def _discipline(value: str, info: ValidationInfo) -> str:
    return _vocab(value, info, "disciplines")


def _function(value: str, info: ValidationInfo) -> str:
    return _vocab(value, info, "functions")


Discipline = Annotated[str, AfterValidator(_discipline)]
Function = Annotated[str, AfterValidator(_function)]
MemberLevel = Literal["city", "county", "regional", "state", "tribal", "federal"]
PlanLevel = Literal["city", "county", "regional", "state", "tribal", "campus", "federal"]


# vaplan.yaml ---------------------------------------------------------------------------------

class Jurisdiction(Record):
    level: Literal["city", "county", "regional", "state", "tribal", "campus"]
    name: Text
    state: str | None = None


class Checks(Record):
    """Check settings; every field has the contract's default."""

    ignore: list[RuleRef] = Field(default_factory=list, description="rules turned off")
    severity: dict[RuleRef, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    disciplines: list[Slug] = Field(default_factory=list,
                                    description="disciplines added to the vocabulary")
    required_disciplines: list[Discipline] | None = None
    required_functions: list[Function] | None = None
    review_interval_months: int = Field(12, ge=1, le=120)
    steering_max: int = Field(7, ge=1)
    expiry_warning_days: int = Field(90, ge=0)
    emergency_plan_levels: list[PlanLevel] = Field(
        default_factory=lambda: ["city", "county", "state"])


class PlanMeta(Record):
    community: Text
    jurisdiction: Jurisdiction
    plan_version: str | None = None
    updated: Day | None = None
    checks: Checks = Field(default_factory=Checks)


# committee.yaml ------------------------------------------------------------------------------

#: Marks a field that holds personal data; vaplan.public leaves such fields out of public copies.
PERSONAL = {"personal": True}


class Person(Record):
    name: Text = Field(json_schema_extra=PERSONAL)
    title: str | None = Field(None, json_schema_extra=PERSONAL)
    email: str | None = Field(None, json_schema_extra=PERSONAL)
    phone: str | None = Field(None, json_schema_extra=PERSONAL)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f'"{value}" is not an email address')
        return value


class Member(Record):
    id: Slug
    organization: Text
    disciplines: list[Discipline] = Field(min_length=1)
    sector: Literal["public", "nonprofit", "private"]
    level: MemberLevel
    representative: Person
    alternate: Person | None = None
    steering: bool = False
    chair: bool = False
    joined: Day | None = None


class Committee(Record):
    reviewed: Day | None = None
    members: list[Member] = Field(default_factory=list)


# principles.yaml -----------------------------------------------------------------------------

class Value(Record):
    name: Text
    description: str | None = None


class Goal(Record):
    goal: Text
    measure: str | None = None


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
    vision: str | None = None
    values: list[Value] = Field(default_factory=list)
    mission: str | None = None
    goals: list[GoalEntry] = Field(default_factory=list)


# roles.yaml ----------------------------------------------------------------------------------

class FunctionRole(Record):
    function: Function
    lead: Slug | None = None
    support: list[Slug] = Field(default_factory=list)
    responsibilities: Lines | None = None


class EmergencyPlan(Record):
    level: PlanLevel
    plan: Text
    annex: str | None = None
    incorporated: Day | None = None


class Roles(Record):
    lead_agencies: list[Slug] = Field(default_factory=list)
    functions: list[FunctionRole] = Field(default_factory=list)
    emergency_plans: list[EmergencyPlan] = Field(default_factory=list)


# resources.yaml ------------------------------------------------------------------------------

class Resource(Record):
    id: Slug
    name: Text
    provider: Slug | None = None
    outside_provider: str | None = None
    category: str | None = None
    capacity: str | None = None


Source = Literal["surrounding_government", "nonprofit", "college", "foundation",
                 "private_sector", "state", "federal"]


class Gap(Record):
    id: Slug
    need: Text
    category: str | None = None
    status: Literal["open", "in_progress", "resolved"] = "open"
    owner: Slug | None = None
    raised: Day | None = None
    sources_sought: list[Source] = Field(default_factory=list)


class Resources(Record):
    resources: list[Resource] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)


# agreements.yaml -----------------------------------------------------------------------------

class Agreement(Record):
    id: Slug
    type: Literal["MOU", "MOA"]
    title: Text
    parties: list[Slug] = Field(min_length=2)
    signed: Day | None = None
    expires: Day | None = None
    renewal: str | None = None
    scope: str | None = None
    document: str | None = None


class Agreements(Record):
    agreements: list[Agreement] = Field(default_factory=list)


# checklist.yaml ------------------------------------------------------------------------------

_Date = Day


class ItemStatus(Record):
    status: Literal["done"] | None = None
    date: _Date | None = None
    note: str | None = None
    applicable: bool = True
    reason: str | None = None


class OwnItem(Record):
    id: Slug
    section: Text
    text: Text
    owner: Slug | None = None
    due: Day | None = None


class Checklist(Record):
    items: dict[str, ItemStatus] = Field(default_factory=dict)
    add: list[OwnItem] = Field(default_factory=list)


#: Plan file name -> its model. The stem is the first element of every location path.
FILE_MODELS: dict[str, type[Record]] = {
    "vaplan.yaml": PlanMeta,
    "committee.yaml": Committee,
    "principles.yaml": Principles,
    "roles.yaml": Roles,
    "resources.yaml": Resources,
    "agreements.yaml": Agreements,
    "checklist.yaml": Checklist,
}
REQUIRED_FILES = ("vaplan.yaml", "committee.yaml")
