"""`citynet lsp`: the language server, for editors, on stdin and stdout."""

from __future__ import annotations

import os
import signal
import sys

import typer

from citynet.cli.common import EXIT_INTERRUPTED, EXIT_MISUSE, NoCache, Root, fail, settings, warn


def lsp(ctx: typer.Context, root: Root = None, no_cache: NoCache = False) -> None:
    """Run the language server over stdio, for an editor (VS Code, Neovim, Helix …).

    The editor starts it; it checks open records as you type with the same
    problems as validate, completes ids and closed values, and renames ids.
    It needs the lsp extra (pygls); without it, the command says how to add it.
    """
    try:
        import pygls  # noqa: F401
    except ImportError:
        from citynet.edit import install

        adding = install.pip_command(install.current(), "lsp", sys.executable,
                                     install.editable_folder())
        fail(f"citynet: error: the language server needs pygls (the lsp extra): {adding}",
             EXIT_MISUSE)
    from citynet.lsp.server import serve

    current = settings(ctx)
    _end_on_ctrl_c()
    if sys.stdin.isatty():  # a person typed it: say what this is, and how it ends
        warn(TYPED)
    serve(current.root, current.use_cache)


TYPED = ("citynet lsp: the citynet language server, speaking the Language Server Protocol on "
         "stdin and stdout; an editor starts it for you (`citynet lsp` as the server command: "
         "see docs/editors.md). Press Ctrl-C to stop it.")


def _end_on_ctrl_c() -> None:
    """Ctrl-C ends the server at once: one line and status 130.

    The server reads stdin on a thread of its own, which nothing can wake: an exit
    through the interpreter waits for it (the first Ctrl-C was lost) and then fails on its
    lock ("Fatal Python error"). So the process ends here, without that exit; a write the
    server has under way still finishes first (citynet's own handler defers the signal
    until it is whole, then calls this one)."""

    def interrupted(signum: int, frame: object) -> None:
        from citynet.lsp.early import forget_launched

        warn("citynet lsp: interrupted")
        sys.stderr.flush()
        forget_launched()
        os._exit(EXIT_INTERRUPTED)

    signal.signal(signal.SIGINT, interrupted)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet lsp (an editor starts it in the registry's folder)")(lsp)
