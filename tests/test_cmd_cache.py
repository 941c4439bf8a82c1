"""The index as commands use it: reused, invalidated, bypassed."""

import os
import sqlite3

from forging import INDEX


def test_cache_is_used_and_invalidated(cli, make_registry):
    root = make_registry()
    assert cli("validate", root=root).exit_code == 0
    assert (root / INDEX).is_file()
    path = root / "data/cities/taipei.yaml"
    path.write_text(path.read_text().replace("country: TW", "contry: TW"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    run = cli("validate", "-f", "json", root=root)
    assert run.exit_code == 1
    assert {p["code"] for p in run.json()["problems"]} == {"schema"}
    assert cli("--no-cache", "validate", root=root).exit_code == 1


def test_a_corrupt_cache_is_ignored(cli, make_registry):
    root = make_registry()
    cli("validate", root=root)
    for path in (root / ".citynet").iterdir():
        path.write_bytes(b"not a cache")
    assert cli("validate", root=root).stdout == "5 files checked: no problems\n"


def _rows(root, kind: str) -> list[tuple]:
    with sqlite3.connect(root / INDEX) as connection:
        return connection.execute("SELECT * FROM files WHERE kind = ? ORDER BY path",
                                  (kind,)).fetchall()


def test_a_command_reading_one_kind_leaves_the_others_cached(cli, make_registry):
    root = make_registry()
    cli("validate", root=root)
    cities, agreements = _rows(root, "cities"), _rows(root, "agreements")
    path = root / "data/agreements/seoul-taipei-sister.yaml"
    path.write_text(path.read_text() + "lifecycle: [{step: suspended, date: 2022}]\n")
    records = cli("list", "agreements", "--status", "suspended", "-f", "json", root=root).json()
    assert [r["id"] for r in records] == ["seoul-taipei-sister"]
    assert _rows(root, "cities") == cities and _rows(root, "agreements") != agreements


def test_no_cache_writes_no_cache(cli, make_registry):
    root = make_registry()
    cli("--no-cache", "validate", root=root)
    assert not (root / ".citynet").exists()
