"""citynet export: JSON, CSV, SQLite and GeoJSON with the counts of list."""

import csv
import json
import sqlite3


from citynet.model.kinds import KINDS
from conftest import SHIPPED

def test_export_counts_match_list_for_every_kind(cli, tmp_path):
    counts = {kind: len(cli("list", kind, "-f", "json", root=SHIPPED).json()) for kind in KINDS}
    cli("export", "-f", "json", "--output", str(tmp_path / "all.json"), root=SHIPPED)
    document = json.loads((tmp_path / "all.json").read_text())
    assert {kind: len(records) for kind, records in document.items()} == counts
    listed = cli("list", "cities", "-f", "json", root=SHIPPED).json()
    assert [c["id"] for c in document["cities"]] == [c["id"] for c in listed]
    # the records as list prints them, every date as text: `as_of: 2018` is "2018"
    assert next(c for c in listed if c["id"] == "bandar-seri-begawan")["sources"][0][
        "as_of"] == 2018
    assert next(c for c in document["cities"] if c["id"] == "bandar-seri-begawan")[
        "sources"][0]["as_of"] == "2018"
    cli("export", "-f", "csv", "--output", str(tmp_path / "csv"), root=SHIPPED)
    for kind, count in counts.items():
        with open(tmp_path / "csv" / f"{kind}.csv", encoding="utf-8") as stream:
            assert sum(1 for _ in csv.reader(stream)) == count + 1
    cli("export", "-f", "sqlite", "--output", str(tmp_path / "db.sqlite"), root=SHIPPED)
    connection = sqlite3.connect(tmp_path / "db.sqlite")
    for kind, count in counts.items():
        assert connection.execute(f'SELECT count(*) FROM "{kind}"').fetchone()[0] == count


def test_sqlite_has_keys_and_long_tables(cli, tmp_path):
    cli("export", "-f", "sqlite", "--output", str(tmp_path / "db.sqlite"), root=SHIPPED)
    connection = sqlite3.connect(tmp_path / "db.sqlite")
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = connection.execute("PRAGMA foreign_key_list(agreements)").fetchall()
    assert {(k[2], k[3]) for k in keys} == {("cities", "party_a"), ("cities", "party_b")}
    spanish = connection.execute(
        "SELECT n.name FROM names n JOIN agreements a ON a.party_b = n.id "
        "WHERE n.kind = 'city' AND n.lang = 'es' AND a.id = 'seoul-beijing-sister'").fetchone()
    assert spanish == ("Pekín",)
    assert connection.execute("SELECT count(*) FROM membership_roles WHERE role = 'pilot-city'"
                              ).fetchone()[0] == 26


def test_csv_export_is_formula_safe(cli, make_registry, tmp_path):
    root = make_registry({"data/cities/evil.yaml": "names: {en: '=1+1'}\ncountry: KR\n"
                                                   "sources: [{title: '@SUM(A1)'}]\n"})
    cli("export", "-f", "csv", "--output", str(tmp_path / "csv"), root=root)
    names = (tmp_path / "csv" / "names.csv").read_text()
    assert "'=1+1" in names and "\n=" not in names
    assert "'@SUM(A1)" in (tmp_path / "csv" / "sources.csv").read_text()


def test_geojson_has_points_and_lines(cli, make_registry, tmp_path):
    root = make_registry({
        "data/cities/seoul.yaml": "names: {en: Seoul}\ncountry: KR\nlocation: {lat: 37.5, lon: 127}\n"
                                  "sources: [{title: t}]\n",
        "data/cities/taipei.yaml": "names: {en: Taipei}\ncountry: TW\nlocation: {lat: 25, lon: 121.5}\n"
                                   "sources: [{title: t}]\n"})
    cli("export", "-f", "geojson", "--output", str(tmp_path / "map.geojson"), root=root)
    document = json.loads((tmp_path / "map.geojson").read_text())
    kinds = [(f["geometry"]["type"], f["id"]) for f in document["features"]]
    assert ("Point", "seoul") in kinds and ("LineString", "seoul-taipei-sister") in kinds
    line = next(f for f in document["features"] if f["id"] == "seoul-taipei-sister")
    assert line["geometry"]["coordinates"] == [[127, 37.5], [121.5, 25]]


