"""The checklist as data (`vaplan render --format json`): one JSON object for dashboards, state
roll-ups and tests, built from the same view-model the documents are."""

from __future__ import annotations

from typing import Any

from vaplan.checklist.steps import step_data
from vaplan.checklist.view import Checklist


def checklist_data(checklist: Checklist) -> dict[str, Any]:
    """The contract's object: community, today, readiness and the sections with their items."""
    score = checklist.score
    return {
        "community": checklist.community,
        "today": checklist.today,
        "readiness": {"done": score.ready, "applicable": score.applicable,
                      "percent": score.percent},
        "sections": [{
            "id": section.id,
            "title": section.title,
            "items": [{
                "id": item.id,
                "text": item.text,
                "status": item.status,
                "detail": item.detail,
                "agencies": list(item.agencies),
                "evidence": [*item.shown, *(e.text for e in item.evidence)],
                "findings": [e.code for e in item.evidence],
                **({} if item.last_exercised is None else
                   {"last_exercised": item.last_exercised or None}),
            } for item in section.items],
        } for section in checklist.sections],
        "next_steps": [step_data(action) for action in checklist.actions],
        "problems": [{"code": p.code, "place": p.place, "message": p.message,
                      "waived": p.waived or None} for p in checklist.problems],
        **({"public_note": checklist.public_note} if checklist.public_note else {}),
    }
