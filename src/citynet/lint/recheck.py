"""Rechecking what changed: one state's problems from another's, checking only what the
change reaches.

A stored outcome holds every problem of one state of data/, by file and code. Another
state differs from it in a few files (an edit since, a fresh clone of a later commit, a
pull request's base). Every problem of a file the change cannot reach is kept; the changed
files, the other files of their kind and id, and, check by check, the records whose
findings the change can alter (what the check declares it reads: `checks.Reads`) are
checked again. Each check walks only those records (a `Scope`), over a registry of just
them and what they are compared with, every id known. `tests/test_lint_recheck.py` holds
the result to a cold run's, word for word, after every kind of change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from citynet.lint.catalogue import CHECKS
from citynet.lint.checks import OWN, Check
from citynet.lint.placing import Texts, by_default, placed
from citynet.lint.scope import Scope
from citynet.model.problems import Problem
from citynet.store.changes import Change, Rechecked
from citynet.store.registry import Registry
from citynet.store.states import held, kind_of, stem_of


class Reaching(Protocol):
    """What working out a change's reach asks of a state of data/ (the language server's
    loaded registry answers it too, lsp/state.py)."""

    def same_id(self, kind: str, stems: set[str]) -> set[str]: ...
    def data(self, paths: Any) -> dict[str, Any]: ...
    def holders(self, kind: str, path: str, values: set[str]) -> set[str]: ...
    def referrers(self, ids: set[tuple[str, str]]) -> set[str]: ...
    def holding(self, kind: str, path: str) -> set[str]: ...


class State(Reaching, Protocol):
    """A state of data/ as the recheck asks about it (store/states.py)."""

    folders: dict[str, list[str]]

    def registry(self, paths: set[str], whole: set[str]
                 ) -> tuple[Registry, list[Problem]]: ...


def rechecking(texts: Texts) -> Callable[[State, Change, Callable[[str], set[str]]], Rechecked]:
    """The recheck the store runs to work a state's outcome out from a stored one, its
    problems placed from `texts` as validate's are."""
    def again(state: State, change: Change, finders: Callable[[str], set[str]]) -> Rechecked:
        done = recheck(state, change, finders)
        done.problems = placed(done.problems, texts, by_default)
        return done

    return again


def recheck(state: State, change: Change, finders: Callable[[str], set[str]]) -> Rechecked:
    """The problems `state` has where `change` (since a stored outcome) can reach, found
    again, unplaced; `finders(code)`: the files that had findings of a code before."""
    changed = change.added | change.removed | change.modified
    stems: dict[str, set[str]] = {}
    for path in changed:
        stems.setdefault(kind_of(path), set()).add(stem_of(path))
    base = change.added | change.modified
    for kind, some in stems.items():
        base |= state.same_id(kind, some)
    ids = {(kind_of(path), stem_of(path)) for path in change.added | change.removed}
    reach: dict[str, set[str]] = {}
    walks: dict[str, set[str]] = {}
    whole: set[str] = set()
    for code, registered in CHECKS.items():
        reach[code], walks[code] = _reach(state, registered, base, changed, stems, ids,
                                          finders)
        if registered.reads.whole and reach[code]:
            whole.update(registered.reads.whole)
    needed = set(base).union(*walks.values())
    if not needed:
        return Rechecked(change.removed, {}, [], {})
    registry, problems = state.registry(needed, whole)
    found = [p for p in problems if p.path in base]
    for code, registered in CHECKS.items():
        if reach[code]:
            found += _run(registry, code, registered, walks[code], reach[code])
    valid = {doc.path: registry.counts(doc) for doc in registry.documents if doc.path in base}
    return Rechecked(base | change.removed, {code: paths for code, paths in reach.items()
                                             if paths - base}, found, valid)


def _reach(state: Reaching, registered: Check, base: set[str], changed: set[str],
           stems: dict[str, set[str]], ids: set[tuple[str, str]],
           finders: Callable[[str], set[str]]) -> tuple[set[str], set[str]]:
    """The files whose findings of a check are found again, and the records it walks to
    find them."""
    reads = registered.reads
    if reads is OWN:
        return set(base), set(base)
    reach = set(base) | finders(registered.code.name)
    if reads.whole and any(kind_of(path) in reads.whole for path in changed):
        assert reads.only is not None
        reach |= state.holding(*reads.only)  # every record it reports on
    asked: set[str] = set()
    if reads.alike:
        asked = _values(state, reach, reads.alike).union(
            *(stems.get(kind, set()) for kind, _ in reads.alike))
        reach |= _holders(state, reads.alike, asked)
    if reads.ids:
        reach |= state.referrers(ids)
    if reads.only is not None:  # it reports on no other record
        reach &= state.holding(*reads.only)
    walk = set(reach)
    if reads.alike:  # each record with those it is compared with
        values = _values(state, reach, reads.alike)
        if not values <= asked:
            walk |= _holders(state, reads.alike, values)
    return reach, walk


def _values(state: Reaching, paths: set[str], places: tuple[tuple[str, str], ...]) -> set[str]:
    """The texts these files hold at these places (kind, path), and the ids of those of
    their kinds."""
    found: set[str] = set()
    for kind in {kind for kind, _ in places}:
        mine = [p for p in paths if kind_of(p) == kind]
        found.update(stem_of(p) for p in mine)
        data = state.data(mine).values()
        for place_kind, path in places:
            if place_kind == kind:
                for held_data in data:
                    found |= held(held_data, path)
    return found


def _holders(state: Reaching, places: tuple[tuple[str, str], ...], values: set[str]) -> set[str]:
    """The records holding one of `values` at one of these places, or whose id is one."""
    return set().union(*(state.holders(kind, path, values) for kind, path in places))


def reached(state: Reaching, registered: Check, rel: str, same_id: set[str]
            ) -> tuple[set[str], set[str]]:
    """What one file reaches for a check, nothing stored: the files whose findings it can
    alter, and the records to walk to find them (the language server asks this of an edit,
    before and after it)."""
    base = {rel} | same_id
    return _reach(state, registered, base, {rel}, {kind_of(rel): {stem_of(rel)}}, set(),
                  lambda _: set())


def scoped(registry: Registry, registered: Check, documents: list[Any]) -> Any:
    """`registry` as a check walking only these documents' records sees it (the kinds it
    reads whole, whole)."""
    entries: dict[str, list[Any]] = {folder: [] for folder in registry.entries
                                     if folder not in registered.reads.whole}
    for doc in documents:
        entry = registry.get(doc.kind.folder, doc.id)
        if entry is not None and entry.path == doc.path:
            entries.get(doc.kind.folder, []).append(entry)
    return Scope(registry, documents, entries)


def _run(registry: Registry, code: str, registered: Check, walk: set[str],
         reach: set[str]) -> list[Problem]:
    """A check's findings in `reach`, walking only the records in `walk`."""
    documents = [doc for doc in registry.documents if doc.path in walk]
    return [Problem(code, found.message, found.path, found.line, found.column, found.severity,
                    found.loc)
            for found in registered.function(scoped(registry, registered, documents))
            if found.path in reach]
