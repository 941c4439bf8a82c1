"""Successor cities: what a city carries on from the municipalities it succeeded.

A city's `predecessors` name the municipalities that merged into it or that it is a renaming
of, each on a date (`citynet succeed`). It carries on their agreements that had not ended by
then, through any number of successions (Cherbourg, then Cherbourg-Octeville in 2000, then
Cherbourg-en-Cotentin in 2016): `list agreements --city` and `report partners` list them,
marked as inherited from the city that signed them. An agreement a predecessor signed after
it ceased to be is not inherited (and `validate` reports it: `after-succession`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from citynet.model import lifecycle
from citynet.model.dates import PartialDate
from citynet.model.kinds import CITIES
from citynet.store.registry import Entry, Registry

FIELD = "predecessors"


@dataclass(frozen=True)
class Inherited:
    """A predecessor of a city asked about: that city, and the dates of the successions
    between them (the predecessor's own first)."""

    heir: str
    dates: tuple[PartialDate, ...]

    @property
    def since(self) -> PartialDate:
        """When the heir came to hold what the predecessor had: the last succession."""
        return self.dates[-1]


def predecessors_of(raw: Mapping[str, Any]) -> list[tuple[str, PartialDate]]:
    """(city, date) of each predecessor a stored city names."""
    return [(held[CITIES.name], PartialDate.parse(held["date"]))
            for held in raw.get(FIELD) or () if isinstance(held, Mapping)]


def lineage(registry: Registry, cities: Iterable[str]) -> dict[str, Inherited]:
    """Every city that `cities` succeeded, directly or through other successions."""
    asked = set(cities)
    found: dict[str, Inherited] = {}
    todo: list[tuple[str, str, tuple[PartialDate, ...]]] = [(c, c, ()) for c in sorted(asked)]
    while todo:
        city, heir, dates = todo.pop()
        entry = registry.get(CITIES.folder, city)
        if entry is None:
            continue
        for predecessor, date in predecessors_of(entry.raw):
            if predecessor in asked or predecessor in found:
                continue  # a city renamed back (Chemnitz) is followed once
            found[predecessor] = Inherited(heir, (date, *dates))
            todo.append((predecessor, heir, (date, *dates)))
    return found


def expand(load: Callable[[tuple[str, ...]], Registry], cities: Iterable[str]
           ) -> tuple[str, ...]:
    """`cities` and every city they succeeded, read with `load` (which gives a registry
    holding at least the city records with the ids it is given), hop by hop."""
    known = tuple(dict.fromkeys(cities))
    while True:
        registry = load(known)
        more = tuple(c for c in lineage(registry, known) if c not in known)
        if not more:
            return known
        known += more


def inherits(raw: Mapping[str, Any], start_field: str | None, held: Inherited) -> bool:
    """Whether an agreement of a predecessor passed to the heir: signed before the
    succession (as far as its dates say) and not ended by any succession on the way."""
    start = raw.get(start_field) if start_field else None
    if start is not None and held.dates[0].surely_before(PartialDate.parse(start)):
        return False
    steps = lifecycle.steps_of(raw)
    return not any(lifecycle.ended_by(steps, date) for date in held.dates)


def inherited_from(raw: Mapping[str, Any], parties: Iterable[str], asked: Iterable[str],
                   held: Mapping[str, Inherited], start_field: str | None) -> str | None:
    """The predecessor an agreement is inherited from, when it is listed only for being
    one's (None: a city asked about is itself a party, or it is not inherited)."""
    parties = list(parties)
    if set(parties) & set(asked):
        return None
    return next((p for p in parties if p in held and inherits(raw, start_field, held[p])),
                None)


def successors_of(registry: Registry, city: str) -> list[tuple[Entry, Mapping[str, Any]]]:
    """The cities that succeeded `city`, each with its entry naming it in `predecessors`."""
    found = []
    for entry in registry.referring(CITIES, CITIES, city):
        for held in entry.raw.get(FIELD) or ():
            if isinstance(held, Mapping) and held.get(CITIES.name) == city:
                found.append((entry, held))
    return found
