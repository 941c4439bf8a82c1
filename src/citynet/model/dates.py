"""PartialDate: a date known only as precisely as its source gives it.

Sources say "1968", "March 2017" or "27 May 2018"; the registry keeps exactly
that much. A PartialDate compares and sorts (a year sorts before any date
inside it), knows the first and last day it may stand for, and prints as given.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PATTERN_TEXT = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PARSED: dict[str | int, PartialDate] = {}
_PARSED_MOST = 20_000
"""A bound, so that a hostile registry's distinct dates never fill the memory."""


class PartialDate:
    """A year, a year and month, or a full date; immutable and hashable."""

    __slots__ = ("year", "month", "day")

    year: int
    month: int | None
    day: int | None

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is out of range 1-9999")
        if month is None and day is not None:
            raise ValueError("a day needs a month")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{year:04d}-{month:02d} has no day {day:02d}")
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("PartialDate is immutable")

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Read `1968`, `"2017-03"`, `"2018-05-27"` or a `datetime.date`.

        A registry writes the same few thousand dates again and again, and a
        PartialDate is immutable: each text or year is read once and its date
        handed out again (errors are not kept, so each is raised afresh).
        """
        if value.__class__ is str or value.__class__ is int:
            found = _PARSED.get(value)
            if found is not None and cls is PartialDate:
                return found
            parsed = cls._read(value)
            if len(_PARSED) < _PARSED_MOST and cls is PartialDate and (
                    isinstance(value, int) or len(value) <= 12):  # never a long text
                _PARSED[value] = parsed
            return parsed
        return cls._read(value)

    @classmethod
    def _read(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise ValueError("a date cannot be true or false")
        if isinstance(value, int):
            return cls(value)
        if isinstance(value, _dt.datetime):
            raise ValueError("a date must not carry a time of day")
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            match = _PATTERN.match(value.strip())
            if not match:
                raise ValueError(
                    f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
                )
            year, month, day = (int(part) if part else None for part in match.groups())
            assert year is not None
            return cls(year, month, day)
        raise ValueError(f"a date must be text or a year, not {type(value).__name__}")

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> _dt.date:
        """The earliest day this date may stand for."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """The latest day this date may stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def surely_before(self, other: PartialDate) -> bool:
        """True only when every day of self comes before every day of other."""
        return self.last_day() < other.first_day()

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 9999},
                {"type": "string", "pattern": PATTERN_TEXT},
            ],
            "description": "A date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD.",
        }


def in_force(start: PartialDate | None, end: PartialDate | None, on: PartialDate) -> bool:
    """Whether something may have been in force on a date: begun by then, not yet ended.

    Unknown dates do not exclude: a membership with no `since` may well be in force.
    """
    if start is not None and start.first_day() > on.last_day():
        return False
    return end is None or end.last_day() >= on.first_day()
