"""`citynet merge KEEP DROP` and `duplicates --distinct`: one city from two, or two kept apart.

A merge rewrites every reference to DROP to name KEEP, with rename's
machinery (edit/rename.py: each file edited only where the id is written;
agreements and memberships whose ids derive from DROP renamed), then gives
KEEP what DROP knew: names, sources and fields it lacks. A field both have
with different values is a conflict, which stops the merge unless `prefer`
says whose value wins. DROP's file is deleted (the deletion staged inside git) and its
id, with its own aliases, goes to KEEP's `aliases`, so a later import maps
that id to KEEP.

Agreements that would become duplicates (two of one kind between KEEP and
the same city, or an agreement of KEEP with DROP) and memberships that would
(both in one organisation) stop the merge: which one is true is a person's
choice, so citynet names them and changes nothing. The result is validated
in a staging copy, as a rename is, before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citynet.edit.record import edit_record
from citynet.edit.rename import (
    FileChange,
    RenamePlan,
    apply_rename,
    check_writable,
    reference_changes,
)
from citynet.edit.staging import check_in_copy
from citynet.errors import BadOption, UnknownRecord
from citynet.model.kinds import AGREEMENTS, CITIES, MEMBERSHIPS
from citynet.model.records import Agreement, City, Membership

PREFER = ("keep", "drop")
_OWN = ("id", "names", "sources", "aliases", "distinct_from")
"""Fields merged by their own rule, not compared as one value."""


def plan_merge(root: Path, keep: str, drop: str, *, prefer: str | None = None,
               use_cache: bool = True) -> RenamePlan:
    """Work out and check a merge of the city `drop` into `keep`, writing nothing."""
    from citynet.store.registry import load

    if prefer is not None and prefer not in PREFER:
        raise BadOption(f"--prefer {prefer!r} is not one of: keep, drop")
    registry, _ = load(root, use_cache)
    keep_doc, drop_doc = (_city_document(registry, city) for city in (keep, drop))
    if keep == drop:
        raise BadOption(f"{keep!r} cannot be merged with itself")
    keep_city, drop_city = (registry.entries[CITIES.folder][c].model for c in (keep, drop))
    assert isinstance(keep_city, City) and isinstance(drop_city, City)
    if drop in keep_city.distinct_from or keep in drop_city.distinct_from:
        raise BadOption(f"{keep} and {drop} are recorded as different places (distinct_from); "
                        "remove that first if they are one")
    _refuse_duplicates(registry, keep, drop)
    fields = merged_fields(keep_doc.data, drop_doc.data, prefer, keep, drop)
    plan = RenamePlan(CITIES, drop, keep, renamed={drop: keep}, verb="merge")
    plan.changes, derived = reference_changes(root, registry, CITIES, drop, keep,
                                              skip=(keep_doc, drop_doc))
    plan.renamed.update(derived)
    before = (root / keep_doc.path).read_bytes().decode("utf-8")
    plan.changes.append(FileChange(keep_doc.path, before, edited_city(before, keep_doc.path,
                                                                        fields), keep_doc.path))
    drop_text = (root / drop_doc.path).read_bytes().decode("utf-8")
    plan.changes.append(FileChange(drop_doc.path, drop_text, "", drop_doc.path, deleted=True))
    check_writable(root, plan)
    check_in_copy(root, plan.changes, plan.verb, use_cache)
    return plan


def merge(root: Path, keep: str, drop: str, *, prefer: str | None = None,
          dry_run: bool = False, use_cache: bool = True) -> RenamePlan:
    """Merge the city `drop` into `keep`; with `dry_run`, only plan it."""
    plan = plan_merge(root, keep, drop, prefer=prefer, use_cache=use_cache)
    if not dry_run:
        apply_rename(root, plan)
    return plan


def _city_document(registry: Any, city: str) -> Any:
    import difflib

    found = [d for d in registry.documents if d.kind is CITIES and d.id == city]
    if not found:
        close = difflib.get_close_matches(city, sorted(registry.known[CITIES.folder]), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownRecord(f"no city has the id {city!r}{hint}")
    if len(found) > 1 or found[0].data is None or registry.get(CITIES.folder, city) is None:
        raise BadOption(f"{city!r} is not one valid record; run citynet validate and fix it "
                        "first")
    return found[0]


def _refuse_duplicates(registry: Any, keep: str, drop: str) -> None:
    """Stop before agreements or memberships would be recorded twice."""
    seen: dict[tuple[str, str], str] = {}
    for entry in registry.of_kind(AGREEMENTS.folder):
        model = entry.model
        assert isinstance(model, Agreement)
        parties = {keep if p == drop else p for p in model.parties}
        if {keep, drop} <= set(model.parties):
            raise BadOption(f"{entry.path} is an agreement between {keep} and {drop}: merged, "
                            "the city would have an agreement with itself; delete or end it first")
        if keep not in parties:
            continue
        (other,) = parties - {keep}
        key = (str(model.kind), other)
        if key in seen:
            raise BadOption(f"{seen[key]} and {entry.path} would be two {model.kind} agreements "
                            f"between {keep} and {other}; keep one of them first (citynet "
                            "does not merge agreements)")
        seen[key] = entry.path
    members: dict[str, str] = {}
    for entry in registry.of_kind(MEMBERSHIPS.folder):
        model = entry.model
        assert isinstance(model, Membership)
        if model.member not in (keep, drop):
            continue
        if model.organisation in members:
            raise BadOption(f"{members[model.organisation]} and {entry.path} would be two "
                            f"memberships of {keep} in {model.organisation}; keep one first")
        members[model.organisation] = entry.path


def merged_fields(keep: dict[str, Any], drop: dict[str, Any], prefer: str | None,
                  keep_id: str, drop_id: str) -> dict[str, Any]:
    """The fields KEEP's record gets: DROP's where KEEP lacks them, conflicts by `prefer`."""
    changes: dict[str, Any] = {}
    conflicts: list[str] = []

    def take(path: str, mine: Any, theirs: Any) -> bool:
        """Whether DROP's value goes in; a conflict is noted when nobody is preferred."""
        if mine is None:
            return True
        if mine == theirs:
            return False
        if prefer is None:
            conflicts.append(f"{path} ({mine!r} / {theirs!r})")
        return prefer == "drop"

    names = dict(keep.get("names") or {})
    for lang, name in (drop.get("names") or {}).items():
        if take(f"names.{lang}", names.get(lang), name):
            names[lang] = name
    if names != (keep.get("names") or {}):
        changes["names"] = names
    for key, value in drop.items():
        if key not in _OWN and take(key, keep.get(key), value):
            changes[key] = value
    if conflicts:
        raise BadOption(f"{keep_id} and {drop_id} differ in {', '.join(conflicts)}; "
                        "choose with --prefer keep or --prefer drop")
    sources = list(keep.get("sources") or [])
    sources += [s for s in drop.get("sources") or [] if s not in sources]
    if sources != (keep.get("sources") or []):
        changes["sources"] = sources
    aliases = [a for a in dict.fromkeys([*(keep.get("aliases") or []), drop_id,
                                         *(drop.get("aliases") or [])]) if a != keep_id]
    changes["aliases"] = aliases
    distinct = [d for d in dict.fromkeys([*(keep.get("distinct_from") or []),
                                          *(drop.get("distinct_from") or [])])
                if d not in (keep_id, drop_id)]
    if distinct != (keep.get("distinct_from") or []):
        changes["distinct_from"] = distinct
    return changes


