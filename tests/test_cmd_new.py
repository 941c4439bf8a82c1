"""`citynet new`: it writes only what validate accepts, every field from options, prompts
that check each answer, and a path that works from the current folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from citynet.cli.app import COMMANDS, load_command
from citynet.edit.ask import ask_fields, ask_id, prompt_text
from citynet.model.kinds import AGREEMENTS, CITIES, GROUPINGS, KINDS, MEMBERSHIPS
from conftest import SHIPPED

CITYNET = "names: {en: CITYNET}\nkind: network\nsources: [{title: t}]\n"


def _files(root: Path, folder: str) -> list[str]:
    return sorted(p.name for p in (root / "data" / folder).iterdir())


@pytest.fixture
def root(make_registry, monkeypatch):
    """The small registry, with the current folder at its root."""
    made = make_registry({"data/organisations/citynet.yaml": CITYNET})
    monkeypatch.chdir(made)
    return made


# -- new writes only what validate accepts -------------------------------------------------

def test_a_self_agreement_is_refused_with_validates_code(cli, root):
    before = _files(root, "agreements")
    run = cli("new", "agreement", "--parties", "seoul,seoul", "--kind", "sister",
              "--source", "s", root=root)
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr.splitlines() == [
        "data/agreements/seoul-seoul-sister.yaml:5:3: error [self-agreement] an agreement "
        "needs two different cities, but both parties are 'seoul'",
        "citynet: error: the new agreement would not validate (1 error); nothing was written"]
    assert _files(root, "agreements") == before


def test_a_reversed_duplicate_is_reported_on_the_would_be_file(cli, make_registry,
                                                               monkeypatch):
    root = make_registry({"data/agreements/taipei-ottawa-sister.yaml":
                          "kind: sister\nparties: [taipei, ottawa]\nsources: [{title: t}]\n"})
    monkeypatch.chdir(root)
    run = cli("new", "agreement", "--parties", "ottawa,taipei", "--kind", "sister",
              "--source", "s", root=root)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "data/agreements/ottawa-taipei-sister.yaml:4:1: error [duplicate-agreement] a sister "
        "agreement between ottawa and taipei is already recorded in "
        "data/agreements/taipei-ottawa-sister.yaml")
    assert not (root / "data/agreements/ottawa-taipei-sister.yaml").exists()
    assert cli("validate", root=root).exit_code == 0


def test_the_issues_duplicate_on_the_shipped_data_is_refused(cli, tmp_path):
    shutil.copytree(SHIPPED / "data", tmp_path / "data")
    run = cli("new", "agreement", "--parties", "seoul,ankara", "--kind", "sister",
              "--source", "s", root=tmp_path)
    assert run.exit_code == 2
    [problem, summary] = run.stderr.splitlines()
    assert problem.startswith("data/agreements/ankara-seoul-sister.yaml:4:1: error "
                              "[duplicate-agreement] ")
    assert "seoul-ankara-sister.yaml" in problem and "nothing was written" in summary
    assert not (tmp_path / "data/agreements/ankara-seoul-sister.yaml").exists()


def test_an_unknown_country_is_refused(cli, root):
    run = cli("new", "city", "--id", "pristina", "--name", "Pristina", "--country", "XK",
              "--source", "s", root=root)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "data/cities/pristina.yaml:4:10: error [unknown-country] 'XK' is not an ISO 3166-1 "
        "alpha-2 country code")
    assert "pristina.yaml" not in _files(root, "cities")


def test_an_id_over_120_characters_is_refused(cli, root):
    long_id = "a" * 121
    run = cli("new", "city", "--id", long_id, "--name", "A", "--country", "KR",
              "--source", "s", root=root)
    assert run.exit_code == 2
    assert run.stderr == (f"citynet: error: {long_id!r} is not a valid id: use a lowercase "
                          "slug of at most 120 characters such as 'ho-chi-minh-city'\n")
    assert f"{long_id}.yaml" not in _files(root, "cities")


def test_a_dangling_reference_is_refused_with_validates_message(cli, root):
    run = cli("new", "membership", "--member", "atlantis", "--organisation", "citynet",
              "--source", "s", root=root)
    assert run.exit_code == 2
    assert "data/memberships/atlantis-citynet.yaml:2:9: error [dangling-ref] member refers " \
           "to 'atlantis', but there is no city" in run.stderr


def test_warnings_do_not_block_and_are_printed(cli, root):
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR", root=root)
    assert (run.exit_code, run.stdout) == (0, "data/cities/busan.yaml\n")
    assert run.stderr == ("data/cities/busan.yaml:1:1: warning [missing-source] the record "
                          "cites no source: add `sources` with at least a title\n")


# -- every field from options ----------------------------------------------------------------

def test_a_city_needs_no_level(cli, root):
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "kr",
              "--source", "s", root=root)
    assert run.exit_code == 0, run.stderr
    assert (root / "data/cities/busan.yaml").read_text() == (
        "id: busan\nnames:\n  en: Busan\ncountry: KR\nsources:\n- title: s\n")
    assert cli("validate", "--strict", root=root).exit_code == 0


def test_every_city_field_from_options(cli, root):
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--name", "fr=Pusan",
              "--name", "ko=부산", "--country", "KR", "--level", "city", "--capital",
              "--subdivision", "kr-26", "--location", "35.18,129.08", "--geonames-id",
              "1838524", "--notes", "A port.", "--source", "s", root=root)
    assert run.exit_code == 0, run.stderr
    record = cli("show", "busan", "-f", "json", root=root).json()["record"]
    assert record["names"] == {"en": "Busan", "fr": "Pusan", "ko": "부산"}
    assert (record["subdivision"], record["geonames_id"], record["notes"]) == (
        "KR-26", 1838524, "A port.")
    assert record["location"] == {"lat": 35.18, "lon": 129.08}
    assert record["capital"] is True and record["level"] == "city"
    assert cli("validate", "--strict", root=root).exit_code == 0


def test_agreement_membership_organisation_and_committee_fields(cli, root):
    made = [
        cli("new", "agreement", "--parties", "taipei,ottawa", "--kind", "friendship",
            "--signed", "2001", "--name", "fr=Amitié", "--name", "Friendship", "--notes", "n",
            "--source", "s", root=root),
        cli("new", "membership", "--member", "taipei", "--organisation", "citynet",
            "--since", "1990", "--role", "member", "--role", "observer",
            "--source", "s", root=root),
        cli("new", "organisation", "--id", "uclg", "--name", "UCLG", "--kind", "network",
            "--founded", "2004", "--headquarters", "seoul", "--partner", "citynet",
            "--acronym", "UCLG", "--source", "s", root=root),
        cli("new", "committee", "--id", "c1", "--name", "Culture", "--organisation",
            "citynet", "--status", "established", "--sector", "culture", "--source", "s",
            root=root),
    ]
    assert [m.exit_code for m in made] == [0, 0, 0, 0], [m.stderr for m in made]
    agreement = cli("show", "ottawa-taipei-friendship", "-f", "json", root=root).json()
    assert {k: agreement["record"][k] for k in ("signed", "names", "notes")} == {
        "signed": "2001", "names": {"fr": "Amitié", "en": "Friendship"}, "notes": "n"}
    membership = cli("show", "taipei-citynet", "-f", "json", root=root).json()["record"]
    assert membership["since"] == "1990" and len(membership["roles"]) == 2
    organisation = cli("show", "uclg", "-f", "json", root=root).json()["record"]
    assert (organisation["headquarters"], organisation["partners"]) == ("seoul", ["citynet"])
    assert cli("validate", "--strict", root=root).exit_code == 0


def test_new_grouping(cli, root):
    run = cli("new", "grouping", "--id", "near", "--name", "Near and far", "--group", "KR,JP",
              "--group", "asia", "--city", "seoul", "--source", "s", root=root)
    assert (run.exit_code, run.stdout) == (0, "data/groupings/near.yaml\n"), run.stderr
    record = cli("show", "near", "-f", "json", root=root).json()["record"]
    assert record["groups"] == [{"countries": ["KR", "JP"]}, {"regions": ["Asia"]}]
    assert cli("validate", "--strict", root=root).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["--name", "Busan", "--name", "en=Pusan"], "--name: two names in 'en'"),
    (["--name", "Busan", "--location", "north"], "--location: 'north' is not LAT,LON"),
    (["--name", "Busan", "--geonames-id", "x1"], "--geonames-id: 'x1' is not a whole number"),
    (["--name", "Busan", "--parties", "seoul,taipei"], "--parties does not apply to a new city"),
    (["--name", "Busan", "--headquarters", "seoul"],
     "--headquarters does not apply to a new city"),
])
def test_values_that_cannot_be_used_are_one_line_errors(cli, root, args, message):
    run = cli("new", "city", "--id", "busan", "--country", "KR", *args, root=root)
    assert run.exit_code == 2
    assert run.stderr == f"citynet: error: {message}" + run.stderr.split(message, 1)[1]
    assert len(run.stderr.splitlines()) == 1
    assert "busan.yaml" not in _files(root, "cities")


def test_names_in_other_languages_need_an_english_one(cli, root):
    run = cli("new", "membership", "--member", "seoul", "--organisation", "citynet",
              "--name", "fr=Séoul dans CITYNET", "--source", "s", root=root)
    assert run.exit_code == 2
    assert run.stderr.startswith("data/memberships/seoul-citynet.yaml:3:3: error [schema] "
                                 "names: an English name ('en') is required\n")
    run = cli("new", "membership", "--member", "seoul", "--organisation", "citynet",
              "--name", "fr=Séoul dans CITYNET", "--name", "Seoul in CITYNET", "--source", "s",
              root=root)
    assert run.exit_code == 0, run.stderr
    assert "names:\n  en: Seoul in CITYNET\n  fr: Séoul dans CITYNET\n" in (
        root / run.stdout.strip()).read_text()


def test_every_declared_field_has_an_option_and_only_those():
    own = {"id", "source", "source_url", "source_as_of", "schema", "root", "no_cache", "help"}
    params = load_command(COMMANDS["new"]).params
    options = {p.opts[0][2:].replace("-", "_") for p in params if p.param_type_name == "option"}
    declared = {f.option for kind in KINDS.values() for f in kind.new}
    assert options - own == declared


def test_lists_are_repeated_options_or_comma_separated(cli, root):
    run = cli("new", "agreement", "--parties", "seoul,taipei", "--kind", "cooperation",
              "--source", "s", root=root)
    assert (run.exit_code, run.stdout) == (0, "data/agreements/seoul-taipei-cooperation.yaml\n")
    run = cli("new", "agreement", "--parties", "ottawa", "--parties", "taipei", "--kind",
              "friendship", "--source", "s", root=root)
    assert (run.exit_code, run.stdout) == (0, "data/agreements/ottawa-taipei-friendship.yaml\n")
    run = cli("new", "organisation", "--id", "uclg", "--name", "UCLG", "--kind", "network",
              "--partner", "citynet,uclg-asia", "--source", "s", root=root)
    assert run.exit_code == 2 and "partners.1 refers to 'uclg-asia'" in run.stderr
    run = cli("new", "membership", "--member", "seoul", "--organisation", "citynet",
              "--role", "founder,observer", "--role", "member", "--source", "s", root=root)
    assert run.exit_code == 0, run.stderr
    record = cli("show", "seoul-citynet", "-f", "json", root=root).json()["record"]
    assert [r["role"] for r in record["roles"]] == ["founder", "observer", "member"]
    run = cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--country", "JP",
              root=root)
    assert run.exit_code == 2 and run.stderr == "citynet: error: a new city takes one --country\n"
    run = cli("new", "agreement", "--parties", "seoul,taipei,ottawa", "--kind", "sister",
              root=root)
    assert run.exit_code == 2
    assert run.stderr == "citynet: error: a new agreement takes 2 --parties values, not 3\n"


def test_a_value_is_never_taken_for_an_option(cli, root):
    """`--notes --no-cache` is a note; `--root` after --notes is its value, not the registry."""
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR",
              "--notes", "--no-cache", "--source", "s", root=root)
    assert run.exit_code == 0, run.stderr
    run = cli("new", "city", "--id", "pusan", "--name", "Pusan", "--country", "KR",
              "--notes", "--root", "--source", "s", root=root)
    assert run.exit_code == 0, run.stderr
    shown = {i: cli("show", i, "-f", "json", root=root).json()["record"]["notes"]
             for i in ("busan", "pusan")}
    assert shown == {"busan": "--no-cache", "pusan": "--root"}


# -- paths from the current folder -----------------------------------------------------------

def test_the_path_is_printed_from_the_current_folder(cli, root, monkeypatch):
    cities = root / "data" / "cities"
    monkeypatch.chdir(cities)
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR",
              "--source", "s", root=root)
    assert run.stdout == "busan.yaml\n"
    run = cli("new", "membership", "--member", "busan", "--organisation", "citynet",
              "--source", "s", root=root)
    assert run.stdout == "../memberships/busan-citynet.yaml\n"
    assert Path(run.stdout.strip()).read_text().startswith("id: busan-citynet\n")
    monkeypatch.chdir(root.parent)
    run = cli("new", "city", "--id", "oslo", "--name", "Oslo", "--country", "NO",
              "--source", "s", root=root)
    assert run.stdout == f"{root.name}/data/cities/oslo.yaml\n"


# -- prompts ---------------------------------------------------------------------------------

class Terminal:
    """Scripted answers for `ask`: what was asked and what was told."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.told: list[str] = []

    def read(self, prompt: str) -> str:
        self.asked.append(prompt)
        if not self.answers:
            raise EOFError(prompt)
        return self.answers.pop(0)

    def tell(self, reason: str) -> None:
        self.told.append(reason)


