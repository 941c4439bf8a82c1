"""The search index: every page's name in every language, small enough to load in the browser.

The browser matches what is typed against these names, folded the way
`citynet` folds them (no case, no accents), and shows each hit in the page's
language. No server is asked anything.
"""

from __future__ import annotations

from typing import Any

from citynet.model.kinds import COMMITTEES
from citynet.publish.i18n import fold, pick
from citynet.publish.site.pages import RECORD_KINDS, record_path
from citynet.store.registry import Registry


def search_index(registry: Registry, langs: list[str]) -> list[dict[str, Any]]:
    """[{path, kind, label: {lang: name}, terms: [folded names]}] for every record page."""
    index = []
    for kind in RECORD_KINDS:
        for entry in registry.of_kind(kind.folder):
            names = entry.raw.get("names") or {}
            label = {lang: pick(names, lang, entry.id) if kind is COMMITTEES
                     else registry.name(kind.folder, entry.id, lang) for lang in langs}
            acronym = entry.raw.get("acronym")
            words = {*names.values(), *label.values(), entry.id,
                     *([acronym] if isinstance(acronym, str) else [])}
            index.append({"path": record_path(kind, entry.id), "kind": kind.name,
                          "label": label, "terms": sorted({fold(w) for w in words})})
    return index
