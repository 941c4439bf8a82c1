"""The language server's first diagnostics, from validate's outcome in the index (lsp/early.py).

A file the editor opens unchanged from disk is answered from the outcome a
warm `validate` stored, before the registry is loaded; the answer must be
exactly validate's, and an outcome validate itself would not believe (stale,
from the checkout, or with caching off) is never used. The server reads the
file's own row of the outcome; the plain `citynet lsp` an editor runs has a
forked helper check the outcome's key meanwhile, and takes only that key.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from citynet.lint.engine import validate

pytest.importorskip("pygls")

from citynet.lsp.early import Early, forget_launched, launch  # noqa: E402
from forging import INDEX  # noqa: E402
from test_lsp import Client  # noqa: E402

TYPO = "kind: friendship\nparties: [seoul, taipie]\nsources: [{title: A source}]\n"
REL = "data/agreements/seoul-taipie-friendship.yaml"
DATES = ("kind: sister\nparties: [taipei, ottawa]\nsigned: 2001\n"
         "lifecycle: [{step: ended, date: 1999}]\nsources: [{title: A}]\n")
DATED = "data/agreements/ottawa-taipei-sister.yaml"


@pytest.fixture
def warm(make_registry):
    """A registry with a dangling reference and a date out of order, validated once."""
    root = make_registry({REL: TYPO, DATED: DATES})
    validate(root)
    return root


def _mine(result, rel):
    return [p for p in result.problems if p.path == rel]


def _early(root, use_cache=True) -> Early:
    early = Early(root, use_cache)
    early.check()
    return early


def test_each_file_is_answered_with_validates_problems(warm):
    early = _early(warm)
    expected = validate(warm)
    for rel in (REL, DATED, "data/cities/seoul.yaml"):
        assert early.problems(rel) == _mine(expected, rel)
    assert [p.code for p in early.problems(REL)] == ["dangling-ref"]
    early.drop()
    assert early.problems(REL) is None  # dropped: nothing more to believe


def test_the_check_writes_nothing(warm):
    before = (warm / INDEX).read_bytes()
    (warm / "data/cities/ottawa.yaml").touch()  # a changed file: the index is not updated
    assert _early(warm).problems(REL) is None
    assert (warm / INDEX).read_bytes() == before


def test_the_check_leaves_a_database_it_cannot_believe_as_it_is(warm):
    """Rebuilding is the load's work: the check (in the helper, on another core) only reads."""
    (warm / INDEX).write_bytes(b"SQLite format 3\0" + bytes(4000))
    assert _early(warm).problems(REL) is None
    assert (warm / INDEX).read_bytes() == b"SQLite format 3\0" + bytes(4000)


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_an_outcome_of_other_files_is_not_believed(warm, change):
    ottawa = warm / "data/cities/ottawa.yaml"
    if change == "edited":
        ottawa.write_text("names: {en: Ottawa}\ncountry: CA\nlevel: city\n"
                          "sources: [{title: T}]\n")
    elif change == "added":
        (warm / "data/cities/oslo.yaml").write_text("names: {en: Oslo}\ncountry: NO\n")
    else:
        ottawa.unlink()
    assert _early(warm).problems(REL) is None


def test_an_outcome_not_stored_is_not_believed(make_registry):
    root = make_registry({REL: TYPO})
    assert _early(root).problems(REL) is None
    assert not (root / ".citynet").exists()  # nothing made to answer nothing


def test_an_untrusted_or_unwanted_cache_is_never_read(warm):
    assert _early(warm, use_cache=False).problems(REL) is None
    (warm / ".citynet").rename(warm / "elsewhere")
    (warm / ".citynet").symlink_to(warm / "elsewhere")
    assert _early(warm).problems(REL) is None


def _seen(found):
    return [(d["code"], d["range"], d["message"], d["severity"]) for d in found]


