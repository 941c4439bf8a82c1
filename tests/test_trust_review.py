"""Holes found trying main as an attacker and a careless user (issue 12), each tested as a class.

- A place to write that a command is given without a registry (`schema --output`, `init`)
  never lies in a registry's `data/` or in any `.git/`.
- An edit (`end`, `rename`) never writes through a link, even one inside the registry that
  validate reads: it says so in one line and changes nothing (issue 23).
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
    assert cli("init", "../beside").exit_code == 0  # a registry inside another is refused
    assert (root.parent / "beside" / "data").is_dir()


@pytest.fixture
def linked(make_registry):
    """The Seoul–Taipei agreement kept outside data/ and linked in from inside the registry."""
    root = make_registry({"records/far.yaml": FAR_SISTER})
    link = root / "data" / "agreements" / "seoul-taipei-sister.yaml"
    link.unlink()
    link.symlink_to(os.path.join("..", "..", "records", "far.yaml"))
    return root


def _snapshot(root):
    """Every file and link but the cache, as it is."""
    return {str(p.relative_to(root)): (os.readlink(p) if p.is_symlink() else p.read_bytes())
            for p in sorted(root.rglob("*")) if (p.is_symlink() or p.is_file())
            and p.relative_to(root).parts[0] != ".citynet"}


def test_end_never_writes_through_a_link(cli, linked):
    before = _snapshot(linked)
    run = cli("end", "seoul-taipei-sister", "--date", "2020", "--reason", "expired",
              "--source", "a letter", root=linked)
    assert run.exit_code == 2
    assert run.stderr == ("citynet: error: data/agreements/seoul-taipei-sister.yaml is a link: "
                          "citynet never writes through a link; nothing was written\n")
    assert _snapshot(linked) == before
    assert cli("validate", root=linked).exit_code == 0  # validate still reads it


def test_rename_never_writes_through_a_link(cli, linked):
    before = _snapshot(linked)
    for args in ((), ("--dry-run",)):
        run = cli("rename", "city", "taipei", "taipei-city", *args, root=linked)
        assert run.exit_code == 2
        assert run.stderr == ("citynet: error: data/agreements/seoul-taipei-sister.yaml is a "
                              "link: citynet never writes through a link; nothing was changed\n")
    assert _snapshot(linked) == before


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
