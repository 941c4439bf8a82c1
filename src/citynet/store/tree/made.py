"""What citynet made, and so may replace or remove: folders it marked, its temporaries."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from citynet.store.tree.walk import DATA_DIR, FILE, FOLDER, kind_of, link_refused

MANIFEST = ".citynet-export.json"
"""The mark of a folder citynet made: the files it wrote there."""


def unlisted(folder: Path) -> str | None:
    """Why `folder` is not one citynet made (None if it is: its manifest lists all it holds,
    each a plain file). An empty folder counts as citynet's: replacing it loses nothing."""
    import json

    try:
        names = _contents(folder)
    except OSError as exc:
        return (exc.strerror or str(exc)).lower()
    if not names:
        return None
    manifest = os.path.join(folder, MANIFEST)
    try:
        if kind_of(manifest) != FILE:
            return f"{MANIFEST} is not a file"
        with open(manifest, encoding="utf-8") as stream:
            listed = json.load(stream).get("files")
    except FileNotFoundError:
        return f"it has no {MANIFEST}"
    except (OSError, ValueError, AttributeError):
        return f"its {MANIFEST} is unreadable"
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        return f"its {MANIFEST} is unreadable"
    kinds = {name: kind_of(os.path.join(folder, name)) for name in names}
    extra = sorted(n for n in names if kinds[n] != FOLDER and n not in listed and n != MANIFEST)
    if extra:
        return f"it holds {extra[0]}, which citynet did not write"
    stray = sorted(n for n, what in kinds.items() if what not in (FILE, FOLDER))
    return f"{stray[0]} is not a plain file" if stray else None


def _contents(folder: Path) -> set[str]:
    """Every path inside `folder`, relative, with forward slashes; links are not followed."""
    found = set()
    for parent, dirs, files in os.walk(folder, onerror=_raise):
        relative = os.path.relpath(parent, folder)
        for name in [*dirs, *files]:
            found.add(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return found


def _raise(exc: OSError) -> None:
    raise exc


TEMPORARY = re.compile(r"\.(?P<name>.+)\.citynet-tmp-(?P<pid>[0-9]+)(?:-[0-9]+)?", re.S)
"""The name of a temporary file or folder citynet writes beside its target."""


def temporary_name(target: Path | str, serial: int = 0) -> str:
    """The `serial`th name of a temporary beside `target`: `.NAME.citynet-tmp-PID[-N]`."""
    folder, name = os.path.split(os.fspath(target))
    return os.path.join(folder, f".{name}.citynet-tmp-{os.getpid()}"
                                f"{f'-{serial}' if serial else ''}")


def sweep(folder: Path | str, *, folders: bool = True) -> list[str]:
    """Remove the temporaries a citynet killed mid-write left in `folder`; the names removed.
    Only a file (or, with `folders`, a folder: citynet builds an output folder beside it)
    named as citynet names them, owned by this user, whose process is gone and that git does
    not track is removed."""
    try:
        with os.scandir(folder) as listing:
            stale = [e for e in listing if ".citynet-tmp-" in e.name and _stale(e, folders)]
    except OSError:
        return []
    if not stale:
        return []
    from citynet.store import git

    tracked = git.tracked(Path(folder), [e.name for e in stale])
    removed = []
    for entry in stale:
        if entry.name in tracked:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


def sweep_registry(root: Path | str) -> list[str]:
    """`sweep` every folder under the registry's `data/` that holds a name of citynet's
    temporaries, of files only (citynet makes no folder there; no link is followed, and
    nothing is done if `data/` leads out of the registry): what every command that edits
    records does first, so that running it again after a kill -9 leaves nothing behind.
    The paths removed, from the root."""
    data = os.path.join(str(root), DATA_DIR)
    if link_refused(os.path.realpath(data), os.path.realpath(root)):
        return []
    removed = []
    for folder, folders, files in os.walk(data):
        if any(".citynet-tmp-" in name for name in (*folders, *files)):
            rel = Path(os.path.relpath(folder, root)).as_posix()
            removed += [f"{rel}/{name}" for name in sweep(folder, folders=False)]
    return removed


def _stale(entry: os.DirEntry[str], folders: bool) -> bool:
    found = TEMPORARY.fullmatch(entry.name)
    if found is None or int(found["pid"]) == os.getpid() or os.name == "nt":
        return False
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if not (stat.S_ISREG(info.st_mode) or (folders and stat.S_ISDIR(info.st_mode))):
        return False
    if info.st_uid != os.getuid():
        return False
    try:
        os.kill(int(found["pid"]), 0)  # signal 0: only asks whether the process is there
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False
    return False
