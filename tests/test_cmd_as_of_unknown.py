"""With --as-of, a record with no start date is kept but never silently in force."""

from __future__ import annotations

UNDATED = "kind: sister\nparties: [seoul, ottawa]\nsources: [{title: t}]\n"


def _registry(make_registry):
    return make_registry({"data/agreements/seoul-ottawa-sister.yaml": UNDATED})


def test_list_marks_an_undated_record_date_unknown(cli, make_registry):
    root = _registry(make_registry)
    rows = {r["id"]: r for r in cli("list", "agreements", "--as-of", "1990", "-f", "json",
                                    root=root).json()}
    assert rows["seoul-ottawa-sister"]["in_force"] == "date unknown"
    assert rows["seoul-taipei-sister"]["in_force"] == "yes"  # signed 1968
    assert "seoul-ottawa-friendship" not in rows  # signed 1997: surely not yet
    table = cli("list", "agreements", "--as-of", "1990", "-f", "csv", "--fields", "id",
                root=root).stdout.splitlines()
    assert table == ["id,in_force", "seoul-ottawa-sister,date unknown",
                     "seoul-taipei-sister,yes"]


def test_without_as_of_there_is_no_mark(cli, make_registry):
    root = _registry(make_registry)
    assert all("in_force" not in r for r in cli("list", "agreements", "-f", "json",
                                                root=root).json())


def test_reports_say_how_many_rows_have_an_unknown_start(cli, make_registry):
    root = _registry(make_registry)
    data = cli("report", "partners", "seoul", "--as-of", "1990", "-f", "json", root=root).json()
    assert data["unknown_start"] == 1 and data["totals"]["all"] == 2
    text = cli("report", "partners", "seoul", "--as-of", "1990", root=root).stdout
    assert "1 of these rows has no recorded start date; it may not yet have been in force " \
           "on 1990." in text
    assert "no recorded start date" not in cli("report", "partners", "seoul", root=root).stdout
    assert cli("report", "partners", "seoul", "-f", "json", root=root).json()[
        "unknown_start"] == 0


def test_every_language_says_it(cli, make_registry):
    root = _registry(make_registry)
    for lang, words in {"fr": "date de début", "es": "fecha de inicio", "pt": "data de início",
                        "vi": "ngày bắt đầu"}.items():
        text = cli("report", "partners", "seoul", "--as-of", "1990", "--lang", lang,
                   root=root).stdout
        assert words in text, lang


def test_the_other_reports_count_their_undated_rows_on_the_shipped_data(cli):
    from conftest import SHIPPED

    network = cli("report", "network", "ascn", "--as-of", "2019", "-f", "json",
                  root=SHIPPED).json()
    assert network["unknown_start"] == network["totals"]["members"] == 26  # no joining years
    committees = cli("report", "committees", "mcsr-cities-alliance", "--as-of", "2019", "-f",
                     "json", root=SHIPPED).json()
    assert committees["unknown_start"] == committees["totals"]["all"]  # committees have no dates
    memberships = cli("report", "memberships", "seoul", "--as-of", "2015", "-f", "json",
                      root=SHIPPED).json()
    assert memberships["unknown_start"] == sum(
        1 for m in memberships["memberships"] if m["since"] is None)
