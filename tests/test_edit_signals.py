"""Real signals to a real citynet (issue 24, items 4 and 5): Ctrl-C in the middle of an
import leaves no temporary file and a registry that validates, exits 130 with one line,
and a second run finishes the import; what a kill -9 leaves is removed by the next run,
and nothing citynet did not make is ever removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

SAMPLE = REPO.parent / "shared" / "data" / "twin-cities-sample.csv"
pytestmark = pytest.mark.skipif(not SAMPLE.exists() or os.name == "nt",
                                reason="the shared sample, and POSIX signals")


def citynet(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "citynet", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "data").rglob("*") if ".citynet-tmp-" in p.name
                  or p.name.endswith(".tmp"))


def stop_while_writing(root: Path, signum: int, after_files: int) -> tuple[int, str]:
    """Start an import of the sample and send `signum` once `after_files` cities are written:
    its exit status and what it said on stderr."""
    process = citynet("--root", str(root), "import", "pairs", str(SAMPLE))
    cities = root / "data" / "cities"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if sum(1 for _ in os.scandir(cities)) > after_files:
            process.send_signal(signum)
            break
        time.sleep(0.0005)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


@pytest.fixture
def fresh(cli, tmp_path) -> Path:
    root = tmp_path / "registry"
    assert cli("init", str(root)).exit_code == 0
    return root


@pytest.mark.parametrize("after_files", [1, 300, 1200])
def test_ctrl_c_during_import_leaves_no_temporary_and_a_valid_registry(cli, fresh,
                                                                        after_files):
    """Issue 24: Ctrl-C during `import` left data/cities/.NAME.yaml.PID.N.tmp behind."""
    status, stderr = stop_while_writing(fresh, signal.SIGINT, after_files)
    if status == 0:
        pytest.skip("the import was done before the signal came")  # a fast machine
    assert status == 130
    assert stderr == "citynet: interrupted\n"
    assert leftovers(fresh) == []
    assert cli("validate", root=fresh).exit_code == 0  # no agreement names a missing city
    again = cli("import", "pairs", str(SAMPLE), "-f", "json", root=fresh)
    assert again.exit_code == 0
    assert cli("import", "pairs", str(SAMPLE), "-f", "json", root=fresh).json()[
        "cities"]["created"] == 0


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_what_a_kill_9_leaves_the_next_run_removes_and_nothing_else(cli, fresh):
    status, _ = stop_while_writing(fresh, signal.SIGKILL, 200)
    assert status in (-signal.SIGKILL, 0)
    cities = fresh / "data" / "cities"
    dead = _dead_pid()
    planted = {  # name: whether the next run removes it
        f".seoul.yaml.citynet-tmp-{dead}": True,  # a killed citynet's
        f".busan.yaml.citynet-tmp-{dead}-3": True,
        f".taipei.yaml.citynet-tmp-{os.getpid()}": False,  # a live process's
        f".ottawa.yaml.citynet-tmp-{dead}.bak": False,  # not citynet's name
        ".lodz.yaml.tmp": False,
        "notes.txt.citynet-tmp-1": False,
    }
    for name in planted:
        (cities / name).write_text("x\n")
    if shutil.which("git"):  # a file git tracks is never citynet's leftover
        tracked = f".daegu.yaml.citynet-tmp-{dead}"
        (cities / tracked).write_text("tracked\n")
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
        for args in (["init", "-q"], ["add", "-f", f"data/cities/{tracked}"],
                     ["commit", "-qm", "x"]):
            subprocess.run(["git", "-C", str(fresh), *args], check=True, env=env)
        planted[tracked] = False
    run = cli("import", "pairs", str(SAMPLE), root=fresh)
    assert run.exit_code == 0, run.stderr
    for name, removed in planted.items():
        assert (cities / name).exists() is not removed, name
    assert [n for n in leftovers(fresh) if n not in planted] == []
    assert cli("validate", root=fresh).exit_code == 0


def test_every_command_that_edits_records_removes_a_killed_citynets_leftovers(cli, make_registry):
    """Not only the command that was killed: the next `new`, `fmt`, `end` … in the registry."""
    for args in (["fmt"], ["new", "city", "--id", "daegu", "--name", "Daegu", "--country", "KR",
                           "--source", "s"],
                 ["end", "seoul-taipei-sister", "--date", "2020", "--source", "s"],
                 ["rename", "city", "ottawa", "ottawa-on"]):
        root = make_registry()
        stale = root / "data" / "agreements" / f".x.yaml.citynet-tmp-{_dead_pid()}"
        stale.write_text("half a record")
        run = cli(*args, root=root)
        assert run.exit_code == 0, (args, run.stderr)
        assert not stale.exists(), args
        shutil.rmtree(root)


def test_a_new_registry_never_lets_git_add_a_leftover(cli, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "registry"
    assert cli("init", str(root)).exit_code == 0
    (root / "data" / "cities" / f".seoul.yaml.citynet-tmp-{_dead_pid()}").write_text("x")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    listed = subprocess.run(["git", "-C", str(root), "ls-files"], capture_output=True,
                            text=True, check=True).stdout
    assert "citynet-tmp" not in listed and "data/cities/.gitkeep" in listed


def test_a_folder_in_data_named_as_a_temporary_is_never_removed(cli, make_registry):
    """citynet makes no folder under data/: one named like its temporaries is someone's."""
    root = make_registry()
    folder = root / "data" / "cities" / f".x.yaml.citynet-tmp-{_dead_pid()}"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    assert cli("fmt", root=root).exit_code == 0
    assert (folder / "notes.txt").read_text() == "mine\n"


FORK_AFTER_A_WRITE = """
import os, signal, sys
from pathlib import Path
from citynet.store.atomic import write_atomic

write_atomic(Path(sys.argv[1]) / "x.txt", "x")  # a write: citynet's handler is in place
parent = signal.getsignal(signal.SIGTERM)
child = os.fork()
if child == 0:
    sys.stdout.write(f"{parent!r}|{signal.getsignal(signal.SIGTERM)!r}")
    sys.stdout.flush()
    os._exit(0)
os.waitpid(child, 0)
"""


def test_a_forked_worker_gets_the_signals_own_handlers_back(tmp_path):
    """citynet's handler stays in place once a write has run; a worker forked later (the pool
    that reads 2,000 files and more) must still die at once on the SIGTERM that stops it: with
    a Python handler it waited for a lock, and the pool's parent waited for it for ever."""
    done = subprocess.run([sys.executable, "-c", FORK_AFTER_A_WRITE, str(tmp_path)],
                          capture_output=True, text=True, check=True, timeout=60)
    parent, child = done.stdout.split("|")
    assert parent.startswith("<function") and child == repr(signal.SIG_DFL)
