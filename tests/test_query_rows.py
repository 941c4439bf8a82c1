"""Time spans (the TimeSpan mixin) and the rows list and export share."""

from __future__ import annotations

from citynet.model.dates import PartialDate
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.model.records import Agreement, Committee, Membership, RoleHeld
from citynet.publish.export import export_row
from citynet.query import rows


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def test_in_force_between_start_and_end():
    agreement = Agreement(kind="sister", parties=["a", "b"], signed="2000",
                          lifecycle=[{"step": "terminated", "date": "2010-06"}])
    assert agreement.in_force(day("2005"))
    assert agreement.in_force(day("2010"))  # the year it ended: may still be in force
    assert not agreement.in_force(day("1999-12"))
    assert not agreement.in_force(day("2011"))
    assert str(agreement.ended) == "2010-06" and agreement.state == "ended"


def test_not_in_force_while_suspended():
    agreement = Agreement(kind="sister", parties=["a", "b"], signed="1992", lifecycle=[
        {"step": "suspended", "date": "2022-03-07"}, {"step": "resumed", "date": "2024"}])
    assert agreement.in_force(day("2022-03-07"))  # the day it was suspended: either
    assert not agreement.in_force(day("2022-03-08"))
    assert not agreement.in_force(day("2023"))
    assert agreement.in_force(day("2024")) and agreement.in_force(day("2030"))
    assert agreement.ended is None and agreement.state == "active"


def test_unknown_dates_do_not_exclude():
    assert Membership(member="a", organisation="b").in_force(day("1900"))
    assert RoleHeld(role="member", until="2003").in_force(day("2003-05"))
    assert not RoleHeld(role="member", since="2004").in_force(day("2003"))
    assert Committee(names={"en": "C"}, organisation="o", status="established").in_force(
        day("2020"))


def test_declared_spans_read_the_mixin():
    assert (AGREEMENTS.start_field, AGREEMENTS.lifecycle_field) == ("signed", "lifecycle")
    assert CITIES.start_field is None


def test_list_rows_take_the_declared_columns():
    stored = [{"id": "seoul", "names": {"en": "Seoul"}, "country": "KR", "capital": True}]
    table, columns = rows.list_rows(CITIES, stored, None, whole=False)
    assert columns == list(CITIES.columns)
    assert table == [{"id": "seoul", "names.en": "Seoul", "country": "KR", "level": None,
                      "capital": True}]


def test_export_rows_flatten_the_declared_columns():
    record = {"id": "a-b-sister", "kind": "sister", "parties": ["a", "b"], "signed": "1990"}
    assert export_row(AGREEMENTS, record) == [
        "a-b-sister", "sister", "a", "b", "1990", None, "active", "none", None, None]
    suspended = {**record, "lifecycle": [{"step": "suspended", "date": 2022},
                                         {"step": "terminated", "date": "2023-01"}]}
    assert export_row(AGREEMENTS, suspended)[5:7] == ["2023-01", "ended"]
