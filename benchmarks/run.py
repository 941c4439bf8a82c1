"""Time citynet against check-jsonschema and yamllint: python benchmarks/run.py

For each size (default 1k, 10k, 100k records) it generates a registry (kept
in benchmarks/.registries/ between runs), then times, each as a fresh process:
cold validate (no cache), validate that builds the cache, warm validate,
a filtered list, a report; check-jsonschema (with `citynet schema`) and
`yamllint -d relaxed` on the same tree (at sizes up to --tools-up-to); start-up
costs; peak memory. Prints a Markdown table with the ratios the targets use.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def timed(args: list[str], cwd: Path, repeat: int = 1, env: dict | None = None) -> tuple[float, int, int]:
    """Best wall time over `repeat` runs, the exit status, and peak RSS in MiB."""
    best, status, peak = float("inf"), 0, 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, **(env or {})})
        best = min(best, time.perf_counter() - start)
        status = done.returncode
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, status, peak // 1024


def registry(size: int) -> Path:
    root = HERE / ".registries" / str(size)
    if not (root / "data").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(root)],
                       check=True, stdout=subprocess.DEVNULL)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--tools-up-to", type=int, default=10000,
                        help="run yamllint and check-jsonschema up to this size (they are slow)")
    options = parser.parse_args()
    citynet = tool("citynet")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}\n")
    bare, _, _ = timed([sys.executable, "-c", "pass"], HERE, repeat=5)
    shipped = HERE.parent
    subprocess.run([citynet, "validate"], cwd=shipped, stdout=subprocess.DEVNULL)
    startup = {
        "citynet --version": timed([citynet, "--version"], shipped, repeat=5)[0],
        "citynet --help": timed([citynet, "--help"], shipped, repeat=5)[0],
        "citynet list cities (shipped data, warm)": timed([citynet, "list", "cities"], shipped,
                                                          repeat=5)[0],
    }
    targets = {"citynet --version": 2, "citynet --help": 12,
               "citynet list cities (shipped data, warm)": 25}
    print("| start-up | seconds | × python -c pass | target |")
    print("|---|---|---|---|")
    print(f"| python -c pass | {bare:.3f} | 1 | |")
    for name, seconds in startup.items():
        print(f"| {name} | {seconds:.3f} | {seconds / bare:.1f} | ≤ {targets[name]}× |")
    print()
    print("| records | files | validate cold | validate, building cache | validate warm | "
          "list --city (warm) | report (warm) | peak MiB | check-jsonschema | yamllint -d relaxed |"
          " yamllint ÷ cold | check-jsonschema ÷ cold |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in options.sizes.split(",")):
        root = registry(size)
        files = sum(1 for _ in (root / "data").rglob("*.yaml"))
        city = sorted((root / "data" / "cities").iterdir())[1].stem
        shutil.rmtree(root / ".citynet", ignore_errors=True)
        cold, status, peak_cold = timed([citynet, "--no-cache", "validate"], root)
        assert status == 1, "the generated registry has deliberate errors"
        building, _, peak_build = timed([citynet, "validate"], root)
        warm, _, peak_warm = timed([citynet, "validate"], root, repeat=3)
        listing, _, _ = timed([citynet, "list", "agreements", "--city", city], root, repeat=3)
        report, _, _ = timed([citynet, "report", "partners", city], root, repeat=3)
        peak = max(peak_cold, peak_build, peak_warm)
        cjs = yl = None
        if size <= options.tools_up_to:
            schemas = root / ".schemas"
            subprocess.run([citynet, "schema", "--output", str(schemas)], check=True,
                           stdout=subprocess.DEVNULL)
            cjs = 0.0
            for kind in ("cities", "organisations", "memberships", "agreements", "committees"):
                found = sorted(str(p) for p in (root / "data" / kind).glob("*.yaml"))
                if found:
                    cjs += timed([tool("check-jsonschema"), "--schemafile",
                                  str(schemas / f"{kind}.schema.json"), *found], root)[0]
            yl = timed([tool("yamllint"), "-d", "relaxed", "data"], root)[0]
        cells = [f"{size:,}", f"{files:,}", f"{cold:.2f}", f"{building:.2f}", f"{warm:.2f}",
                 f"{listing:.2f}", f"{report:.2f}", str(peak),
                 f"{cjs:.1f}" if cjs else "–", f"{yl:.1f}" if yl else "–",
                 f"{yl / cold:.0f}×" if yl else "–", f"{cjs / cold:.0f}×" if cjs else "–"]
        print("| " + " | ".join(cells) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
