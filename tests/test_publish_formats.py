"""One writer registry: every command's --format choices come from it."""

from __future__ import annotations

import pytest

from citynet.cli import diff, importing, listing, report, show
from citynet.publish import formats

ROWS = [{"id": "seoul", "capital": True, "names": {"en": "Seoul"}}]


def test_booleans_are_true_false_for_machines_and_yes_no_in_the_table():
    assert formats.WRITERS["csv"](ROWS, ["id", "capital"]) == "id,capital\nseoul,true\n"
    assert '"capital": true' in formats.WRITERS["json"](ROWS)
    assert "yes" in formats.WRITERS["table"](ROWS, ["id", "capital"])


def test_the_registry_has_the_five_writers():
    assert list(formats.WRITERS) == ["table", "json", "csv", "yaml", "markdown"]
    assert "| seoul |" in formats.WRITERS["markdown"](ROWS, ["id"])
    assert "id: seoul" in formats.WRITERS["yaml"](ROWS)


def test_choices_refuse_a_name_no_writer_has():
    with pytest.raises(ValueError, match="no writer"):
        formats.choices("Bad", ["xml"])


def test_list_offers_every_writer():
    assert [f.value for f in listing.ListFormat] == list(formats.WRITERS)


@pytest.mark.parametrize("enum", [show.ShowFormat, diff.DiffFormat, importing.SummaryFormat,
                                  report.ReportFormat])
def test_other_commands_choose_among_the_writers(enum):
    names = [f.value for f in enum]
    assert set(names) <= set(formats.WRITERS) | {formats.TEXT}
    assert "json" in names


def test_dumps_is_the_one_json_encoding():
    assert formats.dumps({"a": "é"}) == '{\n  "a": "é"\n}\n'
    assert formats.dumps([1, {"b": 2}], pretty=False, compact=True) == '[1,{"b":2}]'
