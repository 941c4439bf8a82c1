"""Atomic writes: a file or a folder is replaced whole or not at all.

Text goes to a temporary file in the target's folder, is flushed to disk,
takes the old file's permissions (a new file the user's umask), and is renamed
over the target. A folder is written beside its target, marked with a manifest
of the files in it, and swapped in by rename. A crash or an error at any point
leaves the old file or folder as it was. What may be replaced at all is
decided by store.output.check_output, before any of this.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path


def umask_mode(base: int) -> int:
    """`base` (0o666 for a file, 0o777 for a folder) less the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return base & ~umask


def temporary_beside(path: Path) -> str:
    """A new, empty, closed temporary file in `path`'s folder."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    return temporary


def install(temporary: str, path: Path) -> None:
    """Rename `temporary` over `path`, with the old file's permissions or the umask's."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = umask_mode(0o666)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def write_atomic(path: Path, text: str | bytes, *, encoding: str = "utf-8",
                 durable: bool = True, replace: bool = True) -> None:
    """Replace `path` with `text` (or bytes, such as a database) atomically.

    `replace=False` never replaces a file: FileExistsError if `path` exists, even
    if it appeared meanwhile (the new file is linked in, which fails atomically).
    `durable=False` skips the flush to disk of each file, for bulk writes (an
    import, an export) that a rerun redoes; the rename still makes each file
    appear whole to every reader and after an interruption.
    """
    data = text if isinstance(text, bytes) else text.encode(encoding)
    handle, temporary = _new_temporary(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        if replace:
            try:  # the old file's permissions; a new file has the umask's already
                os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
            except FileNotFoundError:
                pass
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


_serial = itertools.count()


def _new_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, open for writing, with the umask's permissions.

    Named by process and a counter, not by mkstemp's random names: an import
    writes tens of thousands of files, and mkstemp made each write 4× slower.
    """
    folder = str(path.parent) if str(path.parent) else "."
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temporary = os.path.join(folder, f".{path.name}.{os.getpid()}.{next(_serial)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def staging_folder(target: Path) -> Path:
    """A new folder beside `target` to write its next version into (umask permissions)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    os.chmod(staging, umask_mode(0o777))
    return staging


def replace_folder(staging: Path, target: Path, made_by: str) -> None:
    """Mark `staging` as citynet's (a manifest of its files) and swap it in for `target`.

    The caller has checked that `target`, if it exists, is a folder citynet made.
    """
    from citynet.store.output import MANIFEST

    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                   if not p.is_dir())  # a folder's files by their paths inside it (a site)
    manifest = json.dumps({"made_by": made_by, "files": files}, indent=2) + "\n"
    (staging / MANIFEST).write_text(manifest, encoding="utf-8")
    for name in files:
        os.chmod(staging / name, umask_mode(0o666))
    for folder in (p for p in staging.rglob("*") if p.is_dir()):
        os.chmod(folder, umask_mode(0o777))
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.rename(target, old / "previous")
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(old / "previous", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
