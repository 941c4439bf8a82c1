"""A longer run of the differential test: compiled and fast readers against libyaml.

    python benchmarks/differential.py --examples 20000

Runs tests/test_yaml_differential.py's property, on the same mix of texts
(canonical, deep, record-like and their near misses), with many more examples,
and says how many texts `reader.load` gave to each reader.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from citynet.yaml import compiled, fast  # noqa: E402
from test_yaml_differential import TEXTS, agree  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="How many texts to try.")
    examples = parser.parse_args().examples
    counts = {"compiled": 0, "fast": 0, "libyaml": 0}

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(TEXTS)
    def run(text: str) -> None:
        if compiled.read(text) is not fast.NOT_SIMPLE:
            counts["compiled"] += 1
        elif fast.read(text) is not fast.NOT_SIMPLE:
            counts["fast"] += 1
        else:
            counts["libyaml"] += 1
        agree(text)

    run()
    print(f"{sum(counts.values())} texts agree: the compiled reader took {counts['compiled']}"
          f"{'' if compiled.AVAILABLE else ' (yaml-rs is not installed)'}, the fast reader "
          f"{counts['fast']}, libyaml the other {counts['libyaml']}")


if __name__ == "__main__":
    main()
