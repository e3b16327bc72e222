"""The templates vaplan ships, installed as the package vaplan.templates (see pyproject.toml)."""
