"""The app as a whole: version, help, registry root discovery, misuse."""

import os
import subprocess
import sys

import pytest

from citynet import __version__
from citynet.cli import main
from citynet.cli.app import COMMANDS as TABLE, load_command

COMMANDS = ["validate", "list", "show", "report", "new", "fmt", "schema", "diff", "init",
            "export", "rename", "suspend", "resume", "end", "succeed", "history", "explain", "lsp",
            "duplicates", "merge"]


def test_version(cli, capsys):
    assert cli("--version").stdout == f"citynet {__version__}\n"
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"citynet {__version__}\n"


def test_version_imports_no_typer():
    code = ("import sys; from citynet.cli import main; main(['--version']); "
            "print(sorted(m for m in ('typer', 'pydantic', 'rich', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_help_lists_every_command_with_a_description(cli):
    from typer.core import TyperGroup


    out = cli("--help").stdout
    commands = {name: load_command(entry) for name, entry in TABLE.items()}
    assert sorted(COMMANDS) == sorted(n for n, c in commands.items()
                                      if not isinstance(c, TyperGroup))
    assert [n for n, c in commands.items() if isinstance(c, TyperGroup)] == [
        "import", "enrich", "site", "compare"]
    for command in TABLE:
        assert f"\n  {command} " in out


def test_import_help_has_an_example(cli):
    run = cli("import", "pairs", "--help")
    assert run.exit_code == 0 and "Example: citynet import pairs" in run.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    run = cli(command, "--help")
    assert run.exit_code == 0
    assert "Example: citynet " + command in run.stdout


def test_every_option_has_help_text():

    for name, entry in TABLE.items():
        command = load_command(entry)
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name} has no help"


def test_no_arguments_shows_help(cli):
    run = cli()
    assert run.exit_code == 0
    assert "Usage" in run.stdout


def test_root_is_found_upwards_from_the_current_folder(cli, make_registry, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(root / "data" / "cities")
    assert cli("validate").exit_code == 0


def test_root_from_environment(cli, make_registry, tmp_path, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(tmp_path)
    run = cli("list", "cities", "-f", "json", env={"CITYNET_ROOT": str(root)})
    assert len(run.json()) == 3


def test_missing_root_is_one_line_exit_2(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("validate", env={"CITYNET_ROOT": ""})
    assert run.exit_code == 2
    assert run.stderr.startswith("citynet: error: no registry found")
    run = cli("--root", str(tmp_path / "nowhere"), "list", "cities")
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1


def test_unknown_command_is_misuse(cli):
    run = cli("frobnicate")
    assert run.exit_code == 2
    assert "No such command 'frobnicate'" in run.stderr


def test_console_script_runs(make_registry):
    root = make_registry()
    env = {**os.environ, "CITYNET_ROOT": str(root)}
    done = subprocess.run([sys.executable, "-m", "citynet", "validate"], capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0
    assert done.stdout == "5 files checked: no problems\n"
