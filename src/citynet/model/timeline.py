"""Events: the dated steps of an organisation's or a city's timeline.

Kept apart from `records.py` only for length; an event is a record like any
other, with a date as precise as its source gives it (`2018-05`) and its
text in the source's language besides English.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import StrictBool, model_validator

from citynet.model.dates import PartialDate
from citynet.model.records import Id, LocalText, Names, Record, TimeSpan


class Event(Record, TimeSpan):
    """A dated step in an organisation's or a city's timeline (a meeting, a launch)."""

    start_field: ClassVar[str | None] = "date"

    names: Names
    """What happened, in the source's words and in English."""
    date: PartialDate
    organisation: Id | None = None
    city: Id | None = None
    description: LocalText | None = None
    planned: StrictBool = False
    """The source announces it (a planned timetable) rather than reports it done."""

    @model_validator(mode="after")
    def _belongs_somewhere(self) -> Event:
        if self.organisation is None and self.city is None:
            raise ValueError("an event belongs to an `organisation` or a `city` (or both)")
        return self