def test_geojson_lines_take_the_shorter_way_cut_at_180(cli, make_registry, tmp_path):
    """Seoul to Honolulu goes east across the Pacific: two parts meeting at 180°, none of
    which crosses it (RFC 7946, 3.1.9), not one line back across Eurasia."""
    root = make_registry({
        "data/cities/honolulu.yaml": "names: {en: Honolulu}\ncountry: US\n"
                                     "location: {lat: 21.3, lon: -157.86}\nsources: [{title: t}]\n",
        "data/cities/seoul.yaml": "names: {en: Seoul}\ncountry: KR\n"
                                  "location: {lat: 37.57, lon: 126.98}\nsources: [{title: t}]\n",
        "data/agreements/honolulu-seoul-sister.yaml":
            "kind: sister\nparties: [seoul, honolulu]\nsources: [{title: t}]\n"})
    cli("export", "-f", "geojson", "--output", str(tmp_path / "map.geojson"), root=root)
    document = json.loads((tmp_path / "map.geojson").read_text())
    line = next(f for f in document["features"] if f["id"] == "honolulu-seoul-sister")
    assert line["geometry"]["type"] == "MultiLineString"
    (a, cut_a), (cut_b, b) = line["geometry"]["coordinates"]
    assert a == [126.98, 37.57] and b == [-157.86, 21.3]
    assert cut_a[0] == 180 and cut_b[0] == -180 and cut_a[1] == cut_b[1]
    assert 21.3 < cut_a[1] < 37.57


def test_export_never_silently_overwrites(cli, make_registry, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("keep")
    run = cli("export", "-f", "json", "--output", str(target), root=make_registry())
    assert run.exit_code == 2 and "--force" in run.stderr
    assert target.read_text() == "keep"
    assert cli("export", "-f", "json", "--output", str(target), "--force",
               root=make_registry()).exit_code == 0
    assert target.read_text().startswith("{")




DATE_KEYS = {"signed", "since", "until", "date", "as_of", "founded", "start", "end"}


def _date_values(value, found):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in DATE_KEYS and not isinstance(item, dict | list):
                found.append(item)
            _date_values(item, found)
    elif isinstance(value, list):
        for item in value:
            _date_values(item, found)
    return found


def test_json_dates_have_one_type(cli, make_registry, tmp_path):
    """A bare year is the string "1968", as "2017-03" is: DuckDB and other typed readers
    see one column type."""
    root = make_registry({
        "data/agreements/seoul-taipei-sister.yaml":
            "kind: sister\nparties: [seoul, taipei]\nsigned: 1968\nlifecycle:\n"
            "- {step: suspended, date: 2022, source: {title: s, as_of: 2022}}\n"
            "- {step: resumed, date: 2023-05}\nsources: [{title: t, as_of: 2017}]\n",
        "data/cities/busan.yaml": "names: {en: Busan}\ncountry: KR\npredecessors: "
                                  "[{city: ottawa, date: 1990, how: renamed}]\n"
                                  "sources: [{title: t}]\n"})
    cli("export", "-f", "json", "--output", str(tmp_path / "all.json"), root=root)
    document = json.loads((tmp_path / "all.json").read_text())
    dates = _date_values(document, [])
    assert {"1968", "2022", "2023-05", "2017", "1990"} <= set(dates)
    assert all(isinstance(d, str) for d in dates), dates
    exported = (tmp_path / "all.json").read_text()
    assert '"signed": "1968"' in exported and '"signed": 1968' not in exported
    cli("export", "-f", "sqlite", "--output", str(tmp_path / "db"), root=root)
    connection = sqlite3.connect(tmp_path / "db")
    assert connection.execute("SELECT typeof(date), date FROM agreement_steps ORDER BY position"
                              ).fetchall() == [("text", "2022"), ("text", "2023-05")]
    assert connection.execute("SELECT predecessor, date, how FROM city_predecessors").fetchall(
        ) == [("ottawa", "1990", "renamed")]
    assert connection.execute("SELECT ended, status FROM agreements WHERE id = "
                              "'seoul-taipei-sister'").fetchone() == (None, "active")
