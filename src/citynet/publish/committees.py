"""The committees report: an organisation's committees by status, with their sectors,
workplans and member counts, and the organisation's rules of how committees are made.
"""

from __future__ import annotations

from typing import Any

from citynet.model.dates import PartialDate
from citynet.model.kinds import COMMITTEES, ORGANISATIONS
from citynet.model.records import Committee, CommitteeStatus, GovernanceTopic, Organisation
from citynet.publish.citations import Sources, date_text
from citynet.publish.i18n import label, messages, pick
from citynet.publish.subjects import org_ref, require
from citynet.query.omissions import Omission, unpublished_naming
from citynet.store.registry import Registry


def committees(registry: Registry, org_id: str, *, lang: str = "en",
               as_of: PartialDate | None = None, omitted: list[Omission] | None = None
               ) -> dict[str, Any]:
    """An organisation's committees by status, with sectors, workplans and counts."""
    require(registry, ORGANISATIONS, org_id)
    if omitted is not None:
        omitted += unpublished_naming(registry, COMMITTEES, ORGANISATIONS, org_id)
    texts = messages(lang)
    sources = Sources()
    sections: list[dict[str, Any]] = []
    for status in CommitteeStatus:
        listed = []
        for entry in registry.referring(COMMITTEES, ORGANISATIONS, org_id):
            model = entry.model
            assert isinstance(model, Committee)
            if model.status != status:
                continue
            sources.add(model.sources)
            workplans = [
                {"year": w.year, "activities": [pick(a, lang) for a in w.activities]}
                for w in sorted(model.workplans, key=lambda w: w.year)
                if as_of is None or w.year <= as_of.year
            ]
            counts = [
                {"as_of": date_text(c.as_of), "counts": dict(c.counts), "categories": [
                    {"category": k, "label": label(texts, "member_category", k), "count": n}
                    for k, n in c.counts.items()]}
                for c in model.member_counts
                if as_of is None or not as_of.surely_before(c.as_of)
            ]
            listed.append({"id": entry.id, "name": pick(model.names, lang),
                           "sector": model.sector, "workplans": workplans, "sector_label":
                           model.sector and label(texts, "sector", model.sector),
                           "member_counts": counts,
                           "governance": [pick(p.text, lang) for p in model.governance]})
        if listed:
            sections.append({"status": str(status), "title": texts[f"committees_{status}"],
                             "count": len(listed), COMMITTEES.folder: listed})
    activities = sum(len(w["activities"]) for s in sections for c in s[COMMITTEES.folder]
                     for w in c["workplans"])
    totals = {s["status"]: s["count"] for s in sections}
    totals |= {"all": sum(s["count"] for s in sections), "activities": activities}
    org = registry.get(ORGANISATIONS.folder, org_id)
    rules = org.model.governance if org and isinstance(org.model, Organisation) else []
    return {
        "report": COMMITTEES.folder,
        "lang": lang,
        ORGANISATIONS.name: org_ref(registry, org_id, lang),
        "as_of": date_text(as_of) or sources.latest_as_of(),
        "governance": [pick(p.text, lang) for p in rules
                       if p.topic is GovernanceTopic.COMMITTEES],
        "sections": sections,
        "totals": totals,
        "unknown_start": totals["all"] if as_of is not None else 0,  # committees have no dates
        "sources": sources.listing(),
    }
