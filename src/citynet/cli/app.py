"""The typer app: global options, error handling at the edge, and the commands.

Errors are turned into one line on stderr and an exit status here, and only
here: 0 fine, 1 problems found, 2 misuse (a bad option, an unknown id, no
registry), 3 an internal error (a bug; the traceback is shown with
CITYNET_DEBUG=1).

The commands are known by name and summary from `COMMANDS`, and a command's
module is imported only when that command runs, completes or shows its own
help (click's "lazy group"): `citynet --help` and `citynet list` do not pay
for the imports of the other twenty commands.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Annotated, Any

import typer
import typer.main

try:  # typer 0.29 and later carry their own copy of click
    from typer._click import Command as ClickCommand
    from typer._click import exceptions as click_errors
    from typer._click.shell_completion import CompletionItem
    from typer._click.utils import make_default_short_help
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import Command as ClickCommand  # type: ignore[assignment]
    from click import exceptions as click_errors  # type: ignore[no-redef]
    from click.shell_completion import CompletionItem  # type: ignore[assignment]
    from click.utils import make_default_short_help  # type: ignore[no-redef]

from citynet import __version__
from citynet.errors import CitynetError

from citynet.cli.common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, Settings, fail
from citynet.cli.help import CitynetCommand, PlainHelpGroup


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
    Entry("end", "end",
          "End an agreement or a membership: its end date, status, reason and source."),
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
    holder = typer.Typer(rich_markup_mode=app.rich_markup_mode,
                         pretty_exceptions_enable=False)
    module.register(holder)
    commands = [*holder.registered_commands, *(
        c for g in holder.registered_groups for c in g.typer_instance.registered_commands)]
    for command in commands:  # every help page in plain click style
        command.cls = CitynetCommand
    return typer.main.get_group(holder).commands[entry.name]


class LazyCommands(MutableMapping[str, Any]):
    """The group's commands by name: every name in `COMMANDS`, each imported on first use."""

    def __init__(self, loaded: dict[str, Any]) -> None:
        self.loaded = dict(loaded)

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            self.loaded[name] = load_command(COMMANDS[name])
        return self.loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in COMMANDS

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self.loaded.keys())

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]


class Interrupted(Exception):  # noqa: N818 - it says what happened
    """Ctrl-C stopped a command: said in one line, exit status 130."""


class CitynetGroup(PlainHelpGroup):
    """Typer's group, with errors reported as one plain line instead of a panel.

    Its commands are a `LazyCommands`: its own help page and the completion of a
    command name read the summaries of `COMMANDS`, so neither imports a command.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands)

    def summary(self, name: str, limit: int) -> str:
        """A command's short help, from the table unless the command is loaded already."""
        loaded = self.commands.loaded.get(name)
        if loaded is not None:
            return loaded.get_short_help_str(limit)
        return make_default_short_help(COMMANDS[name].summary, limit)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section("Commands"):
            formatter.write_dl([(name, self.summary(name, limit)) for name in names])

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        results = [CompletionItem(name, help=self.summary(name, 45))
                   for name in self.list_commands(ctx) if name.startswith(incomplete)]
        return results + ClickCommand.shell_complete(self, ctx, incomplete)

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra.pop("standalone_mode", None)
        args = hoist_global_options(list(sys.argv[1:] if args is None else args))
        try:
            status = super().main(
                args=args, prog_name=prog_name or "citynet", standalone_mode=False, **extra
            )
        except click_errors.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                # typer has already printed the help while building this error
                sys.stdout.write(exc.format_message())
                sys.exit(EXIT_OK)
            where = exc.ctx.command_path if exc.ctx else "citynet"
            hint = f" (see '{where} --help')" if exc.ctx else ""
            message = exc.format_message().replace("Value error, ", "")
            fail(f"{where}: error: {message}{hint}")
        except click_errors.ClickException as exc:
            fail(f"citynet: error: {exc.format_message()}", exc.exit_code)
        except CitynetError as exc:
            fail(f"citynet: error: {exc}")
        except (typer.Abort, KeyboardInterrupt, Interrupted):
            fail("citynet: interrupted", 130)
        except BrokenPipeError:
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written
            sys.exit(EXIT_PROBLEMS)
        except Exception as exc:  # a bug: say so in one line, never a bare traceback
            if os.environ.get("CITYNET_DEBUG"):
                raise
            fail(
                f"citynet: internal error: {type(exc).__name__}: {exc} "
                "(run again with CITYNET_DEBUG=1 for the traceback, and please report it)",
                EXIT_INTERNAL,
            )
        sys.exit(status if isinstance(status, int) else EXIT_OK)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # typer would turn it into a silent exit 130
            raise Interrupted() from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if ctx.resilient_parsing:  # completing a line: main() did not hoist, so lift here
            rest = lift_global_options(ctx.params, rest)
        return name, command, rest


GLOBAL_FLAGS = ("--no-cache",)
GLOBAL_VALUED = ("--root",)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move --root and --no-cache written after the command to before it.

    `citynet validate --no-cache` and `citynet list cities --root DIR` then mean
    what they say; nothing after a `--` is touched.
    """
    position = 0
    while position < len(args) and args[position].startswith("-"):
        position += 2 if args[position] in GLOBAL_VALUED else 1
    head, rest = args[:position], args[position:]
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        if token == "--":
            kept += rest[index:]
            break
        if token in GLOBAL_FLAGS or token.startswith(tuple(f"{o}=" for o in GLOBAL_VALUED)):
            moved.append(token)
        elif token in GLOBAL_VALUED and index + 1 < len(rest):
            moved += rest[index:index + 2]
            index += 1
        else:
            kept.append(token)
        index += 1
    return head + moved + kept


def lift_global_options(params: dict[str, Any], args: list[str]) -> list[str]:
    """Take --root and --no-cache out of a command's words into the app's own `params`.

    Completion parses the line as typed, so `citynet list cities --root DIR --city <tab>`
    must still complete from DIR.
    """
    kept: list[str] = []
    words = iter(args)
    for token in words:
        if token in GLOBAL_FLAGS:
            params[token.lstrip("-").replace("-", "_")] = True
        elif token in GLOBAL_VALUED:
            value = next(words, None)
            if value is None:
                kept.append(token)
            else:
                params[token.lstrip("-")] = value
        elif token.startswith(tuple(f"{o}=" for o in GLOBAL_VALUED)):
            option, value = token.split("=", 1)
            params[option.lstrip("-")] = value
        else:
            kept.append(token)
    return kept


app = typer.Typer(
    cls=CitynetGroup,
    name="citynet",
    help="A registry of city diplomacy kept as YAML files in git: validate it, query it, "
    "publish it.",
    epilog="Example: citynet list agreements --city seoul --kind sister",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"citynet {__version__}")
        raise typer.Exit()


@app.callback()
def callback(
    ctx: typer.Context,
    root: Annotated[
        str | None,
        typer.Option(
            "--root",
            envvar="CITYNET_ROOT",
            metavar="DIR",
            help="The registry: a folder holding data/. Default: the nearest such folder "
            "from here upwards.",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", envvar="CITYNET_NO_CACHE",
                     help="Parse every file afresh; neither read nor write the cache in "
                     ".citynet/."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """A registry of city diplomacy kept as YAML files in git: validate it, query it, publish it."""
    ctx.obj = Settings(root=root, use_cache=not no_cache)


def run(args: list[str]) -> int:
    """Run the app on `args`; the exit status it chose."""
    try:
        app(args=args, prog_name="citynet")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
