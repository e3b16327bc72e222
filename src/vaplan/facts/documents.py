"""Whether a document a plan names (a signed agreement, a written protocol) is a file inside
it, or a web address (https://, which counts as a document that exists: vaplan never fetches)."""

from __future__ import annotations

import os
from pathlib import Path

from vaplan.models import is_web_address


def document_problem(root: Path, document: str | None) -> str | None:
    """Why `document` is not a file inside the plan directory `root`; None when it is, when it
    is an https:// address (the models refuse any other), or when no document is named."""
    if document is None or is_web_address(document):
        return None
    try:
        base = Path(os.path.realpath(root))
        target = Path(os.path.realpath(base / document))
        if not target.is_relative_to(base):
            return "is outside the plan directory; vaplan only looks inside it"
        if target.is_file():
            return None
        if target.is_dir():  # "does not exist" would send them looking for what they can see
            return "is a folder, not a file"
        if target.exists():
            return "is a named pipe or a device, not a file"
        return "does not exist in the plan directory"
    except (OSError, ValueError):  # a NUL byte, or a name longer than the file system allows
        return "is not a file name the plan directory can hold"


def document_exists(root: Path | None, document: str | None) -> bool:
    """`document` names a file that exists safely inside the plan directory `root`, or is an
    https:// address."""
    return bool(document) and root is not None and document_problem(root, document) is None
