"""Every help page reads well at 80 columns: click-style metavars, choices listed, help for all."""

from __future__ import annotations

import re

import pytest
import typer

from citynet.cli.app import app

from conftest import invoke


def _commands() -> list[tuple[tuple[str, ...], object]]:
    """Every command and group, as the words that reach it and its click object."""
    found: list[tuple[tuple[str, ...], object]] = []

    def walk(words: tuple[str, ...], command: object) -> None:
        found.append((words, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk((*words, name), sub)

    walk((), typer.main.get_command(app))
    return found


COMMANDS = _commands()


def test_the_walk_finds_every_command_and_the_import_subcommand():
    words = {" ".join(w) for w, _ in COMMANDS}
    assert {"", "list", "show", "report", "new", "end", "rename", "import", "import pairs"} <= words


@pytest.mark.parametrize("words,command", COMMANDS, ids=[" ".join(w) or "citynet"
                                                         for w, _ in COMMANDS])
def test_help_page_reads_well_at_80_columns(words, command):
    run = invoke(*words, "--help", env={"COLUMNS": "80"})
    assert run.exit_code == 0, run.stderr
    page = run.stdout
    assert page.startswith("Usage: citynet")
    long = [line for line in page.splitlines() if len(line) > 80]
    assert not long, long
    for python_type in ("<str>", "<bool>", "<list[", "<path>", "<int>", "{"):
        assert python_type not in page, f"{python_type} in: {page}"
    for param in command.params:
        if param.param_type_name != "option" or param.hidden:
            continue
        assert (param.help or "").strip(), f"{param.opts} has no help text"
        assert param.opts[-1] in page or param.opts[0] in page


def test_flags_have_no_metavar_and_choices_are_listed():
    page = invoke("list", "--help", env={"COLUMNS": "80"}).stdout
    assert re.search(r"^  --capital / --not-capital +\S", page, re.M)
    assert "-f, --format [table|json|csv|yaml|markdown]" in page
    assert "Usage: citynet list [OPTIONS] KIND" in page
    end = invoke("end", "--help", env={"COLUMNS": "80"}).stdout
    assert "--reason [expired|" in end
    assert "[required]" in end  # --date and --source


def test_optional_arguments_are_bracketed_in_usage():
    assert "Usage: citynet report [OPTIONS] [NAME] [ID]" in invoke("report", "--help").stdout
    assert "Usage: citynet diff [OPTIONS] [REV] [REV2]" in invoke("diff", "--help").stdout
    assert "Usage: citynet validate [OPTIONS] [PATHS...]" in invoke("validate", "--help").stdout


def test_completion_options_are_offered_at_the_top():
    page = invoke("--help").stdout
    assert "--install-completion" in page and "--show-completion" in page
