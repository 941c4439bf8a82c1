"""A record file over the size limit is never read whole, by any command that reads files.

validate refused such files from the start; fmt, diff and everything that reads a git
revision (`--rev`, `diff REV`, `history`) read them whole (a 22 MB record made
`fmt --check --diff` use 7.8 GB). Each case fails if the command reads past the limit or
treats the file as a record.
"""

from __future__ import annotations

import io
import resource

import pytest

from citynet.store import git as store_git
from citynet.store.reading import MAX_FILE_BYTES, OVERSIZE, read_bounded, read_capped
from git_history import build_history, commit

HUGE = MAX_FILE_BYTES + 1


def _huge_city(repo, name: str = "huge") -> None:
    (repo / f"data/cities/{name}.yaml").write_text(
        "names: {en: Huge}\ncountry: KR\nsources: [{title: t}]\nnotes: " + "x" * HUGE + "\n")


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


@pytest.mark.parametrize("args", [["fmt", "--check", "--diff"], ["fmt"], ["validate"]])
def test_fmt_and_validate_refuse_an_oversize_file(cli, make_registry, args):
    root = make_registry()
    _huge_city(root)
    before = (root / "data/cities/huge.yaml").read_bytes()
    run = cli(*args, root=root)
    assert run.exit_code == 1
    assert "data/cities/huge.yaml" in run.stdout + run.stderr
    assert "file-too-large" in run.stdout + run.stderr
    assert (root / "data/cities/huge.yaml").read_bytes() == before


def test_diff_of_the_work_tree_leaves_an_oversize_file_unread(cli, repo):
    _huge_city(repo)
    run = cli("diff", "HEAD", "-f", "json", root=repo)
    assert run.exit_code in (0, 1)
    changes = {c["id"]: c for c in run.json()["changes"]}
    assert changes["huge"]["change"] == "added"
    assert changes["huge"]["fields"] == []


@pytest.mark.parametrize("args", [
    ["validate", "--rev", "HEAD"],
    ["list", "cities", "--rev", "HEAD", "-f", "json"],
])
def test_a_revision_reports_an_oversize_blob_without_reading_it(cli, repo, args):
    _huge_city(repo)
    commit(repo, "a huge record", "Bo", "2024-01-01T10:00:00+00:00")
    run = cli(*args, root=repo)
    if args[0] == "validate":
        assert run.exit_code == 1 and "file-too-large" in run.stdout
    else:
        assert "huge" not in [r["id"] for r in run.json()]


def test_diff_between_revisions_with_an_oversize_blob(cli, repo):
    _huge_city(repo)
    commit(repo, "a huge record", "Bo", "2024-01-01T10:00:00+00:00")
    run = cli("diff", "HEAD~1", "HEAD", "-f", "markdown", root=repo)
    assert run.exit_code in (0, 1)
    assert len(run.stdout) < 10_000


def test_history_of_an_oversize_record(cli, repo):
    _huge_city(repo)
    commit(repo, "a huge record", "Bo", "2024-01-01T10:00:00+00:00")
    run = cli("history", "huge", "-f", "json", root=repo)
    assert run.exit_code == 0
    assert run.json()["versions"][0]["change"] == "added"
    assert len(run.stdout) < 10_000


def test_read_blobs_never_returns_more_than_the_limit(repo):
    _huge_city(repo)
    commit(repo, "a huge record", "Bo", "2024-01-01T10:00:00+00:00")
    listed = {entry.rel: entry.sha for entry in store_git.list_files(
        repo, store_git.resolve(repo, "HEAD"), "data/cities")}
    small, huge, missing = store_git.read_blobs(
        repo, [listed["data/cities/seoul.yaml"], listed["data/cities/huge.yaml"], "0" * 40])
    assert small is not None and small.startswith(b"id: seoul")
    assert huge is OVERSIZE
    assert missing is None


@pytest.mark.parametrize("name", ["HEAD:data/cities/seoul.yaml", "HEAD", "--batch",
                                  "a" * 40 + "\n" + "b" * 40])
def test_read_blobs_takes_only_object_names(repo, name):
    """Only hashes from a listing: git resolves `commit:path` by walking the tree again for
    each name (validate --rev placing problems in 6,000 files took 12 s, not 3)."""
    from citynet.errors import BadOption

    with pytest.raises(BadOption):
        store_git.read_blobs(repo, [name])


def test_read_capped_stops_at_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * HUGE)
    assert read_capped(path) is None
    path.write_bytes(b"x" * MAX_FILE_BYTES)
    assert read_capped(path) == b"x" * MAX_FILE_BYTES


@pytest.mark.parametrize("told", [0, 3, 10])
def test_a_file_grown_since_stat_is_read_whole(told):
    """The size fstat gave is where reading starts asking, not where it stops."""
    assert read_bounded(io.BytesIO(b"x" * 10), told) == b"x" * 10


def test_a_file_grown_past_the_limit_since_stat_is_refused_read_one_byte_past_it():
    handle = io.BytesIO(b"x" * HUGE)
    assert read_bounded(handle, 5) is None
    assert handle.tell() == MAX_FILE_BYTES + 1


def test_a_file_stat_says_is_over_the_limit_is_never_read():
    handle = io.BytesIO(b"x" * HUGE)
    assert read_bounded(handle, HUGE) is None
    assert handle.tell() == 0


def test_fmt_diff_of_a_big_file_stays_in_memory_bounds(cli, make_registry):
    """A file just under the limit that fmt rewrites whole: the diff costs tens of MB, not GB."""
    root = make_registry()
    lines = "".join(f"  line {i % 7}\n" for i in range(60_000))
    (root / "data/cities/long.yaml").write_text(
        "notes: |-\n" + lines + "names: {en: Long}\ncountry: KR\nsources: [{title: t}]\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = cli("fmt", "--check", "--diff", root=root)
    assert run.exit_code == 1
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 400 * 1024
