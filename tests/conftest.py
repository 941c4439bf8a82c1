"""Shared fixtures: a registry built in a temporary folder, and the CLI run on it."""

from __future__ import annotations

import json
import os
import signal
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from citynet.cli.app import app

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO

SEOUL = """\
id: seoul
names:
  en: Seoul
  fr: Séoul
country: KR
level: city
capital: true
sources:
  - title: Diplomatie de la ville
    as_of: 2017-03
"""

TAIPEI = """\
names: {en: Taipei, es: Taipéi}
country: TW
level: city
sources: [{title: Diplomatie de la ville}]
"""

OTTAWA = """\
names: {en: Ottawa}
country: CA
level: city
capital: true
sources: [{title: Diplomatie de la ville}]
"""

SISTER = """\
kind: sister
parties: [seoul, taipei]
signed: 1968
sources: [{title: Diplomatie de la ville}]
"""

FRIENDSHIP = """\
kind: friendship
parties: [seoul, ottawa]
signed: 1997
sources: [{title: Diplomatie de la ville}]
"""

BASE = {
    "data/cities/seoul.yaml": SEOUL,
    "data/cities/taipei.yaml": TAIPEI,
    "data/cities/ottawa.yaml": OTTAWA,
    "data/agreements/seoul-taipei-sister.yaml": SISTER,
    "data/agreements/seoul-ottawa-friendship.yaml": FRIENDSHIP,
}


def write_registry(root: Path, files: dict[str, str | bytes]) -> Path:
    (root / "data").mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture(autouse=True, scope="session")
def ctrl_c_as_a_terminal_sends_it():
    """SIGINT handled as Python does by default, for the tests of what Ctrl-C does. A shell
    starts a background job with SIGINT ignored (.ci/run's stages are such jobs), and a
    process keeps ignoring what it inherited ignored, as it should: those tests, and the
    commands they start, would then never see the signal."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture
def make_registry(tmp_path: Path) -> Callable[..., Path]:
    """Build a registry from `{relative path: YAML text}`, on top of BASE unless told not to."""

    def make(files: dict[str, str | bytes] | None = None, base: bool = True) -> Path:
        return write_registry(tmp_path / "registry", {**(BASE if base else {}), **(files or {})})

    return make


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def invoke(*args: str, env: dict[str, str] | None = None) -> Run:
    runner = CliRunner()
    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli(monkeypatch) -> Callable[..., Run]:
    """Run citynet with arguments; `root=` adds --root, and runs it from that folder, where a
    user stands (paths in text output are written from the current folder), unless the test
    chose a folder of its own to stand in."""
    ours = {os.getcwd()}

    def here() -> str | None:
        try:
            return os.getcwd()
        except FileNotFoundError:  # the registry it stood in was removed and made again
            return None

    def run(*args: str, root: Path | None = None, env: dict[str, str] | None = None) -> Run:
        prefix = ["--root", str(root)] if root is not None else []
        if root is not None and Path(root).is_dir() and here() in ours | {None}:
            monkeypatch.chdir(root)
            ours.add(os.getcwd())
        return invoke(*prefix, *args, env=env)

    return run


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files under tests/golden from the current output.")


def cldr_neutral(text: str, lang: str) -> str:
    """`text` with every CLDR territory name of `lang` (a country, an M49 region) written as
    `⟨cldr:CODE⟩`: golden reports hold these marks, so a babel release that renames a country
    (CLDR 47 named Australia "Úc" in Vietnamese) changes no golden file. The names are the
    installed babel's, on both sides of the comparison; only a name standing alone is marked
    (a cell, a heading, in brackets or a list), not one inside a record's own name ("Mexico
    City")."""
    import re

    from babel import Locale

    names = Locale.parse(lang).territories
    found = sorted(((name, code) for code, name in names.items() if name in text),
                   key=lambda pair: -len(pair[0]))
    for name, code in found:
        text = re.sub(rf"(?:(?<=[(*])|(?<=^)|(?<=[|,:] )){re.escape(name)}(?=[)*,:]| [(|]|$)",
                      f"⟨cldr:{code}⟩", text, flags=re.M)
    return text


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden. With `lang`,
    CLDR's territory names are compared as marks (`cldr_neutral`)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str, lang: str | None = None) -> None:
        if lang is not None:
            text = cldr_neutral(text, lang)
        path = REPO / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: run pytest --update-golden and review it"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check
