"""--root, --no-cache and --rev work before or after the command, through typer's own
parsing: an option's value is never taken for an option."""

import subprocess

import pytest

from conftest import invoke

SEOUL = "names: {en: Seoul}\ncountry: KR\nsources: [{title: t}]\n"


def test_root_and_no_cache_after_the_command(make_registry, tmp_path, monkeypatch):
    root = make_registry({"data/cities/seoul.yaml": SEOUL}, base=False)
    monkeypatch.chdir(tmp_path)
    run = invoke("validate", "--no-cache", f"--root={root}")
    assert run.exit_code == 0 and "1 file checked" in run.stdout
    assert not (root / ".citynet").exists()  # --no-cache after the command was honoured
    run = invoke("list", "cities", "--root", str(root), "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [r["id"] for r in run.json()] == ["seoul"]


def test_the_commands_own_root_wins_over_the_one_before_it(make_registry, tmp_path):
    root = make_registry({"data/cities/seoul.yaml": SEOUL}, base=False)
    run = invoke("--root", str(tmp_path / "nowhere"), "list", "cities", "--root", str(root),
                 "-f", "json")
    assert run.exit_code == 0 and [r["id"] for r in run.json()] == ["seoul"]
    run = invoke("list", "cities", "-f", "json", "--root", str(root),
                 env={"CITYNET_ROOT": str(tmp_path / "nowhere")})
    assert run.exit_code == 0 and [r["id"] for r in run.json()] == ["seoul"]


@pytest.mark.parametrize("command", [["validate"], ["list", "cities"], ["show", "seoul"],
                                     ["fmt", "--check"], ["history", "seoul"],
                                     ["import", "pairs", "x.csv"]])
def test_every_command_that_reads_a_registry_takes_root_after_it(command, make_registry,
                                                                 tmp_path):
    run = invoke(*command, "--root", str(tmp_path / "nowhere"))
    assert run.exit_code == 2
    assert run.stderr.startswith("citynet: error: "), run.stderr
    assert "nowhere is not a registry" in run.stderr


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin", "HOME": "/tmp"})


def test_rev_before_or_after_the_command(make_registry):
    root = make_registry()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    (root / "data/cities/busan.yaml").write_text(SEOUL.replace("Seoul", "Busan"))
    now = invoke("--root", str(root), "list", "cities", "-f", "json").json()
    before = invoke("--root", str(root), "--rev", "HEAD", "list", "cities", "-f", "json")
    after = invoke("--root", str(root), "list", "cities", "-f", "json", "--rev", "HEAD")
    assert "busan" in [r["id"] for r in now]
    assert before.json() == after.json() == [r for r in now if r["id"] != "busan"]


@pytest.mark.parametrize("command", [["fmt", "--check"], ["schema"], ["import", "pairs", "x"]])
def test_rev_before_a_command_that_reads_no_revision_is_refused(make_registry, command):
    run = invoke("--root", str(make_registry()), "--rev", "HEAD", *command)
    assert run.exit_code == 2
    assert run.stderr == f"citynet: error: --rev does not apply to citynet {command[0]}\n"


def test_a_value_that_looks_like_an_option_is_a_value(make_registry):
    """`--fields --no-cache` asks for a field called --no-cache; it never turns the cache off
    or moves to the front (no argument is rewritten before typer reads it)."""
    root = make_registry()
    run = invoke("--root", str(root), "list", "cities", "--fields", "--no-cache")
    assert run.exit_code == 2 and "--no-cache" in run.stderr and "field" in run.stderr
    run = invoke("list", "cities", "--sort", "--root", str(root))
    assert run.exit_code == 2  # --root is the field to sort by, and the path one word too many
    assert "unexpected extra argument" in run.stderr
