"""Edits whole or not at all (issue 24, item 4): a writing command stopped at any step, by
Ctrl-C or a failing disk, leaves the old state or the new one and no temporary file, and
exits 130 with one line; a signal that arrives in the middle of a write waits for its end.

Each command runs once to learn its steps (`store.atomic.watching`, the public hook every
write reports its steps to) and its final state; then, on a fresh registry each time, it is
stopped at each step in turn.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from citynet.store import atomic
from conftest import BASE, write_registry

MESSY = "country: KR\nnames: {en: Busan}\nsources: [{title: t}]\n"
TAIPEI_2 = "names: {en: Taipei, zh: 臺北}\ncountry: TW\nsources: [{title: A list}]\n"
WITH_TAIPEI_2 = ("kind: sister\nparties: [taipei-2, busan]\nsources: [{title: t}]\n"
                 "lifecycle:\n- step: suspended\n  date: 2022-03\n  source: {title: t}\n")
HOUSTON = "names: {en: Houston}\ncountry: US\nsources: [{title: t}]\n"
PAIRS = ("city1,country1,city2,country2\nSeoul,South Korea,Busan,South Korea\n"
         "Busan,South Korea,Daegu,South Korea\nTaipei,Taiwan,Daegu,South Korea\n")
EXTRA = {
    "data/cities/busan.yaml": MESSY,
    "data/cities/taipei-2.yaml": TAIPEI_2,
    "data/cities/houston.yaml": HOUSTON,
    "data/agreements/busan-taipei-2-sister.yaml": WITH_TAIPEI_2,
}


def git(root: Path, *args: str) -> str:
    """git in `root`, its commits the same on every run (one author, one date)."""
    when = "2024-01-01T00:00:00+00:00"
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                           *args], check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_DATE": when,
                               "GIT_COMMITTER_DATE": when}).stdout


def fresh(place: Path) -> Path:
    """The same registry each time, in git, committed, in a folder of its own."""
    if place.exists():
        shutil.rmtree(place)
    root = write_registry(place / "registry", {**BASE, **EXTRA})
    (place / "pairs.csv").write_text(PAIRS, encoding="utf-8")
    (place / "existing").mkdir()
    (place / "existing" / "notes.txt").write_text("mine\n")
    if shutil.which("git"):
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "start")
    return root


def state(place: Path) -> dict[str, object]:
    """Every file and link under `place` (the cache and git's own folder aside) and what git's
    index holds."""
    found: dict[str, object] = {}
    for path in sorted(place.rglob("*")):
        parts = path.relative_to(place).parts
        if ".citynet" in parts or ".git" in parts:
            continue
        if path.is_symlink():
            found[str(path.relative_to(place))] = ("link", os.readlink(path))
        elif path.is_file():
            found[str(path.relative_to(place))] = path.read_bytes()
    root = place / "registry"
    if (root / ".git").is_dir():
        found["git index"] = git(root, "ls-files", "-s")
    return found


def temporaries(place: Path) -> list[str]:
    return [str(p) for p in place.rglob("*") if ".citynet-tmp-" in p.name
            or p.name.endswith(".tmp") or p.name.startswith(".export.")]


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "new": lambda place: ["new", "city", "--id", "daegu", "--name", "Daegu", "--country",
                          "KR", "--source", "s"],
    "fmt": lambda place: ["fmt", str(place / "registry" / "data" / "agreements")],
    "end": lambda place: ["end", "seoul-taipei-sister", "--date", "2020", "--reason",
                          "expired", "--source", "a letter"],
    "suspend": lambda place: ["suspend", "seoul-taipei-sister", "--date", "2022-03",
                              "--source", "a letter"],
    "resume": lambda place: ["resume", "busan-taipei-2-sister", "--date", "2023",
                             "--source", "a letter"],
    "succeed": lambda place: ["succeed", "busan", "--from", "houston", "--date", "2016",
                              "--source", "a decree"],
    "rename": lambda place: ["rename", "city", "taipei", "taipei-city"],
    "merge": lambda place: ["merge", "taipei", "taipei-2"],
    "distinct": lambda place: ["duplicates", "--distinct", "taipei", "taipei-2"],
    "import": lambda place: ["import", "pairs", str(place / "pairs.csv")],
    "enrich": lambda place: ["enrich", "geonames", "houston", "ottawa"],
    "init": lambda place: ["init", str(place / "new")],
    "init into a folder": lambda place: ["init", str(place / "existing")],
    "export json": lambda place: ["export", "-f", "json", "--output", str(place / "out.json")],
    "export csv": lambda place: ["export", "-f", "csv", "--output", str(place / "csv")],
    "export sqlite": lambda place: ["export", "-f", "sqlite", "--output", str(place / "db")],
    "schema": lambda place: ["schema", "--output", str(place / "schemas")],
    "report": lambda place: ["report", "partners", "seoul", "--output", str(place / "r.md")],
    "site build": lambda place: ["site", "build", str(place / "site")],
}


def steps_of(cli, name: str, place: Path) -> tuple[list[str], dict[str, object]]:
    """The steps a clean run goes through, and the state it leaves."""
    root = fresh(place)
    seen: list[str] = []
    with atomic.watching(seen.append):
        run = cli(*COMMANDS[name](place), root=root)
    assert run.exit_code == 0, run.stderr
    assert seen, f"{name} wrote nothing through store.atomic"
    return seen, state(place)


def sampled(count: int, most: int = 12) -> list[int]:
    """Every step of a short command; the first, last and some between of a long one."""
    if count <= most:
        return list(range(count))
    return sorted({*range(3), *range(count - 3, count), *range(0, count, count // most)})


def stop_at(number: int, raising: BaseException) -> Callable[[str], None]:
    seen = []

    def watcher(what: str) -> None:
        seen.append(what)
        if len(seen) == number + 1:
            raise raising

    return watcher


BULK = {"fmt", "import", "enrich", "schema"}
"""Commands that write many files, each on its own: stopped, each file is old or new, and
running the command again finishes the job. Every other command is whole or not at all."""


def test_every_command_that_writes_is_here(cli):
    from citynet.cli.app import COMMANDS as ALL

    read_only = {"validate", "list", "show", "report", "diff", "history", "explain", "lsp",
                 "duplicates", "compare", "schema", "export", "site"}
    writing = {name.split()[0] for name in COMMANDS} | {"duplicates"}
    assert set(ALL) - read_only <= writing


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_ctrl_c_at_any_step_leaves_the_old_or_the_new_state_and_no_temporary(
        cli, tmp_path, name):
    steps, after = steps_of(cli, name, tmp_path / "clean")
    place = tmp_path / "stopped"
    for number in sampled(len(steps)):
        root = fresh(place)
        before = state(place)
        with atomic.watching(stop_at(number, KeyboardInterrupt())):
            run = cli(*COMMANDS[name](place), root=root)
        where = f"{name}, stopped at step {number}: {steps[number]}"
        assert (run.exit_code, run.stderr) == (130, "citynet: interrupted\n"), where
        assert temporaries(place) == [], where
        now = state(place)
        if name not in BULK:
            assert now in (before, after), where
            continue
        assert all(now[path] in (before.get(path), after.get(path)) for path in now), where
        assert set(now) <= set(before) | set(after), where
        assert cli(*COMMANDS[name](place), root=root).exit_code == 0, where
        assert state(place) == after, where


@pytest.mark.parametrize("name", ["fmt", "rename", "merge", "import", "export csv"])
def test_a_failing_disk_at_any_step_leaves_the_old_state(cli, tmp_path, name):
    """An OS error before the last step undoes the whole command's own write: a rename or a
    merge is undone whole, an import keeps the records already written (each whole)."""
    steps, _ = steps_of(cli, name, tmp_path / "clean")
    place = tmp_path / "failed"
    for number in sampled(len(steps) - 1):  # at the last step, all is written already
        root = fresh(place)
        before = state(place)
        with atomic.watching(stop_at(number, OSError(28, "No space left on device"))):
            run = cli(*COMMANDS[name](place), root=root)
        where = f"{name}, failed at step {number}: {steps[number]}"
        assert run.exit_code != 0 and len(run.stderr.strip().splitlines()) >= 1, where
        if name in ("rename", "merge", "export csv"):
            assert state(place) == before, where
        assert temporaries(place) == [], where


@pytest.mark.parametrize("name", ["rename", "merge", "new", "fmt", "end", "export csv"])
def test_a_signal_in_the_middle_of_a_write_waits_for_its_end(cli, tmp_path, name):
    """A real SIGINT (or SIGTERM's turn, SIGINT stands for both) sent while a file is half
    written: the write, or a rename's whole sequence, finishes first; then citynet stops."""
    steps, after = steps_of(cli, name, tmp_path / "clean")
    inside = [n for n, what in enumerate(steps) if not what.endswith("in place")]
    place = tmp_path / "signalled"
    for number in inside[:1] + inside[-1:]:
        root = fresh(place)

        def send(what: str, seen: list[str] = []) -> None:  # noqa: B006 - one list a run
            seen.append(what)
            if len(seen) == number + 1:
                os.kill(os.getpid(), signal.SIGINT)

        with atomic.watching(send):
            run = cli(*COMMANDS[name](place), root=root)
        assert (run.exit_code, run.stderr) == (130, "citynet: interrupted\n")
        assert temporaries(place) == []
        if name in ("rename", "merge"):
            assert state(place) == after  # the whole sequence was done, then it stopped


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("name", ["rename", "merge"])
def test_a_rename_or_merge_is_staged_whole_and_the_index_validates(cli, tmp_path, name):
    """Issue 24: `rename` staged the moves (git mv) but not the edits, so a plain commit
    after it committed a registry that fails validation."""
    root = fresh(tmp_path)
    assert cli(*COMMANDS[name](tmp_path), root=root).exit_code == 0
    assert git(root, "diff", "--name-only") == ""  # nothing left unstaged
    git(root, "commit", "-qm", name)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    assert cli("validate", root=clone).exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_file_with_unstaged_changes_leaves_the_index_alone_and_says_so(cli, tmp_path):
    root = fresh(tmp_path)
    agreement = root / "data/agreements/seoul-taipei-sister.yaml"
    agreement.write_text(agreement.read_text() + "notes: mine, not staged\n")
    index = git(root, "ls-files", "-s")
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 0
    assert run.stderr == ("warning: git's index was left as it was: data/agreements/"
                          "seoul-taipei-sister.yaml has changes it does not hold; stage the "
                          "rename yourself (git add)\n")
    assert git(root, "ls-files", "-s") == index
    assert "notes: mine, not staged" in (
        root / "data/agreements/seoul-taipei-city-sister.yaml").read_text()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_failing_git_undoes_the_rename(cli, tmp_path):
    """git cannot take the index (another git holds its lock): the files go back too."""
    root = fresh(tmp_path)
    before = state(tmp_path)
    (root / ".git" / "index.lock").write_text("")
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 2
    assert run.stderr.startswith("citynet: error: git could not stage the rename (fatal: "
                                 "Unable to create ") and "index.lock" in run.stderr
    assert run.stderr.endswith("; nothing was changed\n")
    assert len(run.stderr.strip().splitlines()) == 1
    assert state(tmp_path) == before and temporaries(tmp_path) == []