def edited_city(text: str, path: str, changes: dict[str, Any]) -> str:
    """A city file's `text` with `changes` set, comments kept, in canonical form."""

    def change(document: Any) -> None:
        for key, value in changes.items():
            document[key] = _commented(value)

    return edit_record(text, CITIES, path, change)


def _commented(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    return value


def mark_distinct(root: Path, first: str, second: str, *, use_cache: bool = True) -> str | None:
    """Record in `first`'s `distinct_from` that `second` is another place.

    Returns the path written, or None when it was recorded already (on either side).
    """
    from citynet.store.atomic import write_atomic
    from citynet.store.registry import load

    registry, _ = load(root, use_cache)
    document, _  = (_city_document(registry, city) for city in (first, second))
    if first == second:
        raise BadOption(f"{first!r} is one city; --distinct takes two")
    a, b = (registry.entries[CITIES.folder][c].model for c in (first, second))
    assert isinstance(a, City) and isinstance(b, City)
    if second in a.distinct_from or first in b.distinct_from:
        return None
    if second in a.aliases or first in b.aliases:
        raise BadOption(f"one of {first} and {second} was merged into the other")
    from citynet.store.tree import Refused, Tree

    tree = Tree(root)
    tree.sweep()  # what a killed citynet left goes first
    try:
        path = tree.writable(document.path)
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was changed") from None
    text = path.read_bytes().decode("utf-8")
    write_atomic(path, edited_city(text, document.path,
                                   {"distinct_from": [*a.distinct_from, second]}))
    return document.path
