"""PartialDate: parsing, validation, ordering and printing as given."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citynet.model.dates import PartialDate


@pytest.mark.parametrize(
    ("value", "text", "precision"),
    [
        (1968, "1968", "year"),
        ("1968", "1968", "year"),
        ("2017-03", "2017-03", "month"),
        ("2018-05-27", "2018-05-27", "day"),
        (dt.date(2018, 5, 27), "2018-05-27", "day"),
        ("2016-02-29", "2016-02-29", "day"),
    ],
)
def test_parses_what_yaml_may_give(value, text, precision):
    date = PartialDate.parse(value)
    assert str(date) == text
    assert date.precision == precision


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2017-02-30", "has no day 30"),
        ("1968-13", "month 13 does not exist"),
        ("2017-2-3", "not a date"),
        ("March 2017", "not a date"),
        (True, "true or false"),
        (0, "out of range"),
        (1.5, "not float"),
        (dt.datetime(2018, 1, 1, 12), "time of day"),
        ("2015-02-29", "has no day 29"),
    ],
)
def test_rejects_impossible_or_malformed_dates(value, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(value)


def test_orders_year_before_dates_inside_it():
    dates = [PartialDate.parse(v) for v in ("2017-03", "1968", "2017", "2017-03-01", "1997")]
    assert [str(d) for d in sorted(dates)] == ["1968", "1997", "2017", "2017-03", "2017-03-01"]


def test_surely_before_compares_whole_ranges():
    assert PartialDate.parse("2009-12").surely_before(PartialDate.parse(2010))
    assert not PartialDate.parse(2010).surely_before(PartialDate.parse("2010-03"))
    assert not PartialDate.parse("2010-03").surely_before(PartialDate.parse(2010))


def test_first_and_last_day():
    assert PartialDate.parse("2016-02").last_day() == dt.date(2016, 2, 29)
    assert PartialDate.parse(1968).first_day() == dt.date(1968, 1, 1)
    assert PartialDate.parse(1968).last_day() == dt.date(1968, 12, 31)


def test_equal_dates_hash_alike():
    assert PartialDate.parse(1968) == PartialDate.parse("1968")
    assert len({PartialDate.parse(1968), PartialDate.parse("1968")}) == 1
    assert PartialDate.parse(1968) != PartialDate.parse("1968-01")


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_printing_then_parsing_gives_the_same_date(day, precision):
    text = {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}",
            "day": day.isoformat()}[precision]
    date = PartialDate.parse(text)
    assert str(date) == text
    assert PartialDate.parse(str(date)) == date


@given(st.text(max_size=20))
def test_any_text_parses_or_raises_value_error(text):
    try:
        PartialDate.parse(text)
    except ValueError:
        pass
