"""The command line: parses arguments, calls the library, prints.

`main()` answers `--version` before importing typer, pydantic or rich, so the
cheapest call stays as cheap as a bare interpreter; answers a shell's Tab without
typer's parse of the line when it can (`citynet.cli.tab`); and starts the language
server's check of validate's outcome before typer too; everything else goes through
the typer app in `citynet.cli.app`.
"""

from __future__ import annotations

import sys

from citynet.cli.shell import COMPLETE_VAR, hush_stdout


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from citynet import __version__

        say(f"citynet {__version__}\n")
        return 0
    import gc
    import os

    # A command is one short batch: the records it loads live until it exits and hold no
    # cycles worth collecting, and at 100k records the collector's passes cost seconds.
    gc.disable()
    instruction = os.environ.get(COMPLETE_VAR)
    if instruction:  # a Tab: answered without typer's parse when the line is a plain one
        from citynet.cli.tab import answer

        answered = answer(instruction)
        if answered is not None:
            text, status = answered
            if text is not None:  # typer's very words: ids as they are, as typer echoes them
                say(text + "\n")
            return status
    if args == ["lsp"]:  # as an editor starts it: check validate's outcome meanwhile
        from citynet.lsp.early import launch

        launch()
    from citynet.cli.app import run

    return run(args)


def say(text: str) -> None:
    """Write what `main` answers itself on stdout, a reader gone meanwhile being no error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        hush_stdout()
