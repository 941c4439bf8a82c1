"""How a partners report groups a city's partners: a grouping record, or the M49 regions.

A grouping record (a source's own table, like Seoul's) names its groups; a
group without a name in the reader's language is named by CLDR after its
region or first country.
"""

from __future__ import annotations

from citynet.errors import UnknownRecord
from citynet.model.kinds import GROUPINGS
from citynet.model.records import Grouping
from citynet.publish.i18n import pick, territory_name
from citynet.query.omissions import absent
from citynet.store.registry import Registry


def group_name(grouping: Grouping, index: int, lang: str) -> str:
    from citynet.query.regions import M49_CODES

    group = grouping.groups[index]
    if group.names and lang in group.names:
        return group.names[lang]
    if group.regions:
        return territory_name(M49_CODES[group.regions[0]], lang)
    if group.countries:
        return territory_name(group.countries[0], lang)
    return pick(group.names, "en", f"{index + 1}")


def grouping_for(registry: Registry, city_id: str, grouping_id: str | None) -> Grouping:
    from citynet.query.regions import DEFAULT_GROUPING

    if grouping_id is not None:
        if grouping_id == DEFAULT_GROUPING.id:
            return DEFAULT_GROUPING
        entry = registry.get(GROUPINGS.folder, grouping_id)
        if entry is None:
            raise UnknownRecord(absent(registry, GROUPINGS, grouping_id,
                                       (str(DEFAULT_GROUPING.id),)))
        assert isinstance(entry.model, Grouping)
        return entry.model
    for entry in registry.of_kind(GROUPINGS.folder):
        assert isinstance(entry.model, Grouping)
        if entry.model.city == city_id:
            return entry.model.model_copy(update={"id": entry.id})
    return DEFAULT_GROUPING
