"""The kinds of record: each one's names, folder, model and references.

Every command reads these declarations rather than naming kinds itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from citynet.model.records import (
    Agreement,
    City,
    Committee,
    Grouping,
    Membership,
    Organisation,
    Record,
)


@dataclass(frozen=True)
class Kind:
    """A kind of record: its names, its folder under data/, its model and references."""

    name: str
    folder: str
    model: type[Record]
    refs: tuple[tuple[str, str], ...] = ()
    """(field path, target kind folder) pairs; `*` in a path stands for each list item."""

    @property
    def field_names(self) -> list[str]:
        """Field names in canonical order: id, names, own fields, sources, notes."""
        fields = list(self.model.model_fields)
        head = [f for f in ("id", "names") if f in fields]
        tail = ["sources", "notes"]
        return head + [f for f in fields if f not in head and f not in tail] + tail


KINDS: dict[str, Kind] = {
    kind.folder: kind
    for kind in (
        Kind("city", "cities", City),
        Kind(
            "organisation",
            "organisations",
            Organisation,
            refs=(
                ("headquarters", "cities"),
                ("offices.*.city", "cities"),
                ("partners.*", "organisations"),
            ),
        ),
        Kind(
            "membership",
            "memberships",
            Membership,
            refs=(("member", "cities"), ("organisation", "organisations")),
        ),
        Kind("agreement", "agreements", Agreement, refs=(("parties.*", "cities"),)),
        Kind("committee", "committees", Committee, refs=(("organisation", "organisations"),)),
        Kind("grouping", "groupings", Grouping, refs=(("city", "cities"),)),
    )
}

_ALIASES = {kind.name: kind.folder for kind in KINDS.values()} | {
    "organization": "organisations",
    "organizations": "organisations",
}


def kind_named(name: str) -> Kind | None:
    """The kind called `name`, plural or singular (US spelling accepted)."""
    key = name.strip().lower()
    return KINDS.get(key) or KINDS.get(_ALIASES.get(key, ""))


def iter_refs(value: Any, path: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(loc, id) for each id found at a reference path such as `offices.*.city`."""
    field, _, rest = path.partition(".")
    if not rest:  # the common, hot cases first: `member`, `parties.*`
        found = getattr(value, field, None)
        if isinstance(found, str):
            yield (field,), found
        return
    if rest == "*":
        for index, item in enumerate(getattr(value, field, None) or ()):
            if isinstance(item, str):
                yield (field, index), item
        return

    def walk(current: Any, parts: list[str], loc: tuple[str | int, ...]) -> Iterator[Any]:
        if current is None:
            return
        if not parts:
            if isinstance(current, str):
                yield loc, current
            return
        head, rest = parts[0], parts[1:]
        if head == "*":
            if isinstance(current, list):
                for index, item in enumerate(current):
                    yield from walk(item, rest, (*loc, index))
        else:
            yield from walk(getattr(current, head, None), rest, (*loc, head))

    yield from walk(value, path.split("."), ())
