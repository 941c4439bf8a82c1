"""Tables as an SQLite database: a table each, with primary and foreign keys."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from citynet.publish.shapes import Table


def sqlite_bytes(tables: list[Table]) -> bytes:
    """The database, built in a scratch file (SQLite needs one) and read back whole."""
    import sqlite3

    scratch = Path(tempfile.mkdtemp(prefix="citynet-export."))
    try:
        connection = sqlite3.connect(scratch / "db")
        with connection:
            for table in tables:
                connection.execute(f'CREATE TABLE "{table.name}" ({", ".join(_columns(table))})')
                rows = table.rows if table.records is None else [
                    [*row, record] for row, record in zip(table.rows, table.records, strict=True)]
                marks = ", ".join("?" * (len(table.columns) + (table.records is not None)))
                connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows)
                if table.index:
                    name, columns = table.index
                    connection.execute(f'CREATE INDEX "{name}" ON "{table.name}" ('
                                       + ", ".join(f'"{c}"' for c in columns) + ")")
        connection.close()
        return (scratch / "db").read_bytes()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _columns(table: Table) -> list[str]:
    """A table's column definitions, then its foreign keys."""
    types = table.types or [""] * len(table.columns)
    columns = [f'"{name}"' + (f" {kind}" if kind else "") +
               (" PRIMARY KEY" if (name,) == table.key else "")
               for name, kind in zip(table.columns, types, strict=True)]
    columns += ['"record" TEXT'] if table.records is not None else []
    if len(table.key) > 1:
        columns.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in table.key) + ")")
    columns += [f'FOREIGN KEY ("{column}") REFERENCES "{target}" ("id")'
                for column, target in table.references.items()]
    return columns
