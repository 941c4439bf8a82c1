"""Filters for `list`, each read from the kind's declaration.

A filter that does not apply to the kind asked for is a misuse, not an empty
answer: `list committees --country KR` says so instead of printing nothing. So
is a filter that cannot match anything: a country code that is not ISO 3166-1,
an id no record has, a value outside a closed list; each says what was meant if
it can guess. A real country with no records is an empty answer. Each filter
takes several values (`--country FR,IT`, or the option repeated): any matches.

`--status` reads the state on `--as-of`'s date (today without it): with both, an agreement
suspended on that date is listed by `--status suspended`, though it was not in force.
`--city` also finds the agreements a city inherited from the cities it succeeded
(`citynet.query.successors`).

`--region` names a UN M49 region (`europe`) or a grouping's group
(`seoul-partners-table:europe`, the group by its name in any language or its
number); it judges a record's city (an organisation's headquarters, an event's
city: one without is in no region), and for an agreement listed with `--city`
the partner, not the city asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from citynet.errors import BadOption, UnknownRecord, did_you_mean
from citynet.model import lifecycle
from citynet.model.dates import PartialDate, in_force
from citynet.model.kinds import GROUPINGS, KINDS, Filter, Kind, values_at
from citynet.store.registry import Entry, Registry

Values = tuple[str, ...]


@dataclass
class Filters:
    country: Values | None = None
    kind: Values | None = None
    status: Values | None = None
    level: Values | None = None
    capital: bool | None = None
    region: Values | None = None
    confirmed: Values | None = None
    role: Values | None = None
    city: Values | None = None
    member: Values | None = None
    organisation: Values | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    as_of: PartialDate | None = None

    def given(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


def applies(kind: Kind, name: str) -> bool:
    """Whether the filter `name` applies to a kind, as its declaration says."""
    if name in ("since", "until"):
        return kind.start_field is not None
    if name == "as_of":
        return kind.end_field is not None or kind.lifecycle_field is not None
    return kind.filter(name) is not None


def kinds_filtered_by(name: str) -> list[Kind]:
    return [kind for kind in KINDS.values() if applies(kind, name)]


def values(given: str | list[str] | tuple[str, ...] | None,
           option: str = "") -> Values | None:
    """An option's values, repeated and/or comma-separated: `FR,IT` and `FR` `IT` alike.

    An option given with nothing in it (`--country=`, `--country ,`) is a BadOption
    naming `option`: it would filter nothing, which is never what was meant.
    """
    if given is None:
        return None
    items = [given] if isinstance(given, str) else list(given)
    found = tuple(v.strip() for item in items for v in item.split(",") if v.strip())
    if not found:
        raise BadOption(f"--{option} is empty: give it a value, or leave it out "
                        "to list every record" if option else "an option is empty")
    return found


def parse_date(option: str, value: str | None) -> PartialDate | None:
    """A date given on the command line, or a BadOption naming the option."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise BadOption(f"{option}: {exc}") from None


def select(registry: Registry, kind: Kind, filters: Filters) -> list[Entry]:
    """The records of one kind that pass every filter, in id order."""
    check(registry.root, kind, filters)
    regions = _regions(registry, filters.region)
    held = inheritance(registry, kind, filters)
    return [e for e in registry.of_kind(kind.folder)
            if _passes(registry, e, filters, regions, held)]


def inheritance(registry: Registry, kind: Kind, filters: Filters) -> dict[str, Any]:
    """The predecessors of the cities `--city` names, when the kind's `--city` follows
    successions (agreements): predecessor -> `successors.Inherited`."""
    spec = next((spec for spec in kind.filters if spec.successors), None)
    if not (spec and getattr(filters, spec.option)):
        return {}
    from citynet.query.successors import lineage

    return lineage(registry, getattr(filters, spec.option))


Regions = list[Any]
"""What `--region` names: M49 regions, and (grouping, group index) pairs."""


