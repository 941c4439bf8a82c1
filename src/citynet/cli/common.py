"""What every command shares: exit statuses, the options every command takes, settings, and
writing to the terminal.

Command modules import this, never `citynet.cli.app`, so the app can import
every command without a cycle.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from citynet.inert import inert
from citynet.publish.formats import WRITERS, Offer
from citynet.publish.shapes import Output

EXIT_OK, EXIT_PROBLEMS, EXIT_MISUSE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report a command SIGINT ended."""

# -- the options every command takes, after the command or before it -------------------------
# The app's callback declares them too (`citynet --root DIR list …`); a command's own wins.

ROOT_HELP = ("The registry: a folder holding data/. Default: $CITYNET_ROOT, else the nearest "
             "such folder from here upwards.")
NO_CACHE_HELP = "Parse every file afresh; neither read nor write the cache in .citynet/."
REV_HELP = ("Read the registry as it was at this git revision (a commit, branch or tag; "
            "nothing is checked out).")

Root = Annotated[str | None, typer.Option("--root", metavar="DIR", show_default=False,
                                          help=ROOT_HELP)]
NoCache = Annotated[bool, typer.Option("--no-cache", help=NO_CACHE_HELP)]
Rev = Annotated[str | None, typer.Option("--rev", metavar="REV", show_default=False,
                                         help=REV_HELP)]


def fail(message: str, status: int = EXIT_MISUSE) -> NoReturn:
    """Print one line on stderr and leave with `status` (a line break in `message`, from a
    path say, is spelled out: an error is always one line)."""
    sys.stderr.write(inert(message) + "\n")
    sys.stderr.flush()
    sys.exit(status)


@dataclass
class Settings:
    """The registry a command reads, and how: `--root`, `--no-cache` and `--rev`, wherever
    they were written; and the registry's settings file, read when a command asks."""

    root: str | None = None
    use_cache: bool = True
    rev: str | None = None
    read: Any = field(default=None, repr=False)
    """The registry's citynet.toml, once read (`config`)."""

    def config(self) -> Any:
        """The registry's settings (`citynet.model.config.Config`), read once; a file that
        cannot be used is one line and exit 2, naming it from where the user stands."""
        if self.read is None:
            from citynet.errors import ConfigError
            from citynet.store.config import load

            root = self.registry_root()
            try:
                self.read = load(root)
            except ConfigError as exc:
                fail(f"citynet: error: {exc.place(shown(root, exc.path))}: {exc.detail}")
        return self.read

    def registry_root(self) -> Path:
        from citynet.store.cache import untrusted
        from citynet.store.registry import find_root

        root = find_root(self.root)
        reason = untrusted(root) if self.use_cache else None
        if reason:  # said once: the cache is left alone for the rest of the command
            warn(f"warning: {reason}; it is neither read nor written (cache-untrusted)")
            self.use_cache = False
        return root


def shown(root: Path, path: str | Path) -> str:
    """A path of the registry (from its root) as text output writes it, for every command:
    from the folder the user stands in when that is inside the registry or above it (from
    data/cities/, `seoul.yaml`), so a terminal opens it on a click and a shell reads it;
    whole from anywhere else. Formats for tools keep paths from the root."""
    import os

    from citynet.store.tree import Tree

    target = os.path.join(os.path.abspath(root), path) if str(path) not in ("", ".") \
        else os.path.abspath(root)
    here = os.getcwd()
    try:
        below = not os.path.relpath(os.path.abspath(root), here).startswith(os.pardir)
        return os.path.relpath(target, here) if below or Tree(root).rel(here) is not None \
            else target
    except ValueError:  # another drive
        return target


def shown_from(root: Path) -> Callable[[str], str]:
    """`shown` for the registry at `root`, for a report that writes many paths."""
    return lambda path: shown(root, path)


