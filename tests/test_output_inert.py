"""Nothing a registry holds can act in citynet's output (issue 24, "Every output inert").

A file name, a record's text and a commit's subject and author are written so
that, printed raw, they would start a GitHub Actions workflow command
(`::error file=README.md,…` at the start of a line, or `##[error]` anywhere), a
line of their own, or a terminal escape. Every command that prints them is run
in every format it offers; no line of what it writes (stdout and stderr) may be
read as a command, hold a control character, or start with the forged text.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from citynet.cli import (diff, duplicates, explain, export, history, listing, report, show,
                         validate)
from citynet.inert import inert

from conftest import invoke

FORGED = "::error file=README.md,line=1::forged"
HOSTILE_NAME = f"x\n{FORGED}-file\u2028##[error]y\x1b]0;t\a"
"""A record file's name (what fits in one: no slash)."""
SEOUL = f"""\
names:
  en: "Seoul\\n{FORGED}-name"
  fr: "S ##[error]forged \\u2028{FORGED}-separator"
country: KR
capital: true
notes: "a\\n  {FORGED}-notes\\r{FORGED}-cr \\x85{FORGED}-nel"
location: {{lat: 37.5, lon: 127.0}}
sources: [{{title: "t\\n{FORGED}-source", url: "https://example.org/##[error]x"}}]
"""
BUSAN = "names: {en: Busan}\ncountry: KR\nlocation: {lat: 35.1, lon: 129.0}\n" \
        "sources: [{title: t}]\n"
SISTER = "kind: sister\nparties: [busan, seoul]\nsigned: 1990\n" \
         f"notes: \"n\\n{FORGED}-agreement\"\nsources: [{{title: t}}]\n"
AUTHOR = f"Mallory {FORGED}-author ##[error]a"


