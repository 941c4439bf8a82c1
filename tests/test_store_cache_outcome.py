"""Validate's stored outcome: every problem by file, opt-in ones kept apart and read only when
selected, under a key (the file set with every file's stamp) that any change to the files
moves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from citynet.store import outcomes
from citynet.store.files import discover
from forging import INDEX, forge

ONE_SIDED = """\
kind: friendship
parties: [taipei, ottawa]
confirmed_by: [taipei]
signed: 2001
sources: [{title: Taipei's own list of partner cities}]
"""
BROKEN = "names: {en: Taipei}\ncontry: TW\nlevel: city\nsources: [{title: A list}]\n"
CODE = "one-sided-agreement"


def _registry(make_registry) -> Path:
    return make_registry({"data/agreements/taipei-ottawa-friendship.yaml": ONE_SIDED,
                          "data/cities/taipei.yaml": BROKEN})


def test_a_warm_select_of_an_opt_in_code_finds_what_a_cold_one_finds(cli, make_registry):
    root = _registry(make_registry)
    cold = cli("validate", "--no-cache", "--select", CODE, "-f", "json", root=root)
    assert cli("validate", root=root).exit_code == 1  # stores the outcome, opt-in apart
    assert CODE not in cli("validate", root=root).stdout
    warm = cli("validate", "--select", CODE, "-f", "json", root=root)
    assert {p["code"] for p in warm.json()["problems"]} == {CODE}
    assert warm.stdout == cold.stdout
    assert cli("validate", "--no-cache", root=root).stdout == cli("validate", root=root).stdout


def _stored(root: Path, opt_in: bool = True) -> outcomes.Outcome | None:
    found = outcomes.work_tree(root, opt_in)
    assert found is not None
    return found.outcome


def test_the_library_reads_opt_in_problems_only_when_asked(cli, make_registry):
    root = _registry(make_registry)
    assert cli("validate", root=root).exit_code == 1
    every = _stored(root)
    chosen = _stored(root, opt_in=False)
    assert every is not None and chosen is not None
    assert CODE in {p.code for p in every[0]}
    assert {p.code for p in chosen[0]} == {p.code for p in every[0]} - {CODE}
    assert chosen[1] == every[1] and len(every[1]) == 6


@pytest.mark.parametrize("forged", [
    "UPDATE problems SET problems = '[[not json' WHERE opt_in = 1",
    "UPDATE problems SET problems = '[[\"no-such-code\",\"m\",\"data/cities/taipei.yaml\","
    "1,1,\"error\",[],false]]' WHERE path = 'data/cities/taipei.yaml'",
    "UPDATE problems SET problems = replace(problems, 'data/cities/taipei.yaml', "
    "'data/../../outside.yaml') WHERE path = 'data/cities/taipei.yaml'",
    "UPDATE problems SET path = 'data/../../outside.yaml' "
    "WHERE path = 'data/cities/taipei.yaml'",
    "UPDATE outcomes SET records = records + 1",
    "UPDATE outcomes SET paths = 'data/x.yaml'",
], ids=["not-json", "unknown-code", "problem-out-of-data", "row-out-of-data", "count",
        "paths"])
def test_a_stored_outcome_that_is_not_what_citynet_writes_is_rebuilt(cli, make_registry,
                                                                     forged):
    """Even under a forged seal, an outcome row citynet would not write is never believed:
    nothing out of data/ is read to place a problem."""
    root = _registry(make_registry)
    before = cli("validate", "--select", CODE, "-f", "json", root=root).stdout
    assert cli("validate", root=root).exit_code == 1
    forge(root / INDEX, forged)
    assert _stored(root) is None
    assert cli("validate", "--select", CODE, "-f", "json", root=root).stdout == before
    assert _stored(root) is not None


def test_every_change_to_the_files_moves_the_key(make_registry):
    root = make_registry()
    path = root / "data/cities/taipei.yaml"

    def now() -> str:
        found = outcomes.work_tree(root)
        assert found is not None
        return found.key

    first = now()
    assert now() == first
    text, before = path.read_text(), path.stat()
    path.write_text(text.replace("country: TW", "contry: TW "))  # same size, same mtime
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    edited = now()
    assert edited != first
    path.rename(root / "data/cities/taipei2.yaml")
    renamed = now()
    assert renamed not in (first, edited)
    (root / "data/cities/extra.yaml").write_text("names: {en: X}\n")
    added = now()
    assert added not in (first, edited, renamed)
    (root / "data/cities/extra.yaml").unlink()
    assert now() == renamed


def test_a_folder_holding_more_than_records_is_walked_in_order(make_registry):
    root = make_registry({"data/cities/README.md": "not a record\n",
                          "data/cities/.hidden.yaml": "x: 1\n",
                          "data/cities/old.yaml~": "x: 1\n",
                          "data/cities/asia/tokyo.yaml": "x: 1\n",
                          "data/cities/asia-b.yaml": "x: 1\n",
                          "data/cities/wrong.yml": "x: 1\n"})
    files, problems = discover(root)
    cities = [f.rel for f in files if f.kind.folder == "cities"]
    assert cities == ["data/cities/asia/tokyo.yaml", "data/cities/asia-b.yaml",
                      "data/cities/ottawa.yaml", "data/cities/seoul.yaml",
                      "data/cities/taipei.yaml"]
    assert [p.path for p in problems] == ["data/cities/wrong.yml"]
    assert all(f.path == os.path.join(str(root), f.rel) for f in files)
