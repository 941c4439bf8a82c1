"""The server's registry: loaded once, then kept current with the editor's unsaved texts.

An edited file replaces its document and record in the loaded registry; its
problems are then found by the same checks `validate` runs, each walking only
the records the edit reaches, as the check declares what it reads
(`lint.checks.Reads`) and lint/recheck.py works it out for a pull request: the
file and the files sharing its id for the checks of one record; the records
holding a value it holds where a check compares records (the agreements naming
the same cities, other cities' aliases, the cities that succeeded it); the
organisations whose rules a check walks whole kinds for. Nothing else is
rechecked, so a keystroke costs about the same in ten records or a hundred thousand.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from citynet.lint.engine import CHECKS  # every check registered, places' included
from citynet.lint.recheck import reached, scoped
from citynet.lsp.files import kind_of, stem
from citynet.model import build, codes
from citynet.model.kinds import KINDS, ORGANISATIONS, Kind, iter_refs
from citynet.model.problems import Problem
from citynet.store.files import Document, parse_text
from citynet.store.reading import OVERSIZE, read_capped
from citynet.store.registry import Entry, Registry, load
from citynet.store.states import Holding
from citynet.store.tree import Tree
from citynet.yaml.positions import positions

__all__ = ["State", "kind_of", "stem"]

PLACES = sorted({place for registered in CHECKS.values() for place in registered.reads.alike}
                | {registered.reads.only for registered in CHECKS.values()
                   if registered.reads.only is not None})
"""Every (kind, path) at which a check compares records by the values they hold, or whose
holders are all a check reports on (an organisation's rules)."""


def _own_error(problem: Problem) -> bool:
    """Whether `problem` is an error a file's reading found (not its schema's or a check's):
    `load` makes no record of a file with one, its data kept though."""
    code = codes.CODES.get(problem.code)
    return (code is not None and problem.severity is codes.Severity.ERROR
            and code.stage in (codes.Stage.FILE, codes.Stage.YAML))


class State:
    """A loaded registry, the texts open in the editor, and indexes to recheck quickly."""

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        self.root = root
        self.registry: Registry
        self.registry, found = load(root, use_cache)
        self._flawed: set[str] = {p.path for p in found if _own_error(p)}
        """Files with an error of their own (a key written twice: their data kept): known,
        but not records, as `load` has them."""
        self.open: dict[str, str] = {}
        """Relative path -> the editor's text, saved or not."""
        self.lock = threading.RLock()
        """Held while the registry changes, and while `warm` builds its relations."""
        self._at: dict[str, int] = {d.path: i for i, d in enumerate(self.registry.documents)}
        self._same_id: dict[tuple[str, str], list[Document]] = defaultdict(list)
        for document in self.registry.documents:
            self._same_id[(document.kind.folder, document.id)].append(document)
        self._held: dict[tuple[str, str], Holding] | None = None
        """(kind, path) of PLACES -> who holds what there (built on first use, then kept
        current)."""
        self._reached: dict[str, dict[str, tuple[set[str], set[str]]]] = {}
        """rel -> `_reaches`' answer while the registry stays as it is."""

    # -- the editor's texts -------------------------------------------------------------

    def text(self, rel: str) -> str | None:
        """The text of a record file: the editor's if open, else the file's."""
        if rel in self.open:
            return self.open[rel]
        try:
            raw = read_capped(self.root / rel)  # never a pipe, a device or past the limit
            return raw.decode("utf-8-sig") if raw is not None else None
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, rel: str, text: str) -> set[str]:
        """Make `text` the content of `rel`; the other open files whose problems may change."""
        with self.lock:
            self.open[rel] = text
            return self._replace(rel, text.encode("utf-8"))

    def close(self, rel: str) -> set[str]:
        """Forget the editor's text: the file on disk (if any) is the record again."""
        with self.lock:
            self.open.pop(rel, None)
            try:
                raw = read_capped(self.root / rel)
            except OSError:
                return self._remove(rel)
            return self._replace(rel, OVERSIZE if raw is None else raw)

    def warm(self) -> None:
        """Build now what the first edit would wait for: the index of who holds what, and
        for the first recheck of an organisation's rules, the registry's relations and the
        models of its cities (seconds at 100,000 records)."""
        with self.lock:
            self._holding_index()
            ruled = [o for o in self.registry.entries[ORGANISATIONS.folder].values()
                     if o.raw.get("rules")]
            if ruled:
                first = [self.registry.documents[self._at[ruled[0].path]]]
                self._run(codes.RULE_BREACH, first)

    def _replace(self, rel: str, raw: bytes) -> set[str]:
        kind = kind_of(rel)
        if kind is None:
            return set()
        record_id = stem(rel)
        data, own = parse_text(raw, rel)
        if any(_own_error(p) for p in own):
            self._flawed.add(rel)
        else:
            self._flawed.discard(rel)
        document = Document(kind, rel, record_id, data if isinstance(data, dict) else None)
        touched = self._touched(rel)  # what it reached before
        self._reached.clear()
        if rel in self._at:
            self._hold(self.registry.documents[self._at[rel]], False)
            self.registry.documents[self._at[rel]] = document
            group = self._same_id[(kind.folder, record_id)]
            group[:] = [document if d.path == rel else d for d in group]
        else:
            self._at[rel] = len(self.registry.documents)
            self.registry.documents.append(document)
            self._same_id[(kind.folder, record_id)].append(document)
        self._hold(document, True)
        added = record_id not in self.registry.known[kind.folder]
        self.registry.known[kind.folder].add(record_id)
        self._choose_entry(kind, record_id)
        touched |= self._touched(rel)  # and what it reaches now
        if added:  # an id that did not exist: every open file may have referred to it
            touched |= set(self.open)
        return (touched - {rel}) & set(self.open)

    def renamed(self, plan: Any) -> None:
        """Take in a rename the editor is about to apply: files moved and texts rewritten."""
        with self.lock:
            for change in plan.changes:
                if change.moved:
                    self.open.pop(change.path, None)
                    self._remove(change.path)
                self._replace(change.new_path, change.after.encode("utf-8"))

    def _remove(self, rel: str) -> set[str]:
        kind = kind_of(rel)
        if kind is None or rel not in self._at:
            return set()
        touched = self._touched(rel)
        self._reached.clear()
        record_id = stem(rel)
        index = self._at.pop(rel)
        self._hold(self.registry.documents[index], False)
        del self.registry.documents[index]
        self._at = {d.path: i for i, d in enumerate(self.registry.documents)}
        group = self._same_id[(kind.folder, record_id)]
        group[:] = [d for d in group if d.path != rel]
        if not group:
            self.registry.known[kind.folder].discard(record_id)
        self._choose_entry(kind, record_id)
        touched |= set(self.open)  # ids may now dangle
        return (touched - {rel}) & set(self.open)

    def _entry_at(self, rel: str) -> Entry | None:
        kind = kind_of(rel)
        entry = self.registry.entries[kind.folder].get(stem(rel)) if kind else None
        return entry if entry is not None and entry.path == rel else None

    def _choose_entry(self, kind: Kind, record_id: str) -> None:
        """The record of an id is its first valid file in path order, as `load` chooses."""
        by_id = self.registry.entries[kind.folder]
        old = by_id.pop(record_id, None)
        new = None
        for document in sorted(self._same_id[(kind.folder, record_id)], key=lambda d: d.path):
            if document.data is None or document.path in self._flawed:
                continue
            model, schema = build.build(kind, document.path, document.data)
            if model is not None and not schema:
                new = Entry(kind, record_id, document.path, document.data, model)
                by_id[record_id] = new
                break
        self._reindex(old, new)

    def _reindex(self, old: Entry | None, new: Entry | None) -> None:
        """Keep the registry's relations and this state's indexes in step with a record."""
        relations = self.registry.built_relations()  # built on first use; then kept current
        for entry, adding in ((old, False), (new, True)):
            if entry is None:
                continue
            if relations is not None:
                for path, target in entry.kind.refs:
                    for _, ref in iter_refs(entry.model, path):
                        found = relations[(entry.kind.folder, target)][ref]
                        if adding and entry not in found:
                            found.append(entry)
                        elif not adding:
                            found[:] = [e for e in found if e is not entry]

    # -- what an edit touches -----------------------------------------------------------

    def _touched(self, rel: str) -> set[str]:
        """The files whose findings `rel`, as it stands, can alter (asked before an edit and
        after it)."""
        if rel not in self._at:
            return set()
        return set().union(*(reach for reach, _ in self._reaches(rel).values()))

    def _reaches(self, rel: str) -> dict[str, tuple[set[str], set[str]]]:
        """Check by check, what `rel` reaches as the registry stands, and the records to walk
        for it (`lint.recheck.reached`): kept until the registry changes, as an edit asks it
        once it is made and the file's problems then ask it again."""
        found = self._reached.get(rel)
        if found is None:
            same = self._same(rel)
            found = self._reached[rel] = {code: reached(self, registered, rel, same)
                                          for code, registered in CHECKS.items()}
        return found

    def _same(self, rel: str) -> set[str]:
        kind = kind_of(rel)
        assert kind is not None
        return {d.path for d in self._same_id.get((kind.folder, stem(rel)), ())}

    # -- what lint/recheck.py asks of a state (its `State`) -------------------------------

    def same_id(self, kind: str, stems: set[str]) -> set[str]:
        return {d.path for s in stems for d in self._same_id.get((kind, s), ())}

    def data(self, paths: Iterable[str]) -> dict[str, Any]:
        return {p: self.registry.documents[self._at[p]].data for p in paths if p in self._at}

    def holders(self, kind: str, path: str, values: set[str]) -> set[str]:
        """The files of a kind holding one of `values` at `path`, or whose id is one."""
        place = self._holding_index().get((kind, path))
        by_value = place.by_value if place is not None else {}
        found = self.same_id(kind, values)
        for value in values:
            found |= by_value.get(value, set())
        return found

    def referrers(self, ids: set[tuple[str, str]]) -> set[str]:
        """The files referring to one of these (kind, id)."""
        found: set[str] = set()
        for target, ref in ids:
            for kind in KINDS.values():
                found.update(e.path for e in self.registry.referring(kind, KINDS[target], ref))
        return found

    def holding(self, kind: str, path: str) -> set[str]:
        return set(self._holding_index()[(kind, path)].files)

    def _holding_index(self) -> dict[tuple[str, str], Holding]:
        if self._held is None:
            self._held = {(kind, path): Holding(path) for kind, path in PLACES}
            for document in self.registry.documents:
                self._hold(document, True)
        return self._held

    def _hold(self, document: Document, adding: bool) -> None:
        """Keep the index of who holds what at PLACES in step with one document."""
        if self._held is None:
            return
        for (kind, _), place in self._held.items():
            if kind == document.kind.folder:
                place.note(document, adding)

    # -- problems -----------------------------------------------------------------------

    def problems(self, rel: str) -> list[Problem]:
        """Every problem `validate` would report in `rel`, with its line and column."""
        with self.lock:
            return self._problems(rel)

    def _problems(self, rel: str) -> list[Problem]:
        kind = kind_of(rel)
        if kind is None or rel not in self._at:
            return []
        text = self.text(rel)
        if text is None:
            return []
        data, found = parse_text(text.encode("utf-8"), rel)
        if isinstance(data, dict):
            found += build.build(kind, rel, data)[1]
        for code, (reach, walk) in self._reaches(rel).items():
            if codes.CODES[code].opt_in:  # as validate: opt-in codes off
                continue
            if rel in reach:
                found += self._run(code, [self.registry.documents[self._at[p]]
                                          for p in sorted(walk) if p in self._at])
        return sorted(_placed([p for p in found if p.path == rel], text), key=Problem.sort_key)

    def _run(self, code: str, documents: list[Document]) -> list[Problem]:
        """A check's findings, walking these documents' records only."""
        registered = CHECKS[code]
        return [Problem(code, found.message, found.path, found.line, found.column,
                        found.severity, found.loc)
                for found in registered.function(scoped(self.registry, registered, documents))]

    def path_of(self, folder: str, record_id: str) -> str | None:
        """The file of a record (the first, if several share its id)."""
        files = sorted(d.path for d in self._same_id.get((folder, record_id), ()))
        return files[0] if files else None

    def rel(self, path: str | os.PathLike[str]) -> str | None:
        """A file's path relative to the root, or None if it lies outside the registry."""
        return Tree(self.root).rel(os.fspath(path))


def _placed(problems: list[Problem], text: str) -> list[Problem]:
    """Each problem with a line and column, found from its field as `validate` does."""
    marks = None
    placed = []
    for problem in problems:
        if problem.line is None and (problem.loc or not codes.CODES[problem.code].file_level):
            marks = marks or positions(text.removeprefix("\ufeff"))
            line, column = marks.at(problem.loc, key=problem.key)
            problem = replace(problem, line=line, column=column)
        placed.append(problem)
    return placed

