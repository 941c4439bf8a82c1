"""One tree (issue 23): store/tree/ alone says whether citynet may touch a path, for reads
and writes alike, and every command asks it.

- No module outside store/tree/ looks at links, special files or where a path leads.
- A record file that is a link gets one verdict, named on the command line or found by the
  walk: read if it leads to a file inside the registry (outside .git/), else `symlink`.
- Nothing is ever written through a link, inside the registry or out of it, nor over a
  pipe, a device or a folder, nor inside .git/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import citynet
from citynet.store.tree import Refused, Tree, discover, kind_of

PACKAGE = Path(citynet.__file__).parent

PATH_CHECKS = re.compile(
    r"realpath|is_symlink|islink|\.resolve\(\)|is_relative_to|inside_registry\(|O_NOFOLLOW"
    r"|lstat|S_IS(?:LNK|REG|DIR|FIFO|CHR|BLK|SOCK)|follow_symlinks|commonpath|readlink"
    r"|lexists|samefile")
"""The calls that ask what a path is or where it leads: the tree's questions."""

STAMP = "store/stamp.py"
"""The one stamp (issue 23, item 2): it stats files and folders to tell whether they changed
and, for the index, whether a link lies among them; it decides nothing about a path."""


def test_no_module_outside_the_tree_checks_a_path():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("store/tree/") or rel == STAMP:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PATH_CHECKS.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == [], "ask store.tree instead:\n" + "\n".join(found)


def test_the_stamp_module_exists():
    """The one exemption above never names a module that is gone."""
    assert (PACKAGE / STAMP).is_file()


CITY = "names: {en: Elsewhere}\ncountry: FR\nlevel: city\nsources: [{title: t}]\n"


@pytest.fixture
def linked(make_registry, tmp_path) -> Path:
    """Record files that are links: out of the registry, inside it, into .git/, nowhere."""
    root = make_registry({"records/inside.yaml": CITY, ".git/config.yaml": CITY})
    (tmp_path / "outside.yaml").write_text(CITY)
    cities = root / "data" / "cities"
    (cities / "out.yaml").symlink_to(tmp_path / "outside.yaml")
    (cities / "inside.yaml").symlink_to(Path("..", "..", "records", "inside.yaml"))
    (cities / "git.yaml").symlink_to(Path("..", "..", ".git", "config.yaml"))
    (cities / "gitdir.yaml").symlink_to(Path("..", "..", ".git"))
    (cities / "nowhere.yaml").symlink_to(Path("..", "..", "gone.yaml"))
    return root


VERDICTS = {
    "out": "a link to a file outside the registry is not read",
    "git": "a link into .git/ is not read",
    "gitdir": "a link into .git/ is not read",
    "nowhere": "a link that leads nowhere (dangling or a loop)",
}


def test_the_walk_reads_a_link_inside_and_reports_the_others(linked):
    files, problems = discover(linked)
    assert "data/cities/inside.yaml" in {f.rel for f in files}
    assert {p.path: (p.code, p.message) for p in problems} == {
        f"data/cities/{name}.yaml": ("symlink", message) for name, message in VERDICTS.items()}


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_a_link_named_on_the_command_line_gets_the_walks_verdict(cli, linked, name, monkeypatch):
    """Issue 23: `validate data/cities/x.yaml` passed a record file that is a link (the path
    was resolved, so it matched no record), or called it outside the registry."""
    monkeypatch.chdir(linked)
    run = cli("validate", f"data/cities/{name}.yaml", "-f", "json", root=linked)
    assert run.exit_code == 1, run.stderr
    assert [(p["path"], p["code"], p["message"]) for p in run.json()["problems"]] == [
        (f"data/cities/{name}.yaml", "symlink", VERDICTS[name])]


def test_a_link_inside_named_on_the_command_line_is_validated(cli, linked, monkeypatch):
    monkeypatch.chdir(linked)
    (linked / "records" / "inside.yaml").write_text(CITY.replace("FR", "XX"))
    run = cli("validate", "data/cities/inside.yaml", "-f", "json", root=linked)
    assert run.exit_code == 1
    assert {p["path"] for p in run.json()["problems"]} == {"data/cities/inside.yaml"}
    assert run.json()["summary"]["files"] == 1


