"""Measure every figure of issues 14 and 28 against its target: python benchmarks/run.py

Each figure is a fresh process, run --repeat times; printed as the median wall
time with its min–max, the median CPU time of the child (user + sys, from
wait4, which other processes on a busy machine do not inflate as they do the
wall time) and its peak resident memory, with the load average before and after.
Registries come from benchmarks/generate.py (kept in benchmarks/.registries/, made
again when generate.py changes), the pairs CSV from benchmarks/pairs.py, the pull
request of ten files from benchmarks/pull.py (`validate --baseline` in a fresh clone,
with and without the base's `.citynet/` restored). The read floor is a script that
walks data/ and reads every file, in one process and in two. yamllint and
check-jsonschema run on the same tree when installed (at sizes up to --tools-up-to).
A Tab of bash completion and the language server's first diagnostics are timed at
100,000. `site build` (issue 26) in one language and in five, with what search loads
(`--skip-site` leaves it out; `--site-only` measures just that). Ends with a Markdown
table for docs/performance.md."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent
SHIPPED = HERE.parent
PAIRS = 25917

FLOOR = r"""
import os, sys
from concurrent.futures import ProcessPoolExecutor
def walk(root):
    return [os.path.join(d, n) for d, _, names in os.walk(root) for n in names
            if n.endswith(".yaml")]
def read(paths):
    total = 0
    for p in paths:
        with open(p, "rb") as f:
            total += len(f.read())
    return total
if __name__ == "__main__":
    paths, workers = walk(sys.argv[1]), int(sys.argv[2])
    if workers == 1:
        read(paths)
    else:
        with ProcessPoolExecutor(workers) as pool:
            sum(pool.map(read, [paths[i::workers] for i in range(workers)]))
"""

WRITE_FLOOR = r"""
import os, sys
src, dst = sys.argv[1], sys.argv[2]
files = []
for folder in sorted(os.listdir(src)):
    for name in sorted(os.listdir(os.path.join(src, folder))):
        with open(os.path.join(src, folder, name), "rb") as f:
            files.append((folder, name, f.read()))
for folder in {f for f, _, _ in files}:
    os.makedirs(os.path.join(dst, folder))
import time
start = time.perf_counter()
for folder, name, data in files:
    with open(os.path.join(dst, folder, name), "wb") as f:
        f.write(data)
"""


def tool(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


class Figure:
    """The runs of one command: wall and CPU seconds, peak memory (MiB), exit status."""

    def __init__(self, runs: list[tuple[float, float, float, int]]) -> None:
        self.runs = runs

    @property
    def wall(self) -> float:
        return statistics.median(r[0] for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r[1] for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r[2] for r in self.runs)

    @property
    def status(self) -> int:
        return self.runs[-1][3]

    def __str__(self) -> str:
        walls = [r[0] for r in self.runs]
        spread = f" ({min(walls):.2f}–{max(walls):.2f})" if len(walls) > 1 else ""
        return f"{self.wall:.3f} s{spread}, CPU {self.cpu:.3f} s, {self.rss:.0f} MiB"


def run(args: list[str], cwd: Path, repeat: int = 1, before=None,
        env: dict[str, str] | None = None) -> Figure:
    """Run `args` `repeat` times in `cwd` (calling `before()` ahead of each run, untimed:
    it may make `cwd` anew)."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        runs.append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                     child.returncode))
    return Figure(runs)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def generator() -> str:
    """What made the kept registries: generate.py's digest (a registry made by an older
    generate.py, whose records a newer citynet may refuse, is made again)."""
    import hashlib

    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def made_by_generator(root: Path) -> bool:
    marker = root / ".generator"
    return marker.is_file() and marker.read_text() == generator()


