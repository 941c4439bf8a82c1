"""docs/lifecycles.md, run as written: every command of its console blocks, in order, on the
scratch registry its first command makes, each printing what the page says (`…` stands for
lines the page leaves out)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import REPO

PAGE = REPO / "docs" / "lifecycles.md"
ELLIPSIS = "…"


def steps() -> list[tuple[str, list[str]]]:
    """(command, the lines the page shows it printing), in the page's order."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return found


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is `shown`, each `…` in it standing for any lines (or none)."""
    runs: list[list[str]] = [[]]
    for line in shown:
        if line == ELLIPSIS:
            runs.append([])
        else:
            runs[-1].append(line)
    first, *middle, last = runs if len(runs) > 1 else (runs[0], runs[0])
    if len(runs) == 1:
        return printed == shown
    if printed[:len(first)] != first or (last and printed[-len(last):] != last):
        return False
    at, end = len(first), len(printed) - len(last)
    for run in middle:
        found = next((i for i in range(at, end - len(run) + 1)
                      if printed[i:i + len(run)] == run), None)
        if found is None:
            return False
        at = found + len(run)
    return at <= end


def test_the_worked_example_prints_what_the_page_says(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = 0
    for command, shown in steps():
        args = shlex.split(command)
        if args[0] == "cd":
            monkeypatch.chdir(Path.cwd() / args[1])
            continue
        if args[0] == "cat":
            printed = (Path.cwd() / args[1]).read_text(encoding="utf-8").splitlines()
        else:
            assert args[0] == "citynet", command
            run = cli(*args[1:])
            said = run.stdout if run.exit_code == 0 else run.stdout + run.stderr
            printed = said.splitlines()
            assert (run.exit_code == 0) == (not any(line.startswith("citynet: error")
                                                    for line in shown)), (command, run.stderr)
        assert matches(shown, printed), f"$ {command}\n" + "\n".join(printed)
        ran += 1
    assert ran >= 35


@pytest.mark.parametrize(("shown", "printed", "expected"), [
    (["a", "…", "d"], ["a", "b", "c", "d"], True),
    (["a", "…", "d"], ["a", "d"], True),
    (["a", "…"], ["a", "b"], True),
    (["a", "d"], ["a", "b", "d"], False),
    (["a", "…", "d"], ["a", "b", "c"], False),
])
def test_an_ellipsis_stands_for_any_lines(shown, printed, expected):
    assert matches(shown, printed) is expected


def test_the_example_is_not_shipped():
    """The worked example lives on its scratch registry, not in data/: no seed states a step
    of a lifecycle or a succession (docs/data.md says so)."""
    for city in ("des-moines", "stavropol", "st-petersburg", "cherbourg-en-cotentin"):
        assert not list((REPO / "data").rglob(f"{city}.yaml"))
    for path in (REPO / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "\nlifecycle:" not in text and "\npredecessors:" not in text, path
