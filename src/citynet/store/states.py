"""A state of data/ as a recheck asks about it: its files, their data, who holds what.

A recheck (lint/recheck.py) works out one state's outcome from another's by checking
again only what a change reaches. It asks the state for the files of each kind, the data
of a few of them, which records hold some values or refer to some ids, and a registry of
just the records it will walk. `Rows` answers from the index's rows (the work tree, or a
git revision that differs from it in a few files, whose versions it is given); `Loaded`
from the work tree's files as a cold run read them into memory (a revision that differs
from it in a few files, with no index to ask: a pull request's first check in a fresh
clone). Both answer alike (tests/test_lint_recheck*.py run each recheck over both).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citynet.model.kinds import KINDS, stored_refs, values_at
from citynet.model.problems import Problem, Severity
from citynet.store.files import EXTENSION, Document
from citynet.store.index import COLUMNS, Subset, documents_of
from citynet.store.listing import REREAD, chunks, marks
from citynet.store.registry import Registry, from_subset
from citynet.store.sealed import Index
from citynet.store.tree import walk_order

Read = tuple[Document, list[Problem]]


def kind_of(rel: str) -> str:
    """The kind folder of a record file's path."""
    return rel.split("/", 2)[1]


def stem_of(rel: str) -> str:
    return rel[rel.rfind("/") + 1:-len(EXTENSION)]


def _strings(values: Iterable[Any]) -> set[str]:
    return {value for value in values if type(value) is str}


def held(data: Any, path: str) -> set[str]:
    """The texts a record's data holds at a dotted path (`*` for each item)."""
    return _strings(values_at(data, path)) if isinstance(data, dict) else set()


class Holding:
    """The files of one kind holding a value at one path, and those holding each text there,
    kept as documents come and go (a state loaded in memory builds it once; the language
    server keeps it current with each edit)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.files: set[str] = set()
        self.by_value: dict[str, set[str]] = {}

    def note(self, doc: Document, adding: bool = True) -> None:
        """Count `doc` in (or, not `adding`, out)."""
        found = values_at(doc.data, self.path) if isinstance(doc.data, dict) else None
        if not found:
            return
        if adding:
            self.files.add(doc.path)
            for value in _strings(found):
                self.by_value.setdefault(value, set()).add(doc.path)
        else:
            self.files.discard(doc.path)
            for value in _strings(found):
                self.by_value.get(value, set()).discard(doc.path)


class _State:
    """What both states share: each kind's files, the files given apart (`overlay`: a
    revision's versions, read from git) and those hidden, and the answers built from them
    and from what a subclass finds among the rest (`_fetch`, `_holders`, `_referrers`,
    `_holding`), which may include hidden files: they are left out here."""

    def __init__(self, root: Path, folders: dict[str, list[str]],
                 overlay: dict[str, Read] | None = None, hidden: Iterable[str] = ()) -> None:
        self.root = root
        self.folders = folders
        """Each kind's record files in this state, in the walk's order."""
        self.overlay = overlay or {}
        self.hidden = set(hidden) | set(self.overlay)
        """Paths whose versions among the rest are not this state's."""
        self._read: dict[str, Read] = {}

    # -- what the recheck asks ----------------------------------------------------------------

    def same_id(self, kind: str, stems: set[str]) -> set[str]:
        """This state's files of a kind whose stems are among `stems`."""
        return {rel for rel in self.folders.get(kind, ()) if stem_of(rel) in stems} \
            if stems else set()

    def data(self, paths: Iterable[str]) -> dict[str, Any]:
        """The data each of these files holds in this state (None if it holds none)."""
        return {path: read[0].data for path, read in self._documents(set(paths)).items()}

    def holders(self, kind: str, path: str, values: set[str]) -> set[str]:
        """The records of a kind holding one of `values` at `path`, or whose id is one."""
        if not values:
            return set()
        found = {p for p in self._holders(kind, path, values) if p not in self.hidden}
        found.update(rel for rel, (doc, _) in self.overlay.items() if kind_of(rel) == kind
                     and (doc.id in values or held(doc.data, path) & values))
        return found

    def referrers(self, ids: set[tuple[str, str]]) -> set[str]:
        """The records referring to one of these (kind, id), every file whose references are
        not known (those with problems: `flawed`), and every file given apart."""
        return {p for p in self._referrers(ids) if p not in self.hidden} | set(self.overlay)

    def holding(self, kind: str, path: str) -> set[str]:
        """The records of a kind holding a value at `path`."""
        found = {rel for rel in self._holding(kind, path) if rel not in self.hidden}
        return found | {rel for rel, (doc, _) in self.overlay.items()
                        if kind_of(rel) == kind and isinstance(doc.data, dict)
                        and values_at(doc.data, path)}

    def registry(self, paths: set[str], whole: set[str]) -> tuple[Registry, list[Problem]]:
        """A registry of these files (and of every file of the `whole` kinds), every id of
        this state known."""
        wanted = set(paths)
        for kind in whole:
            wanted.update(self.folders.get(kind, ()))
        read = self._documents(wanted)
        documents = [read[p] for p in sorted(read, key=walk_order)]
        return from_subset(self.root, Subset(documents, [], {
            kind: [stem_of(rel) for rel in rels] for kind, rels in self.folders.items()}))

    def _documents(self, paths: set[str]) -> dict[str, Read]:
        found = {p: self.overlay[p] for p in paths if p in self.overlay}
        found.update((p, self._read[p]) for p in paths if p in self._read and p not in found)
        todo = sorted(p for p in paths if p not in found and p not in self.hidden)
        for rel, read in self._fetch(todo).items():
            self._read[rel] = found[rel] = read
        return found

    # -- what a state finds among the rest ----------------------------------------------------

    def _fetch(self, paths: list[str]) -> dict[str, Read]:
        """These files (none hidden) as read, those this state has."""
        raise NotImplementedError

    def _holders(self, kind: str, path: str, values: set[str]) -> set[str]:
        """At least the records of a kind holding one of `values` at `path` or whose id is
        one."""
        raise NotImplementedError

    def _referrers(self, ids: set[tuple[str, str]]) -> set[str]:
        """At least the valid records referring to one of these (kind, id), and every file
        with a problem of its own (reading or schema)."""
        raise NotImplementedError

    def _holding(self, kind: str, path: str) -> set[str]:
        """Exactly the records of a kind holding a value at `path`."""
        raise NotImplementedError


