"""Start-up stays cheap: a command imports only what it uses (issue 14, "Start-up").

Each test runs the command in a fresh interpreter and reads what it imported,
so it fails when a module starts importing every command again, or when the
models of every kind are built for a command that needs none. Speed itself is
measured in benchmarks/run.py, never here.
"""

from __future__ import annotations

import json
import os
import time
import subprocess
import sys
from pathlib import Path

import pytest

from citynet.cli.app import COMMANDS, Summary, load_command
from citynet.model.kinds import CITIES, KINDS

HEAVY = ("pydantic", "jinja2", "ruamel", "yaml", "rich", "markdown_it", "babel", "pycountry")
"""Libraries the app's own help has no use for."""

COMMAND_MODULES = {f"citynet.cli.{entry.module}" for entry in COMMANDS.values()}

RUN = """
import json, sys
from citynet.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
declare = sys.modules.get("citynet.model.declare")
kinds = declare.KINDS.values() if declare else ()
built = [k.name for k in kinds if getattr(k.model, "__pydantic_complete__", False)]
sys.stderr.write("\\n@@" + json.dumps({"modules": sorted(sys.modules), "built": built}) + "\\n")
"""


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> dict:
    """Run the CLI in a fresh interpreter: the modules it imported and the models it built."""
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=120)
    found = json.loads(done.stderr.rsplit("\n@@", 1)[1])
    found["modules"] = set(found["modules"])
    found["stdout"] = done.stdout
    return found


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_version_imports_no_command_and_no_library():
    found = run("--version")
    assert found["stdout"].startswith("citynet ")
    assert not top_level(found["modules"]) & {"typer", *HEAVY}
    assert not found["modules"] & COMMAND_MODULES


def test_help_imports_no_command_module_no_model_and_no_rich():
    found = run("--help")
    assert "Commands:" in found["stdout"] and "validate" in found["stdout"]
    assert not found["modules"] & COMMAND_MODULES
    assert "citynet.model.records" not in found["modules"]
    assert not top_level(found["modules"]) & set(HEAVY)


def test_completing_a_command_name_imports_no_command_module(tmp_path):
    found = run(cwd=tmp_path, env={"_CITYNET_COMPLETE": "complete_bash",
                                   "COMP_WORDS": "citynet li", "COMP_CWORD": "1"})
    assert found["stdout"].split() == ["list"]
    assert not found["modules"] & COMMAND_MODULES


def test_a_commands_own_help_imports_that_command_only():
    found = run("list", "--help")
    assert "Usage: citynet list" in found["stdout"]
    assert found["modules"] & COMMAND_MODULES == {"citynet.cli.listing"}


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_list_cities_imports_no_other_command_and_builds_no_other_model(make_registry, warm):
    root = make_registry()
    if warm:  # folders written just now are not trusted by the index (git's racy rule): age them
        for folder in [root / "data", *(root / "data").iterdir()]:
            os.utime(folder, (time.time() - 60, time.time() - 60))
        run("list", "cities", cwd=root)
    found = run("list", "cities", "--format", "json", cwd=root)
    assert len(json.loads(found["stdout"])) == 3
    assert found["modules"] & COMMAND_MODULES == {"citynet.cli.listing"}
    assert not top_level(found["modules"]) & {"jinja2", "ruamel", "babel", "markdown_it"}
    assert set(found["built"]) <= {CITIES.name}
    if warm:  # the cache holds the records: none is validated again
        assert found["built"] == []


def test_running_a_command_builds_its_models_on_first_use(make_registry):
    found = run("validate", cwd=make_registry())
    assert found["stdout"].endswith("no problems\n")
    assert set(found["built"]) >= {CITIES.name}


def test_a_warm_validate_that_finds_its_outcome_imports_no_check(make_registry):
    """The stored outcome is printed as it is: neither the checks nor the recheck that works
    an outcome out after a change are imported, and no model is built."""
    root = make_registry()
    for folder in [root / "data", *(root / "data").iterdir()]:
        os.utime(folder, (time.time() - 60, time.time() - 60))
    run("validate", cwd=root)
    found = run("validate", cwd=root)
    assert found["stdout"].endswith("no problems\n")
    assert found["modules"] & {"citynet.lint.checks", "citynet.lint.catalogue",
                               "citynet.lint.recheck"} == set()
    assert found["built"] == []  # no model built either


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_table_summarises_each_command_as_its_own_help_does(name):
    """`citynet --help` and completion read COMMANDS: it must say what the command says."""
    entry = COMMANDS[name]
    command = load_command(entry)
    assert command.name == name
    assert (command.help or "").split("\n\n")[0].replace("\n", " ") == entry.summary
    for limit in (30, 45, 80):
        assert command.get_short_help_str(limit) == Summary(entry).get_short_help_str(limit)


def test_declaring_the_kinds_imports_no_model_and_using_one_builds_it_on_validation():
    code = ("import sys; from citynet.model.kinds import KINDS; "
            "print('pydantic' in sys.modules, 'citynet.model.records' in sys.modules); "
            "print(sum(k.model.__pydantic_complete__ for k in KINDS.values()), len(KINDS))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "False", "0", str(len(KINDS))]
    assert CITIES.model.model_validate({"names": {"en": "Busan"}, "country": "KR"})
    assert CITIES.model.__pydantic_complete__


def test_every_module_that_registers_a_command_is_in_the_table():
    """A command module left out of COMMANDS would never be reachable."""
    cli = Path(__file__).resolve().parent.parent / "src" / "citynet" / "cli"
    registering = {path.stem for path in cli.glob("*.py")
                   if "\ndef register(" in path.read_text(encoding="utf-8")}
    assert registering == {entry.module for entry in COMMANDS.values()}
