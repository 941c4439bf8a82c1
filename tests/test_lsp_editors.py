"""The editor set-ups of docs/editors.md, run as written in real editors, headless.

The Neovim and Emacs blocks of docs/editors.md's language-server section are
written to a file and loaded by the editor, which then drives citynet's
server through tests/editors/ (a dangling `taipie`, completion of `taipei`,
a rename). Each test skips when its editor is not installed here; .ci/run
installs Debian's when it can.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

HERE = Path(__file__).resolve().parent
EDITORS = HERE.parent / "docs" / "editors.md"
TIMEOUT = 180


def documented_block(language: str) -> str:
    """The one ```language block of docs/editors.md's language-server section."""
    text = EDITORS.read_text(encoding="utf-8")
    section = text[text.index("## The language server"):]
    blocks = re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, f"docs/editors.md's language server should hold one {language} block"
    return blocks[0]


def _environment(tmp_path: Path, root: Path) -> dict[str, str]:
    bin_dir = Path(sys.executable).parent
    if shutil.which("citynet", path=str(bin_dir)) is None:
        pytest.skip(f"no citynet command beside {sys.executable} for the editor to start")
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "CITYNET_REGISTRY": str(root), "HOME": str(tmp_path / "home"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data")}


def _passed(run: subprocess.CompletedProcess[str]) -> None:
    report = [line for line in run.stdout.splitlines() if line.startswith(("ok:", "FAILED:"))]
    assert run.returncode == 0 and report and all(line.startswith("ok:") for line in report), \
        run.stdout + run.stderr[-3000:]


def test_neovim_set_up_as_the_readme_says(tmp_path, make_registry):
    if shutil.which("nvim") is None:
        pytest.skip("Neovim is not installed (apt install neovim)")
    root = make_registry()
    init = tmp_path / "init.lua"
    init.write_text(documented_block("lua"), encoding="utf-8")
    run = subprocess.run(
        ["nvim", "--headless", "-u", str(init), "-i", "NONE",
         "-c", f"luafile {HERE / 'editors' / 'neovim.lua'}"],
        cwd=root, env=_environment(tmp_path, root), capture_output=True, text=True,
        timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    _passed(run)
    assert (root / "data/agreements/seoul-taipei-city-sister.yaml").exists()


def test_emacs_eglot_set_up_as_the_readme_says(tmp_path, make_registry):
    if shutil.which("emacs") is None:
        pytest.skip("Emacs is not installed (apt install emacs-nox elpa-eglot elpa-yaml-mode)")
    root = make_registry()
    env = _environment(tmp_path, root)
    ready = subprocess.run(["emacs", "--batch", "--eval",
                            "(progn (package-activate-all) (require 'eglot) (require 'yaml-mode))"],
                           env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if ready.returncode != 0:
        pytest.skip("Emacs lacks eglot or yaml-mode (apt install elpa-eglot elpa-yaml-mode)")
    init = tmp_path / "init.el"
    init.write_text(documented_block("elisp"), encoding="utf-8")
    run = subprocess.run(
        ["emacs", "--batch", "-l", str(init), "-l", str(HERE / "editors" / "emacs.el")],
        cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT,
        stdin=subprocess.DEVNULL)
    _passed(run)
