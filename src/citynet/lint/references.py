"""The check that every reference names a record: `dangling-ref`, with the nearest id.

It registers in the same catalogue as the other checks (`citynet.lint.checks`); the
engine imports this module so it runs. It reads valid records and, so that one run
reports everything about a file, the stored data of records that fail their schema.
"""

from __future__ import annotations

from collections.abc import Iterator

from citynet import limits
from citynet.errors import Nearest
from citynet.lint.checks import Finding, Reads, check
from citynet.model import codes
from citynet.model.kinds import KINDS, stored_refs
from citynet.model.problems import Loc
from citynet.model.records import is_id
from citynet.store.registry import Registry


@check(codes.DANGLING_REF, Reads(ids=True))
def references_resolve(registry: Registry) -> Iterator[Finding]:
    """Every id a record refers to names an existing record of the right kind, in a valid
    record or in one that fails its schema (both are reported in the same run)."""
    suggest = _Suggestions(registry)
    for folder, kind in KINDS.items():
        if not kind.refs:
            continue
        refs = [(*path.partition(".")[::2], path, registry.known[target], target)
                for path, target in kind.refs]
        found: list[Finding | None] = []
        for path_of, raw in _records_with_data(registry, folder):
            for head, rest, path, known, target in refs:
                value = raw.get(head)
                if value is None:
                    continue
                if not rest:  # the hot cases by hand (`member`, `parties.*`): no walk
                    if isinstance(value, str) and value not in known:
                        found.append(_dangling((head,), value, target, path_of, suggest))
                elif rest == "*" and isinstance(value, list):
                    for index, ref in enumerate(value):
                        if isinstance(ref, str) and ref not in known:
                            found.append(_dangling((head, index), ref, target, path_of,
                                                   suggest))
                else:
                    for loc, ref in stored_refs(raw, path):
                        if ref not in known:
                            found.append(_dangling(loc, ref, target, path_of, suggest))
            yield from (finding for finding in found if finding is not None)
            found.clear()


def _records_with_data(registry: Registry, folder: str) -> Iterator[tuple[str, dict]]:
    """(path, stored data) of each record of a kind: the valid ones, then every other file of
    the kind that holds a mapping (a schema error, a second file of an id)."""
    entries = registry.entries[folder]
    for entry in registry.of_kind(folder):
        yield entry.path, entry.raw
    for document in registry.documents:
        if document.kind.folder == folder and isinstance(document.data, dict):
            valid = entries.get(document.id)
            if valid is None or valid.path != document.path:
                yield document.path, document.data


class _Suggestions:
    """The nearest known id to a dangling one, for the first limits.SUGGESTIONS of a run."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.left = limits.SUGGESTIONS
        self.indexes: dict[str, Nearest] = {}

    def __call__(self, target: str, ref: str) -> str | None:
        if self.left <= 0:
            return None
        self.left -= 1
        if target not in self.indexes:
            self.indexes[target] = Nearest(self.registry.known[target])
        return self.indexes[target](ref)


def _dangling(loc: Loc, ref: str, target: str, path: str, suggest: _Suggestions
              ) -> Finding | None:
    """The finding for a reference to a missing record; None for a value that is no id at all
    (only a record that fails its schema holds one, and the schema says so at that place)."""
    if not is_id(ref):
        return None
    field = ".".join(str(part) for part in loc)
    near = suggest(target, ref)
    hint = f"; did you mean {near!r}?" if near else ""
    return Finding(f"{field} refers to {ref!r}, but there is no {KINDS[target].name} with "
                   f"that id (data/{target}/{ref}.yaml){hint}", path, loc=loc)
