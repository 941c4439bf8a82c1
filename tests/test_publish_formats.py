"""One registry of writers: every command's --format comes from it, `auto` included, and a
writer registered once is offered by every command that has the shape it reads."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

from citynet.cli.app import COMMANDS, load_command
from citynet.publish import formats
from citynet.publish.formats import AUTO, WRITERS, Offer, Way, Writer, dumps
from citynet.publish.shapes import Output, Rows, Shape

ROWS = [{"id": "seoul", "capital": True, "names": {"en": "Seoul"}}]
SRC = Path(formats.__file__).resolve().parents[1]


def written(name: str, rows: list[dict], columns: list[str] | None = None) -> str:
    offer = Offer(Shape.ROWS, Shape.DATA)
    return offer.write(name, Output({Shape.ROWS: lambda: Rows(rows, columns),
                                     Shape.DATA: lambda: rows}))


def test_booleans_are_true_false_for_machines_and_yes_no_in_the_table():
    assert written("csv", ROWS, ["id", "capital"]) == "id,capital\nseoul,true\n"
    assert '"capital": true' in written("json", ROWS)
    assert "yes" in written("table", ROWS, ["id", "capital"])
    assert "| seoul |" in written("markdown", ROWS, ["id"])
    assert "id: seoul" in written("yaml", ROWS)


def _offers() -> dict[str, tuple[Offer, object]]:
    """Each command that has a --format: its Offer and its click command."""
    found = {}
    for entry in COMMANDS.values():
        module = importlib.import_module(f"citynet.cli.{entry.module}")
        offer = getattr(module, "FORMATS", None)
        command = load_command(entry)
        commands = {f"{entry.name} {n}": c for n, c in getattr(command, "commands", {}).items()}
        for words, each in (commands or {entry.name: command}).items():
            if any(p.name == "format" for p in each.params):
                assert isinstance(offer, Offer), f"{entry.module} has --format but no FORMATS"
                found[words] = (offer, each)
    return found


OFFERS = _offers()


def test_every_format_option_is_made_from_the_registry():
    """No command lists formats of its own: the option is `format_option(FORMATS)`."""
    assert {"validate", "list", "show", "export", "diff", "history", "report",
            "import pairs"} <= set(OFFERS)
    for name, (offer, command) in OFFERS.items():
        option = next(p for p in command.params if p.name == "format")
        choices = "[" + "|".join(offer.names) + "]"
        assert option.metavar == (choices if len(choices) <= 60 else "FORMAT"), name
        assert set(offer.writers) == {n for n, w in WRITERS.items() if w.way(offer.shapes)}


@pytest.mark.parametrize("name", sorted(OFFERS))
def test_each_command_takes_exactly_its_formats(cli, make_registry, name):
    offer, _ = OFFERS[name]
    run = cli(*name.split(), "--format", "no-such-writer", root=make_registry())
    assert run.exit_code == 2 and "'no-such-writer' is not one of " + ", ".join(
        offer.names) in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_auto_is_for_people_and_github_under_github_actions(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    people = [n for n, w in WRITERS.items() if w.people]
    assert Offer(Shape.ROWS, Shape.DATA).choose(AUTO) == next(
        n for n in people if WRITERS[n].way([Shape.ROWS]))
    annotated = Offer(Shape.TEXT, Shape.DATA, Shape.ANNOTATIONS)
    assert annotated.choose(AUTO) == next(n for n in people if WRITERS[n].way([Shape.TEXT]))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert annotated.choose(AUTO) == formats.GITHUB
    assert Offer(Shape.TEXT, Shape.DATA).choose(AUTO) != formats.GITHUB  # not offered: no
    machines = Offer(Shape.DATA, Shape.TABLES)  # no writer for people: no auto either
    assert AUTO not in machines.names
    with pytest.raises(ValueError, match="not one of"):
        machines.check(AUTO)


def test_a_writer_registered_once_is_offered_by_every_command_with_its_shape(cli,
                                                                             make_registry):
    """The architecture doc's recipe: one function, one line, and `show`, `list`, `diff`
    … offer it (a registry's extension, as a test declares a kind)."""
    def to_keys(data):
        return "\n".join(sorted(data if isinstance(data, dict) else data[0])) + "\n"

    WRITERS["keys"] = Writer(Way(Shape.DATA, to_keys))
    try:
        root = make_registry()
        shown = cli("show", "seoul", "--format", "keys", root=root)
        assert (shown.exit_code, shown.stdout) == (0, "id\nkind\npath\nrecord\nrelated\n")
        listed = cli("list", "cities", "-f", "keys", root=root)
        assert listed.exit_code == 0 and listed.stdout.startswith("capital\ncountry\nid\n")
        assert "keys" in Offer(Shape.DATA).names
        assert "keys" not in Offer(Shape.ROWS).names
    finally:
        del WRITERS["keys"]
    assert cli("show", "seoul", "--format", "keys", root=root).exit_code == 2


def test_dumps_is_the_one_json_encoding():
    assert dumps({"a": "é"}) == '{\n  "a": "é"\n}\n'
    assert dumps([1, {"b": 2}], pretty=False, compact=True) == '[1,{"b":2}]'
    hostile = {"notes": "x ##[error]y \u2028 \x85"}
    assert "##[" not in dumps(hostile) and "\u2028" not in dumps(hostile)
    assert json.loads(dumps(hostile)) == hostile


STORAGE = {"store", "lsp"}
"""Where JSON is a storage or wire format of citynet's own (caches, the index, the language
server's pipes), not output: json.dumps is theirs."""
ELSEWHERE = {Path("publish/site/basemap.py")}
"""The basemap's maintainer command, which converts Natural Earth's file into citynet's own."""


def test_no_output_module_encodes_json_but_through_dumps():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if relative.parts[0] in STORAGE or relative in ELSEWHERE or \
                relative == Path("publish/formats.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("dumps", "dump") and \
                    isinstance(node.value, ast.Name) and node.value.id == "json":
                found.append(f"{relative}:{node.lineno}")
    assert found == []
