"""What the command line shares with the shell it runs in, apart from the app: the variable
typer's completion scripts set, and stdout sent to nowhere once its reader has gone. Both
`main` (citynet.cli) and the app (citynet.cli.app) use them, so they live below both."""

from __future__ import annotations

import sys

COMPLETE_VAR = "_CITYNET_COMPLETE"
"""Where typer's completion scripts put their instruction (`complete_bash` …): the app is
told the name too, so the Tab `main` answers and the one typer answers are asked alike."""


def hush_stdout() -> None:
    """After a reader closed the pipe (`citynet export | head -1`): send whatever stdout still
    holds to nowhere, so neither this command nor the interpreter's last flush says a word.
    The command then ends with exit status 0, as a reader that has had enough is no failure."""
    import os

    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        return
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, fileno)
    os.close(nowhere)
