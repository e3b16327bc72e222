"""The rules. Importing this package registers every rule in vaplan.registry.RULES."""

from vaplan.rules import (agreements, committee, files, principles, references,  # noqa: F401
                          resources, roles)
