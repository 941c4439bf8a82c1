"""The registry as it was at a git revision, read from git objects.

The files of the revision are found with the rules `discover` applies to the
work tree and each is read with the same `parse_text`, so a revision whose
files equal the work tree's gives the same documents, problems and records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model import codes
from citynet.model.kinds import KINDS
from citynet.model.problems import Problem, Severity
from citynet.store import git
from citynet.store.changes import Files
from citynet.store.files import (
    DATA_DIR,
    EXTENSION,
    Document,
    is_skipped,
    parse_many,
    parse_text,
)
from citynet.store.listing import packed
from citynet.store.registry import Registry, assemble
from citynet.store.tree import walk_order

SYMLINK_MODE = "120000"


def files_at(listed: list[git.Listed], folders: Any = None
             ) -> tuple[list[tuple[Any, git.Listed]], list[Problem]]:
    """The record files of a revision's listing (of these kinds, if given), in `discover`'s
    order, and the problems with the tree itself."""
    events: list[tuple[str, Any, Any]] = []
    unknown: set[str] = set()
    for entry in listed:
        parts = entry.rel.split("/")
        if len(parts) < 2 or parts[0] != DATA_DIR or is_skipped(parts[-1]) or (
                len(parts) > 2 and any(is_skipped(p) for p in parts[1:-1])):
            continue
        folder = parts[1]
        if folders is not None and folder not in folders:
            continue
        kind = KINDS.get(folder)
        if kind is None:
            top = f"{DATA_DIR}/{folder}"
            if top not in unknown and (len(parts) > 2 or folder.endswith((EXTENSION, ".yml"))):
                unknown.add(top)
                events.append((walk_order(top), None, Problem(
                    codes.UNKNOWN_FOLDER, f"{top} is not read: records live in data/<kind>/, "
                    f"where kind is one of {', '.join(KINDS)}", top)))
            continue
        if len(parts) < 3 or entry.type != "blob":
            continue
        name = parts[-1]
        if entry.mode == SYMLINK_MODE:
            events.append((walk_order(entry.rel), None, Problem(
                codes.SYMLINK, "a link is not followed when reading a revision", entry.rel,
                severity=Severity.WARNING)))
        elif name.endswith(EXTENSION):
            events.append((walk_order(entry.rel), (kind, entry), None))
        elif name.endswith(".yml"):
            events.append((walk_order(entry.rel), None, Problem(
                codes.FILE_EXTENSION,
                f"record files end in {EXTENSION}; rename to {name[:-4]}{EXTENSION}", entry.rel)))
    events.sort(key=_first)
    return ([found for _, found, _ in events if found is not None],
            [problem for _, _, problem in events if problem is not None])


def _first(event: tuple[str, Any, Any]) -> str:
    return event[0]


@dataclass
class Listing:
    """A revision's record files (in the walk's order, with their blob ids and their kinds)
    and the problems with its tree itself."""

    root: Path
    found: list[tuple[Any, git.Listed]]
    problems: list[Problem]

    @property
    def files(self) -> Files:
        return Files([entry.rel for _, entry in self.found],
                     b"".join(packed(entry.sha) for _, entry in self.found))

    @property
    def folders(self) -> dict[str, list[str]]:
        """Each kind's files."""
        folders: dict[str, list[str]] = {}
        for kind, entry in self.found:
            folders.setdefault(kind.folder, []).append(entry.rel)
        return folders

    def read(self, paths: list[str]) -> dict[str, tuple[Document, list[Problem]]]:
        """These files as read from their blobs."""
        wanted = set(paths)
        return read_at(self.root, [found for found in self.found if found[1].rel in wanted])


def listed_at(root: Path, commit: str) -> Listing:
    """The record files of data/ at a commit."""
    found, problems = files_at(git.list_files(root, commit, DATA_DIR))
    return Listing(root, found, problems)


def load_at(root: Path, revision: str, kinds: Any = None) -> tuple[Registry, list[Problem]]:
    """The registry (of these kinds, if given) as it was at `revision`, and its problems.

    A BadOption if the revision is not in the repository (or not in a shallow clone).
    """
    commit = git.resolve(root, revision)
    return load_commit(root, commit, kinds)


def load_commit(root: Path, commit: str, kinds: Any = None) -> tuple[Registry, list[Problem]]:
    import gc

    found, problems = files_at(git.list_files(root, commit, DATA_DIR), kinds)
    enabled = gc.isenabled()
    gc.disable()
    try:
        read = read_at(root, found)
        registry = assemble(root, [read[entry.rel] for _, entry in found], problems)
    finally:
        if enabled:
            gc.enable()
    return registry, problems


def read_at(root: Path, found: list[tuple[Any, git.Listed]]
            ) -> dict[str, tuple[Document, list[Problem]]]:
    """Each of these files of a revision as read (its document and reading problems), from
    its blob, on every core."""
    blobs = git.read_blobs(root, [entry.sha for _, entry in found])
    jobs = [(raw or b"", entry.rel) for (_, entry), raw in zip(found, blobs, strict=True)]
    parsed = parse_many(jobs, parse_text)
    documents = {}
    for (kind, entry), (data, read_problems) in zip(found, parsed, strict=True):
        stem = entry.rel.rsplit("/", 1)[-1][: -len(EXTENSION)]
        documents[entry.rel] = (Document(kind, entry.rel, stem, data, blob=entry.sha),
                                read_problems)
    return documents


def texts_at(root: Path, commit: str, paths: list[str]) -> dict[str, str]:
    """The text of these files at `commit` (those that exist and decode)."""
    # By blob hash from one listing: a `commit:path` name makes git walk the tree again for
    # each, quadratic when thousands of files have problems to place.
    listed = {entry.rel: entry.sha for entry in git.list_files(root, commit, DATA_DIR)
              if entry.type == "blob"}
    paths = [path for path in paths if path in listed]
    contents = git.read_blobs(root, [listed[path] for path in paths])
    texts = {}
    for path, raw in zip(paths, contents, strict=True):
        if raw is not None and raw is not git.OVERSIZE:
            try:
                texts[path] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
    return texts
