"""Commits and what they changed, read from git as data: `git log`'s object names and
fixed-format change lines (NUL-separated), and each commit's author, dates and subject from
the commit object itself (length-prefixed by `git cat-file --batch`), so no text of a commit
can forge a hash, an author, a date or an option. git itself runs in store/git.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from citynet import limits
from citynet.errors import BadOption
from citynet.store.git import checked_hash, run


@dataclass(frozen=True, slots=True)
class FileChange:
    """One line of `git log --raw`: a file's status and its blobs before and after."""

    status: str
    """git's letter: A, M, D, T, R, C …"""
    old_blob: str
    new_blob: str
    paths: tuple[str, ...]
    """The path (two for a rename or copy: before, after), relative to the repository."""


@dataclass(slots=True)
class Commit:
    """A commit and what it changed; its author, date and subject read from the commit
    object itself (`describe`), never from text git formatted."""

    sha: str
    changes: list[FileChange] = field(default_factory=list)
    author: str = ""
    author_date: str = ""
    committer_date: str = ""
    subject: str = ""


def log(root: Path, start: str, *options: str, paths: tuple[str, ...] = ()) -> list[Commit]:
    """The commits `git log` lists from `start` (newest first, unless an option says), each
    with its raw changes to `paths`. Only object names and git's fixed-format change lines are
    read, NUL-separated: no text of a commit can forge a field."""
    if start.startswith("-") and start != "--all":
        raise BadOption(f"revision {start!r} is not in this repository")
    output = run(root, "log", "--format=%H", "-z", "--raw", "--no-abbrev", "--no-textconv",
                 "--no-ext-diff", *options, "--end-of-options", start, "--", *paths)
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    commits: list[Commit] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        if token.startswith(":"):
            change, index = _raw_change(tokens, index)
            if commits and change is not None:
                commits[-1].changes.append(change)
            continue
        index += 1
        if token:
            commits.append(Commit(checked_hash(token)))
    return commits


def changes(root: Path, commit: str, *options: str, paths: tuple[str, ...] = ()
            ) -> list[FileChange]:
    """What `commit` changed to `paths` from its first parent (`git diff-tree --raw`; none
    for the first commit), each change with its blobs, so the files are read by hash (a
    `commit:path` name makes git walk the tree again for each: quadratic over a commit that
    touches thousands)."""
    output = run(root, "diff-tree", "-r", "-z", "--raw", "--no-abbrev", "--no-commit-id",
                 "--no-textconv", "--no-ext-diff", *options, "--end-of-options",
                 checked_hash(commit), "--", *paths)
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    found, index = [], 0
    while index < len(tokens):
        change, index = _raw_change(tokens, index) if tokens[index].startswith(":") \
            else (None, index + 1)
        if change is not None:
            found.append(change)
    return found


def _raw_change(tokens: list[str], index: int) -> tuple[FileChange | None, int]:
    """The change whose `:`-line is `tokens[index]` (None if it is not in git's form), and
    the index after its paths (two for a rename or a copy)."""
    meta = tokens[index].lstrip("\n")[1:].split()  # old-mode new-mode old-blob new-blob status
    count = 2 if meta and meta[-1][:1] in "RC" else 1
    paths = tuple(tokens[index + 1: index + 1 + count])
    if len(meta) != 5:
        return None, index + 1 + count
    return (FileChange(meta[4][:1], checked_hash(meta[2]), checked_hash(meta[3]), paths),
            index + 1 + count)


def describe(root: Path, commits: list[Commit]) -> None:
    """Fill each commit's author, dates and subject from its object (length-prefixed by
    `git cat-file --batch`, so a subject holding any character stays a subject)."""
    wanted = list({c.sha: c for c in commits}.values())
    raw = read_commits(root, [c.sha for c in wanted])
    by_sha = dict(zip([c.sha for c in wanted], raw, strict=True))
    for commit in commits:
        body = by_sha.get(commit.sha)
        if body is None:
            continue
        head, _, message = body.partition(b"\n\n")
        for line in head.split(b"\n"):
            name, _, value = line.partition(b" ")
            if name == b"author":
                commit.author, commit.author_date = _signature(value)
            elif name == b"committer":
                commit.committer_date = _signature(value)[1]
        paragraph = message.decode("utf-8", "replace").lstrip("\n").split("\n\n", 1)[0]
        commit.subject = " ".join(part.strip() for part in paragraph.split("\n")).strip()


def read_commits(root: Path, shas: list[str]) -> list[bytes | None]:
    """The raw objects of these commits (None for one that is not a commit, or whose object
    is over limits.FILE_BYTES: a commit's message can be of any size, and is never read
    then). Sizes are asked first, so what is read is bounded by what is kept."""
    if not shas:
        return []
    request = "".join(f"{checked_hash(s)}\n" for s in shas).encode("ascii")
    checked = run(root, "cat-file", "--batch-check=%(objecttype) %(objectsize)",
                  stdin=request).split(b"\n")
    small = [sha for sha, line in zip(shas, checked, strict=False)
             if line.split()[:1] == [b"commit"] and line.split()[1:2] != []
             and line.split()[1].isdigit() and int(line.split()[1]) <= limits.FILE_BYTES]
    output = run(root, "cat-file", "--batch",
                 stdin="".join(f"{sha}\n" for sha in small).encode("ascii")) if small else b""
    bodies: dict[str, bytes] = {}
    offset = 0
    for sha in small:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        bodies[sha] = output[header_end + 1: header_end + 1 + size]
        offset = header_end + 1 + size + 1
    return [bodies.get(sha) for sha in shas]


_SIGNATURE = re.compile(rb"(.*?) ?<[^<>]*> (\d+) ([+-])(\d\d)(\d\d)\Z", re.S)


def _signature(value: bytes) -> tuple[str, str]:
    """A commit's `author`/`committer` line as (name, ISO 8601 date with its offset), as
    git's %an and %aI print them; ("", "") when it is not in git's form."""
    found = _SIGNATURE.match(value)
    if found is None:
        return "", ""
    name, seconds, sign, hours, minutes = found.groups()
    offset = datetime.timedelta(hours=int(hours), minutes=int(minutes))
    zone = datetime.timezone(-offset if sign == b"-" else offset)
    try:
        when = datetime.datetime.fromtimestamp(int(seconds), zone)
    except (OverflowError, ValueError, OSError):
        return name.decode("utf-8", "replace"), ""
    return name.decode("utf-8", "replace"), when.isoformat()
