"""The typer app: the options before a command, errors at the edge, and the commands.

Errors are turned into one line on stderr and an exit status here, and only
here: 0 fine, 1 problems found, 2 misuse (a bad option, an unknown id, no
registry), 3 an internal error (a bug; the traceback is shown with
CITYNET_DEBUG=1).

The commands are known by name and summary from `COMMANDS`, and a command's
module is imported only when that command runs, completes or shows its own
help (click's "lazy group"): until then the group holds a `Summary` of it,
which is all `citynet --help` and the completion of a command's name read.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import typer
import typer.core
import typer.main

from citynet import __version__
from citynet.cli.common import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_MISUSE,
    EXIT_OK,
    NO_CACHE_HELP,
    REV_HELP,
    ROOT_HELP,
    Settings,
    fail,
    out,
)
from citynet.errors import CitynetError


@dataclass(frozen=True)
class Entry:
    """A command as the app knows it before its module is imported."""

    name: str
    module: str
    """Its module under citynet.cli, whose `register(app)` adds it."""
    summary: str
    """The first paragraph of its help, which `citynet --help` and completion shorten."""


COMMANDS = {entry.name: entry for entry in (
    Entry("validate", "validate",
          "Check every record: YAML, schema, ids, references, dates, countries, rules."),
    Entry("list", "listing", "List records of one kind, with filters."),
    Entry("show", "show", "Show one record and everything tied to it (a city: its agreements "
          "and memberships)."),
    Entry("report", "report",
          "Render a report from the registry as Markdown (or its data as JSON)."),
    Entry("new", "new", "Write a new record file that validates, and print its path."),
    Entry("fmt", "fmt",
          "Rewrite record files in the canonical form (key order, indentation, quoting)."),
    Entry("schema", "schema",
          "Print the JSON Schema (draft 2020-12) of each kind, generated from the models."),
    Entry("diff", "diff",
          "Show what changed between two git revisions, or a revision and the work tree."),
    Entry("init", "init", "Create a new, empty registry: data folders, templates, README, "
          "workflow, pre-commit."),
    Entry("export", "export", "Export every valid record for analysis in other tools."),
    Entry("rename", "rename",
          "Rename a record: its file, its id, and every reference to it in every record."),
    Entry("suspend", "steps",
          "Suspend an agreement or a membership in force: it is not in force until resumed."),
    Entry("resume", "steps",
          "Resume a suspended agreement or membership: it is in force again."),
    Entry("end", "steps",
          "End an agreement or a membership: terminated, lapsed, expired, dissolved, merged."),
    Entry("succeed", "succeed",
          "Record that cities merged into another (or were renamed as it) on a date."),
    Entry("history", "history",
          "Show each commit that changed a record, newest first, with its field changes."),
    Entry("explain", "explain", "Show where a record's fields come from: value, vouching "
          "sources, last commit (git)."),
    Entry("lsp", "lsp",
          "Run the language server over stdio, for an editor (VS Code, Neovim, Helix …)."),
    Entry("duplicates", "duplicates",
          "Propose pairs of cities that are probably one place, with the reasons."),
    Entry("merge", "merge",
          "Merge the city DROP into KEEP: references, names, sources and fields."),
    Entry("import", "importing", "Import records from outside data."),
    Entry("enrich", "enrich", "Add facts to records from outside data, citing it."),
    Entry("site", "site", "Publish the registry as a static website."),
    Entry("compare", "compare", "Compare the registry with outside data."),
)}
"""Every command, in the order `citynet --help` lists them."""


def load_command(entry: Entry) -> Any:
    """Import a command's module and make its click command, as an eager app would."""
    module = importlib.import_module(f"citynet.cli.{entry.module}")
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    module.register(holder)
    return typer.main.get_group(holder).commands[entry.name]


class Summary(typer.core.TyperCommand):
    """A command before its module is imported: its name and summary, as help pages and the
    completion of a command's name show it."""

    def __init__(self, entry: Entry) -> None:
        super().__init__(entry.name, help=entry.summary, rich_markup_mode=None)
        self.entry = entry


