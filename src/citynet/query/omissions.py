"""What a report, an export or `show` left out or marked, and why, as plain data.

Nothing is published on a broken reference: a record that names a record the
registry does not hold (missing, or its file has errors) is left out of what is
published, and so is a record whose own file has errors. The library returns
these Omissions; the command line says them on stderr, and `--strict` makes
them an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from citynet.errors import did_you_mean
from citynet.model.kinds import KINDS, Kind, iter_refs, values_at
from citynet.store.files import Document
from citynet.store.registry import Entry, Registry


class Reason(StrEnum):
    MISSING = "missing"
    """The record named is not in the registry at all."""
    INVALID = "invalid"
    """The record named has a file, but the file has errors."""
    LEFT_OUT = "left-out"
    """The record named is valid but was itself left out (it names a broken one)."""
    ERRORS = "errors"
    """The record's own file has errors (or could not be read)."""
    DUPLICATE = "duplicate"
    """Another file already holds the record's id."""


@dataclass(frozen=True)
class Omission:
    """One record left out (or marked) of what is published, and the reason."""

    kind: str
    """The kind (singular name) of the record left out or marked."""
    id: str
    path: str
    reason: Reason
    field: str | None = None
    """The field naming the broken record (`parties.1`), if a reference is the cause."""
    target: str | None = None
    """The kind (singular name) of the record named."""
    missing: str | None = None
    """The id named."""
    detail: str | None = None
    """The file of the record named (INVALID) or holding the same id (DUPLICATE)."""
    whole: bool = True
    """False when only the reference was left out or marked, not the record naming it."""

    def message(self) -> str:
        """One line: which record, what it names, and why that is broken."""
        head = f"{self.path}: the {self.kind} {self.id}"
        if self.reason is Reason.ERRORS:
            return f"{head} has errors (run 'citynet validate')"
        if self.reason is Reason.DUPLICATE:
            return f"{head} has the id of {self.detail}"
        named = f"{head} names the {self.target} {self.missing!r} ({self.field})"
        if self.reason is Reason.MISSING:
            return f"{named}, which is not in the registry"
        if self.reason is Reason.INVALID:
            return f"{named}, whose file {self.detail} has errors"
        return f"{named}, which is itself left out"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "path": self.path, "reason": str(self.reason),
                "field": self.field, "target": self.target, "missing": self.missing,
                "detail": self.detail}


def _file_of(registry: Registry, folder: str, record_id: str) -> str | None:
    return next((d.path for d in registry.documents
                 if d.kind.folder == folder and d.id == record_id), None)


def absent(registry: Registry, kind: Kind, record_id: str, also: tuple[str, ...] = ()) -> str:
    """Why no `kind` record `record_id` can be used: not there (did you mean …?), or its
    file has errors. `also`: other ids that would do (a built-in grouping)."""
    if record_id in registry.known[kind.folder]:
        path = _file_of(registry, kind.folder, record_id)
        return f"the {kind.name} {record_id!r} has errors ({path}); run 'citynet validate'"
    hint = did_you_mean(record_id, [*registry.known[kind.folder], *also])
    return f"no {kind.name} has the id {record_id!r}{hint}"


def reference(registry: Registry, entry: Entry, field: str, target: Kind, ref: str,
              kept: dict[str, Any] | None = None) -> Omission | None:
    """The Omission for `entry` if its reference `ref` (a `target`) leads nowhere.

    With `kept` (folder -> ids still published), a valid record that was itself
    left out also counts as nowhere.
    """
    if registry.get(target.folder, ref) is not None:
        if kept is None or ref in kept[target.folder]:
            return None
        reason, detail = Reason.LEFT_OUT, None
    elif ref in registry.known[target.folder]:
        reason, detail = Reason.INVALID, _file_of(registry, target.folder, ref)
    else:
        reason, detail = Reason.MISSING, None
    return Omission(entry.kind.name, entry.id, entry.path, reason, field, target.name, ref,
                    detail)


def broken_references(registry: Registry, entry: Entry, kept: dict[str, Any] | None = None,
                      only: str | None = None) -> list[Omission]:
    """Every reference of `entry` (in its field `only`, if given) that leads nowhere."""
    found = []
    for path, folder in entry.kind.refs:
        if only is not None and path.split(".")[0] != only:
            continue
        for loc, ref in iter_refs(entry.model, path):
            field = ".".join(str(part) for part in loc)
            omission = reference(registry, entry, field, KINDS[folder], ref, kept)
            if omission is not None:
                found.append(omission)
    return found


def _left_out(registry: Registry, doc: Document) -> Omission | None:
    """Why this file's record is not in the registry, or None if it is."""
    entry = registry.get(doc.kind.folder, doc.id)
    if entry is None:
        return Omission(doc.kind.name, doc.id, doc.path, Reason.ERRORS)
    if entry.path != doc.path:
        return Omission(doc.kind.name, doc.id, doc.path, Reason.DUPLICATE, detail=entry.path)
    return None


def unpublished(registry: Registry) -> list[Omission]:
    """Every record file whose record the registry left out (errors, or a duplicate id)."""
    return [o for doc in registry.documents if (o := _left_out(registry, doc))]


def unpublished_naming(registry: Registry, kind: Kind, target: Kind,
                       record_id: str) -> list[Omission]:
    """The left-out files of `kind` that name the `target` record `record_id`.

    A file that could not be read at all may name it too: it is listed as well.
    """
    found = []
    paths = [path for path, folder in kind.refs if folder == target.folder]
    for doc in registry.documents:
        if doc.kind is not kind or (omission := _left_out(registry, doc)) is None:
            continue
        if doc.data is None or any(record_id in values_at(doc.data, p) for p in paths):
            found.append(omission)
    return found


def publishable(registry: Registry) -> tuple[dict[str, list[Entry]], list[Omission]]:
    """The records an export may publish, by kind folder, and every one it must leave out.

    A record that names a record left out is left out too, until nothing
    published points at nothing (SQLite's foreign key check is clean).
    """
    omissions = unpublished(registry)
    kept: dict[str, dict[str, Entry]] = {f: dict(registry.entries[f]) for f in KINDS}
    changed = True
    while changed:
        changed = False
        for folder in KINDS:
            for record_id, entry in sorted(kept[folder].items()):
                broken = broken_references(registry, entry, kept)
                if broken:
                    omissions.append(broken[0])
                    del kept[folder][record_id]
                    changed = True
    return ({f: sorted(by_id.values(), key=lambda e: e.id) for f, by_id in kept.items()},
            omissions)
