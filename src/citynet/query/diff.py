"""The semantic difference between two states of a registry.

Records, not lines: which were added, removed or renamed, and which fields
changed from what to what. A state is a git revision (read with `git cat-file`,
never checked out) or the work tree.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.store.files import DATA_DIR, EXTENSION, discover
from citynet.model.kinds import KINDS

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
    kind: str
    id: str
    path: str
    status: str
    """`added`, `removed`, `renamed` or `changed`."""
    old_id: str | None = None
    fields: list[FieldChange] = field(default_factory=list)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise BadOption("citynet diff needs git, which is not installed") from None
    if done.returncode != 0:
        raise BadOption(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
                        if done.stderr.strip() else f"git {' '.join(args)} failed")
    return done.stdout


def resolve_revision(root: Path, revision: str) -> str:
    """The commit a revision names, or a BadOption saying it is not there."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except BadOption:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        hint = (" (this is a shallow clone: fetch more history, e.g. git fetch --unshallow, "
                "or actions/checkout with fetch-depth: 0)" if shallow else "")
        raise BadOption(f"revision {revision!r} is not in this repository{hint}") from None


def _parse(text: bytes) -> Any:
    from citynet.yaml import reader

    try:
        data, _ = reader.load(text.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _entry(path: str) -> tuple[str, str] | None:
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != DATA_DIR or parts[1] not in KINDS:
        return None
    name = parts[-1]
    if not name.endswith(EXTENSION) or name.startswith("."):
        return None
    return parts[1], name[: -len(EXTENSION)]


def snapshot_at(root: Path, revision: str) -> Snapshot:
    """Every record file at a git revision, read without touching the work tree."""
    commit = resolve_revision(root, revision)
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{prefix}{DATA_DIR}")
    wanted: list[tuple[str, str, tuple[str, str]]] = []
    for line in listing.decode("utf-8").split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        relative = path[len(prefix):] if prefix and path.startswith(prefix) else path
        key = _entry(relative)
        if key and meta.split()[1] == "blob":
            wanted.append((meta.split()[2], relative, key))
    snapshot: Snapshot = {}
    if not wanted:
        return snapshot
    blobs = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _, _ in wanted).encode())
    offset = 0
    for _, relative, key in wanted:
        header_end = blobs.index(b"\n", offset)
        size = int(blobs[offset:header_end].split()[2])
        content = blobs[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        snapshot.setdefault(key, (relative, _parse(content)))
    return snapshot


def snapshot_worktree(root: Path) -> Snapshot:
    files, _ = discover(root)
    snapshot: Snapshot = {}
    for found in files:
        try:
            content = Path(found.path).read_bytes()
        except OSError:
            continue
        snapshot.setdefault((found.kind.folder, found.stem), (found.rel, _parse(content)))
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


def _similarity(old: Any, new: Any) -> float:
    before, after = _flatten(_without_id(old) or {}), _flatten(_without_id(new) or {})
    keys = set(before) | set(after)
    if not keys:
        return 0.0
    return sum(1 for k in keys if before.get(k) == after.get(k) and k in before and k in after) / len(keys)


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
    for add_key in sorted(added):
        path, after = added[add_key]
        best, best_score = None, 0.0
        for rem_key, (_, before) in removed.items():
            if rem_key[0] == add_key[0]:
                score = _similarity(before, after)
                if score > best_score:
                    best, best_score = rem_key, score
        if best is not None and best_score >= 0.75:
            before = removed.pop(best)[1]
            changes.append(RecordChange(add_key[0], add_key[1], path, "renamed", old_id=best[1],
                                        fields=field_changes(before, after)))
        else:
            changes.append(RecordChange(add_key[0], add_key[1], path, "added"))
    for rem_key in sorted(removed):
        changes.append(RecordChange(rem_key[0], rem_key[1], removed[rem_key][0], "removed"))
    order = {"added": 0, "renamed": 1, "changed": 2, "removed": 3}
    return sorted(changes, key=lambda c: (list(KINDS).index(c.kind), order[c.status], c.id))


def as_dict(changes: list[RecordChange]) -> dict[str, Any]:
    summary = {status: sum(1 for c in changes if c.status == status)
               for status in ("added", "removed", "renamed", "changed")}
    return {
        "changes": [
            {"kind": KINDS[c.kind].name, "id": c.id, "path": c.path, "status": c.status,
             "old_id": c.old_id,
             "fields": [{"field": f.field, "change": f.change, "old": f.old, "new": f.new}
                        for f in c.fields]}
            for c in changes
        ],
        "summary": summary,
    }
