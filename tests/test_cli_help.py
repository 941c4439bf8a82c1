"""Every help page is typer's own plain page and reads well at 80 columns: each option shows
what its value looks like (never a Python type), and every option and argument has help."""

from __future__ import annotations

import re

import pytest

from citynet.cli import listing
from citynet.cli.app import COMMANDS as TABLE, load_command

from conftest import invoke


def _commands() -> list[tuple[tuple[str, ...], object]]:
    """Every command and group, as the words that reach it and its click object."""
    found: list[tuple[tuple[str, ...], object]] = [((), None)]
    for name, entry in TABLE.items():
        command = load_command(entry)
        found.append(((name,), command))
        found += [((name, sub), each) for sub, each in getattr(command, "commands", {}).items()]
    return found


COMMANDS = _commands()


def test_the_walk_finds_every_command_and_the_import_subcommand():
    words = {" ".join(w) for w, _ in COMMANDS}
    assert {"", "list", "show", "report", "new", "end", "rename", "import", "import pairs"} <= words


def _option_names(page: str) -> list[str]:
    """The names column of the Options section: `-f, --format [a|b]`, `--root DIR` …"""
    section = page.split("\nOptions:\n", 1)[1] if "\nOptions:\n" in page else ""
    return [line.strip().split("  ")[0] for line in section.splitlines()
            if line.startswith("  -")]


@pytest.mark.parametrize("words,command", COMMANDS, ids=[" ".join(w) or "citynet"
                                                         for w, _ in COMMANDS])
def test_help_page_reads_well_at_80_columns(words, command):
    run = invoke(*words, "--help", env={"COLUMNS": "80"})
    assert run.exit_code == 0, run.stderr
    page = run.stdout
    assert page.startswith("Usage: citynet")
    long = [line for line in page.splitlines() if len(line) > 80]
    assert not long, long
    for names in _option_names(page):  # a value is shown as DIR, ID, [a|b]: never <str>
        assert "<" not in names, names
    for param in getattr(command, "params", []):
        if param.hidden:
            continue
        assert (param.help or "").strip(), f"{param.opts or param.name} has no help text"
        if param.param_type_name == "option":
            assert param.opts[-1] in page or param.opts[0] in page


def test_flags_have_no_metavar_and_choices_are_listed():
    page = invoke("list", "--help", env={"COLUMNS": "80"}).stdout
    assert re.search(r"^  --capital / --not-capital +\S", page, re.M)
    assert f"-f, --format [{'|'.join(listing.FORMATS.names)}]" in page
    assert "Usage: citynet list [OPTIONS] {KIND}" in page
    end = invoke("end", "--help", env={"COLUMNS": "80"}).stdout
    assert "--how [ended|terminated|" in end
    assert "[required]" in end  # --date and --source


def test_optional_arguments_are_bracketed_in_usage():
    assert "Usage: citynet report [OPTIONS] [NAME] [ID]" in invoke("report", "--help").stdout
    assert "Usage: citynet diff [OPTIONS] [REV] [REV2]" in invoke("diff", "--help").stdout
    assert "Usage: citynet validate [OPTIONS] [PATHS]" in invoke("validate", "--help").stdout


def test_completion_options_are_offered_at_the_top():
    page = invoke("--help").stdout
    assert "--install-completion" in page and "--show-completion" in page


def test_a_group_run_alone_shows_its_help():
    for words in ((), ("import",), ("enrich",), ("site",), ("compare",)):
        run = invoke(*words)
        assert run.exit_code == 0 and run.stdout.startswith(
            f"Usage: citynet {' '.join(words)}".rstrip() + " [OPTIONS] COMMAND"), words
