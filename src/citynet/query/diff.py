"""The semantic difference between two states of a registry.

Records, not lines: which were added, removed or renamed, and which fields
changed from what to what. A state is a git revision (read from git objects by
store.git, never checked out) or the work tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.model.kinds import KINDS
from citynet.store import git
from citynet.store.files import DATA_DIR, EXTENSION, discover
from citynet.store.reading import read_capped

Snapshot = dict[tuple[str, str], tuple[str, Any]]
"""(kind folder, id) -> (path, plain data or None if the file does not parse)."""


@dataclass
class FieldChange:
    field: str
    old: Any = None
    new: Any = None
    change: str = "changed"
    """`added`, `removed` or `changed`."""


@dataclass
class RecordChange:
    """A record changed between two states (two revisions, a revision and the work tree, a
    commit and its parent): how, and how each of its fields changed."""

    kind: str
    """The kind's folder."""
    id: str
    path: str
    change: str
    """`added`, `removed`, `renamed` or `changed`."""
    old_id: str | None = None
    fields: list[FieldChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": KINDS[self.kind].name if self.kind in KINDS else self.kind,
                "id": self.id, "path": self.path, "change": self.change, "old_id": self.old_id,
                "fields": [{"field": f.field, "change": f.change, "old": f.old, "new": f.new}
                           for f in self.fields]}


def parse_plain(text: bytes | None) -> Any:
    """A record file's plain data; None if it is missing, too large, not UTF-8 or not a
    mapping."""
    from citynet.store.reading import MAX_FILE_BYTES
    from citynet.yaml import reader

    if text is None or text is git.OVERSIZE or len(text) > MAX_FILE_BYTES:
        return None
    try:
        data, _ = reader.load(text.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None
    return data if isinstance(data, dict) else None


def record_key(path: str) -> tuple[str, str] | None:
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != DATA_DIR or parts[1] not in KINDS:
        return None
    name = parts[-1]
    if not name.endswith(EXTENSION) or name.startswith("."):
        return None
    return parts[1], name[: -len(EXTENSION)]


def snapshot_at(root: Path, revision: str) -> Snapshot:
    """Every record file at a git revision, read without touching the work tree."""
    commit = git.resolve(root, revision)
    wanted = [(entry.sha, entry.rel, key) for entry in git.list_files(root, commit, DATA_DIR)
              if entry.type == "blob" and (key := record_key(entry.rel))]
    snapshot: Snapshot = {}
    for (_, relative, key), content in zip(
            wanted, git.read_blobs(root, [sha for sha, _, _ in wanted]), strict=True):
        snapshot.setdefault(key, (relative, parse_plain(content)))
    return snapshot


def snapshot_worktree(root: Path) -> Snapshot:
    files, _ = discover(root)
    snapshot: Snapshot = {}
    for found in files:
        try:
            content = read_capped(found.path)
        except OSError:
            continue
        snapshot.setdefault((found.kind.folder, found.stem), (found.rel, parse_plain(content)))
    return snapshot


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value:
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix: value}


def _without_id(data: Any) -> Any:
    return {k: v for k, v in data.items() if k != "id"} if isinstance(data, dict) else data


def field_changes(old: Any, new: Any) -> list[FieldChange]:
    before, after = _flatten(_without_id(old) or {}), _flatten(_without_id(new) or {})
    changes = []
    ordered = list(after) + [key for key in before if key not in after]
    for key in ordered:  # in the record's own order, fields gone last
        if key not in before:
            changes.append(FieldChange(key, None, after[key], "added"))
        elif key not in after:
            changes.append(FieldChange(key, before[key], None, "removed"))
        elif before[key] != after[key]:
            changes.append(FieldChange(key, before[key], after[key]))
    return changes