KNOWN = {folder: set() for folder in KINDS} | {"cities": {"seoul", "taipei"},
                                               "organisations": {"citynet"}}


def test_a_closed_field_shows_its_choices_and_an_optional_one_can_be_skipped():
    assert prompt_text(CITIES, next(f for f in CITIES.new if f.option == "level")) == (
        "level [city, municipality, district, federal-district, prefecture, province, state, "
        "region] (optional, Enter to skip)")
    terminal = Terminal("Busan", "", "KR", "", "", "", "", "", "")
    answers = ask_fields(CITIES, {}, KNOWN, terminal.read, terminal.tell)
    assert answers == {"name": ["Busan"], "country": "KR"}
    assert terminal.told == []


def test_each_answer_is_checked_as_it_is_given():
    terminal = Terminal("", "Busan", "fr=Pusan", "", "Korea", "KR", "town", "city",
                        "maybe", "yes", "", "north", "35.1,129", "x", "", "")
    answers = ask_fields(CITIES, {}, KNOWN, terminal.read, terminal.tell)
    assert answers == {"name": ["Busan", "fr=Pusan"], "country": "KR", "level": "city",
                       "capital": "yes", "location": "35.1,129"}
    assert terminal.told == [
        "a value is needed",
        "country: must be a two-letter ISO 3166-1 country code in capitals, such as 'KR', "
        "not 'KOREA'",
        "choose one of: city, municipality, district, federal-district, prefecture, province, "
        "state, region",
        "answer yes or no, not 'maybe'",
        "'north' is not LAT,LON in decimal degrees, such as 37.57,126.98",
        "'x' is not a whole number",
    ]
    assert terminal.asked[2] == "name, another (Enter to finish)"


