"""The typer app: global options, error handling at the edge, and the commands.

Errors are turned into one line on stderr and an exit status here, and only
here: 0 fine, 1 problems found, 2 misuse (a bad option, an unknown id, no
registry), 3 an internal error (a bug; the traceback is shown with
CITYNET_DEBUG=1).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

try:  # typer 0.29 and later carry their own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

from citynet import __version__
from citynet.errors import CitynetError

from citynet.cli.common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, Settings, fail
from citynet.cli.help import CitynetCommand, PlainHelpGroup


class CitynetGroup(PlainHelpGroup):
    """Typer's group, with errors reported as one plain line instead of a panel."""

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
        except (typer.Abort, KeyboardInterrupt):
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


def _register() -> None:
    from citynet.cli import (
        diff, export, fmt, importing, init, listing, new, report, schema, show, validate,
    )

    from citynet.cli import end, rename  # editors' commands (issue 13)
    from citynet.cli import enrich  # places from GeoNames (issue 15)
    from citynet.cli import explain  # where each field comes from (issue 15)
    from citynet.cli import compare, duplicates, merge  # duplicates and Wikidata (issue 17)
    from citynet.cli import history  # the registry's past (issue 16)
    from citynet.cli import lsp  # the language server (issue 19)
    from citynet.cli import site  # the static website (issue 18)

    modules = (validate, listing, show, report, new, fmt, schema, diff, init, importing, export,
               rename, end, history, explain, lsp, enrich, site, duplicates, merge, compare)
    for module in modules:
        module.register(app)
    commands = [*app.registered_commands,
                *(c for g in app.registered_groups for c in g.typer_instance.registered_commands)]
    for command in commands:  # every help page in plain click style
        command.cls = CitynetCommand


_register()


def run(args: list[str]) -> int:
    """Run the app on `args`; the exit status it chose."""
    try:
        app(args=args, prog_name="citynet")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