class CitynetGroup(typer.core.TyperGroup):
    """The app's group: each command a `Summary` until it is resolved, then imported."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for entry in COMMANDS.values():
            self.commands.setdefault(entry.name, Summary(entry))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, Summary):
            entry = command.entry
            command = self.commands[entry.name] = load_command(entry)
        return name, command, rest

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Run, and turn every error into one line on stderr and its exit status.

        A reader that closes the pipe (`citynet export | head -1`) ends the command
        quietly with status 0, as `git log | head` does: typer's own answer is status 1.
        """
        stdout = sys.stdout
        try:
            status = super().main(args, prog_name or "citynet", complete_var,
                                  standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
            if not sys.stdout.closed:  # (the language server closes it as it ends)
                sys.stdout.flush()  # the last of it, while a closed pipe can be answered
        except BrokenPipeError:
            _reader_gone(stdout)
        except SystemExit:
            if sys.stdout is not stdout:  # typer's answer to a closed pipe: stdout swapped
                _reader_gone(stdout)
            raise
        except typer.TyperException as exc:  # click's: a usage error, a bad parameter …
            context = getattr(exc, "ctx", None)
            if context is None:
                fail(f"citynet: error: {exc.format_message()}", exc.exit_code or EXIT_MISUSE)
            from citynet.cli.suggest import suggested

            where = context.command_path
            fail(f"{where}: error: {suggested(exc, context)} (see '{where} --help')",
                 exc.exit_code)
        except CitynetError as exc:
            fail(f"citynet: error: {exc}")
        except typer.Abort:  # an answer a prompt never got
            fail("citynet: interrupted", EXIT_INTERRUPTED)
        except Exception as exc:  # a bug: say so in one line, never a bare traceback
            if os.environ.get("CITYNET_DEBUG"):
                raise
            fail(f"citynet: internal error: {type(exc).__name__}: {exc} "
                 "(run again with CITYNET_DEBUG=1 for the traceback, and please report it)",
                 EXIT_INTERNAL)
        if status == EXIT_INTERRUPTED:  # typer's own answer to Ctrl-C
            fail("citynet: interrupted", EXIT_INTERRUPTED)
        sys.exit(status if isinstance(status, int) else EXIT_OK)



def _reader_gone(stdout: Any) -> None:
    """stdout's reader went away: nothing more is written there, and the command ends well."""
    from citynet.cli.shell import hush_stdout

    sys.stdout = stdout
    hush_stdout()
    sys.exit(EXIT_OK)


def run(args: list[str]) -> int:
    """Run the app on `args`; the exit status it chose."""
    from citynet.cli.shell import COMPLETE_VAR

    try:
        app(args=args, prog_name="citynet", complete_var=COMPLETE_VAR)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return EXIT_OK


app = typer.Typer(
    cls=CitynetGroup,
    name="citynet",
    help="A registry of city diplomacy kept as YAML files in git: validate it, query it, "
    "publish it.",
    epilog="Example: citynet list agreements --city seoul --kind sister",
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        out(f"citynet {__version__}\n")
        raise typer.Exit()


@app.callback()
def callback(
    ctx: typer.Context,
    root: Annotated[str | None, typer.Option("--root", envvar="CITYNET_ROOT", metavar="DIR",
                                             show_default=False, help=ROOT_HELP)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", envvar="CITYNET_NO_CACHE",
                                           help=NO_CACHE_HELP)] = False,
    rev: Annotated[str | None, typer.Option("--rev", metavar="REV", show_default=False,
                                            help=REV_HELP)] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """A registry of city diplomacy kept as YAML files in git: validate it, query it, publish it.

    --root, --no-cache and --rev may be written before the command or after it.
    """
    ctx.obj = Settings(root=root, use_cache=not no_cache, rev=rev)
    if ctx.invoked_subcommand is None:  # `citynet` alone: its help
        out(ctx.get_help() + "\n")
        raise typer.Exit(EXIT_OK)
    command = ctx.command.commands.get(ctx.invoked_subcommand) if isinstance(
        ctx.command, CitynetGroup) else None
    if rev is not None and command is not None and not any(
            param.name == "rev" for param in command.params):  # refused, never ignored
        raise CitynetError(f"--rev does not apply to citynet {ctx.invoked_subcommand}")
