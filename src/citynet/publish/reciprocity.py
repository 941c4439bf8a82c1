"""The reciprocity report: which agreements each side confirms, by country and overall.

An agreement is confirmed by a party when its `confirmed_by` names it (that
city's own list or page says so, as the record's sources show). The report
counts agreements confirmed by both sides, by one, and by none, for every
country a party lies in, and lists those only one side confirms: the ones
worth asking the other side about.
"""

from __future__ import annotations

from typing import Any

from citynet.model.dates import PartialDate
from citynet.model.kinds import AGREEMENTS, CITIES, CONFIRMATIONS, confirmation
from citynet.model.records import Agreement
from citynet.publish.i18n import sort_key, territory_name
from citynet.store.registry import Registry


def reciprocity(registry: Registry, country: str | None = None, *, lang: str = "en",
                as_of: PartialDate | None = None, omitted: list[Any] | None = None
                ) -> dict[str, Any]:
    """Agreements by how many sides confirm them, per country (or for one) and overall."""
    wanted = country.strip().upper() if country else None
    if wanted is not None:
        from citynet.query.filters import check_countries

        check_countries((wanted,))
    by_country: dict[str, dict[str, Any]] = {}
    totals = dict.fromkeys((*CONFIRMATIONS, "all"), 0)
    one_sided: list[dict[str, Any]] = []
    for entry in registry.of_kind(AGREEMENTS.folder):
        model = entry.model
        assert isinstance(model, Agreement)
        if as_of is not None and not model.in_force(as_of):
            continue
        countries = {p: _country(registry, p) for p in model.parties}
        if wanted is not None and wanted not in countries.values():
            continue
        level = confirmation(entry.raw)
        totals[level] += 1
        totals["all"] += 1
        for code in {c for c in countries.values() if c and (wanted is None or c == wanted)}:
            row = by_country.setdefault(code, {
                "country": code, "name": territory_name(code, lang),
                **dict.fromkeys((*CONFIRMATIONS, "all"), 0)})
            row[level] += 1
            row["all"] += 1
        if level == "one":
            confirmed = set(model.confirmed_by or ())
            one_sided.append({
                AGREEMENTS.name: entry.id, "kind": str(model.kind),
                "confirmed_by": [_city(registry, p, countries[p], lang)
                                 for p in model.parties if p in confirmed],
                "unconfirmed": [_city(registry, p, countries[p], lang)
                                for p in model.parties if p not in confirmed],
            })
    one_sided.sort(key=lambda a: (sort_key(a["unconfirmed"][0]["name"]), a[AGREEMENTS.name]))
    return {
        "report": "reciprocity",
        "lang": lang,
        "country": {"code": wanted, "name": territory_name(wanted, lang)} if wanted else None,
        "as_of": None if as_of is None else str(as_of),
        "totals": totals,
        "countries": sorted(by_country.values(), key=lambda r: sort_key(r["name"])),
        "one_sided": one_sided,
    }


def _country(registry: Registry, city_id: str) -> str | None:
    entry = registry.get(CITIES.folder, city_id)
    return entry.raw.get("country") if entry else None


def _city(registry: Registry, city_id: str, country: str | None, lang: str) -> dict[str, Any]:
    return {"id": city_id, "name": registry.name(CITIES.folder, city_id, lang),
            "country": country, "country_name": territory_name(country, lang) if country else None}

