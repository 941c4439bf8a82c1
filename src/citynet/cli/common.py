"""What every command shares: exit statuses, settings, and writing to the terminal.

Command modules import this, never `citynet.cli.app`, so the app can import
every command without a cycle.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from citynet.publish.formats import printable

EXIT_OK, EXIT_PROBLEMS, EXIT_MISUSE, EXIT_INTERNAL = 0, 1, 2, 3


def _for(stream: object, text: str) -> str:
    isatty = getattr(stream, "isatty", None)
    return printable(text) if isatty is not None and isatty() else text


def fail(message: str, status: int = EXIT_MISUSE) -> None:
    """Print one line on stderr and leave with `status`."""
    sys.stderr.write(_for(sys.stderr, f"{message}\n"))
    sys.stderr.flush()
    sys.exit(status)


@dataclass
class Settings:
    root: str | None = None
    use_cache: bool = True

    def registry_root(self) -> Path:
        from citynet.store.cache import untrusted
        from citynet.store.registry import find_root

        root = find_root(self.root)
        reason = untrusted(root) if self.use_cache else None
        if reason:  # said once: the cache is left alone for the rest of the command
            warn(f"warning: {reason}; it is neither read nor written (cache-untrusted)")
            self.use_cache = False
        return root


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def out(text: str, *, styled: bool = False) -> None:
    """Write to stdout; on a terminal, control characters are shown, not obeyed.

    `styled` text carries citynet's own colours (a terminal table, whose cells
    have been made printable already).
    """
    sys.stdout.write(text if styled else _for(sys.stdout, text))


def warn(text: str) -> None:
    sys.stderr.write(_for(sys.stderr, text + "\n"))


def tell_omissions(omissions: list, left_out: str, marked: str, strict: bool = False) -> None:
    """Say on stderr each record left out (or reference marked) and why; --strict stops here.

    `left_out` and `marked` end each line: "left out of the report" …
    """
    level = "error" if strict else "warning"
    for omission in omissions:
        done = "" if strict else f"; {left_out if omission.whole else marked}"
        warn(f"{level}: {omission.message()}{done}")
    if strict and omissions:
        fail(f"error: {len(omissions)} broken reference(s) or invalid record(s); nothing was "
             "published (--strict)", EXIT_PROBLEMS)
