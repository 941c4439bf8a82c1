"""--root and --no-cache work before or after the command."""

import pytest

from citynet.cli.app import hoist_global_options
from conftest import invoke


@pytest.mark.parametrize("args, expected", [
    (["validate", "--no-cache"], ["--no-cache", "validate"]),
    (["list", "cities", "--root", "R", "--format", "json"],
     ["--root", "R", "list", "cities", "--format", "json"]),
    (["--root", "R", "show", "x", "--root=S"], ["--root", "R", "--root=S", "show", "x"]),
    (["new", "city", "--", "--no-cache"], ["new", "city", "--", "--no-cache"]),
])
def test_global_options_move_before_the_command(args, expected):
    assert hoist_global_options(args) == expected


def test_root_after_the_command_finds_the_registry(make_registry, tmp_path, monkeypatch):
    root = make_registry({"data/cities/seoul.yaml": "names: {en: Seoul}\ncountry: KR\n"
                          "sources: [{title: t}]\n"}, base=False)
    monkeypatch.chdir(tmp_path)
    run = invoke("validate", "--no-cache", f"--root={root}")
    assert run.exit_code == 0 and "1 file checked" in run.stdout
    assert not (root / ".citynet").exists()  # --no-cache after the command was honoured
    run = invoke("list", "cities", "--root", str(root), "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [r["id"] for r in run.json()] == ["seoul"]
