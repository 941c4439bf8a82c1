"""Checking a change to the registry before it is made: validate a copy with it made.

`rename` and `merge` write many files at once; each is refused, with nothing written, if
the registry would gain an error. The copy holds what validate reads: every record file
the walk finds (store.tree.discover), a link as the file it leads to, hard-linked (or
copied) into a private temporary folder; a file to change is unlinked there first, never
written through. Nothing in the copy is a link, so nothing done in it reaches the registry.
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
    from citynet.store.atomic import uninterrupted

    before = validate(root, use_cache=use_cache)
    staging = Path(tempfile.mkdtemp(prefix="citynet-check-"))
    try:
        _stage(root, staging)
        for change in changes:
            (staging / change.path).unlink(missing_ok=True)  # never write through a hard link
        for change in changes:
            if not change.deleted:
                target = staging / change.new_path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(change.after.encode("utf-8"))
        after = validate(staging, use_cache=False)
    finally:
        with uninterrupted():
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
    """The record files validate reads, at their paths under `staging`: each a hard link to
    (or a copy of) the file the walk reads, a link's target for a link."""
    from citynet.store.tree import discover, read_from

    files, _ = discover(root)
    made: set[str] = set()
    for found in files:
        target = staging / found.rel
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        source = read_from(found)  # a link's target, never the link (os.link keeps links)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
