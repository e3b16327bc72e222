"""The incident-day kits' catalogue (data/kits.yaml): every item carries its source and confidence."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vaplan.catalogue import KitCatalogue, kits


def test_every_item_names_a_known_source_and_a_confidence() -> None:
    catalogue = kits()
    assert catalogue.phase("response") and catalogue.phase("recovery")
    for item in catalogue.items:
        assert item.sources and all(s in catalogue.sources for s in item.sources)
        assert item.confidence in catalogue.confidence


def test_the_first_12_hours_start_with_convening_the_steering_committee() -> None:
    first = kits().phase("response")[0]
    assert first.protocol == "committee_meeting" and "12 hours" in first.text


def test_a_bad_edit_to_the_kits_fails_loudly() -> None:
    data = kits().model_dump()
    data["items"][0]["sources"] = ["nowhere"]
    with pytest.raises(ValidationError, match="unknown source"):
        KitCatalogue.model_validate(data)
    data = kits().model_dump()
    data["items"][0]["protocol"] = "family_assistance"
    with pytest.raises(ValidationError, match="unknown function"):
        KitCatalogue.model_validate(data)
