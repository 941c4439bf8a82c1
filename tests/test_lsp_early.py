"""The language server's first diagnostics, from validate's cached outcome (lsp/early.py).

A file the editor opens unchanged from disk is answered from the outcome a
warm `validate` stored, before the registry is loaded; the answer must be
exactly validate's, and an outcome validate itself would not believe (stale,
from the checkout, or with caching off) is never used.
"""

from __future__ import annotations

import pytest

from citynet.lint.engine import validate

pytest.importorskip("pygls")

from citynet.lsp.early import read_ahead  # noqa: E402
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


def test_the_helper_answers_each_file_with_validates_problems(warm):
    ahead = read_ahead(str(warm), use_cache=True)
    assert ahead is not None
    try:
        expected = validate(warm)
        for rel in (REL, DATED, "data/cities/seoul.yaml"):
            assert ahead.problems(rel) == _mine(expected, rel)
        assert [p.code for p in ahead.problems(REL)] == ["dangling-ref"]
    finally:
        ahead.close()
    assert ahead.problems(REL) is None  # closed: nothing more to believe


def test_an_outcome_of_other_files_is_not_believed(warm):
    (warm / "data/cities/ottawa.yaml").write_text("names: {en: Ottawa}\ncountry: CA\n"
                                                   "level: city\nsources: [{title: T}]\n")
    ahead = read_ahead(str(warm), use_cache=True)
    assert ahead is not None
    try:
        assert ahead.problems(REL) is None
    finally:
        ahead.close()


def test_an_untrusted_or_unwanted_cache_is_never_read(warm):
    assert read_ahead(str(warm), use_cache=False) is None
    (warm / ".citynet").rename(warm / "elsewhere")
    (warm / ".citynet").symlink_to(warm / "elsewhere")
    assert read_ahead(str(warm), use_cache=True) is None


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


def test_a_plain_citynet_lsp_starts_the_helper_before_typer(warm, monkeypatch):
    """`citynet lsp` as an editor runs it: the helper `launch` started is the one the
    command then takes, answering as validate does."""
    from citynet.lsp import early

    monkeypatch.chdir(warm)
    for name in ("CITYNET_ROOT", "CITYNET_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(early, "_LAUNCHED", [])
    early.launch()
    assert len(early._LAUNCHED) == 1  # noqa: SLF001 - what the command will take
    launched = early._LAUNCHED[0]  # noqa: SLF001
    ahead = read_ahead(None, use_cache=True)
    assert ahead is launched
    try:
        assert ahead.problems(REL) == _mine(validate(warm), REL)
    finally:
        ahead.close()
    again = read_ahead(None, use_cache=True)  # taken once: a later call starts its own
    assert again is not launched
    again.close()


@pytest.mark.parametrize("setting", ["CITYNET_ROOT", "CITYNET_NO_CACHE"])
def test_launch_leaves_root_and_cache_settings_to_the_command(warm, monkeypatch, setting):
    from citynet.lsp import early

    monkeypatch.chdir(warm)
    monkeypatch.setenv(setting, "1")
    monkeypatch.setattr(early, "_LAUNCHED", [])
    early.launch()
    assert early._LAUNCHED == []  # noqa: SLF001


def test_a_plain_citynet_lsp_publishes_validates_problems(warm):
    client = Client(warm, command=["lsp"])
    client.start()
    try:
        found = client.open(REL, (warm / REL).read_text())
        assert [d["code"] for d in found] == ["dangling-ref"]
    finally:
        client.stop()