def test_a_reference_is_checked_against_the_registry_as_it_is_given():
    terminal = Terminal("seoul atlantis", "seoul taipei", "sister", "", "", "", "", "", "")
    answers = ask_fields(AGREEMENTS, {}, KNOWN, terminal.read, terminal.tell)
    assert answers["parties"] == "seoul taipei" and answers["kind"] == "sister"
    assert terminal.told == ["there is no city 'atlantis'"]
    terminal = Terminal("nowhere", "seoul", "", "", "", "", "", "")
    assert ask_fields(MEMBERSHIPS, {"organisation": "citynet"}, KNOWN, terminal.read,
                      terminal.tell) == {"organisation": "citynet", "member": "seoul"}
    assert terminal.told == ["there is no city 'nowhere'"]


def test_given_options_are_not_asked_and_an_id_is_checked():
    terminal = Terminal("Seoul", "New Seoul", "new-seoul")
    assert ask_id(CITIES, KNOWN, terminal.read, terminal.tell) == "new-seoul"
    rule = "use a lowercase slug of at most 120 characters such as 'ho-chi-minh-city'"
    assert terminal.told == [rule, rule]
    assert ask_id(CITIES, KNOWN, Terminal("seoul", "s2").read, terminal.tell) == "s2"
    assert terminal.told[-1] == "a city with the id 'seoul' already exists"
    terminal = Terminal()
    given = {"name": ["G"], "group": ["KR"], "city": "seoul", "notes": "n"}
    assert ask_fields(GROUPINGS, given, KNOWN, terminal.read, terminal.tell) == given
    assert terminal.asked == []


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_new_city_on_a_terminal_asks_and_writes(make_registry):
    """One real run on a pseudo-terminal: `python -m citynet new city` and typed answers."""
    import pty
    import subprocess

    root = make_registry()
    controller, terminal = pty.openpty()
    env = {**os.environ, "CITYNET_ROOT": str(root), "NO_COLOR": "1", "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "citynet", "new", "city", "--source", "typed"],
        stdin=terminal, stdout=subprocess.PIPE, stderr=terminal, cwd=root, env=env)
    os.close(terminal)
    seen = _converse(controller, [
        ("id", "busan"), ("name", "Busan"), ("another", ""), ("country", "kr"),
        ("level", "town"), ("choose one of", None), ("level", "city"), ("capital", ""),
        ("subdivision", ""), ("location", ""), ("geonames", ""), ("notes", "")])
    stdout, _ = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0, seen
    assert stdout.decode() == "data/cities/busan.yaml\n"
    assert "level [city, municipality" in seen
    assert (root / "data/cities/busan.yaml").read_text() == (
        "id: busan\nnames:\n  en: Busan\ncountry: KR\nlevel: city\nsources:\n- title: typed\n")


