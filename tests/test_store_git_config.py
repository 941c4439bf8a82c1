"""A repository's own git configuration never runs a command through citynet.

A registry's checkout can carry `.gitattributes` naming filter and diff drivers, and its
`.git/config` (a downloaded registry, a shared machine) the commands behind them, with
`core.fsmonitor`, a pager or a hook path. citynet runs git for validate (is `.citynet/`
tracked?), history, explain, --rev, --baseline, diff and rename: none of those may run them.
"""

from __future__ import annotations

import os

import pytest

from git_history import build_history, commit, git

DRIVERS = {
    "filter.evil.clean": "touch {marker}-clean; cat",
    "filter.evil.smudge": "touch {marker}-smudge; cat",
    "filter.evil.process": "touch {marker}-process",
    "diff.evil.textconv": "touch {marker}-textconv; cat",
    "diff.evil.command": "touch {marker}-command",
    "core.fsmonitor": "touch {marker}-fsmonitor; true",
    "core.pager": "touch {marker}-pager; cat",
    "diff.external": "touch {marker}-external",
    "log.showSignature": "true",
    "gpg.program": "touch {marker}-gpg",
}


@pytest.fixture
def hostile(make_registry, tmp_path):
    root = build_history(make_registry())
    marker = tmp_path / "ran"
    (root / ".gitattributes").write_text("* filter=evil diff=evil\n")
    commit(root, "attributes", "Ann", "2024-01-01T10:00:00+00:00")
    for key, value in DRIVERS.items():
        git(root, "config", key, value.format(marker=marker))
    seoul = root / "data/cities/seoul.yaml"
    seoul.write_text(seoul.read_text() + "notes: edited in the work tree\n")
    return root, marker


@pytest.mark.parametrize("args", [
    ["validate"],
    ["validate", "--rev", "HEAD"],
    ["validate", "--baseline", "HEAD~1"],
    ["history", "seoul"],
    ["explain", "seoul"],
    ["diff", "HEAD~2"],
    ["diff", "HEAD~2", "HEAD"],
    ["list", "cities", "--rev", "HEAD~1"],
    ["export", "--history", "--format", "sqlite", "--output", "{tmp}/out.db"],
    ["rename", "city", "ottawa", "ottawa-on"],
])
def test_no_configured_command_runs(cli, hostile, tmp_path, args):
    root, marker = hostile
    run = cli(*[a.format(tmp=tmp_path) for a in args], root=root)
    assert run.exit_code in (0, 1), run.stderr
    ran = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ran"))
    assert ran == []


REMOTES = {
    "upload-pack": ("file://{origin}", "remote.origin.uploadpack",
                    "sh -c 'touch {marker}; exec git-upload-pack \"$0\"'"),
    "ext-url": ("ext::sh -c touch% {marker}", "protocol.ext.allow", "always"),
    "ssh-command": ("ssh://example.invalid/registry", "core.sshCommand", "touch {marker}"),
}
"""Three ways a partial clone's `.git/config` makes a fetch run a command: the remote's
upload-pack, an `ext::` URL, the ssh command."""


@pytest.fixture(params=sorted(REMOTES))
def partial_clone(request, make_registry, tmp_path):
    """A partial clone (`--filter=blob:none`) whose `.git/config` names a command that a
    fetch of a blob the clone lacks would run."""
    origin = build_history(make_registry())
    git(origin, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "-c", "protocol.file.allow=always", "clone", "-q", "--filter=blob:none",
        f"file://{origin}", str(clone))
    marker = tmp_path / f"ran-{request.param}"
    url, key, value = REMOTES[request.param]
    git(clone, "config", "remote.origin.url", url.format(origin=origin, marker=marker))
    git(clone, "config", key, value.format(marker=marker))
    git(clone, "config", "protocol.allow", "always")
    return clone, marker


@pytest.mark.parametrize("args", [
    ["history", "taipei"],
    ["validate", "--rev", "HEAD~2"],
    ["diff", "HEAD~3", "HEAD~1"],
    ["explain", "taipei"],
    ["export", "--history", "--format", "sqlite", "--output", "out.db"],
])
def test_a_partial_clone_fetches_nothing(cli, partial_clone, tmp_path, args):
    """Past blobs a partial clone lacks are never fetched on demand: a fetch runs the
    remote's commands from the repository's own configuration (`remote.*.uploadpack`, an
    `ext::` URL, `core.sshCommand`). The command says in one line what it could not read
    (explain too: it never shows a line it could not blame as "not committed")."""
    clone, marker = partial_clone
    run = cli(*[str(tmp_path / a) if a == "out.db" else a for a in args], root=clone)
    ran = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ran"))
    assert ran == []
    assert run.exit_code == 2, run.stdout
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "is not in this partial clone" in run.stderr, run.stderr


READ_FILES = ("core.attributesFile", "blame.ignoreRevsFile", "mailmap.file", "diff.orderFile")
"""Settings that name a file git reads: a repository's `.git/config` may point them at a file
that never ends (/dev/zero, a pipe), which would hang citynet's git calls."""


class Opened:
    """A named pipe that counts the readers that open it: a writer thread waits for each
    reader, gives it an empty file and counts it, so no reader ever blocks."""

    def __init__(self, path):
        import threading
        self.path, self.count, self.stopped = path, 0, False
        os.mkfifo(path)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            with open(self.path, "wb"):
                if self.stopped:
                    return
                self.count += 1

    def stop(self):
        self.stopped = True
        os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))  # lets the writer go
        self.thread.join(5)


@pytest.fixture
def reads_pipes(make_registry, tmp_path):
    root = build_history(make_registry())
    pipes = {key: Opened(tmp_path / key) for key in READ_FILES}
    for key, pipe in pipes.items():
        git(root, "config", key, str(pipe.path))
    yield root, pipes
    for pipe in pipes.values():
        pipe.stop()


@pytest.mark.parametrize("args", [
    ["explain", "seoul"],
    ["history", "taipei"],
    ["diff", "HEAD~2"],
    ["validate", "--rev", "HEAD~1"],
    ["export", "--history", "--format", "sqlite", "--output", "{tmp}/out.db"],
    ["rename", "city", "ottawa", "ottawa-on"],
])
def test_no_configured_file_is_read(cli, reads_pipes, tmp_path, args):
    """No file the repository's configuration names is read by git for citynet: each could be
    a pipe or /dev/zero that never ends (attributes, blame's ignored revisions, the mailmap,
    diff's order file)."""
    root, pipes = reads_pipes
    run = cli(*[a.format(tmp=tmp_path) for a in args], root=root)
    assert run.exit_code in (0, 1), run.stderr
    assert {key: pipe.count for key, pipe in pipes.items() if pipe.count} == {}
