"""Print a pip constraints file that pins every direct dependency to its floor in pyproject.toml.

The floors are the lowest versions vaplan says it works with; `.ci/lowest` installs them (the
other packages resolve as usual: uv's "lowest-direct") so a floor that no longer works fails CI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

_FLOOR = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(?P<spec>[^;#]*)")


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def floors(pyproject: Path) -> list[str]:
    """Each direct dependency (runtime and test) as `name==floor`."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted.extend(extra)
    pins: dict[str, str] = {}
    for requirement in wanted:
        match = _FLOOR.match(requirement)
        if match is None:
            continue
        low = re.search(r">=\s*([0-9][^,\s]*)", match.group("spec"))
        if low is None:
            sys.exit(f"{requirement!r} has no floor (>=): every dependency needs one")
        name = match.group(1).lower().replace("_", "-")
        if name not in pins or _key(low.group(1)) > _key(pins[name]):
            pins[name] = low.group(1)  # listed twice (runtime and test): the higher floor holds
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


if __name__ == "__main__":
    print("\n".join(floors(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))))
