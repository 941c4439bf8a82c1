"""`citynet lsp`: the language server, for editors, on stdin and stdout."""

from __future__ import annotations

import typer

from citynet.cli.common import EXIT_MISUSE, NoCache, Root, fail, settings


def lsp(ctx: typer.Context, root: Root = None, no_cache: NoCache = False) -> None:
    """Run the language server over stdio, for an editor (VS Code, Neovim, Helix …).

    The editor starts it; it checks open records as you type with the same
    problems as validate, completes ids and closed values, and renames ids.
    It needs the lsp extra: pip install 'citynet[lsp]'.
    """
    try:
        import pygls  # noqa: F401
    except ImportError:
        fail("citynet: error: the language server needs pygls: "
             "pip install 'citynet[lsp]'", EXIT_MISUSE)
    from citynet.lsp.server import serve

    current = settings(ctx)
    serve(current.root, current.use_cache)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet lsp (an editor starts it in the registry's folder)")(lsp)