class Rows(_State):
    """A state of data/ read from the index's rows, except the files `overlay` gives as read
    elsewhere (a revision's versions); the rows of files not in `folders` are not in it."""

    def __init__(self, root: Path, db: Index, folders: dict[str, list[str]],
                 overlay: dict[str, Read] | None = None, hidden: Iterable[str] = ()) -> None:
        super().__init__(root, folders, overlay, hidden)
        self.db = db

    def _holders(self, kind: str, path: str, values: set[str]) -> set[str]:
        ordered = sorted(values)
        found: set[str] = set()
        for chunk in chunks(ordered):
            found.update(p for (p,) in self.db.execute(
                f"SELECT path FROM files WHERE kind = ? AND id IN ({marks(chunk)})",
                [kind, *chunk]))
        if any(ref == path for ref, _ in KINDS[kind].refs):
            for chunk in chunks(ordered):
                found.update(p for (p,) in self.db.execute(
                    f"SELECT DISTINCT path FROM refs WHERE kind = ? AND ref IN "
                    f"({marks(chunk)})", [kind, *chunk]))
        else:
            found.update(rel for rel, data in self._mentioning(kind, path)
                         if held(data, path) & values)
        return found

    def _referrers(self, ids: set[tuple[str, str]]) -> set[str]:
        found: set[str] = set()
        by_target: dict[str, list[str]] = {}
        for target, ref in ids:
            by_target.setdefault(target, []).append(ref)
        for target, refs in sorted(by_target.items()):
            for chunk in chunks(sorted(refs)):
                found.update(p for (p,) in self.db.execute(
                    f"SELECT DISTINCT path FROM refs WHERE target = ? AND ref IN "
                    f"({marks(chunk)})", [target, *chunk]))
        found.update(p for (p,) in self.db.execute("SELECT path FROM files WHERE flawed > 0"))
        return found

    def _holding(self, kind: str, path: str) -> set[str]:
        return {rel for rel, data in self._mentioning(kind, path) if values_at(data, path)}

    def _mentioning(self, kind: str, path: str) -> list[tuple[str, Any]]:
        """(path, data) of the rows of a kind whose stored text names the first key of
        `path` (and of those whose data is read from their file)."""
        key = path.split(".", 1)[0].replace("\\", "\\\\").replace('"', '\\"')
        rows = list(self.db.execute(
            "SELECT path FROM files WHERE kind = ? AND (flawed = ? OR instr(data, ?) > 0)",
            (kind, REREAD, f'"{key}":')))
        read = self._documents({rel for (rel,) in rows if rel not in self.hidden})
        return [(rel, doc.data) for rel, (doc, _) in read.items()]

    def _fetch(self, paths: list[str]) -> dict[str, Read]:
        rows: list[Any] = []
        for chunk in chunks(paths):
            rows += self.db.execute(f"SELECT {COLUMNS} FROM files WHERE path IN "
                                    f"({marks(chunk)})", chunk).fetchall()
        return {doc.path: (doc, problems) for doc, problems in documents_of(self.root, rows)}


