"""Nothing is published on a broken reference (issue 12, point 7).

A record that names a city the registry lacks — missing, or its file has
errors — is left out of reports and exports and said on stderr; `--strict`
makes that an error and writes nothing. Tried with a missing and with an
invalid referenced city, through the command line on temporary registries.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from citynet.query.omissions import Reason
from citynet.publish.reports import REPORTS
from citynet.store.registry import load

BROKEN_TAIPEI = "names: {en: Taipei}\ncountry: TW\nlevel: metropolis\nsources: [{title: t}]\n"
"""A city whose file has a schema error (an unknown level)."""

NETWORK = {
    "data/organisations/net.yaml": "names: {en: Net}\nkind: network\npartners: [ghost]\n"
                                   "sources: [{title: t}]\n",
    "data/memberships/seoul-net.yaml": "member: seoul\norganisation: net\nsince: 2018\n"
                                       "sources: [{title: t}]\n",
    "data/memberships/taipei-net.yaml": "member: taipei\norganisation: net\nsince: 2018\n"
                                        "roles: [{role: pilot-city}]\nsources: [{title: t}]\n",
    "data/committees/trade.yaml": "names: {en: Trade}\norganisation: net\nstatus: established\n"
                                  "sources: [{title: t}]\n",
}


@pytest.fixture(params=["missing", "invalid"])
def broken(request, make_registry):
    """A registry whose city taipei is missing, or present with a schema error."""
    root = make_registry(NETWORK)
    taipei = root / "data" / "cities" / "taipei.yaml"
    if request.param == "missing":
        taipei.unlink()
    else:
        taipei.write_text(BROKEN_TAIPEI, encoding="utf-8")
    return root, request.param


def _why(kind: str) -> str:
    return ("which is not in the registry" if kind == "missing"
            else "whose file data/cities/taipei.yaml has errors")


def test_partners_leaves_out_an_agreement_naming_a_broken_city(cli, broken):
    root, kind = broken
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 0
    assert "taipei" not in run.stdout.lower()
    assert "Ottawa" in run.stdout
    assert (f"warning: data/agreements/seoul-taipei-sister.yaml: the agreement "
            f"seoul-taipei-sister names the city 'taipei' (parties.1), {_why(kind)}; "
            "left out of the report") in run.stderr
    data = cli("report", "partners", "seoul", "--format", "json", root=root).json()
    assert data["totals"]["all"] == 1


def test_strict_report_fails_and_writes_nothing(cli, broken, tmp_path):
    root, _ = broken
    target = tmp_path / "seoul.md"
    run = cli("report", "partners", "seoul", "--strict", "--output", str(target), root=root)
    assert run.exit_code == 1
    assert "error: data/agreements/seoul-taipei-sister.yaml" in run.stderr
    assert "nothing was published (--strict)" in run.stderr
    assert not target.exists()
    assert run.stdout == ""


@pytest.mark.parametrize("report, subject, left_out", [
    ("network", "net", ["data/memberships/taipei-net.yaml: the membership taipei-net names the "
                        "city 'taipei' (member)"]),
    ("memberships", "seoul", []),
    ("committees", "net", []),
])
def test_other_reports_say_what_they_leave_out(cli, broken, report, subject, left_out):
    root, kind = broken
    run = cli("report", report, subject, root=root)
    assert run.exit_code == 0
    for line in left_out:
        assert f"warning: {line}, {_why(kind)}; left out of the report" in run.stderr
    assert "taipei" not in run.stdout.lower()
    if report == "network":  # the organisation's partner 'ghost' is missing: the reference goes
        assert ("data/organisations/net.yaml: the organisation net names the organisation "
                "'ghost' (partners.0), which is not in the registry; the reference is left out "
                "of the report") in run.stderr
        assert "ghost" not in run.stdout
    else:
        assert run.stderr == ""


def test_a_report_names_the_invalid_records_that_belong_in_it(cli, make_registry):
    root = make_registry({**NETWORK, "data/memberships/seoul-net.yaml": "member: seoul\n"
                          "organisation: net\nsince: someday\nsources: [{title: t}]\n",
                          "data/committees/trade.yaml": "organisation: net\n"})
    run = cli("report", "memberships", "seoul", root=root)
    assert run.exit_code == 0
    assert ("warning: data/memberships/seoul-net.yaml: the membership seoul-net has errors "
            "(run 'citynet validate'); left out of the report") in run.stderr
    committees = cli("report", "committees", "net", root=root)
    assert "data/committees/trade.yaml: the committee trade has errors" in committees.stderr
    partners = cli("report", "partners", "seoul", root=root)
    assert "seoul-net" not in partners.stderr  # not in that report: not said there


def test_a_report_on_an_invalid_subject_says_it_has_errors(cli, broken):
    root, kind = broken
    run = cli("report", "partners", "taipei", root=root)
    assert run.exit_code == 2
    expected = ("no city has the id 'taipei'" if kind == "missing" else
                "the city 'taipei' has errors (data/cities/taipei.yaml); run 'citynet validate'")
    assert expected in run.stderr
    assert expected in cli("show", "taipei", "--kind", "city", root=root).stderr


def test_the_library_returns_omissions_as_data(broken):
    root, kind = broken
    registry, _ = load(root, use_cache=False)
    data, omitted = REPORTS["partners"].run(registry, "seoul")
    assert [(o.id, o.field, o.missing, o.reason) for o in omitted] == [
        ("seoul-taipei-sister", "parties.1", "taipei", Reason(kind))]
    assert data["totals"]["all"] == 1


@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_json_exports_leave_out_records_pointing_at_nothing(cli, broken, fmt):
    root, kind = broken
    run = cli("export", "--format", fmt, "--output", "-", root=root)
    assert run.exit_code == 0
    assert "taipei" not in run.stdout
    for line in ("data/agreements/seoul-taipei-sister.yaml: the agreement seoul-taipei-sister "
                 f"names the city 'taipei' (parties.1), {_why(kind)}; left out of the export",
                 "data/memberships/taipei-net.yaml: the membership taipei-net names the city "
                 f"'taipei' (member), {_why(kind)}; left out of the export"):
        assert f"warning: {line}" in run.stderr
    if kind == "invalid":
        assert ("warning: data/cities/taipei.yaml: the city taipei has errors (run 'citynet "
                "validate'); left out of the export") in run.stderr
    assert "file(s) have errors" not in run.stderr


def test_a_record_naming_one_left_out_is_left_out_too(cli, broken):
    """net names the missing organisation 'ghost': net goes, and so do the records naming net."""
    root, _ = broken
    run = cli("export", "--format", "json", "--output", "-", root=root)
    data = run.json()
    assert data["organisations"] == [] and data["memberships"] == [] and data["committees"] == []
    assert ("data/memberships/seoul-net.yaml: the membership seoul-net names the organisation "
            "'net' (organisation), which is itself left out; left out of the export") in run.stderr
    assert [a["id"] for a in data["agreements"]] == ["seoul-ottawa-friendship"]


def test_sqlite_foreign_keys_are_clean(cli, broken, tmp_path):
    root, _ = broken
    target = tmp_path / "out.db"
    run = cli("export", "--format", "sqlite", "--output", str(target), root=root)
    assert run.exit_code == 0, run.stderr
    assert "left out of the export" in run.stderr
    connection = sqlite3.connect(target)
    connection.execute("PRAGMA foreign_keys = ON")
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    ids = {row[0] for row in connection.execute('SELECT id FROM "agreements"')}
    assert ids == {"seoul-ottawa-friendship"}


def test_csv_leaves_them_out(cli, broken, tmp_path):
    root, _ = broken
    target = tmp_path / "csv"
    run = cli("export", "--format", "csv", "--output", str(target), root=root)
    assert run.exit_code == 0
    assert "taipei" not in (target / "agreements.csv").read_text(encoding="utf-8")
    assert "taipei" not in (target / "agreement_parties.csv").read_text(encoding="utf-8")
    assert "left out of the export" in run.stderr


@pytest.mark.parametrize("fmt, name", [("json", "out.json"), ("csv", "out"),
                                       ("sqlite", "out.db"), ("geojson", "out.geojson")])
def test_strict_export_fails_and_writes_nothing(cli, broken, tmp_path, fmt, name):
    root, _ = broken
    target = tmp_path / name
    run = cli("export", "--format", fmt, "--output", str(target), "--strict", root=root)
    assert run.exit_code == 1
    assert "nothing was published (--strict)" in run.stderr
    assert not target.exists()


def test_a_sound_registry_exports_everything_and_says_nothing(cli, make_registry, tmp_path):
    root = make_registry()
    run = cli("export", "--format", "json", "--output", "-", "--strict", root=root)
    assert run.exit_code == 0
    assert len(run.json()["agreements"]) == 2
    assert "warning" not in run.stderr and "error" not in run.stderr
    assert cli("report", "partners", "seoul", "--strict", root=root).stderr == ""


def test_show_marks_a_missing_partner(cli, broken):
    root, kind = broken
    run = cli("show", "seoul-taipei-sister", root=root)
    assert run.exit_code == 0
    assert "taipei: taipei, missing" in run.stdout
    assert f"(parties.1), {_why(kind)}; shown as missing" in run.stderr
    view = cli("show", "seoul", "--format", "json", root=root).json()
    partners = {a["partner"]["id"]: a["partner"] for a in view["related"]["agreements"]}
    assert partners["taipei"]["missing"] is True and "missing" not in partners["ottawa"]


def test_stray_error_files_are_named_one_by_one(cli, make_registry):
    root = make_registry({"data/cities/notes.txt": "not a record\n",
                          "data/cities/bad.yaml": "[not, a, mapping]\n"})
    run = cli("export", "--format", "json", "--output", "-", root=root)
    assert "data/cities/bad.yaml" in run.stderr
    assert json.loads(run.stdout)["cities"]


def test_network_leaves_out_an_event_naming_a_broken_city(cli, broken):
    root, kind = broken
    (root / "data" / "events").mkdir()
    (root / "data" / "events" / "net-2019-visit.yaml").write_text(
        "names: {en: A visit}\ndate: 2019\norganisation: net\ncity: taipei\n"
        "sources: [{title: t}]\n", encoding="utf-8")
    run = cli("report", "network", "net", "--format", "json", root=root)
    assert run.json()["events"] == []
    assert (f"data/events/net-2019-visit.yaml: the event net-2019-visit names the city 'taipei' "
            f"(city), {_why(kind)}; left out of the report") in run.stderr


def test_a_file_with_a_reading_error_is_never_published(cli, make_registry, tmp_path):
    """A key written twice keeps its last value when read, but the file has an error: the record
    is known (references to it are not dangling) and listed, shown, exported by no command."""
    root = make_registry({"data/cities/dup.yaml":
                          "names:\n  en: Dup\n  en: Dup2\ncountry: KR\nsources: [{title: x}]\n"})
    assert "duplicate-key" in cli("validate", root=root).stdout
    listed = cli("list", "cities", "--format", "json", root=root)
    assert "dup" not in [r["id"] for r in listed.json()]
    assert cli("show", "dup", root=root).exit_code == 2
    run = cli("export", "--format", "json", "--output", "-", root=root)
    assert "dup" not in [r["id"] for r in run.json()["cities"]]
    assert "data/cities/dup.yaml" in run.stderr
