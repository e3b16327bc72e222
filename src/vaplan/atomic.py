"""Write a file all at once: no reader sees half of it, and a crash leaves the old one whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO


class ExistsError(FileExistsError):
    """The file is there and the caller did not ask to overwrite it."""


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same directory and os.replace.

    An existing file keeps its permissions. Without `overwrite`, an existing file raises
    ExistsError and is left as it was.
    """
    path = Path(path)
    path = path if str(path.parent) else Path(".") / path
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    if mode is not None and not overwrite:
        raise ExistsError(str(path))
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_all(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        if not overwrite:
            # os.link fails if the name was taken since the check above; os.replace would not.
            try:
                os.link(temp, path)
            except FileExistsError:
                raise ExistsError(str(path)) from None
            except OSError:
                os.replace(temp, path)
            return
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _write_all(stream: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), 1 << 16):
        stream.write(view[start:start + (1 << 16)])
