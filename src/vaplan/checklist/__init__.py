"""The checklist and the meeting packet: built from the plan's facts and findings."""
