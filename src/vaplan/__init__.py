"""vaplan: keep a community's victim assistance plan for mass violence and terrorism in git, check it, render it."""

__version__ = "0.1.0"
