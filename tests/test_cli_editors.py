"""Editors' everyday path (issue 25): paths a terminal opens on a click, `new` asking for a
source, `citynet lsp` typed by a person, `show` fitting the terminal."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from citynet.model.kinds import CITIES

from terminal import on_terminal

BROKEN = "names: {en: Lyon}\ncountry: FRA\nsources: [{title: t}]\n"
"""A city with a schema error on line 2."""


# -- one rule for paths in text output -------------------------------------------------------

def test_from_a_kind_folder_validate_and_new_both_print_the_file_name(cli, make_registry,
                                                                      monkeypatch):
    root = make_registry({"data/cities/lyon.yaml": BROKEN})
    monkeypatch.chdir(root / "data" / "cities")
    run = cli("validate", root=root)
    assert run.stdout.startswith("lyon.yaml:2:10: error [schema] country:")
    made = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR",
               "--source", "s", root=root)
    assert made.stdout == "busan.yaml\n"
    refused = cli("new", "city", "--id", "nice", "--name", "Nice", "--country", "FRA",
                  "--source", "s", root=root)
    assert refused.stderr.startswith("nice.yaml:")  # the would-be file, from here too
    elsewhere = cli("new", "membership", "--member", "busan", "--organisation", "nowhere",
                    "--source", "s", root=root)
    assert elsewhere.stderr.startswith("../memberships/busan-nowhere.yaml:")
    assert Path("lyon.yaml").is_file() and Path("busan.yaml").is_file()


def test_tools_formats_keep_paths_from_the_registry_root(cli, make_registry, monkeypatch):
    root = make_registry({"data/cities/lyon.yaml": BROKEN})
    monkeypatch.chdir(root / "data" / "cities")
    github = cli("validate", "-f", "github", root=root).stdout
    assert "::error file=data/cities/lyon.yaml,line=2,col=10," in github
    problems = cli("validate", "-f", "json", root=root).json()["problems"]
    assert problems[0]["path"] == "data/cities/lyon.yaml"


def test_above_the_registry_paths_start_from_there_and_elsewhere_they_are_whole(
        cli, make_registry, monkeypatch, tmp_path):
    root = make_registry({"data/cities/lyon.yaml": BROKEN})
    monkeypatch.chdir(root.parent)
    assert cli("validate", root=root).stdout.startswith(
        f"{root.name}/data/cities/lyon.yaml:2:10:")
    aside = tmp_path / "aside"
    aside.mkdir()
    monkeypatch.chdir(aside)
    assert cli("validate", root=root).stdout.startswith(f"{root}/data/cities/lyon.yaml:2:10:")


def test_fmt_rename_end_and_show_follow_the_same_rule(cli, make_registry, monkeypatch):
    root = make_registry({"data/cities/busan.yaml": "country: KR\nnames: {en: Busan}\n"
                                                    "sources: [{title: t}]\n"})
    monkeypatch.chdir(root / "data" / "cities")
    assert "reformatted busan.yaml" in cli("fmt", root=root).stdout
    assert "renamed busan.yaml -> pusan.yaml" in cli("rename", "city", "busan", "pusan",
                                                      root=root).stdout
    assert cli("show", "pusan", root=root).stdout.startswith("city pusan  (pusan.yaml)")
    ended = cli("end", "seoul-taipei-sister", "--date", "2020", "--source", "s", root=root)
    assert ended.stdout.endswith(": ../agreements/seoul-taipei-sister.yaml\n")
    assert Path("../agreements/seoul-taipei-sister.yaml").read_text().count(
        "- step: ended\n  date: 2020\n") == 1


def test_only_the_common_module_turns_a_path_into_one_from_here():
    """One rule in one place: no other command module works out a path from the current
    folder itself."""
    cli = Path(__file__).resolve().parent.parent / "src" / "citynet" / "cli"
    found = [path.name for path in cli.glob("*.py")
             if path.name != "common.py" and ("relpath" in path.read_text()
                                              or "getcwd" in path.read_text())]
    assert found == []


# -- new asks for the source -----------------------------------------------------------------

class Answers:
    def __init__(self, *answers: str) -> None:
        self.answers, self.asked, self.told = list(answers), [], []

    def read(self, question: str) -> str:
        self.asked.append(question)
        return self.answers.pop(0)

    def tell(self, reason: str) -> None:
        self.told.append(reason)


def test_a_source_is_asked_part_by_part_each_checked():
    from citynet.edit.ask import ask_source

    terminal = Answers("Busan city hall", "ftp://x", "https://busan.go.kr", "2017-13",
                       "2017-03")
    assert ask_source(CITIES, terminal.read, terminal.tell) == {
        "title": "Busan city hall", "url": "https://busan.go.kr", "as_of": "2017-03"}
    assert len(terminal.told) == 2 and "url" in terminal.told[0]
    assert "2017-13" in terminal.told[1]
    skipped = Answers("")
    assert ask_source(CITIES, skipped.read, skipped.tell) is None
    assert len(skipped.asked) == 1 and "Enter to skip" in skipped.asked[0]


def _converse(controller: int, script: list[tuple[str, str | None]]) -> str:
    """Wait for each expected text on the terminal, then type the answer (None: just wait)."""
    seen, cursor = "", 0
    for expected, answer in script:
        while expected not in seen[cursor:]:
            ready, _, _ = select.select([controller], [], [], 30)
            if not ready:
                raise AssertionError(f"waited for {expected!r}; the terminal shows {seen!r}")
            seen += os.read(controller, 4096).decode(errors="replace")
        cursor = seen.index(expected, cursor) + len(expected)
        if answer is not None:
            os.write(controller, answer.encode() + b"\n")
    return seen


def _typed(root: Path, args: list[str], script: list[tuple[str, str | None]]
           ) -> tuple[int, str, str]:
    controller, terminal = pty.openpty()
    env = {**os.environ, "CITYNET_ROOT": str(root), "NO_COLOR": "1", "COLUMNS": "200"}
    process = subprocess.Popen([sys.executable, "-m", "citynet", *args], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=terminal, cwd=root, env=env)
    os.close(terminal)
    seen = _converse(controller, script)
    stdout, _ = process.communicate(timeout=60)
    time.sleep(0.2)
    while select.select([controller], [], [], 0.2)[0]:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk.decode(errors="replace")
    os.close(controller)
    return process.returncode, stdout.decode(), seen


def test_new_on_a_terminal_asks_for_a_source_and_suggests_a_country_code(make_registry):
    root = make_registry()
    status, stdout, seen = _typed(root, ["new", "city"], [
        ("id", "lyon"), ("name", "Lyon"), ("another", ""), ("country", "FRA"),
        ("did you mean 'FR'?", None), ("country", "FR"), ("level", ""), ("capital", ""),
        ("subdivision", ""), ("location", ""), ("geonames", ""), ("notes", ""),
        ("source: the title", "Ville de Lyon"), ("source url", ""), ("source as of", "2020-05")])
    assert status == 0, seen
    assert stdout == "data/cities/lyon.yaml\n"
    assert "[missing-source]" not in seen
    assert (root / "data/cities/lyon.yaml").read_text() == (
        "id: lyon\nnames:\n  en: Lyon\ncountry: FR\nsources:\n- title: Ville de Lyon\n"
        "  as_of: 2020-05\n")


def test_new_with_every_field_given_still_asks_a_person_for_the_source(make_registry):
    root = make_registry()
    status, stdout, seen = _typed(root, ["new", "city", "--id", "nice", "--name", "Nice",
                                         "--country", "FR"],
                                  [("source: the title", ""), ("[missing-source]", None)])
    assert status == 0 and stdout == "data/cities/nice.yaml\n"
    assert "level" not in seen  # an optional field is not asked when nothing was missing


def test_new_without_a_terminal_asks_nothing(cli, make_registry):
    root = make_registry()
    run = cli("new", "city", "--id", "nice", "--name", "Nice", "--country", "FR", root=root)
    assert run.exit_code == 0 and "missing-source" in run.stderr


# -- citynet lsp typed in a terminal ---------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_lsp_typed_in_a_terminal_says_what_it_is_and_ctrl_c_ends_it(make_registry):
    pytest.importorskip("pygls")
    root = make_registry()
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "citynet", "lsp"], stdin=terminal,
                               stdout=terminal, stderr=subprocess.PIPE, cwd=root,
                               start_new_session=True)
    os.close(terminal)
    told = b""
    while b"Ctrl-C" not in told:
        ready, _, _ = select.select([process.stderr], [], [], 30)
        assert ready, told
        told += os.read(process.stderr.fileno(), 4096)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal signals its foreground
    try:
        status = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    rest = process.stderr.read().decode()
    assert status == 130
    assert "language server" in told.decode() and "an editor starts it" in told.decode()
    assert rest.strip() == "citynet lsp: interrupted"


def test_lsp_started_by_an_editor_says_nothing(make_registry):
    pytest.importorskip("pygls")
    root = make_registry()
    done = subprocess.run([sys.executable, "-m", "citynet", "lsp"], cwd=root, input=b"",
                          capture_output=True, timeout=60)
    assert b"an editor starts it" not in done.stderr


# -- show fits the terminal ------------------------------------------------------------------

LONG = ("The main goal of the network is to improve the lives of its people, using "
        "technology as a tool to achieve it, in every city that takes part in it.")


@pytest.mark.parametrize("width", [60, 80])
def test_show_fits_the_terminal_and_still_reads_as_the_record(cli, make_registry, width):
    root = make_registry({"data/cities/busan.yaml": f"names: {{en: Busan}}\ncountry: KR\n"
                                                    f"notes: {LONG}\nsources: [{{title: t}}]\n"})
    seen = on_terminal(["show", "busan", "--no-cache"], root, width)
    lines = seen.stdout.splitlines()
    assert all(len(line) <= width for line in lines), seen.stdout
    record = yaml.safe_load("\n".join(lines[2:lines.index("", 2)]))
    assert record == cli("show", "busan", "-f", "json", root=root).json()["record"]
    piped = cli("show", "busan", root=root).stdout
    assert f"notes: {LONG}\n" in piped  # a pipe gets every line whole
