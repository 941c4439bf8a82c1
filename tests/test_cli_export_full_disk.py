"""`export` on a full disk: one plain line about the output, never an internal error.

The file-size limit (RLIMIT_FSIZE) stands in for a full disk: writes past it fail
with EFBIG as they would with ENOSPC, and SQLite reports them as "disk I/O error".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[1]
LIMITED = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000)); "
           "from citynet.cli import main; sys.exit(main(sys.argv[1:]))")


@pytest.mark.parametrize("args", [["-f", "sqlite", "--output", "{tmp}/out.db"],
                                  ["-f", "json", "--output", "{tmp}/out.json"]],
                         ids=["sqlite", "file"])
def test_a_full_disk_is_one_line_about_the_output(tmp_path, args):
    shutil.copytree(SHIPPED / "data", tmp_path / "registry" / "data")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run([sys.executable, "-c", LIMITED, "--no-cache",
                           "--root", str(tmp_path / "registry"), "export", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("citynet: error: --output "), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_standard_output_needs_no_disk(tmp_path):
    """An export to standard output writes no file on the way, so a full disk does not stop
    it."""
    import json

    shutil.copytree(SHIPPED / "data", tmp_path / "registry" / "data")
    done = subprocess.run([sys.executable, "-c", LIMITED, "--no-cache",
                           "--root", str(tmp_path / "registry"), "export", "-f", "json",
                           "--output", "-"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["cities"]) > 10
