"""Writes never destroy what the command didn't make; bad targets are one line, exit 2."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from citynet.store.output import MANIFEST

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _one_line(run) -> str:
    assert run.exit_code == 2, (run.exit_code, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr and "internal" not in run.stderr
    return lines[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["data", ".", "data/cities"])
def test_export_never_replaces_a_folder_of_the_registry(cli, make_registry, target):
    root = make_registry()
    before = _tree(root / "data")
    line = _one_line(cli("export", "-f", "csv", "--output", str(root / target), "--force",
                         root=root))
    assert "never" in line
    assert _tree(root / "data") == before
    assert cli("validate", root=root).stdout == "5 files checked: no problems\n"


def test_export_never_replaces_a_folder_it_did_not_make(cli, make_registry, tmp_path):
    root = make_registry()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work")
    line = _one_line(cli("export", "-f", "csv", "--output", str(mine), "--force", root=root))
    assert "did not make" in line
    assert (mine / "thesis.tex").read_text() == "years of work"


def test_export_replaces_its_own_folder_and_nothing_added_to_it(cli, make_registry, tmp_path):
    root = make_registry()
    out = tmp_path / "tables"
    assert cli("export", "-f", "csv", "--output", str(out), root=root).exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert sorted(manifest["files"]) == sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert "exists" in _one_line(cli("export", "-f", "csv", "--output", str(out), root=root))
    assert cli("export", "-f", "csv", "--output", str(out), "--force", root=root).exit_code == 0
    (out / "notes.txt").write_text("mine")
    assert "notes.txt" in _one_line(cli("export", "-f", "csv", "--output", str(out), "--force",
                                        root=root))
    assert (out / "notes.txt").read_text() == "mine"


def test_new_folders_and_files_get_the_umask(cli, make_registry, tmp_path):
    root = make_registry()
    old = os.umask(0o022)
    try:
        assert cli("export", "-f", "csv", "--output", str(tmp_path / "t"), root=root).exit_code == 0
        assert cli("export", "-f", "sqlite", "--output", str(tmp_path / "t.db"),
                   root=root).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "t").stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "t").iterdir()} == {0o644}
    assert stat.S_IMODE((tmp_path / "t.db").stat().st_mode) == 0o644


@pytest.mark.parametrize("command", [
    ["export", "-f", "json", "--force", "--output"],
    ["export", "-f", "csv", "--force", "--output"],
    ["report", "partners", "seoul", "--force", "--output"],
])
def test_a_special_file_is_never_replaced(cli, make_registry, tmp_path, command):
    root = make_registry()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "never replaced" in _one_line(cli(*command, str(fifo), root=root))
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_link_is_never_replaced(cli, make_registry, tmp_path):
    root = make_registry()
    target = tmp_path / "precious.txt"
    target.write_text("keep")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    assert "link" in _one_line(cli("export", "-f", "json", "--output", str(link), "--force",
                                   root=root))
    assert link.is_symlink() and target.read_text() == "keep"


@pytest.mark.parametrize("inside", ["data/cities/out.json", "data/out.json", ".git/out.json",
                                    "escape/out.json"])
def test_never_writes_inside_data_or_git_or_through_a_link_out(cli, make_registry, tmp_path,
                                                               inside):
    root = make_registry()
    (root / ".git").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "escape").symlink_to(outside, target_is_directory=True)
    for command in (["export", "-f", "json"], ["report", "partners", "seoul"]):
        _one_line(cli(*command, "--output", str(root / inside), root=root))
    assert not (root / inside).exists() and list(outside.iterdir()) == []


def test_output_dash_is_standard_output(cli, make_registry):
    root = make_registry()
    run = cli("export", "-f", "json", "--output", "-", root=root)
    assert run.exit_code == 0
    assert [c["id"] for c in json.loads(run.stdout)["cities"]] == ["ottawa", "seoul", "taipei"]
    assert json.loads(cli("export", "-f", "geojson", "--output", "-", root=root).stdout)[
        "type"] == "FeatureCollection"
    assert "standard output" in _one_line(cli("export", "-f", "csv", "--output", "-", root=root))
    report = cli("report", "partners", "seoul", "--output", "-", root=root)
    assert report.exit_code == 0 and report.stdout.startswith("#")
    assert not (Path.cwd() / "-").exists()


def _bad_targets(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    return {"file-as-folder": a_file / "out", "missing-parent": tmp_path / "no" / "out",
            "too-long": tmp_path / ("n" * 300)}


@pytest.mark.parametrize("case", ["file-as-folder", "missing-parent", "too-long"])
@pytest.mark.parametrize("command", [
    ["export", "-f", "json", "--output"], ["export", "-f", "csv", "--output"],
    ["export", "-f", "sqlite", "--output"], ["report", "partners", "seoul", "--output"],
    ["report", "partners", "seoul", "--template"], ["import", "pairs"], ["init"],
    ["schema", "--output"],
])
def test_a_bad_path_is_one_line_and_exit_2(cli, make_registry, tmp_path, case, command):
    if case == "missing-parent" and command[0] in ("init", "schema"):
        pytest.skip("init and schema create the folders on the way")
    root = make_registry()
    path = _bad_targets(tmp_path)[case]
    if command[0] == "schema" and case == "too-long":
        path = path / "x"
    _one_line(cli(*command, str(path), root=root))


@pytest.mark.parametrize("command", [["report", "partners", "seoul", "--template"],
                                     ["import", "pairs"]])
def test_an_input_that_is_a_folder_or_a_pipe_is_one_line(cli, make_registry, tmp_path,
                                                         command):
    root = make_registry()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in _one_line(cli(*command, str(fifo), root=root))
    assert "folder" in _one_line(cli(*command, str(tmp_path), root=root))


@pytest.mark.skipif(IS_ROOT, reason="root writes whatever the permissions")
@pytest.mark.parametrize("command", [
    ["export", "-f", "json", "--output"], ["export", "-f", "csv", "--output"],
    ["report", "partners", "seoul", "--output"], ["init"], ["schema", "--output"],
])
def test_a_folder_without_permission_is_one_line(cli, make_registry, tmp_path, command):
    root = make_registry()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        _one_line(cli(*command, str(locked / "out"), root=root))
    finally:
        locked.chmod(0o700)
