"""Where each field of a record comes from: its sources and the commit that last changed it.

A record's sources vouch for the whole record unless a source names the
`fields` it vouches for; a field's sources are those without `fields` and
those whose `fields` name it (or one of its parts, `location.lat`). The
commit is found with `git blame` on the record's file: each top-level field
owns the lines from its key to the next key, and the newest commit among
those lines is the one that last changed it. Lines not yet committed, and
files outside git, have no commit ("not committed").
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model.records import Source
from citynet.store import git
from citynet.store.registry import Entry

_NOT_EXPLAINED = ("id", "sources")
"""The file name is the id, and sources are what explain the rest."""


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str
    """The commit's date, YYYY-MM-DD (committer time, UTC)."""
    summary: str
    time: int = field(default=0, compare=False)


@dataclass
class FieldOrigin:
    """One field: its value as stored, its lines, the sources vouching for it, its commit."""

    field: str
    value: Any
    lines: tuple[int, int]
    sources: list[dict[str, Any]]
    commit: Commit | None
    """None: not committed, or not in git."""

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["lines"] = list(self.lines)
        if self.commit is not None:
            found["commit"].pop("time")
        return found


@dataclass
class Explanation:
    kind: str
    id: str
    path: str
    fields: list[FieldOrigin]
    notice: str | None = None
    """Why commits are missing or may be wrong: no git here, or a shallow clone."""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "path": self.path,
                "fields": [f.as_dict() for f in self.fields], "notice": self.notice}


def vouches_for(source: Source, name: str) -> bool:
    """Whether a source vouches for a top-level field (or a part of it)."""
    if source.fields is None:
        return True
    return any(f == name or f.startswith(name + ".") for f in source.fields)


def _source(source: Source) -> dict[str, Any]:
    found: dict[str, Any] = {"title": source.title, "url": source.url,
             "as_of": str(source.as_of) if source.as_of is not None else None}
    if source.fields is not None:
        found["fields"] = list(source.fields)
    return found


def field_lines(text: str) -> dict[str, tuple[int, int]]:
    """Each top-level key's first and last line: from its key to the line before the next."""
    from citynet.yaml.positions import positions

    starts = sorted((key_mark[0], loc[0]) for loc, (key_mark, _) in positions(text).marks.items()
                    if len(loc) == 1 and isinstance(loc[0], str))
    total = len(text.splitlines())
    found = {}
    for index, (line, name) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else total
        found[name] = (line, max(line, end))
    return found


def blame(root: Path, path: str) -> dict[int, Commit | None]:
    """The commit of each line of a file (None: not committed); empty outside git."""
    output = git.blame(root, path)
    if output is None:
        return {}
    lines: dict[int, Commit | None] = {}
    commits: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    sha, final = "", 0
    for raw in output.decode("utf-8", "replace").split("\n"):
        if raw.startswith("\t"):
            info = commits.setdefault(sha, current)
            # all zeros: the lines not committed yet
            lines[final] = None if not sha.strip("0") else _commit(sha, info)
            continue
        head, _, rest = raw.partition(" ")
        if git.HASH.fullmatch(head):  # SHA-1 or SHA-256
            sha, final = head, int(rest.split()[1])
            current = commits.get(sha, {})
        else:
            current[head] = rest
    return lines


def _commit(sha: str, info: dict[str, str]) -> Commit:
    time = int(info.get("committer-time", info.get("author-time", "0")) or 0)
    day = datetime.datetime.fromtimestamp(time, datetime.UTC).date().isoformat()
    return Commit(sha, info.get("author", ""), day, info.get("summary", ""), time)


def _newest(commits: list[Commit | None]) -> Commit | None:
    """The newest commit among a field's lines; None if any line is not committed."""
    if not commits or any(c is None for c in commits):
        return None
    return max(commits, key=lambda c: c.time)  # type: ignore[union-attr]


def explain(root: Path, entry: Entry, name: str | None = None) -> Explanation:
    """Every written field of a record (or only `name`), with its sources and commit."""
    written = [k for k in entry.raw if k not in _NOT_EXPLAINED]
    if name is not None and name not in written:
        known = [k for k in entry.kind.model.model_fields if k not in _NOT_EXPLAINED]
        if name in known:
            raise BadOption(f"{entry.kind.name} {entry.id} does not write `{name}`")
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (its fields: {', '.join(written)})"
        raise BadOption(f"a {entry.kind.name} has no field {name!r}{hint}")
    text = (root / entry.path).read_text(encoding="utf-8-sig")
    spans = field_lines(text)
    notice = git.outside(root)
    commits = blame(root, entry.path) if notice is None else {}
    if notice is not None:
        notice = f"no commit is shown: {notice}"
    elif any(c is not None and c.sha in git.shallow_boundary(root) for c in commits.values()):
        notice = ("this clone's history is cut short, so a line may be older than the commit "
                  f"shown for it; {git.SHALLOW_HINT}")
    sources = entry.model.sources
    origins = []
    for key in written if name is None else [name]:
        first, last = spans.get(key, (1, 1))
        origins.append(FieldOrigin(
            key, entry.raw[key], (first, last),
            [_source(s) for s in sources if vouches_for(s, key)],
            _newest([commits.get(line) for line in range(first, last + 1)]) if commits else None,
        ))
    return Explanation(entry.kind.name, entry.id, entry.path, origins, notice)
