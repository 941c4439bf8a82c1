"""Reading a registry's past is bounded as a whole, not only file by file.

Each version of a record file read from git is capped at limits.FILE_BYTES, but a history
may hold a thousand commits each with a new 1 MiB version of one file (a few MB of pack, as
git compresses them): `history` read them all at once (400 versions: 1.6 GB and 15 s), and so
did `export --history` and the site's feeds. Past limits.HISTORY_BYTES each stops in one
line naming the limit, before reading a version.
"""

from __future__ import annotations

import subprocess

import pytest

from citynet import limits
from git_history import build_history, git

VERSIONS = limits.HISTORY_BYTES // limits.FILE_BYTES + 2


def _big_versions(root, path: str, count: int) -> None:
    """`count` commits, each writing a new version of `path` just under the file limit."""
    head = git(root, "rev-parse", "HEAD").strip()
    text = (root / path).read_text()
    stream = bytearray()
    for index in range(count):
        body = (text + f"# {index}\n#" + "x" * (limits.FILE_BYTES - len(text) - 40)
                + "\n").encode()
        stream += b"commit refs/heads/main\n"
        stream += b"committer A <a@example.org> %d +0000\n" % (1_700_000_000 + index)
        stream += b"data 2\nv\n" + (f"from {head}\n".encode() if index == 0 else b"")
        stream += b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(body), body)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(stream),
                   check=True)
    git(root, "reset", "-q", "--hard", "main")


@pytest.fixture(scope="module")
def deep(tmp_path_factory):
    from conftest import BASE, write_registry
    root = build_history(write_registry(tmp_path_factory.mktemp("deep") / "registry", BASE))
    _big_versions(root, "data/cities/taipei.yaml", VERSIONS)
    return root


@pytest.mark.parametrize("args", [
    ["history", "taipei"],
    ["history", "taipei", "--format", "json"],
    ["export", "--history", "--format", "sqlite", "--output", "{tmp}/out.db"],
    ["site", "build", "{tmp}/site", "--lang", "en"],
])
def test_a_history_past_the_limit_is_one_line(cli, deep, tmp_path, args):
    run = cli(*[a.format(tmp=tmp_path) for a in args], root=deep)
    assert run.exit_code == 2, run.stderr
    assert "limits.HISTORY_BYTES" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert not (tmp_path / "out.db").exists() and not (tmp_path / "site").exists()


def test_a_history_under_the_limit_reads_every_version(cli, make_registry):
    root = build_history(make_registry())
    _big_versions(root, "data/cities/taipei.yaml", 3)
    run = cli("history", "taipei", "--format", "json", root=root)
    assert run.exit_code == 0, run.stderr
    assert len(run.json()["versions"]) == 3 + 2  # the big versions, a change, the first


def _commit_with_message(root, message: bytes, website: str) -> None:
    """A commit changing Taipei whose message is `message`, made with git fast-import."""
    head = git(root, "rev-parse", "HEAD").strip()
    text = (root / "data/cities/taipei.yaml").read_bytes() + f"website: {website}\n".encode()
    stream = (b"commit refs/heads/main\nauthor Big <b@example.org> 1700000000 +0000\n"
              b"committer Big <b@example.org> 1700000000 +0000\n"
              b"data %d\n%s\nfrom %s\nM 100644 inline data/cities/taipei.yaml\ndata %d\n%s\n"
              % (len(message), message, head.encode(), len(text), text))
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=stream, check=True)
    git(root, "reset", "-q", "--hard", "main")


@pytest.mark.parametrize("size, read", [(limits.FILE_BYTES + 1, False),
                                        (limits.FILE_BYTES // 2, True)])
def test_a_commit_object_over_the_limit_is_not_read(cli, make_registry, tmp_path, size, read):
    """A commit's message may be of any size (600 MB took `history` to 2.4 GB): a commit
    object over limits.FILE_BYTES is listed without its author, date or subject, unread."""
    root = build_history(make_registry())
    _commit_with_message(root, b"Long message\n\n" + b"y" * size + b"\n",
                         "https://big.example")
    run = cli("history", "taipei", "--format", "json", root=root)
    assert run.exit_code == 0, run.stderr
    newest = run.json()["versions"][0]
    assert newest["fields"][0]["new"] == "https://big.example"
    assert (newest["subject"], newest["author"]) == (("Long message", "Big") if read else ("", ""))
    run = cli("export", "--history", "--format", "sqlite", "--output", str(tmp_path / "h.db"),
              root=root)
    assert run.exit_code == 0, run.stderr
    import sqlite3
    authors = {row[0] for row in sqlite3.connect(tmp_path / "h.db").execute(
        "select author from record_versions where id = 'taipei'")}
    assert ("Big" in authors) is read
