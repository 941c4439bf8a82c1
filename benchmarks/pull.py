"""A pull request against a generated registry in git: python benchmarks/pull.py N

Builds once, in benchmarks/.registries/pull-N/, a repository whose `main` holds the
registry benchmarks/generate.py makes of N records and whose `pull` changes 10 files of
it (four notes edited, a city moved to another country, a city and an agreement added, an
agreement removed, an agreement renamed), written with git fast-import in seconds. Then a
fresh clone of `pull` is what CI checks out for the pull request, and `cache()` the
`.citynet/` a run of `citynet validate` on `main` leaves, as CI's cache keeps it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import generator, registry  # noqa: E402


def _edit(content: bytes, note: str) -> bytes:
    return re.sub(rb"(?m)^notes: .*$", f"notes: {note}".encode(), content, count=1)


def _stream(files: dict[str, bytes]) -> bytes:
    out = bytearray()

    def commit(ref: str, n: int, message: str, changes: list[bytes], parent: str = "") -> None:
        out.extend(f"commit refs/heads/{ref}\nmark :{n}\ncommitter Bench <b@example.org> "
                   f"{1_700_000_000 + n * 3600} +0000\ndata {len(message)}\n{message}\n"
                   f"{parent}".encode())
        for change in changes:
            out.extend(change)
        out.extend(b"\n")

    def put(path: str, content: bytes) -> bytes:
        return f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n"

    commit("main", 1, "every record", [put(path, content) for path, content in files.items()])
    cities = sorted(p for p in files if p.startswith("data/cities/"))
    agreements = sorted(p for p in files if p.startswith("data/agreements/"))
    changes = [put(path, _edit(files[path], "edited in the pull request"))
               for path in cities[10:14]]
    changes.append(put(cities[20], re.sub(rb"(?m)^country: \w\w$", b"country: PT",
                                          files[cities[20]], count=1)))
    changes.append(put("data/cities/new-city.yaml", b"names:\n  en: New City\ncountry: PT\n"
                       b"level: city\nsources:\n  - title: A pull request\n"))
    first = Path(cities[0]).stem
    changes.append(put(f"data/agreements/{first}-new-city-sister.yaml",
                       f"kind: sister\nparties:\n  - {first}\n  - new-city\nsigned: 2024\n"
                       f"sources:\n  - title: A pull request\n".encode()))
    changes.append(f"D {agreements[5]}\n".encode())
    renamed = agreements[6].replace(".yaml", "-renamed.yaml")
    changes += [f"D {agreements[6]}\n".encode(),
                put(renamed, files[agreements[6]].replace(
                    f"id: {Path(agreements[6]).stem}".encode(),
                    f"id: {Path(renamed).stem}".encode()))]
    commit("pull", 2, "a pull request of ten files", changes, "from :1\n")
    return bytes(out)


def build(size: int) -> Path:
    """The repository (made once for each version of generate.py)."""
    root = HERE / ".registries" / f"pull-{size}"
    marker = root / ".git" / "generator"
    if marker.is_file() and marker.read_text() == generator():
        return root
    generated = registry(size)
    files = {p.relative_to(generated).as_posix(): p.read_bytes()
             for p in sorted((generated / "data").rglob("*.yaml"))}
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=_stream(files),
                   check=True)
    (root / ".git" / "info" / "exclude").write_text(".citynet/\n")
    marker.write_text(generator())
    return root


def clone(size: int, target: Path, branch: str = "pull") -> Path:
    """A fresh clone of `branch` at `target` (replacing what is there)."""
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--no-local", "--branch", branch, str(build(size)),
                    str(target)], check=True)
    return target


def cache(size: int, citynet: str) -> Path:
    """The `.citynet/` that `citynet validate` leaves in a fresh clone of `main`: what CI
    saves after a push to the base branch. Made anew each time it is asked for (what it
    holds is believed only by the citynet that made it)."""
    kept = HERE / ".registries" / f"pull-{size}-cache"
    base = clone(size, HERE / ".registries" / f"pull-{size}-main", "main")
    subprocess.run([citynet, "validate"], cwd=base, stdout=subprocess.DEVNULL)
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(base / ".citynet", kept)
    shutil.rmtree(base)
    return kept


if __name__ == "__main__":
    print(build(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
