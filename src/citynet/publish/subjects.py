"""The records a report names, as its data gives them: a city, an organisation, and the
records a report leaves out because they name one that is not there. Shared by every
report builder (publish/reports.py, publish/committees.py).
"""

from __future__ import annotations

from typing import Any

from citynet.errors import UnknownRecord
from citynet.model.kinds import CITIES, ORGANISATIONS, Kind
from citynet.model.records import City, Organisation
from citynet.publish.i18n import territory_name
from citynet.query.omissions import Omission, absent, broken_references
from citynet.store.registry import Entry, Registry


def require(registry: Registry, kind: Kind, record_id: str) -> Entry:
    """The record a report is about; UnknownRecord, with the nearest id, if it is not there."""
    entry = registry.get(kind.folder, record_id)
    if entry is None:
        raise UnknownRecord(absent(registry, kind, record_id))
    return entry


def broken(registry: Registry, entry: Entry, omitted: list[Omission] | None) -> bool:
    """Whether `entry` names a record the registry lacks; if so, it is noted as left out."""
    broken = broken_references(registry, entry)
    if broken and omitted is not None:
        omitted.append(broken[0])
    return bool(broken)


def city_ref(registry: Registry, city_id: str, lang: str) -> dict[str, Any]:
    """A city as report data names it: id, name in `lang`, country, capital."""
    entry = registry.get(CITIES.folder, city_id)
    model = entry.model if entry else None
    country = model.country if isinstance(model, City) else None
    return {
        "id": city_id,
        "name": registry.name(CITIES.folder, city_id, lang),
        "country": country,
        "country_name": territory_name(country, lang) if country else None,
        "capital": bool(model.capital) if isinstance(model, City) else False,
    }


def org_ref(registry: Registry, org_id: str, lang: str) -> dict[str, Any]:
    """An organisation as report data names it: id, name in `lang`, its acronym if other."""
    entry = registry.get(ORGANISATIONS.folder, org_id)
    acronym = entry.model.acronym if entry and isinstance(entry.model, Organisation) else None
    name = registry.name(ORGANISATIONS.folder, org_id, lang)
    return {"id": org_id, "name": name, "acronym": None if acronym == name else acronym}
