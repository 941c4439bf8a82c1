"""Generate a CSV of N city pairs shaped like the twin-cities list: python benchmarks/pairs.py N OUT

The real list (25,917 rows) is not shipped. This one takes its countries and
the shape of its names from the shipped sample (../shared/data or
CITYNET_PAIRS_SAMPLE) and makes up the cities: about one city for every
two rows, so cities repeat as they do in the real list, with accents,
apostrophes, qualifiers in brackets and a few names spelled with a dash.
Deterministic for a given N.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = Path(os.environ.get("CITYNET_PAIRS_SAMPLE",
                             HERE.parent.parent / "shared" / "data" / "twin-cities-sample.csv"))
SYLLABLES = ["ka", "lo", "min", "sa", "ren", "to", "vi", "ha", "nam", "bel", "gor", "u", "san",
             "ter", "mo", "di", "lan", "qu", "ez", "por", "ö", "é", "ł", "ñ"]
FALLBACK_COUNTRIES = ["Germany", "France", "United States", "Japan", "Poland", "Italy", "Brazil"]


def _countries() -> list[str]:
    try:
        with open(SAMPLE, encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except OSError:
        return FALLBACK_COUNTRIES
    return [r[c] for r in rows for c in ("country1", "country2") if r.get(c)] or FALLBACK_COUNTRIES


def _name(rng: random.Random) -> str:
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    roll = rng.random()
    if roll < 0.05:
        return f"{name} (rural gmina)"
    if roll < 0.08:
        return f"{name} – {_plain(rng)}"
    if roll < 0.10:
        return f"Saint-{name}-d'{_plain(rng)}"
    if roll < 0.20:
        return f"{name} {_plain(rng)}"
    return name


def _plain(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES[:20]) for _ in range(2)).capitalize()


def generate(count: int, out: Path) -> None:
    rng = random.Random(count)
    countries = _countries()
    cities = [(_name(rng), rng.choice(countries), round(rng.uniform(-60, 60), 4),
               round(rng.uniform(-170, 170), 4)) for _ in range(max(2, count // 2))]
    with open(out, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"])
        for _ in range(count):
            a, b = rng.sample(cities, 2)
            writer.writerow([*a, *b])


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python benchmarks/pairs.py N OUT")
    generate(int(sys.argv[1]), Path(sys.argv[2]))