def settings(ctx: typer.Context) -> Settings:
    """The settings of the command running in `ctx`: its own `--root`, `--no-cache` and
    `--rev` over those written before it (or the environment's)."""
    found = ctx.find_root().obj
    current = found if isinstance(found, Settings) else Settings()
    own = ctx.params
    if own.get("root") is not None:
        current.root = own["root"]
    if own.get("no_cache"):
        current.use_cache = False
    if own.get("rev") is not None:
        current.rev = own["rev"]
    return current


def configured(ctx: typer.Context, section: str, name: str, given: Any,
               default: Any = None) -> Any:
    """An option's value: as given on the command line, else as the registry's citynet.toml
    sets `[section] name`, else `default`. Only commands that ask read the file."""
    if given is not None:
        return given
    value = settings(ctx).config().get(section, name)
    return default if value is None else value


# -- --format, from the one registry of writers ----------------------------------------------

def format_option(offer: Offer, help: str) -> Any:
    """The `--format` option of a command whose output has the shapes `offer` names: its
    choices are every writer of those shapes (see `citynet.publish.formats`)."""

    def check(value: str | None) -> str | None:
        if value is None:  # not given: the command decides
            return None
        try:
            return offer.check(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    choices = "[" + "|".join(offer.names) + "]"
    # Past 60 columns the choices would break the help's line; the help names them then.
    return typer.Option("--format", "-f", metavar=choices if len(choices) <= 60 else "FORMAT",
                        help=help, callback=check, autocompletion=lambda: offer.names)


def emit(offer: Offer, name: str, output: Output) -> None:
    """Write `output` on stdout in the format called `name` (`auto` resolved: a table only
    on a terminal)."""
    chosen = offer.choose(name, terminal=sys.stdout.isatty())
    writer = WRITERS[chosen]
    out(offer.write(chosen, output), made_inert=writer.made_inert)


def terminal_width() -> int | None:
    """The terminal's width if stdout is one (a table for people fits it), else None."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def counted(number: int, what: str) -> str:
    """`1 city`, `2 cities`: a count of a kind's records (`what` its folder) or of things
    named in the plural (`statements`)."""
    from citynet.model.kinds import KINDS

    if number != 1:
        return f"{number} {what}"
    kind = KINDS.get(what)
    return f"1 {kind.name if kind else what.removesuffix('s')}"


# -- writing ---------------------------------------------------------------------------------

def out(text: str, *, made_inert: bool = False) -> None:
    """Write to stdout, inert: no control character, and no line a CI runner reads as a
    command (`citynet.inert`), whatever a command's own text forgot.

    `made_inert`: a writer made every value in `text` inert itself (a registered writer:
    `WRITERS`), and what else it holds is its own (a terminal table's colours, `github`'s
    workflow commands); it is written as it is.
    """
    sys.stdout.write(text if made_inert else inert(text, lines=True))


def warn(text: str) -> None:
    """Write a line (or lines) to stderr, inert as `out` writes."""
    sys.stderr.write(inert(text + "\n", lines=True))


def prompt(text: str) -> str:
    """Ask on stderr (so `$(citynet new …)` holds only its output) and read the answer; an
    answer that never comes is an Abort."""
    sys.stderr.write(inert(text) + ": ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:
        raise typer.Abort()
    return answer.rstrip("\r\n")


def tell_omissions(omissions: list, left_out: str, marked: str, strict: bool = False) -> None:
    """Say on stderr each record left out (or reference marked) and why; --strict stops here.

    `left_out` and `marked` end each line: "left out of the report" …
    """
    level = "error" if strict else "warning"
    for omission in omissions:
        done = "" if strict else f"; {left_out if omission.whole else marked}"
        warn(f"{level}: {inert(omission.message())}{done}")
    if strict and omissions:
        fail(f"error: {len(omissions)} broken reference(s) or invalid record(s); nothing was "
             "published (--strict)", EXIT_PROBLEMS)


def command_group(help: str) -> typer.Typer:
    """A group of commands (`import`, `enrich` …) that shows its help when run alone."""
    group = typer.Typer(help=help, invoke_without_command=True, rich_markup_mode=None)

    @group.callback()
    def show_help(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            out(ctx.get_help() + "\n")
            raise typer.Exit(EXIT_OK)

    return group