class Loaded(_State):
    """A state of data/ answered from files already read into memory (`loaded`: the work
    tree as a cold validate read it, each file's document and reading problems), except
    the files `overlay` gives as read elsewhere (a revision's versions): no index needed,
    nothing written. Who holds or names what is found by one pass over a kind's files, the
    first time it is asked."""

    def __init__(self, root: Path, loaded: dict[str, Read], folders: dict[str, list[str]],
                 overlay: dict[str, Read] | None = None, hidden: Iterable[str] = ()) -> None:
        super().__init__(root, folders, overlay, hidden)
        self.loaded = loaded
        self._kinds: dict[str, list[Read]] | None = None
        self._places: dict[tuple[str, str], Holding] = {}
        self._ids: dict[str, dict[str, set[str]]] = {}
        self._refs: dict[str, dict[tuple[str, str], set[str]]] = {}
        self._flawed: set[str] | None = None

    def _fetch(self, paths: list[str]) -> dict[str, Read]:
        loaded = self.loaded
        return {rel: loaded[rel] for rel in paths if rel in loaded}

    def _holders(self, kind: str, path: str, values: set[str]) -> set[str]:
        if kind not in self._ids:
            ids: dict[str, set[str]] = {}
            for doc, _ in self._of_kind(kind):
                ids.setdefault(doc.id, set()).add(doc.path)
            self._ids[kind] = ids
        ids, by_value = self._ids[kind], self._place(kind, path).by_value
        return set().union(*(ids.get(value, ()) for value in values),
                           *(by_value.get(value, ()) for value in values))

    def _referrers(self, ids: set[tuple[str, str]]) -> set[str]:
        if self._flawed is None:
            self._flawed = {rel for rel, (doc, reading) in self.loaded.items()
                            if reading or doc.schema}
        found = set(self._flawed)
        targets = {target for target, _ in ids}
        for kind in KINDS:
            if any(target in targets for _, target in KINDS[kind].refs):
                refs = self._refs_of(kind)
                found = found.union(*(refs.get(pair, ()) for pair in ids))
        return found

    def _holding(self, kind: str, path: str) -> set[str]:
        return self._place(kind, path).files

    def _of_kind(self, kind: str) -> list[Read]:
        if self._kinds is None:
            self._kinds = {}
            for read in self.loaded.values():
                self._kinds.setdefault(read[0].kind.folder, []).append(read)
        return self._kinds.get(kind, [])

    def _refs_of(self, kind: str) -> dict[tuple[str, str], set[str]]:
        """The files of a kind naming each (kind, id): of valid records only, as the index
        keeps them (a record with problems is among every `referrers`)."""
        if kind not in self._refs:
            refs: dict[tuple[str, str], set[str]] = {}
            places = KINDS[kind].refs
            for doc, reading in self._of_kind(kind):
                if doc.data is None or doc.schema or any(
                        p.severity is Severity.ERROR for p in reading):
                    continue
                for place, target in places:
                    for _, ref in stored_refs(doc.data, place):
                        refs.setdefault((target, ref), set()).add(doc.path)
            self._refs[kind] = refs
        return self._refs[kind]

    def _place(self, kind: str, path: str) -> Holding:
        """The files of a kind holding a value at `path`, and those holding each text."""
        if (kind, path) not in self._places:
            holding = self._places[kind, path] = Holding(path)
            for doc, _ in self._of_kind(kind):
                holding.note(doc)
        return self._places[kind, path]
