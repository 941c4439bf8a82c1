"""Time the commands that read the registry's past: python benchmarks/history.py

Builds (once, in benchmarks/.registries/history-N/) a generated registry of N
records (default 100,000) with a history of C commits (default 1,000): the first
commit adds every record, each later one edits a few records' notes, and now
and then adds one or renames one (git fast-import writes it in seconds). Then
times, each as a fresh process: `history ID` for a record changed in every
commit, one never changed and one renamed (with the commit-graph's changed-path
filters that `git maintenance` writes, and without); a warm validate; after one
file is edited, validate and `validate --baseline HEAD~1` (first run, which
reads the revision, and again, with its outcome kept by tree); `list --rev`.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import timed, tool  # noqa: E402


def _edit(content: bytes, note: str) -> bytes:
    """The record with its notes replaced (or added)."""
    if re.search(rb"^notes: ", content, re.M):
        return re.sub(rb"(?m)^notes: .*$", f"notes: {note}".encode(), content, count=1)
    return content.rstrip(b"\n") + f"\nnotes: {note}\n".encode()


def _stream(files: dict[str, bytes], commits: int, rng: random.Random) -> tuple[bytes, dict]:
    """A fast-import stream of the history, and facts about it for the timings."""
    out = bytearray()

    def commit(n: int, message: str, changes: list[bytes]) -> None:
        stamp = 1_600_000_000 + n * 3600
        out.extend(f"commit refs/heads/main\ncommitter Bench <b@example.org> {stamp} +0000\n"
                   f"data {len(message)}\n{message}\n".encode())
        for change in changes:
            out.extend(change)
        out.extend(b"\n")

    def put(path: str, content: bytes) -> bytes:
        return f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n"

    commit(1, "every record", [put(path, content) for path, content in files.items()])
    cities = sorted(p for p in files if p.startswith("data/cities/"))
    busy = cities[0]
    renamed_from, renamed_to = cities[1], cities[1].replace(".yaml", "-renamed.yaml")
    for n in range(2, commits + 1):
        changes = []
        for path in {busy, *rng.sample(cities[2:], 3)}:
            files[path] = _edit(files[path], f"revision {n}")
            changes.append(put(path, files[path]))
        if n == commits // 2:
            changes += [f"D {renamed_from}\n".encode(), put(renamed_to, files[renamed_from])]
            files[renamed_to] = files.pop(renamed_from)
        commit(n, f"edit {n}", changes)
    return bytes(out), {"busy": Path(busy).stem, "renamed": Path(renamed_to).stem,
                        "quiet": Path(cities[-1]).stem}


def build(size: int, commits: int) -> tuple[Path, dict]:
    root = HERE / ".registries" / f"history-{size}-{commits}"
    facts = root / ".bench-facts"
    if facts.exists():
        return root, dict(line.split("=", 1) for line in facts.read_text().split())
    generated = HERE / ".registries" / f"history-src-{size}"
    if not (generated / "data").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(generated)],
                       check=True, stdout=subprocess.DEVNULL)
    files = {p.relative_to(generated).as_posix(): p.read_bytes()
             for p in sorted((generated / "data").rglob("*.yaml"))}
    stream, found = _stream(files, commits, random.Random(commits))
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
    # What `git maintenance` keeps: changed-path filters let `git log -- PATH` skip commits.
    subprocess.run(["git", "-C", str(root), "commit-graph", "write", "--reachable",
                    "--changed-paths"], check=True)
    facts.write_text("\n".join(f"{k}={v}" for k, v in found.items()) + "\n")
    (root / ".git" / "info" / "exclude").write_text(".bench-facts\n.citynet/\n")
    return root, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--commits", type=int, default=1_000)
    options = parser.parse_args()
    root, facts = build(options.size, options.commits)
    citynet = tool("citynet")
    rows = []
    for label, record in (("changed in every commit", facts["busy"]),
                          ("renamed halfway", facts["renamed"]),
                          ("never changed", facts["quiet"])):
        seconds, status, _ = timed([citynet, "history", record], root, repeat=3)
        rows.append((f"`history ID` ({label})", seconds, status))
    no_graph = {"GIT_CONFIG_PARAMETERS": "'core.commitgraph=false'"}
    for label, record in (("changed in every commit", facts["busy"]),
                          ("never changed", facts["quiet"])):
        seconds, status, _ = timed([citynet, "history", record], root, repeat=3, env=no_graph)
        rows.append((f"`history ID` ({label}), without the commit-graph", seconds, status))
    timed([citynet, "validate"], root)
    warm, status, _ = timed([citynet, "validate"], root, repeat=3)
    rows.append(("`validate` warm (nothing changed)", warm, status))
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", "."], check=True)
    edited = next((root / "data" / "cities").glob("*.yaml"))
    original = edited.read_bytes()
    try:
        edited.write_bytes(_edit(original, "edited in the work tree"))
        after, status, _ = timed([citynet, "validate"], root)
        rows.append(("`validate` after one file changed", after, status))
        warm_again, warm_status, _ = timed([citynet, "validate"], root, repeat=3)
        shutil.rmtree(root / ".citynet")  # the revision read afresh, the work tree warm:
        timed([citynet, "validate"], root)
        first, status, _ = timed([citynet, "validate", "--baseline", "HEAD~1"], root)
        rows.append(("`validate --baseline HEAD~1`, first run (reads the revision)", first,
                     status))
        kept, status, _ = timed([citynet, "validate", "--baseline", "HEAD~1"], root, repeat=3)
        rows.append(("`validate --baseline HEAD~1` again (baseline kept by tree)", kept, status))
        rows.append(("`validate` warm, same state", warm_again, warm_status))
    finally:
        edited.write_bytes(original)
    city = facts["quiet"]
    listed, status, _ = timed([citynet, "list", "agreements", "--city", city], root, repeat=3)
    rows.append(("`list agreements --city X` warm", listed, status))
    listed, status, _ = timed([citynet, "list", "agreements", "--city", city, "--rev", "HEAD~1"],
                              root, repeat=3)
    rows.append(("`list agreements --city X --rev HEAD~1`", listed, status))
    cold, status, _ = timed([citynet, "--no-cache", "validate"], root)
    rows.append(("`validate --no-cache` (cold)", cold, status))
    print(f"{options.size:,} records, {options.commits:,} commits\n")
    print("| command | seconds | exit |")
    print("|---|---|---|")
    for label, seconds, status in rows:
        print(f"| {label} | {seconds:.2f} | {status} |")


if __name__ == "__main__":
    main()
