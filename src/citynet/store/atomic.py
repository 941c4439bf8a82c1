"""Atomic writes: a file is replaced whole or not at all.

Text goes to a temporary file in the target's folder, is flushed to disk,
takes the old file's permissions, and is renamed over the target. A crash or
an error at any point leaves the old file as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str | bytes, *, encoding: str = "utf-8",
                 durable: bool = True, replace: bool = True) -> None:
    """Replace `path` with `text` (or bytes, such as a database) atomically.

    `replace=False` never replaces a file: FileExistsError if `path` exists, even
    if it appeared meanwhile (the new file is linked in, which fails atomically).
    `durable=False` skips the flush to disk of each file, for bulk writes that
    sync once at the end; the rename still makes each file appear whole.
    """
    folder = path.parent if str(path.parent) else Path(".")
    mode = None
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        pass
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        binary = isinstance(text, bytes)
        with (os.fdopen(handle, "wb") if binary
              else os.fdopen(handle, "w", encoding=encoding, newline="")) as stream:
            stream.write(text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
            os.unlink(temporary)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