def test_a_file_named_through_a_kind_folder_linked_out_is_reported(cli, make_registry,
                                                                    tmp_path):
    root = make_registry()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text(CITY)
    (root / "data" / "groupings").symlink_to(outside, target_is_directory=True)
    run = cli("validate", str(root / "data" / "groupings" / "x.yaml"), "-f", "json", root=root)
    assert run.exit_code == 1
    assert [(p["path"], p["code"]) for p in run.json()["problems"]] == [
        ("data/groupings", "symlink")]
    assert run.json()["summary"]["files"] == 0


def test_the_command_line_path_is_taken_as_written(linked, tmp_path):
    tree = Tree(linked)
    assert tree.rel(linked / "data" / "cities" / "out.yaml") == "data/cities/out.yaml"
    assert tree.rel(linked) == "."
    assert tree.rel(tmp_path / "outside.yaml") is None
    assert tree.rel(linked / "data" / ".." / ".." / "outside.yaml") is None
    alias = tmp_path / "alias"
    alias.symlink_to(linked)  # the registry reached through a link the user made
    assert Tree(alias).rel(linked / "data" / "cities" / "seoul.yaml") == "data/cities/seoul.yaml"
    assert Tree(linked).rel(alias / "data" / "cities" / "seoul.yaml") == "data/cities/seoul.yaml"


@pytest.mark.parametrize("rel, said", [
    ("data/cities/out.yaml", "data/cities/out.yaml is a link out of the registry"),
    ("data/cities/inside.yaml", "data/cities/inside.yaml is a link"),
    ("data/cities/git.yaml", "data/cities/git.yaml is a link into .git/"),
    ("data/cities/nowhere.yaml",
     "data/cities/nowhere.yaml is a link that leads nowhere (dangling or a loop)"),
    ("data/mirror/x.yaml", "data/mirror is a link"),
])
def test_nothing_is_written_through_a_link(linked, rel, said):
    (linked / "data" / "mirror").symlink_to("cities", target_is_directory=True)
    with pytest.raises(Refused) as refused:
        Tree(linked).writable(rel)
    assert str(refused.value) == f"{said}: citynet never writes through a link"


def test_nothing_is_written_over_a_special_file_a_folder_or_inside_git(make_registry):
    root = make_registry()
    os.mkfifo(root / "data" / "cities" / "pipe.yaml")
    (root / "data" / "cities" / "folder.yaml").mkdir()
    tree = Tree(root)
    refusals = {
        "data/cities/pipe.yaml": "data/cities/pipe.yaml is not a regular file (a device, pipe "
                                 "or socket): citynet never replaces it",
        "data/cities/folder.yaml": "data/cities/folder.yaml is a folder",
        "data/cities/seoul.yaml/x": "data/cities/seoul.yaml is not a folder",
        ".git/config": ".git/config: citynet never writes inside .git/",
        "data/../x.yaml": "data/../x.yaml is not a path inside the registry",
    }
    for rel, said in refusals.items():
        with pytest.raises(Refused) as refused:
            tree.writable(rel)
        assert str(refused.value) == said
    with pytest.raises(Refused, match="already exists"):
        tree.writable("data/cities/seoul.yaml", new=True)
    assert tree.writable("data/cities/seoul.yaml") == root / "data" / "cities" / "seoul.yaml"
    made = tree.writable("data/festivals/x.yaml", new=True, make_folders=True)
    assert kind_of(made.parent) == "folder" and kind_of(made) == "missing"


def test_import_never_takes_a_path_something_else_holds(cli, make_registry, tmp_path):
    """A pipe, a folder or a link where a new city's file would go: the city takes another id,
    and what stands there is left as it was (a pipe was once replaced by the new record)."""
    root = make_registry()
    cities = root / "data" / "cities"
    os.mkfifo(cities / "busan.yaml")
    (cities / "daegu.yaml").mkdir()
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("city1,country1,city2,country2\nSeoul,South Korea,Busan,South Korea\n"
                     "Seoul,South Korea,Daegu,South Korea\n")
    run = cli("import", "pairs", str(pairs), "-f", "json", root=root)
    assert run.exit_code == 0, run.stderr
    assert kind_of(cities / "busan.yaml") == "special" and kind_of(cities / "daegu.yaml") == \
        "folder"
    assert (cities / "busan-kr.yaml").is_file() and (cities / "daegu-kr.yaml").is_file()
    assert run.json()["cities"]["created"] == 2


def test_templates_linked_out_are_not_read(cli, make_registry, tmp_path):
    root = make_registry()
    outside = tmp_path / "templates"
    outside.mkdir()
    (outside / "partners.md.j2").write_text("stolen\n")
    (root / "templates").symlink_to(outside, target_is_directory=True)
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 0 and "stolen" not in run.stdout