def registry(size: int) -> Path:
    root = HERE / ".registries" / str(size)
    if not made_by_generator(root):
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(root)],
                       check=True, stdout=subprocess.DEVNULL)
        (root / ".generator").write_text(generator())
    return root


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, name: str, figure: str, target: str = "", verdict: str = "") -> None:
        self.rows.append((name, figure, target, verdict))
        print(f"{name}: {figure}" + (f"  [target {target}: {verdict}]" if target else ""))
        sys.stdout.flush()

    def ratio(self, name: str, value: float, limit: float, unit: str = "×",
              below: bool = True) -> None:
        met = value <= limit if below else value >= limit
        word = "met" if met else (f"missed by {value / limit:.2f}×" if below
                                  else f"missed by {limit / value:.2f}×")
        self.add(name, f"{value:.2f}{unit}", f"{'≤' if below else '≥'} {limit}{unit}", word)

    def markdown(self) -> str:
        lines = ["| figure | measured | target | |", "|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows]
        return "\n".join(lines)


def startup(report: Report, citynet: str, repeat: int) -> None:
    bare = run([sys.executable, "-c", "pass"], HERE, repeat)
    report.add("python -c pass", str(bare))
    run([citynet, "validate"], SHIPPED)
    for args, limit in ((["--version"], 2), (["--help"], 5), (["list", "cities"], 5),
                        (["show", "seoul"], 5)):
        figure = warmed(citynet, args, SHIPPED, repeat)
        report.add(f"citynet {' '.join(args)} (shipped data, warm)", str(figure))
        report.ratio(f"citynet {' '.join(args)} ÷ python -c pass (wall)", figure.wall / bare.wall,
                     limit)
        report.ratio(f"citynet {' '.join(args)} ÷ python -c pass (CPU)", figure.cpu / bare.cpu,
                     limit)


def warmed(citynet: str, args: list[str], root: Path, repeat: int) -> Figure:
    """A command run once untimed (which builds or updates the index it reads), then timed."""
    run([citynet, *args], root)
    return run([citynet, *args], root, repeat)


def shipped_queries(citynet: str, city: str, repeat: int) -> dict[str, Figure]:
    run([citynet, "validate"], SHIPPED)
    return {"list": warmed(citynet, ["list", "agreements", "--city", city], SHIPPED, repeat),
            "show": warmed(citynet, ["show", city], SHIPPED, repeat),
            "report": warmed(citynet, ["report", "partners", city], SHIPPED, repeat)}


def size_figures(report: Report, citynet: str, size: int, shipped: dict[str, Figure],
                 options: argparse.Namespace) -> None:
    root = registry(size)
    repeat = options.repeat
    city = sorted((root / "data" / "cities").iterdir())[1].stem
    n = f"{size:,}"
    one = run([sys.executable, "-c", FLOOR, "data", "1"], root, repeat)
    two = run([sys.executable, "-c", FLOOR, "data", "2"], root, repeat)
    report.add(f"{n}: read floor, one process", str(one))
    report.add(f"{n}: read floor, two processes", str(two))
    cold = run([citynet, "--no-cache", "validate"], root, repeat)
    assert cold.status == 1, "the generated registry has deliberate errors"
    report.add(f"{n}: cold `--no-cache validate`", str(cold))
    report.ratio(f"{n}: cold validate ÷ one-process read floor (wall)", cold.wall / one.wall, 2.5)
    report.ratio(f"{n}: cold validate ÷ one-process read floor (CPU)", cold.cpu / one.cpu, 2.5)
    if size >= 100000:
        report.ratio(f"{n}: memory of cold validate", cold.rss, 400, " MiB")
    shutil.rmtree(root / ".citynet", ignore_errors=True)
    run([citynet, "validate"], root)  # builds the cache
    warm = run([citynet, "validate"], root, repeat)
    report.add(f"{n}: warm validate", str(warm))
    if size >= 100000:
        report.ratio(f"{n}: warm validate, nothing changed, a folder git does not track "
                     "(wall)", warm.wall, 0.5, " s")
    tab = completion(citynet, root, city[:4], repeat)
    report.add(f"{n}: Tab completion of an id (bash, `show {city[:4]}<Tab>`)", str(tab))
    if size >= 100000:
        report.ratio(f"{n}: Tab completion of an id, a folder git does not track (wall)",
                     tab.wall, 0.2, " s")
        first = first_diagnostics(root, repeat)
        report.add(f"{n}: language server, launch to an opened file's first diagnostics",
                   ", ".join(f"{t:.3f} s" for t in first))
        report.ratio(f"{n}: language server's first diagnostics, a folder git does not "
                     "track (median wall)", statistics.median(first), 0.5, " s")
    for key, args, limit in (("list", ["list", "agreements", "--city", city], 2),
                             ("show", ["show", city], 2),
                             ("report", ["report", "partners", city], 3)):
        figure = warmed(citynet, args, root, repeat)
        report.add(f"{n}: warm `{' '.join(args[:2])} …`", str(figure))
        report.ratio(f"{n}: warm {key} ÷ shipped data (wall)", figure.wall / shipped[key].wall,
                     limit)
    out = Path(tempfile.mkdtemp()) / "registry.sqlite"
    export = run([citynet, "export", "--format", "sqlite", "--output", str(out), "--force"],
                 root, repeat, before=lambda: out.unlink(missing_ok=True))
    shutil.rmtree(out.parent, ignore_errors=True)
    report.add(f"{n}: `export --format sqlite` (warm)", str(export))
    report.ratio(f"{n}: export ÷ cold validate (wall)", export.wall / cold.wall, 3)
    report.add(f"{n}: cold validate ÷ floor", f"{cold.wall / one.wall:.2f}× one process, "
               f"{cold.wall / two.wall:.2f}× two; CPU {cold.cpu / one.cpu:.2f}× one")
    if size <= options.tools_up_to:
        tools(report, citynet, root, n, cold)
    if size in options.pull_sizes:
        pull_request(report, citynet, size, cold, repeat)


def completion(citynet: str, root: Path, typed: str, repeat: int) -> Figure:
    """What one Tab costs: citynet run as bash's completion runs it (the index warm)."""
    env = {**os.environ, "_CITYNET_COMPLETE": "complete_bash",
           "COMP_WORDS": f"citynet show {typed}", "COMP_CWORD": "2"}
    return run([citynet], root, repeat, env=env)


def first_diagnostics(root: Path, repeat: int) -> list[float]:
    """Launch `citynet lsp` and open an unchanged city: seconds to its first diagnostics."""
    from lsp import Server

    path = sorted((root / "data" / "cities").iterdir())[7]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        server = Server(root)
        server.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                      "capabilities": {}})
        server.send({"method": "initialized", "params": {}})
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": path.as_uri(), "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8")}}})
        server.diagnostics(path.as_uri())
        times.append(time.perf_counter() - started)
        server.process.kill()
        server.process.wait()
    return times


