"""Validate's stored outcome: opt-in problems kept apart and read only when selected, and a
key (the file set with every file's stamp) that any change to the files moves."""

from __future__ import annotations

import os
from pathlib import Path

from citynet.lint.engine import result_key
from citynet.store import cache
from citynet.store.files import discover, fingerprint

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


def test_the_library_reads_opt_in_problems_only_when_asked(cli, make_registry):
    root = _registry(make_registry)
    assert cli("validate", root=root).exit_code == 1
    key = result_key(root)
    every = cache.load_outcome(root, key)
    chosen = cache.load_outcome(root, key, opt_in=False)
    assert every is not None and chosen is not None
    assert CODE in {p.code for p in every[0]}
    assert {p.code for p in chosen[0]} == {p.code for p in every[0]} - {CODE}
    assert chosen[1] == every[1] and len(every[1]) == 6


def test_an_outcome_whose_opt_in_text_is_not_json_is_rebuilt(cli, make_registry):
    root = _registry(make_registry)
    before = cli("validate", "--select", CODE, root=root).stdout
    body = cache.load_body(root, cache.OUTCOME)
    cache.save_body(root, {cache.OUTCOME: {**body, "opt_in": "[[not json"}})
    assert cache.load_outcome(root, result_key(root)) is None
    assert cli("validate", "--select", CODE, root=root).stdout == before


def test_every_change_to_the_files_moves_the_fingerprint(make_registry):
    root = make_registry()
    path = root / "data/cities/taipei.yaml"

    def now() -> str:
        return fingerprint(discover(root)[0])

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
