"""`citynet list`: every filter, format and misuse."""

import csv
import json
import io

import pytest

import markdown_cells
import yaml

MORE = {
    "data/cities/busan.yaml": "names: {en: Busan}\ncountry: KR\nlevel: city\n"
                              "sources: [{title: t}]\n",
    "data/cities/hokkaido.yaml": "names: {en: Hokkaido, es: Hokkaido}\ncountry: JP\n"
                                 "level: prefecture\nsources: [{title: t}]\n",
    "data/agreements/seoul-hokkaido-friendship.yaml":
        "kind: friendship\nparties: [hokkaido, seoul]\nsigned: 2010-05\n"
        "lifecycle: [{step: ended, date: 2015}]\nsources: [{title: t}]\n",
    "data/organisations/citynet.yaml": "names: {en: CITYNET}\nacronym: CITYNET\nkind: network\n"
                                       "founded: 1987\nheadquarters: seoul\n"
                                       "sources: [{title: t}]\n",
    "data/organisations/c40.yaml": "names: {en: C40}\nkind: association\nsources: [{title: t}]\n",
    "data/memberships/seoul-citynet.yaml": "member: seoul\norganisation: citynet\nsince: 1989\n"
                                           "roles: [{role: president}]\nsources: [{title: t}]\n",
    "data/memberships/busan-citynet.yaml": "member: busan\norganisation: citynet\nsince: 2001\n"
                                           "lifecycle: [{step: ended, date: 2010}]\n"
                                           "sources: [{title: t}]\n",
    "data/memberships/seoul-c40.yaml": "member: seoul\norganisation: c40\nsince: 2006\n"
                                       "sources: [{title: t}]\n",
    "data/committees/tourism.yaml": "names: {en: Tourism}\norganisation: citynet\n"
                                    "status: preparatory\nsources: [{title: t}]\n",
    "data/committees/trade.yaml": "names: {en: Trade}\norganisation: c40\nstatus: established\n"
                                  "sources: [{title: t}]\n",
}


@pytest.fixture
def root(make_registry):
    return make_registry(MORE)


def ids(cli, root, *args):
    run = cli("list", *args, "--format", "json", root=root)
    assert run.exit_code == 0, run.stderr
    return [record["id"] for record in run.json()]


def test_json_is_records_as_stored_plus_id(cli, root):
    records = cli("list", "cities", "--format", "json", root=root).json()
    taipei = next(r for r in records if r["id"] == "taipei")
    assert taipei == {"id": "taipei", "names": {"en": "Taipei", "es": "Taipéi"}, "country": "TW",
                      "level": "city", "sources": [{"title": "Diplomatie de la ville"}]}
    assert list(records[0]) [0] == "id"


def test_singular_and_plural_kinds(cli, root):
    assert ids(cli, root, "city") == ids(cli, root, "cities")
    assert ids(cli, root, "organization") == ["c40", "citynet"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("cities", "--country", "kr"), ["busan", "seoul"]),
        (("cities", "--level", "prefecture"), ["hokkaido"]),
        (("cities", "--capital"), ["ottawa", "seoul"]),
        (("cities", "--not-capital"), ["busan", "hokkaido", "taipei"]),
        (("agreements", "--city", "seoul"),
         ["seoul-hokkaido-friendship", "seoul-ottawa-friendship", "seoul-taipei-sister"]),
        (("agreements", "--kind", "sister"), ["seoul-taipei-sister"]),
        (("agreements", "--country", "JP"), ["seoul-hokkaido-friendship"]),
        (("agreements", "--status", "ended"), ["seoul-hokkaido-friendship"]),
        (("agreements", "--since", "1990"), ["seoul-hokkaido-friendship", "seoul-ottawa-friendship"]),
        (("agreements", "--until", "1997-06"), ["seoul-ottawa-friendship", "seoul-taipei-sister"]),
        (("agreements", "--since", "1997", "--until", "1997"), ["seoul-ottawa-friendship"]),
        (("agreements", "--as-of", "2012"), ["seoul-hokkaido-friendship", "seoul-ottawa-friendship",
                                             "seoul-taipei-sister"]),
        (("agreements", "--as-of", "2016-01-01"), ["seoul-ottawa-friendship", "seoul-taipei-sister"]),
        (("agreements", "--as-of", "1970"), ["seoul-taipei-sister"]),
        (("memberships", "--member", "seoul"), ["seoul-c40", "seoul-citynet"]),
        (("memberships", "--city", "busan"), ["busan-citynet"]),
        (("memberships", "--organisation", "citynet"), ["busan-citynet", "seoul-citynet"]),
        (("memberships", "--as-of", "2012"), ["seoul-c40", "seoul-citynet"]),
        (("memberships", "--country", "KR", "--since", "2000"), ["busan-citynet", "seoul-c40"]),
        (("organisations", "--kind", "network"), ["citynet"]),
        (("organisations", "--since", "1980"), ["citynet"]),
        (("committees", "--status", "preparatory"), ["tourism"]),
        (("committees", "--organisation", "c40"), ["trade"]),
    ],
)
def test_filters(cli, root, args, expected):
    assert ids(cli, root, *args) == expected


def test_sort_and_reverse(cli, root):
    assert ids(cli, root, "agreements", "--sort", "signed") == [
        "seoul-taipei-sister", "seoul-ottawa-friendship", "seoul-hokkaido-friendship"]
    assert ids(cli, root, "cities", "--sort", "-names.en")[:2] == ["taipei", "seoul"]