def _converse(controller: int, script: list[tuple[str, str | None]]) -> str:
    """Wait for each expected text on the terminal, then type the answer (None: just wait)."""
    import select

    seen, cursor = "", 0
    for expected, answer in script:
        while expected not in seen[cursor:]:
            ready, _, _ = select.select([controller], [], [], 30)
            if not ready:
                raise AssertionError(f"waited for {expected!r}; the terminal shows {seen!r}")
            seen += os.read(controller, 4096).decode(errors="replace")
        cursor = seen.index(expected, cursor) + len(expected)
        if answer is not None:
            os.write(controller, answer.encode() + b"\n")
    return seen


NEW_CITY = ("new", "city", "--id", "busan", "--name", "Busan", "--country", "kr",
            "--level", "city", "--source", "Busan city hall")


def test_new_city_is_written_valid_and_canonical(cli, make_registry, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(root)  # the path is printed from the current folder
    run = cli(*NEW_CITY, root=root)
    assert (run.exit_code, run.stdout) == (0, "data/cities/busan.yaml\n")
    assert (root / "data/cities/busan.yaml").read_text() == (
        "id: busan\nnames:\n  en: Busan\ncountry: KR\nlevel: city\n"
        "sources:\n- title: Busan city hall\n")
    assert cli("validate", "--strict", root=root).exit_code == 0
    assert cli("fmt", "--check", str(root / "data/cities/busan.yaml"), root=root).exit_code == 0


def test_new_agreement_derives_its_id_and_checks_references(cli, make_registry, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(root)
    run = cli("new", "agreement", "--parties", "taipei,ottawa", "--kind", "friendship",
              "--signed", "2001-05", "--source", "t", root=root)
    assert run.stdout == "data/agreements/ottawa-taipei-friendship.yaml\n"
    assert cli("validate", root=root).exit_code == 0
    missing = cli("new", "agreement", "--parties", "seoul,atlantis", "--kind", "sister",
                  root=root)
    assert missing.exit_code == 2
    assert "[dangling-ref] parties.1 refers to 'atlantis'" in missing.stderr
    assert not (root / "data/agreements/atlantis-seoul-sister.yaml").exists()


def test_new_membership_with_roles(cli, make_registry, monkeypatch):
    root = make_registry({"data/organisations/citynet.yaml":
                          "names: {en: CITYNET}\nkind: network\nsources: [{title: t}]\n"})
    monkeypatch.chdir(root)
    run = cli("new", "membership", "--member", "seoul", "--organisation", "citynet",
              "--since", "1989", "--role", "president", "--source", "t", root=root)
    assert run.stdout == "data/memberships/seoul-citynet.yaml\n"
    text = (root / "data/memberships/seoul-citynet.yaml").read_text()
    assert "roles:\n- role: president\n" in text and "since: '1989'" in text
    assert cli("validate", root=root).exit_code == 0


def test_new_refuses_to_overwrite(cli, make_registry):
    root = make_registry()
    before = (root / "data/cities/seoul.yaml").read_text()
    run = cli("new", "city", "--id", "seoul", "--name", "S", "--country", "KR", "--level",
              "city", root=root)
    assert run.exit_code == 2
    assert "a city with the id 'seoul' already exists" in run.stderr
    assert (root / "data/cities/seoul.yaml").read_text() == before


@pytest.mark.parametrize("bad_id", ["../x", "/tmp/x", "Upper Case", "a/b", "", "-x"])
def test_new_refuses_ids_that_are_not_slugs(cli, make_registry, bad_id, tmp_path):
    root = make_registry()
    run = cli("new", "city", "--id", bad_id, "--name", "X", "--country", "KR", "--level",
              "city", root=root)
    assert run.exit_code == 2
    assert "is not a valid id" in run.stderr or "needs --id" in run.stderr
    assert sorted(p.name for p in (root / "data/cities").iterdir()) == [
        "ottawa.yaml", "seoul.yaml", "taipei.yaml"]


def test_new_refuses_invalid_values(cli, make_registry):
    run = cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--level", "town",
              root=make_registry())
    assert run.exit_code == 2 and "level: must be one of" in run.stderr


def test_new_without_a_terminal_needs_the_required_options(cli, make_registry):
    run = cli("new", "city", "--id", "x", "--name", "X", root=make_registry())
    assert (run.exit_code, run.stderr) == (2, "citynet: error: a new city needs --country\n")


def test_new_adds_a_schema_modeline(cli, make_registry):
    root = make_registry()
    cli(*NEW_CITY, "--schema", "../../schemas/cities.schema.json", root=root)
    first = (root / "data/cities/busan.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/cities.schema.json"
    assert cli("validate", root=root).exit_code == 0


def test_new_without_source_warns(cli, make_registry):
    run = cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--level", "city",
              root=make_registry())
    assert run.exit_code == 0 and "cites no source" in run.stderr


