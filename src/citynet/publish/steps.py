"""Lifecycles and successions in a report's data: each step in the reader's language, and the
agreements a city inherited from the cities it succeeded."""

from __future__ import annotations

from typing import Any

from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.publish.citations import date_text
from citynet.publish.i18n import label
from citynet.store.registry import Entry, Registry


def steps(model: Any, texts: dict[str, str]) -> list[dict[str, Any]]:
    """An agreement's or a membership's lifecycle, oldest first: each step's kind, its word
    in the reader's language and its date (None where the source gives none)."""
    return [{"step": str(held.step), "label": label(texts, "step", str(held.step)),
             "date": date_text(held.date), "reason": held.reason}
            for held in getattr(model, model.lifecycle_field)]


def inherited_agreements(registry: Registry, city_id: str) -> list[tuple[Entry, str]]:
    """The agreements `city_id` inherited from the cities it succeeded, each with the
    predecessor that is its party (see `citynet.query.successors`)."""
    from citynet.query.successors import inherited_from, lineage

    held = lineage(registry, [city_id])
    found: dict[str, tuple[Entry, str]] = {}
    for predecessor in sorted(held):
        for entry in registry.referring(AGREEMENTS, CITIES, predecessor):
            parties = entry.raw.get("parties") or []
            source = inherited_from(entry.raw, parties, [city_id], held,
                                    AGREEMENTS.start_field)
            if source is not None:
                found.setdefault(entry.id, (entry, source))
    return [found[key] for key in sorted(found)]
