"""The sources a report drew on: each once, in the order first met, and the latest date."""

from __future__ import annotations

from typing import Any

from citynet.model.dates import PartialDate
from citynet.model.records import Source


def date_text(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


class Sources:
    """The sources a report drew on, each once, in the order first met."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str | None], dict[str, Any]] = {}

    def add(self, sources: list[Source]) -> None:
        for source in sources:
            key = (source.title, date_text(source.as_of))
            self.seen.setdefault(key, {"title": source.title, "url": source.url,
                                       "as_of": date_text(source.as_of)})

    def latest_as_of(self) -> str | None:
        dates = [PartialDate.parse(s["as_of"]) for s in self.seen.values() if s["as_of"]]
        return str(max(dates)) if dates else None

    def listing(self) -> list[dict[str, Any]]:
        return list(self.seen.values())
