"""`citynet new` over a link: the error names the link that is in the way, and where it
leads; nothing is ever written through a link (store.tree)."""

import os

import pytest

ARGS = ("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR", "--source", "x")


@pytest.mark.parametrize("link, target, said", [
    ("data/cities/busan.yaml", "/nonexistent/busan.yaml",
     "data/cities/busan.yaml is a link that leads nowhere (dangling or a loop)"),
    ("data/cities/busan.yaml", "../../gone.yaml",
     "data/cities/busan.yaml is a link that leads nowhere (dangling or a loop)"),
    ("data/cities/busan.yaml", "../agreements",  # inside the registry: still a link
     "data/cities/busan.yaml is a link"),
    ("data/groupings", "/nonexistent/folder", None),  # another kind's folder is not in the way
])
def test_a_dangling_link_is_named(cli, make_registry, link, target, said):
    root = make_registry()
    os.symlink(target, root / link)
    run = cli(*ARGS, root=root)
    if said is None:
        assert run.exit_code == 0, run.stderr
        return
    assert run.exit_code == 2
    assert run.stderr.strip() == (f"citynet: error: {said}: citynet never writes through a "
                                  "link; nothing was written")
    assert os.readlink(root / link) == target  # the link is left as it was


def test_a_kind_folder_linked_out_is_named(cli, make_registry, tmp_path):
    root = make_registry()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(tmp_path / "gone", root / "data" / "memberships")
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR", root=root)
    assert run.exit_code == 0  # a city is not written through memberships/
    cities = root / "data" / "cities"
    for child in cities.iterdir():
        child.rename(outside / child.name)
    cities.rmdir()
    os.symlink(outside, cities)
    run = cli("new", "city", "--id", "pusan", "--name", "Pusan", "--country", "KR", root=root)
    assert run.exit_code == 2
    assert run.stderr == ("citynet: error: data/cities is a link out of the registry: citynet "
                          "never writes through a link; nothing was written\n")
    assert not (outside / "pusan.yaml").exists()
