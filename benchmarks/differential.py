"""A longer run of the differential test: fast reader against libyaml.

    python benchmarks/differential.py --examples 20000

Runs tests/test_yaml_differential.py's property with many more examples and
says how many texts the fast reader took (the rest it left to libyaml).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from citynet.yaml import fast  # noqa: E402
from test_yaml_differential import agree, canonical_text, deep_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="How many texts to try.")
    examples = parser.parse_args().examples
    counts = {"fast": 0, "libyaml": 0}

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(canonical_text(), deep_text()))
    def run(text: str) -> None:
        counts["libyaml" if fast.read(text) is fast.NOT_SIMPLE else "fast"] += 1
        agree(text)

    run()
    print(f"{sum(counts.values())} texts agree: the fast reader took {counts['fast']}, "
          f"libyaml the other {counts['libyaml']}")


if __name__ == "__main__":
    main()