def pull_request(report: Report, citynet: str, size: int, cold: Figure, repeat: int) -> None:
    """CI's check of a pull request of ten files (benchmarks/pull.py): `validate --baseline`
    in a fresh clone, without and with the base's `.citynet/` restored as actions/cache
    restores it (made by a `validate` on the base, as CI's run on main leaves it)."""
    import pull

    n = f"{size:,}"
    where = HERE / ".registries" / f"pull-{size}-clone"
    kept = pull.cache(size, citynet)

    def fresh() -> None:
        pull.clone(size, where)

    def restored() -> None:
        pull.clone(size, where)
        shutil.copytree(kept, where / ".citynet")

    args = [citynet, "validate", "--baseline", "origin/main"]
    bare = run(args, where, repeat, before=fresh)
    report.add(f"{n}: `validate --baseline` in a fresh clone (10 files changed)", str(bare))
    report.ratio(f"{n}: `validate --baseline` in a fresh clone ÷ cold validate (wall)",
                 bare.wall / cold.wall, 1.3)
    warm = run(args, where, repeat, before=restored)
    report.add(f"{n}: the same, with the base's `.citynet/` restored", str(warm))
    report.ratio(f"{n}: `validate --baseline`, cache restored (wall)", warm.wall, 1.0, " s")
    # the rows are of a registry in git: a warm run, a Tab and the editor there too
    pull.clone(size, where, "main")
    run([citynet, "validate"], where)  # the cache warm, as after a first run
    city = sorted((where / "data" / "cities").iterdir())[1].stem
    again = run([citynet, "validate"], where, repeat)
    report.add(f"{n}: warm validate in a git clone", str(again))
    report.ratio(f"{n}: warm validate, nothing changed, in git (wall)", again.wall, 0.5, " s")
    tab = completion(citynet, where, city[:4], repeat)
    report.add(f"{n}: Tab completion of an id in a git clone (bash, `show {city[:4]}<Tab>`)",
               str(tab))
    report.ratio(f"{n}: Tab completion of an id, in git (wall)", tab.wall, 0.2, " s")
    first = first_diagnostics(where, repeat)
    report.add(f"{n}: language server in a git clone, launch to first diagnostics",
               ", ".join(f"{t:.3f} s" for t in first))
    report.ratio(f"{n}: language server's first diagnostics, in git (median wall)",
                 statistics.median(first), 0.5, " s")
    shutil.rmtree(where, ignore_errors=True)