def test_fields_select_columns_in_every_format(cli, root):
    args = ("list", "cities", "--country", "KR", "--fields", "id,names.en,country")
    assert cli(*args, "-f", "json", root=root).json() == [
        {"id": "busan", "names.en": "Busan", "country": "KR"},
        {"id": "seoul", "names.en": "Seoul", "country": "KR"}]
    assert list(csv.reader(io.StringIO(cli(*args, "-f", "csv", root=root).stdout))) == [
        ["id", "names.en", "country"], ["busan", "Busan", "KR"], ["seoul", "Seoul", "KR"]]
    assert markdown_cells.tables(cli(*args, "-f", "markdown", root=root).stdout) == [[
        ["id", "names.en", "country"], ["busan", "Busan", "KR"], ["seoul", "Seoul", "KR"]]]
    assert yaml.safe_load(cli(*args, "-f", "yaml", root=root).stdout)[1]["names.en"] == "Seoul"
    assert cli(*args, root=root).stdout == "busan\tBusan\tKR\nseoul\tSeoul\tKR\n"  # piped
    table = cli(*args, "-f", "table", root=root).stdout.splitlines()
    assert table[0].split() == ["id", "names.en", "country"]
    assert table[1].split() == ["busan", "Busan", "KR"]


@pytest.mark.parametrize("index, party", [("1", "taipei"), ("0" * 30 + "1", None),
                                          ("1" * 5000, None), ("¹", None), ("١", None)])
def test_a_field_path_names_a_list_item_only_by_ascii_digits(cli, root, index, party):
    """`parties.1` is the second party; an index of 5000 digits (past int()'s 4300: an
    internal error) or of other digits names none."""
    run = cli("list", "agreements", "--city", "taipei", "--fields", f"id,parties.{index}",
              "-f", "json", root=root)
    assert run.exit_code == 0, run.stderr
    assert [row[f"parties.{index}"] for row in run.json()] == [party]


def test_same_rows_in_every_format(cli, root):
    args = ("list", "agreements", "--city", "seoul")
    json_ids = [r["id"] for r in cli(*args, "-f", "json", root=root).json()]
    csv_ids = [row[0] for row in csv.reader(io.StringIO(cli(*args, "-f", "csv", root=root).stdout))][1:]
    yaml_ids = [r["id"] for r in yaml.safe_load(cli(*args, "-f", "yaml", root=root).stdout)]
    table_ids = [line.split()[0] for line in
                 cli(*args, "-f", "table", root=root).stdout.splitlines()[1:]]
    tsv_ids = [line.split("\t")[0] for line in cli(*args, root=root).stdout.splitlines()]
    jsonl_ids = [json.loads(line)["id"] for line in
                 cli(*args, "-f", "jsonl", root=root).stdout.splitlines()]
    assert json_ids == csv_ids == yaml_ids == table_ids == tsv_ids == jsonl_ids


def test_table_cells_flatten_lists_and_roles(cli, root):
    rows = cli("list", "memberships", "--member", "seoul", "-f", "table", root=root
               ).stdout.splitlines()
    assert rows[2].split() == ["seoul-citynet", "seoul", "citynet", "1989", "active", "president"]
    rows = cli("list", "memberships", "--member", "seoul", root=root).stdout.splitlines()
    assert [c for c in rows[1].split("\t") if c] == ["seoul-citynet", "seoul", "citynet",
                                                      "1989", "active", "president"]


def test_csv_neutralises_formulas(cli, make_registry):
    root = make_registry({"data/cities/evil.yaml": "names: {en: '=HYPERLINK(\"x\")'}\n"
                                                   "country: KR\nlevel: city\nsources: [{title: t}]\n"})
    rows = list(csv.reader(io.StringIO(cli("list", "cities", "-f", "csv", root=root).stdout)))
    assert ["evil", "'=HYPERLINK(\"x\")", "KR", "city", ""] in rows


def test_markdown_escapes_cells(cli, make_registry):
    root = make_registry({"data/cities/evil.yaml": "names: {en: 'a|b <script>'}\n"
                                                   "country: KR\nlevel: city\nsources: [{title: t}]\n"})
    out = cli("list", "cities", "-f", "markdown", root=root).stdout
    assert "| evil | a\\|b \\<script\\> | KR | city |  |" in out.splitlines()


def test_broken_files_are_left_out_with_a_warning(cli, make_registry):
    root = make_registry({"data/cities/broken.yaml": "a: ["})
    run = cli("list", "cities", "-f", "json", root=root)
    assert run.exit_code == 0
    assert len(run.json()) == 3
    assert "1 file(s) have errors" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("citiez",), "unknown kind 'citiez'"),
        (("committees", "--country", "KR"), "--country does not apply to committees"),
        (("agreements", "--kind", "twin"), "--kind 'twin' is not one of: sister, friendship"),
        (("agreements", "--since", "2017-13"), "--since: month 13 does not exist"),
        (("agreements", "--as-of", "soon"), "--as-of: 'soon' is not a date"),
        (("cities", "--fields", "id,contry"), "--fields: cities have no field 'contry'"),
        (("cities", "--sort", "nope"), "cities have no field 'nope'"),
        (("cities", "--format", "xml"), "'xml' is not one of"),
        (("cities", "--contry", "KR"), "No such option: --contry"),
    ],
)
def test_misuse_is_one_line_and_exit_2(cli, root, args, message):
    run = cli("list", *args, root=root)
    assert run.exit_code == 2
    assert message in run.stderr
    assert run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
