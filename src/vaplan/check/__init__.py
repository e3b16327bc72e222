"""Checking a plan: validate, run the rules, stamp findings; several plans in parallel."""
