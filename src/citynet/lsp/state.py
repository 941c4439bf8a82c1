"""The server's registry: loaded once, then kept current with the editor's unsaved texts.

An edited file replaces its document and record in the loaded registry; its
problems are then found by the same checks `validate` runs, each walking only
the records the edit touches (see `citynet.lint.scope`): the file itself for
the checks of one record; the files sharing its id (`duplicate-id`); the
agreements between the same two cities (`duplicate-agreement`); the
organisations whose member counts it changes (`rule-breach`). Nothing else
is rechecked, so a keystroke costs the same in ten records or a hundred thousand.
"""

from __future__ import annotations

import os
import threading
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from citynet.lint.engine import CHECKS  # every check registered, places' included
from citynet.lint.scope import Scope
from citynet.lsp.files import kind_of, stem
from citynet.model import build, codes
from citynet.model.kinds import (
    AGREEMENTS,
    CITIES,
    KINDS,
    MEMBERSHIPS,
    ORGANISATIONS,
    Kind,
    iter_refs,
    values_at,
)
from citynet.model.problems import Problem
from citynet.store.files import Document, parse_text
from citynet.store.reading import OVERSIZE, read_capped
from citynet.store.registry import Entry, Registry, load
from citynet.store.tree import Tree
from citynet.yaml.positions import positions

__all__ = ["State", "kind_of", "stem"]

GROUP_CHECKS = (codes.DUPLICATE_ID, codes.DUPLICATE_AGREEMENT, codes.RULE_BREACH)
"""The checks that compare records with each other; every other check reads one record."""


def _named(entry: Entry, folder: str) -> set[str]:
    """The ids of `folder` records an entry refers to, read from its kind's `refs`."""
    return {str(ref) for path, target in entry.kind.refs if target == folder
            for ref in values_at(entry.raw, path)}


def _agreement_key(entry: Entry | None) -> tuple[str, frozenset[str]] | None:
    if entry is None or entry.kind is not AGREEMENTS:
        return None
    return str(entry.raw.get("kind")), frozenset(entry.raw.get("parties") or ())


