"""Every catalogued code has a passing and a failing example, and each does what it says.

The examples are real files in tests/examples/<code>/ (see its README.md):
`pass.yaml`/`fail.yaml` name their place in the registry on their first
line (`# file: data/cities/oslo.yaml`) and the failing one says what it must
raise, and where (`# expect: schema 5:8`); `pass/`/`fail/` folders hold
several files, the one with the problem starting with `# expect:`. Each is
laid over the same small base registry (conftest's BASE). The codes about
things a plain file cannot be (a pipe, a link, a file over 1 MiB, more problems
than a run lists) are built here: GENERATED.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from citynet import limits
from citynet.edit.fmt import format_registry
from citynet.lint.engine import validate
from citynet.model.codes import CODES, Stage
from conftest import BASE, REPO, write_registry

EXAMPLES = REPO / "tests" / "examples"
FILE = re.compile(r"^# file: (?P<path>\S.*)$")
EXPECT = re.compile(
    r"^# expect: (?P<code>[a-z-]+)(?: (?P<line>\d+):(?P<col>\d+))?(?: at (?P<at>\S+))?$")

Found = tuple[str, str, int | None, int | None]
"""(path, code, line, column)"""

OSLO = "names: {en: Oslo}\ncountry: NO\nlevel: city\nsources: [{title: t}]\n"


def _headers(raw: bytes) -> list[str]:
    lines = []
    for line in raw.split(b"\n"):
        if not line.startswith(b"# "):
            break
        lines.append(line.decode("ascii", "replace"))
    return lines


def _expected(path: str, headers: list[str]) -> list[Found]:
    found = []
    for header in headers:
        match = EXPECT.match(header)
        if match:
            line = int(match["line"]) if match["line"] else None
            column = int(match["col"]) if match["col"] else None
            found.append((match["at"] or path, match["code"], line, column))
    return found


def lay_out_example(root: Path, code: str, verdict: str) -> list[Found]:
    """Write the example into the registry at `root`; what it must raise there."""
    if code in GENERATED:
        return GENERATED[code](root, verdict)
    single = EXAMPLES / code / f"{verdict}.yaml"
    if single.is_file():
        raw = single.read_bytes()
        headers = _headers(raw)
        match = FILE.match(headers[0]) if headers else None
        assert match, f"{single} starts with '# file: data/<kind>/<name>.yaml'"
        target = root / match["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        return _expected(match["path"], headers)
    folder = EXAMPLES / code / verdict
    assert folder.is_dir(), f"{code} has no {verdict}.yaml and no {verdict}/ example"
    expected = []
    for source in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = source.relative_to(folder).as_posix()
        raw = source.read_bytes()
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
        expected += _expected(rel, _headers(raw))
    return expected


def _fifo(root: Path, verdict: str) -> list[Found]:
    path = root / "data/cities/oslo.yaml"
    if verdict == "pass":
        path.write_text(OSLO)
        return []
    os.mkfifo(path)
    return [("data/cities/oslo.yaml", "unreadable", None, None)]


def _link(root: Path, verdict: str) -> list[Found]:
    outside = root.parent / ("records" if verdict == "fail" else root.name + "/records")
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "oslo.yaml").write_text(OSLO)
    (root / "data/cities/oslo.yaml").symlink_to(outside / "oslo.yaml")
    return [] if verdict == "pass" else [("data/cities/oslo.yaml", "symlink", None, None)]


def _large(root: Path, verdict: str) -> list[Found]:
    notes = "x" * (1024 * 1024 if verdict == "fail" else 1000)
    (root / "data/cities/oslo.yaml").write_text(OSLO + f"notes: {notes}\n")
    return [] if verdict == "pass" else [("data/cities/oslo.yaml", "file-too-large", None, None)]


def _many(root: Path, verdict: str) -> list[Found]:
    """100 unknown keys are all listed; a 101st makes one too-many-problems in its place (the
    per-run limit is tests/test_limits_problems.py's)."""
    count = limits.PROBLEMS_PER_FILE + (verdict == "fail")
    keys = "".join(f"k{n}: 1\n" for n in range(count))
    (root / "data/cities/oslo.yaml").write_text(OSLO + keys)
    return [] if verdict == "pass" else [("data/cities/oslo.yaml", "too-many-problems", None,
                                          None)]


GENERATED: dict[str, Callable[[Path, str], list[Found]]] = {
    "unreadable": _fifo,  # a pipe at a record's path: never opened
    "symlink": _link,  # pass: a link to a file inside the registry; fail: one leading out
    "file-too-large": _large,  # over 1 MiB: too big to keep in the repository
    "too-many-problems": _many,  # 101 problems in a file; its pass example has 100
}
ABOUT_OTHERS = {"too-many-problems"}
"""Codes whose example also raises the problems they are about: only their own are compared."""


def problems_found(root: Path, code: str) -> list[Found]:
    if CODES[code].stage is Stage.FMT:
        return [(o.path, o.problem.code, o.problem.line, o.problem.column)
                for o in format_registry(root, write=False) if o.problem]
    if CODES[code].opt_in:  # asked for by name, and only about the example's own files
        found = validate(root, use_cache=False, select=[code]).problems
        return [(p.path, p.code, p.line, p.column) for p in found if p.path not in BASE]
    found = validate(root, use_cache=False).problems
    return [(p.path, p.code, p.line, p.column) for p in found
            if code not in ABOUT_OTHERS or p.code == code]


@pytest.mark.parametrize("verdict", ["pass", "fail"])
@pytest.mark.parametrize("code", list(CODES))
def test_example(tmp_path, code, verdict):
    root = write_registry(tmp_path / "registry", BASE)
    expected = lay_out_example(root, code, verdict)
    if verdict == "fail":
        assert expected and {c for _, c, _, _ in expected} == {code}, "fail names its code"
    assert problems_found(root, code) == expected


def test_every_example_folder_is_a_catalogued_code():
    assert {p.name for p in EXAMPLES.iterdir() if p.is_dir()} == set(CODES) - set(GENERATED)