def similarity(old: Any, new: Any) -> float:
    before, after = _flatten(_without_id(old) or {}), _flatten(_without_id(new) or {})
    keys = set(before) | set(after)
    if not keys:
        return 0.0
    same = sum(1 for k in keys if k in before and k in after and before[k] == after[k])
    return same / len(keys)


RENAME_SIMILARITY = 0.75
"""The share of fields a removed and an added record must have equal to be one renamed."""


class RenamePairer:
    """Pairs added records with removed ones of the same kind as renames, in near-linear time.

    Comparing every added record with every removed one took 27 s for 2,000 × 2,000. Here
    each removed record is indexed by its (field, value) pairs; an added record is compared
    in full only with the few removed ones (limits.RENAME_CANDIDATES) that share the most
    pairs with it, and a pair shared by very many records (a common country or source) is
    not used to find candidates, as it tells nothing.
    """

    def __init__(self, removed: dict[tuple[str, str], Any]) -> None:
        self.removed = dict(removed)
        self.fields = {key: _pairs(data) for key, data in removed.items()}
        self.index: dict[tuple[str, Any], list[tuple[str, str]]] = {}
        for key, pairs in self.fields.items():
            for pair in pairs:
                self.index.setdefault((key[0], pair), []).append(key)

    def take(self, folder: str, data: Any) -> tuple[str, str] | None:
        """The removed record `data` was most probably renamed from (then no longer offered),
        or None."""
        from collections import Counter

        from citynet import limits

        common = limits.RENAME_CANDIDATES * 10
        shared: Counter[tuple[str, str]] = Counter()
        for pair in _pairs(data):
            keys = self.index.get((folder, pair), ())
            if len(keys) <= common:
                shared.update(key for key in keys if key in self.removed)
        best, best_score = None, 0.0
        for key, _ in shared.most_common(limits.RENAME_CANDIDATES):
            score = similarity(self.removed[key], data)
            if score > best_score or (score == best_score and best is not None and key < best):
                best, best_score = key, score
        if best is None or best_score < RENAME_SIMILARITY:
            return None
        del self.removed[best]
        return best


def _pairs(data: Any) -> set[tuple[str, Any]]:
    """The record's flattened (field, value) pairs that can be hashed."""
    pairs = set()
    for key, value in _flatten(_without_id(data) or {}).items():
        try:
            hash(value)
        except TypeError:
            continue
        pairs.add((key, value))
    return pairs


def compare(old: Snapshot, new: Snapshot) -> list[RecordChange]:
    """Record-level changes from `old` to `new`, renames paired by content."""
    changes: list[RecordChange] = []
    removed = {key: old[key] for key in old if key not in new}
    added = {key: new[key] for key in new if key not in old}
    for key in sorted(set(old) & set(new)):
        (_, before), (path, after) = old[key], new[key]
        if before != after:
            changes.append(RecordChange(key[0], key[1], path, "changed",
                                        fields=field_changes(before, after)))
    pairer = RenamePairer({key: data for key, (_, data) in removed.items()})
    for add_key in sorted(added):
        path, after = added[add_key]
        best = pairer.take(add_key[0], after)
        if best is not None:
            before = removed.pop(best)[1]
            changes.append(RecordChange(add_key[0], add_key[1], path, "renamed", old_id=best[1],
                                        fields=field_changes(before, after)))
        else:
            changes.append(RecordChange(add_key[0], add_key[1], path, "added"))
    for rem_key in sorted(removed):
        changes.append(RecordChange(rem_key[0], rem_key[1], removed[rem_key][0], "removed"))
    order = {"added": 0, "renamed": 1, "changed": 2, "removed": 3}
    return sorted(changes, key=lambda c: (list(KINDS).index(c.kind), order[c.change], c.id))


def as_dict(changes: list[RecordChange]) -> dict[str, Any]:
    summary = {change: sum(1 for c in changes if c.change == change)
               for change in ("added", "removed", "renamed", "changed")}
    return {"changes": [c.as_dict() for c in changes], "summary": summary}