class State:
    """A loaded registry, the texts open in the editor, and indexes to recheck quickly."""

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        self.root = root
        self.registry: Registry
        self.registry, _ = load(root, use_cache)
        self.open: dict[str, str] = {}
        """Relative path -> the editor's text, saved or not."""
        self.lock = threading.RLock()
        """Held while the registry changes, and while `warm` builds its relations."""
        self._at: dict[str, int] = {d.path: i for i, d in enumerate(self.registry.documents)}
        self._same_id: dict[tuple[str, str], list[Document]] = defaultdict(list)
        for document in self.registry.documents:
            self._same_id[(document.kind.folder, document.id)].append(document)
        self._agreements: dict[tuple[str, frozenset[str]], dict[str, Entry]] = defaultdict(dict)
        for entry in self.registry.entries[AGREEMENTS.folder].values():
            self._agreements[_agreement_key(entry)][entry.path] = entry  # type: ignore[index]
        self._memberships_of: dict[str, Counter[str]] = defaultdict(Counter)
        """City id -> the organisations it is a member of, from the memberships."""
        for entry in self.registry.entries[MEMBERSHIPS.folder].values():
            self._reindex(None, entry)

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
        """Build now what the first recheck of an organisation's rules would wait for: the
        registry's relations and the models of its cities (seconds at 100,000 records)."""
        with self.lock:
            ruled = [o for o in self.registry.entries[ORGANISATIONS.folder].values()
                     if o.raw.get("rules")]
            if ruled:
                self._run(Scope(self.registry, [], {ORGANISATIONS.folder: ruled[:1]}),
                          only=(codes.RULE_BREACH,))

    def _replace(self, rel: str, raw: bytes) -> set[str]:
        kind = kind_of(rel)
        if kind is None:
            return set()
        record_id = stem(rel)
        data, _ = parse_text(raw, rel)
        document = Document(kind, rel, record_id, data if isinstance(data, dict) else None)
        before = self._entry_at(rel)
        if rel in self._at:
            self.registry.documents[self._at[rel]] = document
            group = self._same_id[(kind.folder, record_id)]
            group[:] = [document if d.path == rel else d for d in group]
        else:
            self._at[rel] = len(self.registry.documents)
            self.registry.documents.append(document)
            self._same_id[(kind.folder, record_id)].append(document)
        added = record_id not in self.registry.known[kind.folder]
        self.registry.known[kind.folder].add(record_id)
        self._choose_entry(kind, record_id)
        touched = self._touched(rel, before, self._entry_at(rel))
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
        before = self._entry_at(rel)
        record_id = stem(rel)
        index = self._at.pop(rel)
        del self.registry.documents[index]
        self._at = {d.path: i for i, d in enumerate(self.registry.documents)}
        group = self._same_id[(kind.folder, record_id)]
        group[:] = [d for d in group if d.path != rel]
        if not group:
            self.registry.known[kind.folder].discard(record_id)
        self._choose_entry(kind, record_id)
        touched = self._touched(rel, before, None) | set(self.open)  # ids may now dangle
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
            if document.data is None:
                continue
            model, _ = build.build(kind, document.path, document.data)
            if model is not None:
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
            key = _agreement_key(entry)
            if key is not None:
                if adding:
                    self._agreements[key][entry.path] = entry
                else:
                    self._agreements[key].pop(entry.path, None)
            if entry.kind is MEMBERSHIPS:
                for member in _named(entry, CITIES.folder):
                    organisations = _named(entry, ORGANISATIONS.folder)
                    self._memberships_of[member].update(
                        dict.fromkeys(organisations, 1 if adding else -1))

    # -- what an edit touches -----------------------------------------------------------

    def _touched(self, rel: str, before: Entry | None, after: Entry | None) -> set[str]:
        """The files whose group checks may change when `rel` goes from `before` to `after`."""
        kind = kind_of(rel)
        assert kind is not None
        paths = {d.path for d in self._same_id[(kind.folder, stem(rel))]}
        for entry in (before, after):
            key = _agreement_key(entry)
            if key is not None:
                paths |= set(self._agreements[key])
            paths |= {o.path for o in self._organisations_counting(entry)}
        return paths

    def _organisations_counting(self, entry: Entry | None) -> list[Entry]:
        """The organisations whose member counts depend on this record."""
        if entry is None:
            return []
        if entry.kind is ORGANISATIONS:
            ids = {entry.id}
        elif entry.kind is MEMBERSHIPS:
            ids = _named(entry, ORGANISATIONS.folder)
        else:
            ids = {o for o, n in self._memberships_of.get(entry.id, Counter()).items() if n > 0}
        found = (self.registry.get(ORGANISATIONS.folder, i) for i in ids)
        return [org for org in found if org is not None and org.raw.get("rules")]

    # -- problems -----------------------------------------------------------------------

    def problems(self, rel: str) -> list[Problem]:
        """Every problem `validate` would report in `rel`, with its line and column."""
        with self.lock:
            return self._problems(rel)

    def _problems(self, rel: str) -> list[Problem]:
        kind = kind_of(rel)
        if kind is None or rel not in self._at:
            return []
        document = self.registry.documents[self._at[rel]]
        text = self.text(rel)
        if text is None:
            return []
        data, found = parse_text(text.encode("utf-8"), rel)
        if isinstance(data, dict):
            found += build.build(kind, rel, data)[1]
        entry = self._entry_at(rel)
        local = Scope(self.registry, [document], {f: [] for f in KINDS})
        if entry is not None:
            local = Scope(self.registry, [document], {**{f: [] for f in KINDS},
                                                      kind.folder: [entry]})
        found += self._run(local, exclude=GROUP_CHECKS)
        same_id = sorted(self._same_id[(kind.folder, document.id)], key=lambda d: d.path)
        found += self._run(Scope(self.registry, same_id, {f: [] for f in KINDS}),
                           only=(codes.DUPLICATE_ID,))
        key = _agreement_key(entry)
        if key is not None:
            agreements = list(self._agreements[key].values())
            found += self._run(Scope(self.registry, [], {AGREEMENTS.folder: agreements}),
                               only=(codes.DUPLICATE_AGREEMENT,))
        if entry is not None and entry.kind is ORGANISATIONS:
            found += self._run(Scope(self.registry, [], {ORGANISATIONS.folder: [entry]}),
                               only=(codes.RULE_BREACH,))
        return sorted(_placed([p for p in found if p.path == rel], text), key=Problem.sort_key)

    def _run(self, scope: Any, only: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
             ) -> list[Problem]:
        chosen = {code: check for code, check in CHECKS.items()  # as validate: opt-in codes off
                  if (not only or code in only) and code not in exclude
                  and not codes.CODES[code].opt_in}
        problems: list[Problem] = []
        for code, registered in chosen.items():
            for found in registered.function(scope):
                problems.append(Problem(code, found.message, found.path, found.line,
                                        found.column, found.severity, found.loc))
        return problems

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

