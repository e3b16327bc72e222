"""Exports for other programs: the calendar of deadlines and the contact roster."""