def test_an_unchanged_file_is_underlined_as_by_a_loaded_registry(warm):
    cold = Client(warm, env={"CITYNET_NO_CACHE": "1"})
    cold.start()
    try:
        loaded = {rel: cold.open(rel, (warm / rel).read_text()) for rel in (REL, DATED)}
    finally:
        cold.stop()
    client = Client(warm)
    client.start()
    try:
        for rel in (REL, DATED):
            found = client.open(rel, (warm / rel).read_text())
            assert _seen(found) == _seen(loaded[rel]) and found, rel
        assert client.change(REL, TYPO.replace("taipie", "taipei")) == []
        assert [d["code"] for d in client.change(REL, TYPO, version=3)] == ["dangling-ref"]
    finally:
        client.stop()


def test_a_file_edited_since_validate_gets_the_problems_of_its_new_text(warm):
    (warm / REL).write_text(TYPO.replace("taipie", "taipei"))
    client = Client(warm)
    client.start()
    try:
        assert client.open(REL, (warm / REL).read_text()) == []
        assert [d["code"] for d in client.open(DATED, DATES)] == ["lifecycle-order"]
    finally:
        client.stop()


def _twin_then_seoul(root, env=None):
    """Open an unsaved second Seoul, then Seoul's file as it is on disk: what it shows."""
    client = Client(root, env=env)
    client.start()
    try:
        seoul = (root / "data/cities/seoul.yaml").read_text()
        client.open("data/cities/a/seoul.yaml", seoul)
        return _seen(client.open("data/cities/seoul.yaml", seoul))
    finally:
        client.stop()


def test_once_an_open_file_differs_from_disk_nothing_is_answered_from_the_outcome(warm):
    """An unsaved twin of Seoul makes Seoul's file on disk a duplicate, which validate's
    outcome of the disk cannot know: the server says what a loaded registry says."""
    loaded = _twin_then_seoul(warm, env={"CITYNET_NO_CACHE": "1"})
    assert [code for code, *_ in loaded] == ["duplicate-id"]
    assert _twin_then_seoul(warm) == loaded


def test_a_plain_citynet_lsp_publishes_validates_problems(warm):
    client = Client(warm, command=["lsp"])
    client.start()
    try:
        found = client.open(REL, (warm / REL).read_text())
        assert [d["code"] for d in found] == ["dangling-ref"]
    finally:
        client.stop()


def test_a_session_leaves_one_database_in_the_cache_folder(warm):
    """Opened, edited, saved and closed: `.citynet/` still holds the database alone, and the
    outcome the server answered from is validate's (it wrote none of its own)."""
    client = Client(warm, command=["lsp"])
    client.start()
    try:
        assert [d["code"] for d in client.open(REL, (warm / REL).read_text())] == [
            "dangling-ref"]
        assert client.change(REL, TYPO.replace("taipie", "taipei")) == []
    finally:
        client.stop()
    assert sorted(p.name for p in (warm / ".citynet").iterdir()) == ["index.sqlite"]
    with sqlite3.connect(warm / INDEX) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _children() -> set[str]:
    pid = os.getpid()
    return set(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())


@pytest.fixture
def plain(warm, monkeypatch):
    """Where and how an editor starts `citynet lsp`: in the registry, no setting."""
    monkeypatch.chdir(warm)
    for name in ("CITYNET_ROOT", "CITYNET_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    yield warm
    forget_launched()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_a_plain_citynet_lsp_forks_one_helper_whose_key_is_taken_once(plain):
    before = _children()
    launch()
    launch()  # once a process
    assert len(_children() - before) == 1
    early = _early(plain)
    assert _children() == before  # its key taken, the helper is gone
    assert early.problems(REL) == _mine(validate(plain), REL)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_a_helper_no_server_takes_is_ended(plain):
    before = _children()
    launch()
    forget_launched()
    assert _children() == before


@pytest.mark.parametrize("setting", ["CITYNET_ROOT", "CITYNET_NO_CACHE"])
def test_launch_leaves_root_and_cache_settings_to_the_command(plain, monkeypatch, setting):
    monkeypatch.setenv(setting, "1")
    before = _children() if Path("/proc/self/task").is_dir() else set()
    launch()
    assert not Path("/proc/self/task").is_dir() or _children() == before
    assert _early(plain, use_cache=setting != "CITYNET_NO_CACHE").problems(REL) == (
        None if setting == "CITYNET_NO_CACHE" else _mine(validate(plain), REL))
