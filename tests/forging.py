"""Changing the index in .citynet/ from outside citynet, as a test of what citynet believes.

`edit` changes it as any SQLite program would (the header's change counter moves past
citynet's seal); `forge` does what only someone forging citynet's own seal could: the
same change with the seal made to match.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

INDEX = Path(".citynet") / "index.sqlite"


def counter(path: Path) -> int:
    """SQLite's change counter in the file's header."""
    return int.from_bytes(path.read_bytes()[24:28], "big")


def edit(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def forge(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    for statement in statements:
        connection.execute(statement)
    connection.execute("UPDATE citynet SET value = ? WHERE name = 'seal'",
                       (str(counter(path) + 1),))
    connection.execute("COMMIT")
    connection.close()
