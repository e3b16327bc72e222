"""Exports for other programs: the calendar of deadlines, the contact roster and the
improvement plan."""
