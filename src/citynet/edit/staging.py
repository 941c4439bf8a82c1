"""Checking a change to the registry before it is made: validate a copy with it made.

`rename` and `merge` write many files at once; each is refused, with nothing written, if
the registry would gain an error. The copy is hard links to the registry's files (a file
to change is unlinked first, never written through), in a private temporary folder, and no
link in it leads back into the registry.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from citynet.errors import BadOption


def check_in_copy(root: Path, changes: list[Any], verb: str, use_cache: bool) -> None:
    """Validate the registry with `changes` (rename's FileChanges) made in a staging copy;
    refuse (BadOption) if it has an error it did not have."""
    from citynet.lint.engine import validate

    before = validate(root, use_cache=use_cache)
    staging = Path(tempfile.mkdtemp(prefix="citynet-rename-"))
    try:
        _stage(root, staging)
        for change in changes:
            _in_staging(staging, change.path).unlink()  # never write through a hard link
        for change in changes:
            if not change.deleted:
                _in_staging(staging, change.new_path).write_bytes(change.after.encode("utf-8"))
        after = validate(staging, use_cache=False)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    moved = {c.path: c.new_path for c in changes}
    had = Counter((p.code, moved.get(p.path, p.path)) for p in before.problems
                  if p.severity == "error")
    for problem in after.problems:
        key = (problem.code, problem.path)
        if problem.severity != "error":
            continue
        if had[key]:
            had[key] -= 1
            continue
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        raise BadOption(f"the {verb} would make {where} invalid ({problem.code}: "
                        f"{problem.message}); nothing was changed")


def _stage(root: Path, staging: Path) -> None:
    """A copy of data/ to check a plan in: files hard-linked (or copied), links kept as links.

    A link that leads elsewhere inside the registry (an absolute one, say) is pointed at the
    same place in the copy, so that nothing done in the copy reaches the registry; links out
    of it stay as they are, for validate to refuse as it does in the registry.
    """
    shutil.copytree(root / "data", staging / "data", copy_function=_link_or_copy,
                    symlinks=True)
    real_root = os.path.realpath(root)
    for folder, folders, files in os.walk(staging / "data"):
        for name in (*folders, *files):
            link = os.path.join(folder, name)
            if not os.path.islink(link):
                continue
            target = os.path.realpath(os.path.join(root, os.path.relpath(link, staging)))
            if os.path.commonpath([target, real_root]) == real_root:
                os.unlink(link)
                os.symlink(os.path.join(staging, os.path.relpath(target, real_root)), link)


def _in_staging(staging: Path, rel: str) -> Path:
    """`staging / rel`, refused if it would lead out of the copy (behind a link out)."""
    path = staging / rel
    real = os.path.realpath(path.parent)
    if os.path.commonpath([real, os.path.realpath(staging)]) != os.path.realpath(staging):
        raise BadOption(f"{rel} lies behind a link out of the registry; nothing was changed")
    return path


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
