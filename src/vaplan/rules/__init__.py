"""The rules. Importing this package registers every rule in vaplan.registry.RULES."""

from vaplan.rules import (agreements, checklist, committee, files, principles,  # noqa: F401
                          references, resources, roles)