SITE_PER_RECORD: dict[str, tuple[int, float]] = {}
"""The site's build at the smallest size measured, per language set: (size, CPU seconds)."""


def site_figures(report: Report, citynet: str, size: int, repeat: int) -> None:
    """`site build` of the generated registry in one language and in all five: time, memory,
    files, and what a search keystroke loads (the list of parts, then the biggest part)."""
    root = registry(size)
    n = f"{size:,}"
    run([citynet, "validate"], root)  # the cache warm, as a publisher's CI has it
    for langs in ("en", "en,fr,es,pt,vi"):
        out = Path(tempfile.mkdtemp()) / "site"
        times = repeat if langs == "en" else 1
        built = run([citynet, "site", "build", str(out), "--lang", langs, "--force"], root,
                    times, before=lambda out=out: shutil.rmtree(out, ignore_errors=True))
        files = sum(1 for _ in out.rglob("*"))
        parts = sorted(p.stat().st_size for p in (out / "assets" / "search").glob("*.js"))
        index = (out / "assets" / "search" / "index.js").stat().st_size
        shutil.rmtree(out.parent, ignore_errors=True)
        label = f"{n}: `site build --lang {langs}`"
        report.add(label, f"{built}, {files:,} files")
        per = built.cpu / size * 1000
        report.add(f"{n}: site build ({langs}), CPU per 1,000 records", f"{per:.3f} s")
        if langs in SITE_PER_RECORD:
            small, small_per = SITE_PER_RECORD[langs]
            report.ratio(f"{n}: site build ({langs}) per record ÷ at {small:,}",
                         per / small_per, 1.3)
        else:
            SITE_PER_RECORD[langs] = (size, per)
        if langs == "en":
            report.add(f"{n}: search, first keystroke loads", f"{index / 1024:.1f} KB (index.js)")
            report.ratio(f"{n}: search, the biggest part a keystroke loads", parts[-1] / 1024,
                         200, " KB")


def tools(report: Report, citynet: str, root: Path, n: str, cold: Figure) -> None:
    yamllint, cjs = tool("yamllint"), tool("check-jsonschema")
    if yamllint:
        figure = run([yamllint, "-d", "relaxed", "data"], root)
        report.add(f"{n}: yamllint -d relaxed", str(figure))
        report.ratio(f"{n}: yamllint ÷ cold validate (wall)", figure.wall / cold.wall, 40,
                     below=False)
    else:
        report.add(f"{n}: yamllint", "skipped: not installed (pip install yamllint)")
    if cjs:
        schemas = Path(tempfile.mkdtemp())
        subprocess.run([citynet, "schema", "--output", str(schemas / "s")], cwd=root,
                       check=True, stdout=subprocess.DEVNULL)
        runs = []
        for kind in sorted(p.name for p in (root / "data").iterdir()):
            found = sorted(str(p) for p in (root / "data" / kind).glob("*.yaml"))
            if found:
                runs.append(run([cjs, "--schemafile",
                                 str(schemas / "s" / f"{kind}.schema.json"), *found], root))
        shutil.rmtree(schemas, ignore_errors=True)
        total = sum(f.wall for f in runs)
        report.add(f"{n}: check-jsonschema (one run a kind)", f"{total:.2f} s")
        report.ratio(f"{n}: check-jsonschema ÷ cold validate (wall)", total / cold.wall, 30,
                     below=False)
    else:
        report.add(f"{n}: check-jsonschema", "skipped: not installed (pip install "
                   "check-jsonschema)")


