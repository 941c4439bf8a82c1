"""Running citynet as people and pipes see it: stdout on a pseudo-terminal of a given width,
or a pipe whose reader has already gone."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Seen:
    status: int
    stdout: str
    """What the terminal showed, colours taken out, lines ended with \\n."""
    stderr: str


def on_terminal(args: list[str], cwd: Path, width: int = 80,
                env: dict[str, str] | None = None) -> Seen:
    """Run `python -m citynet ARGS` with stdout on a terminal `width` columns wide (stderr a
    pipe, so what it says apart is apart)."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
    environment = {**os.environ, "COLUMNS": str(width), "LINES": "40", **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "citynet", *args], cwd=cwd,
                               stdin=subprocess.DEVNULL, stdout=secondary,
                               stderr=subprocess.PIPE, env=environment)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    _, stderr = process.communicate(timeout=120)
    shown = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Seen(process.returncode, ANSI.sub("", shown), stderr.decode("utf-8", "replace"))


def into_closed_pipe(args: list[str], cwd: Path) -> Seen:
    """Run `python -m citynet ARGS` writing into a pipe whose reader is gone (as after
    `| head -1` has read its line): every write to stdout fails."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "citynet", *args], cwd=cwd,
                              stdin=subprocess.DEVNULL, stdout=write, stderr=subprocess.PIPE,
                              timeout=120)
    finally:
        os.close(write)
    return Seen(done.returncode, "", done.stderr.decode("utf-8", "replace"))
