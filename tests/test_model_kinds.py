"""Each kind is declared once: a new kind needs only a model and a declaration."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import ClassVar

import pytest

from citynet.errors import UnknownKind
from citynet.model.declare import withdraw
from citynet.model.kinds import (
    AGREEMENTS,
    KINDS,
    MEMBERSHIPS,
    Column,
    Filter,
    Kind,
    NewField,
    declare,
    kind_by_name,
)
from citynet.model.records import Id, Names, PartialDate, Record, TimeSpan

SRC = Path(__file__).parent.parent / "src" / "citynet"


class Festival(Record, TimeSpan):
    """A festival a city holds (a kind made up for this test)."""

    start_field: ClassVar[str | None] = "held"
    names: Names
    city: Id
    held: PartialDate | None = None


@pytest.fixture
def festivals():
    kind = declare(Kind(
        "festival", "festivals", Festival,
        refs=(("city", "cities"),),
        columns=("id", "names.en", "city", "held"),
        filters=(Filter("city", "city"),),
        export=(Column("id"), Column("name", "names.en"), Column("city"), Column("held")),
        new=(NewField("name", "names.en", required=True), NewField("city", "city",
                                                                    required=True)),
    ))
    yield kind
    withdraw(kind)


def test_a_new_kind_is_listed_shown_exported_and_created(cli, make_registry, festivals,
                                                          tmp_path):
    root = make_registry({"data/festivals/lantern.yaml":
                          "names: {en: Lantern Festival}\ncity: seoul\nheld: 2019\n"})
    listed = cli("list", "festivals", "--city", "seoul", "--format", "csv", root=root)
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout == "id,names.en,city,held\nlantern,Lantern Festival,seoul,2019\n"
    assert cli("list", "festival", "--since", "2020", "--format", "json",
               root=root).json() == []
    shown = cli("show", "lantern", "--format", "json", root=root)
    assert shown.json()["kind"] == "festival"
    out = tmp_path / "out.json"
    assert cli("export", "--format", "json", "--output", str(out), root=root).exit_code == 0
    assert json.loads(out.read_text())["festivals"][0]["city"] == "seoul"
    made = cli("new", "festival", "--id", "kite", "--name", "Kite", "--city", "seoul",
               "--source", "x", root=root)
    assert made.exit_code == 0, made.stderr
    assert (root / "data/festivals/kite.yaml").is_file()
    dangling = cli("new", "festival", "--id", "k2", "--name", "K", "--city", "nowhere",
                   root=root)
    assert dangling.exit_code == 2 and "[dangling-ref] city refers to 'nowhere'" in \
        dangling.stderr


class Parade(Record, TimeSpan):
    """A parade through cities (made up for this test): every field name is new to `new`."""

    start_field: ClassVar[str | None] = "marched"
    names: Names
    route: list[Id]
    marched: PartialDate | None = None
    floats: int | None = None
    televised: bool | None = None


def _parade_id(data) -> str:
    return "-".join(data["route"]) + "-parade"


@pytest.fixture
def parades():
    """The "add a kind" recipe of docs/architecture.md, followed with field names no other
    kind has: a model and one declaration."""
    kind = declare(Kind(
        "parade", "parades", Parade, id_rule=_parade_id,
        refs=(("route.*", "cities"),),
        columns=("id", "names.en", "route", "marched"),
        export=(Column("id"), Column("name", "names.en"), Column("marched")),
        new=(NewField("name", "names.en", required=True),
             NewField("route", "route", required=True, many=True),
             NewField("marched", "marched", metavar="DATE"),
             NewField("floats", "floats", convert=int, metavar="N"),
             NewField("televised", "televised", switch=True)),
    ))
    yield kind
    withdraw(kind)


def test_new_takes_the_options_a_new_kind_declares(cli, make_registry, parades, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(root)
    made = cli("new", "parade", "--name", "Lanterns", "--route", "seoul,taipei", "--route",
               "ottawa", "--marched", "2019-05", "--floats", "12", "--televised", "--source",
               "s", root=root)
    assert (made.exit_code, made.stdout) == (0, "data/parades/seoul-taipei-ottawa-parade.yaml\n"), \
        made.stderr
    record = cli("show", "seoul-taipei-ottawa-parade", "-f", "json", root=root).json()["record"]
    assert {k: record[k] for k in ("route", "marched", "floats", "televised")} == {
        "route": ["seoul", "taipei", "ottawa"], "marched": "2019-05", "floats": 12,
        "televised": True}
    page = cli("new", "--help", env={"COLUMNS": "100"}).stdout
    assert "--marched DATE" in page and "--floats N" in page and "parade:" in page
    wrong = cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--marched",
                "2019", root=root)
    assert wrong.exit_code == 2 and "--marched does not apply to a new city" in wrong.stderr
    dangling = cli("new", "parade", "--name", "P", "--route", "seoul,nowhere", "--source", "s",
                   root=root)
    assert dangling.exit_code == 2 and "route.1 refers to 'nowhere'" in dangling.stderr


def test_a_new_field_spelt_like_an_option_of_new_is_refused():
    from citynet.cli.new import field_parameters

    with pytest.raises(ValueError, match="spelt like one of new's own options"):
        field_parameters([Kind("x", "xs", Parade, new=(NewField("source", "names"),))])


def test_id_rules_are_declared_once():
    assert AGREEMENTS.make_id({"parties": ["seoul", "busan"], "kind": "sister"}) == \
        "busan-seoul-sister"
    assert MEMBERSHIPS.make_id({"member": "hue", "organisation": "ascn"}) == "hue-ascn"


def test_kind_by_name_takes_aliases_and_suggests():
    assert kind_by_name("Organization").folder == "organisations"
    with pytest.raises(UnknownKind, match="did you mean 'agreement'\\?"):
        kind_by_name("agrement")
    with pytest.raises(UnknownKind, match="did you mean 'agreements'\\?"):  # the number kept
        kind_by_name("agreemnts")


def test_a_name_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="already declared"):
        declare(Kind("city", "towns", Festival))


def _kind_names() -> set[str]:
    return {n for k in KINDS.values() for n in (k.name, k.folder, *k.aliases)}


def test_no_kind_name_is_written_outside_its_declaration():
    """A kind's name is a string literal only in model/kinds.py and model/records.py."""
    allowed = {SRC / "model" / "kinds.py", SRC / "model" / "records.py",
               SRC / "model" / "terms.py"}  # the models: Level.CITY is the word "city"
    # Option and keyword names that happen to be spelt like a kind (`--city ID`).
    options = {("cli/listing.py", "city"), ("cli/listing.py", "organisation"),
               ("cli/new.py", "city"), ("cli/new.py", "organisation"),
               ("cli/report.py", "grouping"), ("publish/reports.py", "grouping"),
               ("publish/reports.py", "membership")}
    names = _kind_names()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and n.body and isinstance(n.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in names \
                    and id(node) not in docstrings \
                    and (path.relative_to(SRC).as_posix(), node.value) not in options:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}")
    assert found == []
