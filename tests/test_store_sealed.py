"""The database in .citynet/ under writes that do not finish, and under another writer.

SQLite's rollback journal is what makes a write whole or nothing: a process killed
mid-write leaves a hot journal, and the next command puts the last committed state back
and believes it (its seal still holds). A database another process holds is left as it
is: the command works without it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citynet.lint.engine import validate
from forging import INDEX, counter

WRITER = """
import os, signal, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA cache_size = 1")  # pages spill to the file before the commit
connection.execute("BEGIN IMMEDIATE")
connection.execute("DELETE FROM files")
connection.executemany("INSERT INTO files VALUES (?, 'cities', 'x', '{}', NULL, NULL, 0)",
                       [(f"data/cities/x{n}.yaml",) for n in range(3000)])
os.kill(os.getpid(), signal.SIGKILL)
"""


def _rows(root: Path) -> list[tuple]:
    with sqlite3.connect(root / INDEX) as connection:
        return connection.execute("SELECT * FROM files ORDER BY path").fetchall()


def test_a_write_killed_midway_loses_nothing(cli, make_registry):
    root = make_registry({f"data/cities/c{n}.yaml": "names: {en: C}\ncountry: KR\n"
                          "level: city\nsources: [{title: t}]\n" for n in range(50)})
    truth = cli("--no-cache", "validate", "-f", "json", root=root).stdout
    assert cli("validate", root=root).exit_code == 0
    rows, committed = _rows(root), counter(root / INDEX)
    before = (root / INDEX).read_bytes()
    killed = subprocess.run([sys.executable, "-c", WRITER, str(root / INDEX)])
    assert killed.returncode == -signal.SIGKILL
    assert (root / ".citynet" / "index.sqlite-journal").is_file()  # a hot journal
    assert (root / INDEX).read_bytes() != before  # the file holds half a write
    assert cli("validate", "-f", "json", root=root).stdout == truth
    assert _rows(root) == rows  # the last commit, put back and believed: not made again
    assert counter(root / INDEX) == committed
    assert sorted(p.name for p in (root / ".citynet").iterdir()) == ["index.sqlite"]


@pytest.mark.parametrize("after", [0.4, 0.8])
def test_citynet_killed_while_it_builds_the_index_loses_nothing(make_registry, after):
    """Whenever a first build is killed, the next command is right and the index whole."""
    city = "names: {en: C}\ncountry: KR\nlevel: city\nsources: [{title: t}]\n"
    root = make_registry({f"data/cities/c{n:04}.yaml": city for n in range(2500)})
    command = [sys.executable, "-m", "citynet", "--root", str(root)]
    running = subprocess.Popen([*command, "validate"], stdout=subprocess.DEVNULL)
    time.sleep(after)
    running.send_signal(signal.SIGKILL)
    running.wait()
    done = subprocess.run([*command, "list", "cities", "--count"], capture_output=True,
                          text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "2503\n", "")
    with sqlite3.connect(root / INDEX) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM files WHERE kind = 'cities'"
                                  ).fetchone() == (2503,)


def test_a_database_another_process_holds_is_left_alone(cli, make_registry):
    root = make_registry()
    truth = cli("--no-cache", "validate", "-f", "json", root=root).stdout
    cli("validate", root=root)
    (root / "data/cities/taipei.yaml").write_text("names: {en: Taipei}\ncountry: TW\n")
    holder = sqlite3.connect(root / INDEX, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # no reader, no writer
    try:
        before = (root / INDEX).read_bytes()
        truth = cli("--no-cache", "validate", "-f", "json", root=root).stdout
        busy = cli("validate", "-f", "json", root=root)
        assert (busy.exit_code, busy.stdout) == (0, truth)
        assert (root / INDEX).read_bytes() == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cli("validate", "-f", "json", root=root).stdout == truth  # and now from the index
    assert [row for row in _rows(root) if row[0] == "data/cities/taipei.yaml"][0][3] == (
        '{"names": {"en": "Taipei"}, "country": "TW"}')


def test_a_file_name_sqlite_cannot_hold_leaves_the_index_alone(cli, make_registry):
    """A name that is not UTF-8 (SQLite's text is) is read without the index, every time,
    and what the index held stays as it was."""
    root = make_registry()
    cli("validate", root=root)
    before = (root / INDEX).read_bytes()
    (root / "data" / "cities" / os.fsdecode(b"\xff.yaml")).write_text(
        "names: {en: X}\ncountry: FR\nlevel: city\nsources: [{title: t}]\n")
    truth = validate(root, use_cache=False)  # through the library: no terminal to print it
    assert "invalid-id" in {p.code for p in truth.problems}
    for _ in range(2):
        assert validate(root) == truth
    assert (root / INDEX).read_bytes() == before
