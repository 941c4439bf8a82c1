"""Which files are records: a path's kind and id, known without loading the registry."""

from __future__ import annotations

from citynet.model.kinds import KINDS, Kind
from citynet.store.files import DATA_DIR, EXTENSION


def kind_of(rel: str) -> Kind | None:
    """The kind of the record file at `rel` (data/<kind>/…/<id>.yaml), or None."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != DATA_DIR or not rel.endswith(EXTENSION):
        return None
    return KINDS.get(parts[1])


def stem(rel: str) -> str:
    return rel.rsplit("/", 1)[-1][: -len(EXTENSION)]
