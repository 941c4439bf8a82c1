"""Holes found trying main as an attacker and a careless user (issue 12), each tested as a class.

- A place to write that a command is given without a registry (`schema --output`, `init`)
  never lies in a registry's `data/` or in any `.git/`.
- An edit (`end`, `rename`) through a link inside the registry writes the file the link
  leads to; the link stays a link, and nothing is left stale.
- `import pairs` never writes a record that validate refuses (control characters, ids too
  long, names too long for a file name), and never crashes on one.
"""

from __future__ import annotations

import os

import pytest

FAR_SISTER = "kind: sister\nparties: [seoul, taipei]\nsigned: 1968\nsources: [{title: t}]\n"


@pytest.mark.parametrize("command", [["schema", "--output"], ["init"]])
@pytest.mark.parametrize("place, why", [
    ("data", "the registry's data/"), ("data/cities/x", "the registry's data/"),
    (".git/hooks", "a .git/ folder"), ("elsewhere/.git/x", "a .git/ folder"),
])
def test_nothing_is_created_in_data_or_git(cli, make_registry, command, place, why,
                                           monkeypatch):
    root = make_registry()
    (root / ".git" / "hooks").mkdir(parents=True)
    (root / "elsewhere" / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    before = sorted(str(p) for p in root.rglob("*"))
    run = cli(*command, place)
    assert run.exit_code == 2
    assert f"citynet never writes inside {why}" in run.stderr
    assert sorted(str(p) for p in root.rglob("*")) == before


def test_schema_and_init_still_write_beside_the_data(cli, make_registry, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(root)
    assert cli("schema", "--output", "schemas").exit_code == 0
    assert (root / "schemas" / "cities.schema.json").is_file()
    assert cli("init", "sub/registry").exit_code == 0
    assert (root / "sub" / "registry" / "data").is_dir()


@pytest.fixture
def linked(make_registry):
    """The Seoul–Taipei agreement kept outside data/ and linked in from inside the registry."""
    root = make_registry({"records/far.yaml": FAR_SISTER})
    link = root / "data" / "agreements" / "seoul-taipei-sister.yaml"
    link.unlink()
    link.symlink_to(os.path.join("..", "..", "records", "far.yaml"))
    return root


def test_end_through_a_link_edits_its_target(cli, linked):
    run = cli("end", "seoul-taipei-sister", "--date", "2020", "--reason", "expired",
              "--source", "a letter", root=linked)
    assert run.exit_code == 0, run.stderr
    link = linked / "data" / "agreements" / "seoul-taipei-sister.yaml"
    assert link.is_symlink()
    assert "- step: expired\n  date: 2020" in (linked / "records" / "far.yaml").read_text(
        encoding="utf-8")
    assert cli("validate", root=linked).exit_code == 0


def test_rename_through_a_link_edits_its_target_and_moves_the_link(cli, linked):
    run = cli("rename", "city", "taipei", "taipei-city", root=linked)
    assert run.exit_code == 0, run.stderr
    moved = linked / "data" / "agreements" / "seoul-taipei-city-sister.yaml"
    assert moved.is_symlink()
    assert not (linked / "data" / "agreements" / "seoul-taipei-sister.yaml").exists()
    text = (linked / "records" / "far.yaml").read_text(encoding="utf-8")
    assert "parties: [seoul, taipei-city]" in text
    assert cli("validate", root=linked).exit_code == 0


@pytest.mark.parametrize("name, reason", [
    ("\x1b[31mEvil\x07", "a name holds a control character"),
    ("Nul\x00Town", "a name holds a control character"),
])  # over-long names now get short ids with a hash suffix: tests/test_cmd_import_ids.py
def test_import_never_writes_a_record_validate_refuses(cli, make_registry, tmp_path, name,
                                                       reason):
    root = make_registry()
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(f"city1,country1,city2,country2\n{name},KR,Ottawa,CA\n"
                     f"Busan,KR,Seoul,KR\n", encoding="utf-8")
    run = cli("import", "pairs", str(pairs), "--format", "json", root=root)
    assert run.exit_code == 0, run.stderr
    summary = run.json()
    assert summary["skipped"]["reasons"] == {reason: 1}
    assert summary["cities"]["created"] == 1 and summary["agreements"]["created"] == 1
    assert sorted(p.name for p in (root / "data" / "cities").iterdir()) == [
        "busan.yaml", "ottawa.yaml", "seoul.yaml", "taipei.yaml"]
    assert cli("validate", root=root).exit_code == 0
