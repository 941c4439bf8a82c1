"""PartialDate.parse hands out the dates it has read before: the same date, or the same
error, as reading the value afresh (the reading as it was before dates were kept)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from citynet.model.dates import PartialDate

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def reference(value: Any) -> tuple[int, int | None, int | None]:
    """The reading before dates were kept, returning the parts (or raising its error)."""
    if isinstance(value, PartialDate):
        return value.year, value.month, value.day
    if isinstance(value, bool):
        raise ValueError("a date cannot be true or false")
    if isinstance(value, int):
        year, month, day = value, None, None
    elif isinstance(value, dt.datetime):
        raise ValueError("a date must not carry a time of day")
    elif isinstance(value, dt.date):
        year, month, day = value.year, value.month, value.day
    elif isinstance(value, str):
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
    else:
        raise ValueError(f"a date must be text or a year, not {type(value).__name__}")
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range 1-9999")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{year:04d}-{month:02d} has no day {day:02d}")
    return year, month, day


def outcome(read: Any, value: Any) -> Any:
    try:
        found = read(value)
    except ValueError as exc:
        return ("error", str(exc))
    if isinstance(found, PartialDate):
        return found.year, found.month, found.day
    return found


DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=4)
DATE_LIKE = st.one_of(
    st.builds(lambda y, m, d, pad: f"{pad}{y}-{m}-{d}{pad}", DIGITS, DIGITS, DIGITS,
              st.sampled_from(["", " ", "\t", "\n"])),
    st.builds(lambda y, m: f"{y}-{m}", DIGITS, DIGITS),
    DIGITS,
    st.text(alphabet="0123456789- x\u0663", max_size=12),
    st.text(max_size=12),
)
VALUES = st.one_of(DATE_LIKE, st.integers(min_value=-20, max_value=10_020), st.booleans(),
                   st.none(), st.floats(allow_nan=False), st.dates(), st.datetimes(),
                   st.lists(st.integers(), max_size=2))


@settings(max_examples=600)
@given(st.lists(VALUES, min_size=1, max_size=6))
def test_parse_agrees_with_reading_afresh_every_time(values: list[Any]) -> None:
    for value in values + values:  # the second time, from what was kept
        assert outcome(PartialDate.parse, value) == outcome(reference, value), value


@given(DATE_LIKE)
def test_a_kept_date_prints_and_compares_as_read(text: str) -> None:
    try:
        first = PartialDate.parse(text)
    except ValueError:
        return
    again = PartialDate.parse(text)
    assert again == first and str(again) == str(first) and hash(again) == hash(first)


def test_a_subclass_is_read_as_itself() -> None:
    class Later(PartialDate):
        __slots__ = ()

    PartialDate.parse("1999-12")
    assert type(Later.parse("1999-12")) is Later
    assert type(PartialDate.parse("1999-12")) is PartialDate


def test_true_is_never_taken_for_the_year_one() -> None:
    PartialDate.parse(1)
    assert outcome(PartialDate.parse, True) == ("error", "a date cannot be true or false")
