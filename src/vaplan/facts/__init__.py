"""Every derived fact about a plan, computed once and read by rules, checklist, packet and
calendar (see vaplan.facts.plan)."""

from vaplan.facts.agreements import AgreementFact, AgreementState
from vaplan.facts.calltree import Call, CallTree
from vaplan.facts.committee import SECTORS_REQUIRED, DisciplineCoverage
from vaplan.facts.exercises import ActionFact, ExerciseFact, ExerciseRecord
from vaplan.facts.languages import LanguageCoverage
from vaplan.facts.meetings import MeetingFact
from vaplan.facts.plan import PlanFacts, plan_facts
from vaplan.facts.protocols import ProtocolEvidence
from vaplan.facts.reviews import ReviewDue, ReviewState
from vaplan.facts.tailoring import Tailoring
from vaplan.models import PlanModels

__all__ = ["ActionFact", "AgreementFact", "AgreementState", "Call", "CallTree", "DisciplineCoverage",
           "ExerciseFact", "ExerciseRecord", "LanguageCoverage", "MeetingFact", "PlanFacts",
           "PlanModels",
           "ProtocolEvidence", "ReviewDue", "ReviewState", "SECTORS_REQUIRED", "Tailoring",
           "plan_facts"]