def _regions(registry: Registry, given: Values | None) -> Regions:
    """Each `--region` value resolved: an M49 region, or a grouping's group."""
    from citynet.model.records import Grouping, Region

    found: Regions = []
    by_name = {region.value.casefold(): region for region in Region}
    for value in given or ():
        grouping_id, colon, group = value.partition(":")
        if not colon:
            if value.casefold() not in by_name:
                raise BadOption(f"--region {value!r} is not a UN M49 region "
                                f"({', '.join(r.value for r in Region)}) nor GROUPING:GROUP"
                                f"{did_you_mean(value.casefold(), list(by_name))}")
            found.append(by_name[value.casefold()])
            continue
        entry = registry.get(GROUPINGS.folder, grouping_id.strip())
        if entry is None or not isinstance(entry.model, Grouping):
            raise UnknownRecord(f"--region: no grouping has the id {grouping_id!r}")
        groups = entry.model.groups
        names = {str(n + 1): n for n in range(len(groups))}
        names.update({text.casefold(): n for n, g in enumerate(groups)
                      for text in (g.names or {}).values()})
        if group.strip().casefold() not in names:
            raise BadOption(f"--region: {grouping_id} has no group {group!r} (its groups: "
                            f"{', '.join(sorted(k for k in names if not k.isdigit()))})")
        found.append((entry.model, names[group.strip().casefold()]))
    return found


def _in_regions(country: str | None, regions: Regions) -> bool:
    from citynet.query.regions import assign, region_of

    if not country:
        return False
    return any(region_of(country) == wanted if not isinstance(wanted, tuple)
               else assign(wanted[0], country) == wanted[1] for wanted in regions)


def check(root: Any, kind: Kind, filters: Filters) -> None:
    """Refuse a filter that does not apply to `kind`, or whose value can match nothing."""
    for name in filters.given():
        if not applies(kind, name):
            option = "--" + name.replace("_", "-")
            kinds = ", ".join(sorted(k.folder for k in kinds_filtered_by(name)))
            raise BadOption(f"{option} does not apply to {kind.folder} (it applies to {kinds})")
        spec = kind.filter(name)
        given = getattr(filters, name)
        if spec is None or not isinstance(given, tuple):
            continue
        if name == "country":
            check_countries(given)
        elif spec.choices:
            for value in given:
                if value not in spec.choices:
                    raise BadOption(f"--{name} {value!r} is not one of: "
                                    f"{', '.join(spec.choices)}"
                                    f"{did_you_mean(value, list(spec.choices))}")
        elif spec.through is None and kind.target(spec.path):
            _check_ids(root, name, kind.target(spec.path) or kind.folder, given)
        elif spec.through is None and (choices := kind.choices(spec.path)):
            allowed = [c.value for c in choices]
            for value in given:
                if value not in allowed:
                    raise BadOption(f"--{name} {value!r} is not one of: {', '.join(allowed)}"
                                    f"{did_you_mean(value, allowed)}")


def check_countries(given: Values) -> None:
    """Each value must be an ISO 3166-1 alpha-2 code (with a hint for a name or a typo)."""
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries}
    for value in given:
        if value.upper() not in codes:
            raise BadOption(f"--country {value!r} is not an ISO 3166-1 alpha-2 country code"
                            f"{_country_hint(value)}")


def _country_hint(value: str) -> str:
    """The code of the country `value` names or nearly names (KOR, Korea, Frnace)."""
    import difflib

    import pycountry

    try:
        found = pycountry.countries.lookup(value)
    except LookupError:
        if len(value) <= 3:
            return ""
        names = {n.lower(): c for c in pycountry.countries
                 for n in (c.name, getattr(c, "common_name", c.name))}
        close = difflib.get_close_matches(value.lower(), list(names), n=1, cutoff=0.75)
        if not close:
            return ""
        found = names[close[0]]
    return f"; did you mean {found.alpha_2!r} ({found.name})?"


def _check_ids(root: Any, option: str, folder: str, given: Values) -> None:
    """Each id must be a record of `folder`; read from file names, as `validate` knows them."""
    if all(_plainly_there(root, folder, value) for value in given):
        return
    from citynet.store.tree import discover

    found, _ = discover(root, {folder})
    known = {f.stem for f in found}
    for value in given:
        if value not in known:
            raise UnknownRecord(f"--{option}: no {KINDS[folder].name} has the id {value!r}"
                                f"{did_you_mean(value, known)}")


