"""Analysts' everyday path (issue 25): export to a pipe, JSON Lines, a closed pipe, tables
that fit a terminal, and filters that name nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess

import pytest

from conftest import SHIPPED
from terminal import into_closed_pipe, on_terminal


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A scratch copy of the shipped registry (its data only), committed to git."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(SHIPPED / "data", root / "data")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e",
                                                 "commit", "-qm", "the shipped data"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return root


# -- export to standard output, JSON Lines --------------------------------------------------

def test_export_without_output_writes_json_to_stdout_and_says_nothing_else(cli, shipped):
    run = cli("export", "--format", "json", root=shipped)
    assert run.exit_code == 0 and run.stderr == ""
    document = run.json()
    assert len(document["cities"]) == len(cli("list", "cities", "-f", "json", root=shipped).json())
    assert cli("export", root=shipped).json() == document  # json is the default


def test_export_short_output_option_and_a_format_read_from_the_file_name(cli, shipped, tmp_path):
    run = cli("export", "-o", str(tmp_path / "all.db"), root=shipped)
    assert run.exit_code == 0, run.stderr
    assert "1 grouping," in run.stdout  # one, in the singular
    count = sqlite3.connect(tmp_path / "all.db").execute("SELECT count(*) FROM cities")
    assert count.fetchone()[0] == 84
    run = cli("export", "-o", str(tmp_path / "all.jsonl"), root=shipped)
    assert run.exit_code == 0
    first = json.loads((tmp_path / "all.jsonl").read_text().splitlines()[0])
    assert first["kind"] == "city"


@pytest.mark.parametrize("args,message", [
    (["-f", "sqlite"], "--format sqlite writes a file: name it with --output PATH"),
    (["-f", "csv"], "--format csv writes a folder: name it with --output PATH"),
    (["-o", "tables.csv"], "name its format with --format"),
    (["-o", "notes.txt"], "name its format with --format"),
])
def test_an_export_that_cannot_go_where_it_is_sent_says_why(cli, shipped, tmp_path, args,
                                                           message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("export", *args, root=shipped)
    assert run.exit_code == 2 and message in run.stderr and run.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_export_json_lines_is_a_record_a_line_with_its_kind(cli, shipped):
    document = cli("export", "-f", "json", root=shipped).json()
    lines = cli("export", "-f", "jsonl", root=shipped).stdout.splitlines()
    assert sum(len(records) for records in document.values()) == len(lines)
    parsed = [json.loads(line) for line in lines]
    agreement = next(p for p in parsed if p["kind"] == "agreement")
    assert agreement["record"] in document["agreements"]
    assert agreement["record"]["kind"] in ("sister", "friendship", "partnership", "twinning",
                                           "cooperation")  # its own kind kept apart


def test_list_json_lines_holds_what_json_holds(cli, shipped):
    args = ("list", "agreements", "--city", "seoul", "--fields", "id,partner.country")
    whole = cli(*args, "-f", "json", root=shipped).json()
    lines = cli(*args, "-f", "jsonl", root=shipped).stdout.splitlines()
    assert [json.loads(line) for line in lines] == whole and len(lines) > 50


# -- a pipe closed early ------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["export", "--format", "json"], ["export", "--format", "jsonl"], ["list", "cities"],
    ["list", "cities", "-f", "json"], ["show", "seoul"], ["schema"], ["validate"],
    ["--help"], ["list", "--help"], ["--version"], ["history", "seoul"],
])
def test_a_closed_pipe_ends_the_command_quietly_with_status_0(shipped, args):
    seen = into_closed_pipe([*args, "--no-cache"] if args[0] in ("list", "show", "validate")
                            else args, shipped)
    assert (seen.status, seen.stderr) == (0, "")


def test_a_closed_pipe_does_not_hide_a_misuse(shipped):
    seen = into_closed_pipe(["show", "nowhere-city"], shipped)
    assert seen.status == 2 and "no record has the id 'nowhere-city'" in seen.stderr


# -- tables that fit the terminal ----------------------------------------------------------

@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("args", [["list", "organisations"],
                                  ["list", "memberships", "--member", "seoul"],
                                  ["list", "committees"], ["list", "agreements"],
                                  ["list", "cities", "--country", "KR",
                                   "--fields", "id,names,location"]])
def test_every_id_is_whole_on_one_line_and_what_is_left_out_is_named(cli, shipped, width,
                                                                     args):
    records = cli(*args, "-f", "json", root=shipped).json()
    seen = on_terminal([*args, "--no-cache"], shipped, width)
    assert seen.status == 0, seen.stderr
    lines = seen.stdout.splitlines()
    assert all(len(line) <= width for line in lines), seen.stdout
    assert "…" not in seen.stdout  # nothing is cut short, neither a value nor a header
    for record in records:
        assert any(f" {record['id']} " in f"{line} " for line in lines), record["id"]
    header = next(line for line in lines if line.lstrip().startswith("id "))
    shown = header.split()
    if seen.stderr:  # one line: which columns, and how to see them
        note = seen.stderr.strip()
        assert len(note.splitlines()) == 1 and note.startswith("note: ")
        assert "left out to fit the terminal" in note and "--fields id," in note
        left_out = note.split("--fields id,")[1].split()[0].split(",")
        assert not set(left_out) & set(shown) and left_out
    for name in shown:  # a column shown carries every reference whole too
        if name in ("member", "organisation", "headquarters"):
            for record in records:
                if record.get(name):
                    assert any(f" {record[name]} " in f"{line} " for line in lines)


def test_a_narrow_terminal_leaves_a_column_out_rather_than_break_an_id(cli, shipped):
    seen = on_terminal(["list", "memberships", "--member", "seoul", "--no-cache"], shipped, 60)
    assert "organisation" not in seen.stdout.split("───")[0]
    assert "note: organisation, status and roles left out to fit the terminal; see them with " \
           "--fields id,organisation,status,roles or --format csv" in seen.stderr


def test_one_record_is_one_city(shipped):
    seen = on_terminal(["list", "cities", "--limit", "1", "--no-cache"], shipped, 80)
    assert seen.stdout.splitlines()[0].strip() == "1 city"
    seen = on_terminal(["list", "cities", "--limit", "2", "--no-cache"], shipped, 80)
    assert seen.stdout.splitlines()[0].strip() == "2 cities"


def test_auto_is_a_table_on_a_terminal_and_tab_separated_in_a_pipe(cli, shipped):
    args = ["list", "cities", "--country", "KR", "--fields", "id,names.en,capital"]
    piped = cli(*args, root=shipped).stdout
    assert piped == "seoul\tSeoul\ttrue\n"  # no header, no padding: `cut -f1` gives the ids
    assert cli(*args, "-f", "tsv", root=shipped).stdout == piped
    table = on_terminal([*args, "--no-cache"], shipped, 80).stdout
    assert "names.en" in table and "yes" in table and "\t" not in table
    assert cli(*args, "-f", "table", root=shipped).stdout.split() == [
        "id", "names.en", "capital", "seoul", "Seoul", "yes"]


def test_a_tab_or_line_break_in_a_value_never_splits_a_tsv_line(cli, make_registry):
    root = make_registry({"data/cities/busan.yaml": "names: {en: \"Bu\\tsan\\nCity\"}\n"
                                                    "country: KR\nsources: [{title: t}]\n"})
    lines = cli("list", "cities", "--fields", "id,names.en", root=root).stdout.splitlines()
    assert lines[0] == "busan\tBu\\x09san\\x0aCity"
    assert len(lines) == 4


# -- filters and fields that name nothing --------------------------------------------------

@pytest.mark.parametrize("args,message", [
    (["--fields", "names."], "--fields: 'names.' names no field; name a part after names., "
                             "such as names.en"),
    (["--fields", ",,"], "--fields names no field: give some, such as --fields id,names.en"),
    (["--fields="], "--fields names no field"),
    (["--fields", "location.latt"], "location has no field `latt` (did you mean `lat`?)"),
    (["--fields", "id,locaton"], "did you mean 'location'?"),
    (["--fields", "location."], "such as location.lat or location.lon"),
    (["--country="], "--country is empty: give it a value, or leave it out"),
    (["--country", ","], "--country is empty"),
    (["--level="], "--level is empty"),
    (["--sort="], "--sort names no field: give one"),
    (["--sort", "names."], "such as names.en"),
])
def test_a_filter_or_field_that_names_nothing_is_a_misuse(cli, make_registry, args, message):
    run = cli("list", "cities", *args, root=make_registry())
    assert run.exit_code == 2 and run.stdout == ""
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_every_kinds_own_columns_are_fields_it_has(cli, make_registry):
    from citynet.model.kinds import KINDS

    root = make_registry()
    for kind in KINDS.values():
        run = cli("list", kind.folder, "--fields", ",".join(kind.columns), "-f", "json",
                  root=root)
        assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize("args,meant", [
    (["list", "cities", "--type", "x"], "--kind"),
    (["list", "cities", "--contry", "FR"], "--country"),
    (["list", "cities", "--json"], "--format json"),
    (["list", "cities", "--columns", "id"], "--fields"),
    (["show", "seoul", "--type", "city"], "--kind"),
    (["export", "--out", "x.json"], "--output"),
    (["report", "partners", "seoul", "--language", "fr"], "--lang"),
    (["validate", "--selct", "schema"], "--select"),
])
def test_an_unknown_option_suggests_the_nearest_option_of_that_command(cli, make_registry,
                                                                     args, meant):
    run = cli(*args, root=make_registry())
    assert run.exit_code == 2
    assert f"No such option: {args[[a.startswith('--') for a in args].index(True)]}; " \
           f"did you mean {meant}?" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