def importing(report: Report, citynet: str, repeat: int) -> None:
    work = Path(tempfile.mkdtemp())
    csv = work / "pairs.csv"
    subprocess.run([sys.executable, str(HERE / "pairs.py"), str(PAIRS), str(csv)], check=True)

    def fresh(name: str) -> Path:
        shutil.rmtree(work / name, ignore_errors=True)
        (work / name / "data").mkdir(parents=True)
        return work / name

    figure = run([citynet, "--root", str(work / "imp"), "import", "pairs", str(csv)], work,
                 repeat, before=lambda: fresh("imp"))
    files = sum(1 for _ in (work / "imp" / "data").rglob("*.yaml"))
    floor = run([sys.executable, "-c", WRITE_FLOOR, str(work / "imp" / "data"),
                 str(work / "floor" / "data")], work, repeat,
                before=lambda: shutil.rmtree(work / "floor", ignore_errors=True))
    report.add(f"import {PAIRS:,} generated pairs into an empty registry ({files:,} files)",
               str(figure))
    report.add(f"plain Python loop writing the same {files:,} files", str(floor))
    report.ratio("import ÷ plain loop (wall)", figure.wall / floor.wall, 3)
    report.ratio("import ÷ plain loop (CPU)", figure.cpu / floor.cpu, 3)
    report.ratio("import memory", figure.rss, 300, " MB")
    sample = SHIPPED.parent / "shared" / "data" / "twin-cities-sample.csv"
    if sample.exists():
        small = run([citynet, "--root", str(work / "imp"), "import", "pairs", str(sample)], work,
                    repeat, before=lambda: fresh("imp"))
        report.add("import of the shipped sample (1,277 rows) into an empty registry",
                   str(small))
    shutil.rmtree(work, ignore_errors=True)


def bytecode() -> None:
    """Compile citynet's modules before anything is timed, as pip does on install: in a
    checkout run with PYTHONDONTWRITEBYTECODE set, each timed command would compile every
    module it imports (about 0.1 s of CPU for `list cities`, 0.3 s for a cold validate)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("citynet")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools-up-to", type=int, default=10000,
                        help="run yamllint and check-jsonschema up to this size (they are slow)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-site", action="store_true", help="leave out `site build`")
    parser.add_argument("--pull-sizes", default="100000",
                        help="sizes at which to check a pull request (benchmarks/pull.py)")
    parser.add_argument("--site-only", action="store_true",
                        help="measure only `site build` (issue 26) at each size")
    options = parser.parse_args()
    options.pull_sizes = {int(s) for s in options.pull_sizes.split(",") if s}
    citynet = tool("citynet") or "citynet"
    bytecode()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}; "
          f"load average at start {load()}\n")
    report = Report()
    report.add("load average at start (1, 5, 15 min)", load())
    if options.site_only:
        for size in (int(s) for s in options.sizes.split(",")):
            site_figures(report, citynet, size, options.repeat)
        report.add("load average at end (1, 5, 15 min)", load())
        print("\n" + report.markdown())
        return
    startup(report, citynet, max(5, options.repeat))
    shipped = shipped_queries(citynet, "seoul", options.repeat)
    for key, figure in shipped.items():
        report.add(f"shipped data: warm {key}", str(figure))
    if not options.skip_import:
        importing(report, citynet, options.repeat)
    for size in (int(s) for s in options.sizes.split(",")):
        size_figures(report, citynet, size, shipped, options)
        if not options.skip_site:
            site_figures(report, citynet, size, options.repeat)
    report.add("load average at end (1, 5, 15 min)", load())
    print("\n" + report.markdown())


if __name__ == "__main__":
    main()