def _plainly_there(root: Any, folder: str, value: str) -> bool:
    """`data/folder/value.yaml` is a regular file in real folders, so `discover` lists it.

    Saves walking a folder of 40,000 cities to check one `--city`; anything less
    plain (links, sub-folders, a hidden name, a typo) takes the full walk.
    """
    from citynet.store.tree import Tree

    return Tree(root).plain_record(folder, value)


def needed_kinds(kind: Kind, filters: Filters) -> set[str]:
    """The folders to read for these filters: the kind, and those a filter looks through."""
    needed = {kind.folder}
    for name in filters.given():
        spec = kind.filter(name)
        if spec is not None and spec.through is not None:
            needed.add(kind.target(spec.path) or kind.folder)
    if any(":" in value for value in filters.region or ()):
        needed.add(GROUPINGS.folder)
    return needed


def _date(raw: dict[str, Any], field: str | None) -> PartialDate | None:
    value = raw.get(field) if field else None
    return None if value is None else PartialDate.parse(value)


def _values(registry: Registry, kind: Kind, raw: dict[str, Any], spec: Filter,
            f: Filters, held: dict[str, Any] | None = None) -> list[Any]:
    if spec.dated is not None:  # the states it may be in on --as-of's date, or today's
        return list(spec.dated(raw, f.as_of))
    if spec.derive is not None:  # one value (a confirmation) or several (a project's cities)
        derived = spec.derive(raw)
        return list(derived) if isinstance(derived, list | tuple) else [derived]
    values = values_at(raw, spec.path)
    if spec.option == "region":  # with --city, the partner's region: drop the ids asked about
        asked = {v for other in kind.filters if other.path == spec.path and other.through is None
                 for v in getattr(f, other.option, None) or ()} | set(held or ())
        values = [v for v in values if v not in asked] or values
    model = kind.model
    if spec.through is not None:
        target = kind.target(spec.path) or kind.folder
        entries = [registry.get(target, value) for value in values]
        values = [e.raw.get(spec.through) if e else None for e in entries]
        model, path = KINDS[target].model, spec.through
    else:
        path = spec.path
    field = model.model_fields.get(path)
    if field is not None and isinstance(field.default, bool):
        # a flag left out has its default: no `capital` is false
        values = [field.default if v is None else v for v in values] or [field.default]
    return values


def _passes(registry: Registry, entry: Entry, f: Filters, regions: Regions | None = None,
            held: dict[str, Any] | None = None) -> bool:
    """Whether a record passes the filters, judged on its stored data.

    Only valid records are in the registry, so the stored data has the
    model's shape; reading it directly spares building a model per record.
    """
    raw = entry.raw
    kind = entry.kind
    for name in f.given():
        spec = kind.filter(name)
        if spec is None:
            continue
        wanted = getattr(f, name)
        values = _values(registry, kind, raw, spec, f, held)
        if name == "region":
            if not any(_in_regions(country, regions or []) for country in values):
                return False
        elif spec.successors and held:
            from citynet.query.successors import inherited_from

            if not set(wanted) & set(values) and inherited_from(
                    raw, values, wanted, held, kind.start_field) is None:
                return False
        elif isinstance(wanted, tuple):
            if not any((w.upper() if spec.upper else w) in values for w in wanted):
                return False
        elif wanted not in values:
            return False
    if not (f.since or f.until or f.as_of):
        return True
    start = _date(raw, kind.start_field)
    if f.since or f.until:
        if start is None:
            return False
        if f.since and start.last_day() < f.since.first_day():
            return False
        if f.until and start.first_day() > f.until.last_day():
            return False
    status = kind.filter("status")
    if f.as_of is None or (f.status and status is not None and status.dated):
        return True  # with --status, --as-of is the date the state is read on
    if kind.lifecycle_field:
        return lifecycle.in_force(start, lifecycle.steps_of(raw), f.as_of)
    return in_force(start, _date(raw, kind.end_field), f.as_of)