def git(root: Path, *args: str, author: str = "t") -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "t@e",
                        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "t@e",
                        "PATH": "/usr/bin:/bin", "HOME": "/tmp"})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A registry in git whose records, file names and history are hostile text."""
    root = tmp_path_factory.mktemp("hostile")
    for relative, text in {"data/cities/busan.yaml": BUSAN, "data/cities/seoul.yaml": SEOUL,
                           "data/agreements/busan-seoul-sister.yaml": SISTER}.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", f"base\n\nbody {FORGED}")
    (root / "data/cities/seoul.yaml").write_text(SEOUL.replace("capital: true\n", ""),
                                                 encoding="utf-8")
    git(root, "commit", "-qam", f"{FORGED}-subject ##[error]s", author=AUTHOR)
    (root / "data/cities" / f"{HOSTILE_NAME}.yaml").write_text(BUSAN, encoding="utf-8")
    (root / "data/cities/seoul.yaml").write_text(SEOUL + "level: city\n", encoding="utf-8")
    return root


COMMAND = re.compile(r"^::(error|warning) file=([^,:]*)(,line=\d+,col=\d+)?,"
                     r"title=citynet [a-z-]+::")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def check(text: str, *, annotations: bool = False, blocks: bool = False) -> None:
    """No line of `text` can be read as a workflow command, holds a control character or
    starts with forged text; `annotations`: the lines citynet meant as commands are only
    well-formed annotations of registry files. Unless the format keeps a value's lines
    (`blocks`: a table's cell, a CSV field), a value stays on its line: `out`'s own guard
    never had to act."""
    assert "##[" not in text
    assert not RAW.search(text), RAW.search(text)
    for line in text.split("\n"):
        start = line.lstrip()
        if start.startswith("::"):
            matched = COMMAND.match(start)
            assert annotations and matched, line
            assert matched.group(2).startswith("data/"), line
        assert not start.startswith(FORGED), line
        assert blocks or not start.startswith("\\x3a"), line


def run_everything(root: Path) -> list[tuple[list[str], object]]:
    """Every command that prints registry text, in every format it offers."""
    runs: list[tuple[list[str], object]] = []

    def each(args: list[str], offer: object) -> None:
        for name in getattr(offer, "names", [None]):
            runs.append(([*args, "--format", name] if name else args, name))

    each(["validate"], validate.FORMATS)
    each(["validate", "--baseline", "HEAD~1"], validate.FORMATS)
    each(["list", "cities", "--fields", "id,names.en,names.fr,notes"], listing.FORMATS)
    each(["list", "agreements"], listing.FORMATS)
    each(["show", "seoul"], show.FORMATS)
    each(["show", "busan-seoul-sister"], show.FORMATS)
    each(["diff", "HEAD~1"], diff.FORMATS)
    each(["diff", "HEAD~1", "--with-problems"], diff.FORMATS)
    each(["history", "seoul"], history.FORMATS)
    each(["explain", "seoul"], explain.FORMATS)
    each(["report", "partners", "busan"], report.FORMATS)
    each(["duplicates"], duplicates.FORMATS)
    for name in export.FORMATS.names:
        runs.append((["export", "--format", name, "--output", "-"], name))
    each(["fmt", "--check"], None)
    each(["fmt", "--check", "--diff"], None)
    each(["new", "city", "--id", "new", "--name", "N", "--country", "KR", "--notes",
          f"n\n{FORGED}", "--source", f"s\n{FORGED}"], None)
    return runs


RUNS = run_everything(Path("."))


@pytest.mark.parametrize("args,name", RUNS, ids=[" ".join(a) for a, _ in RUNS])
def test_no_output_can_act(hostile, args, name, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # auto is github where a command has it
    run = invoke("--root", str(hostile), *args)
    assert run.exit_code in (0, 1, 2), run.stderr
    github = name == "github" or (name == "auto" and args[0] == "validate")
    blocks = name in ("table", "csv")  # piped, `auto` is tsv: a value on its line
    check(run.stdout, annotations=github, blocks=blocks)
    check(run.stderr)
    if args[0] == "new":
        (hostile / "data/cities/new.yaml").unlink(missing_ok=True)


def test_the_hostile_text_reaches_the_output(hostile):
    """The check above checks something: the forged text is there, made inert."""
    listed = invoke("--root", str(hostile), "list", "cities", "--fields", "id,notes", "-f",
                    "table")
    assert f"{inert(HOSTILE_NAME.splitlines()[0])}" in listed.stdout
    assert "\\x3a:error file=README.md,line=1::forged-notes" in listed.stdout
    piped = invoke("--root", str(hostile), "list", "cities", "--fields", "notes,id").stdout
    assert "seoul\n" in piped and "\ta\\x0a  ::error file=README.md" not in piped
    assert "a\\x0a  ::error file=README.md,line=1::forged-notes" in piped
    assert "\n\\x3a" not in piped  # an empty first cell: nothing but a tab before the text
    shown = invoke("--root", str(hostile), "validate", "-f", "text").stdout
    assert "x\\x0a::error file=README.md,line=1::forged-file\\u2028##\\x5berror]y" in shown
    annotated = invoke("--root", str(hostile), "validate", "-f", "github").stdout
    line = next(each for each in annotated.splitlines() if "invalid-id" in each)
    properties = line[len("::error "):line.index("::", 2)].split(",")
    assert [p.split("=")[0] for p in properties] == ["file", "line", "col", "title"]
    assert properties[0].startswith("file=data/cities/x%0A%3A%3Aerror file=README.md%2C")


def test_inert_keeps_plain_text_and_guards_every_line():
    assert inert("Séoul, 서울 — a: b") == "Séoul, 서울 — a: b"
    assert inert(f"x\n{FORGED}") == f"x\\x0a{FORGED}"
    assert inert(f"  {FORGED}") == f"  \\x3a{FORGED[1:]}"
    assert inert("a ##[error]b") == "a ##\\x5berror]b"
    assert inert(f"a\n  {FORGED}\r\tb", lines=True) == f"a\n  \\x3a{FORGED[1:]}\\x0d\tb"


SRC = Path(__file__).resolve().parent.parent / "src" / "citynet"
WRITERS_OF_STREAMS = {Path("cli/common.py"), Path("cli/__init__.py")}
"""The only modules that write to stdout or stderr: `out`, `warn`, `fail` and `prompt`, each
through `citynet.inert` (and `main`'s own: `--version`'s fixed line, and a Tab's answer in
typer's very words, as typer would echo them: tests/test_cli_tab.py). The language server
speaks JSON-RPC."""


def test_only_the_inert_writers_touch_the_streams():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if relative in WRITERS_OF_STREAMS or relative.parts[0] == "lsp":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = ast.unparse(node) if isinstance(node, ast.Call) else ""
            if re.match(r"(sys\.(stdout|stderr)\.write|print|typer\.echo|typer\.secho)\(",
                        text):
                found.append(f"{relative}:{node.lineno} {text[:60]}")
    assert found == []
