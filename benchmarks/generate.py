"""Generate a realistic registry of N records: python benchmarks/generate.py N DIR

Cities with names in four languages, coordinates and sources; agreements
between them; organisations with memberships and roles; committees with
workplans; about 600 bytes a record, like the shipped data. A few deliberate
errors (an unknown key, a dangling reference, a bad date) so validate has
something to report. Deterministic for a given N.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from citynet.yaml import writer

COUNTRIES = ["KR", "JP", "CN", "VN", "TH", "ID", "MY", "PH", "FR", "DE", "IT", "ES", "BR", "MX",
             "US", "CA", "NG", "EG", "KE", "AU"]
SYLLABLES = ["ka", "lo", "min", "sa", "ren", "to", "vi", "ha", "nam", "bel", "gor", "u", "san",
             "ter", "mo", "di", "lan", "qu", "ez", "por"]
SOURCE = {"title": "Generated benchmark registry", "url": "https://example.org/benchmark",
          "as_of": "2024-06"}


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate(count: int, root: Path) -> dict[str, int]:
    rng = random.Random(count)
    cities_n = max(2, int(count * 0.40))
    agreements_n = int(count * 0.40)
    orgs_n = max(1, int(count * 0.01))
    committees_n = max(1, int(count * 0.02))
    memberships_n = count - cities_n - agreements_n - orgs_n - committees_n
    data = root / "data"
    for folder in ("cities", "agreements", "organisations", "memberships", "committees"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    cities = []
    for i in range(cities_n):
        name = _name(rng)
        city_id = f"{name.lower()}-{i}"
        cities.append(city_id)
        record = {
            "id": city_id,
            "names": {"en": name, "es": name + "a", "fr": name + "e", "ko": "도시 " + str(i)},
            "country": rng.choice(COUNTRIES),
            "level": rng.choice(["city", "city", "city", "province", "municipality"]),
            "capital": rng.random() < 0.05,
            "location": {"lat": round(rng.uniform(-60, 60), 4),
                         "lon": round(rng.uniform(-170, 170), 4)},
            "sources": [SOURCE],
            "notes": "A generated city for the benchmark; its facts are made up.",
        }
        (data / "cities" / f"{city_id}.yaml").write_text(writer.dump(record), "utf-8")
    pairs = set()
    while len(pairs) < agreements_n:
        a, b = rng.sample(cities, 2)
        pairs.add(tuple(sorted((a, b))))
    for a, b in sorted(pairs):
        kind = rng.choice(["sister", "friendship", "partnership"])
        record = {"id": f"{a}-{b}-{kind}", "kind": kind, "parties": [a, b],
                  "signed": f"{rng.randint(1960, 2023)}-{rng.randint(1, 12):02d}",
                  "sources": [SOURCE], "notes": "A generated agreement for the benchmark."}
        if record["signed"] < "2022" and record["signed"].endswith("-03"):  # 1 in 12, no draw
            record["lifecycle"] = [{"step": "suspended", "date": "2022-03", "by": [a],
                                    "reason": "A generated suspension.", "source": SOURCE}]
        (data / "agreements" / f"{record['id']}.yaml").write_text(writer.dump(record), "utf-8")
    orgs = []
    for i in range(orgs_n):
        org_id = f"network-{i}"
        orgs.append(org_id)
        record = {"id": org_id, "names": {"en": f"Network {i}", "fr": f"Réseau {i}"},
                  "acronym": f"N{i}", "kind": "network", "founded": rng.randint(1950, 2020),
                  "headquarters": rng.choice(cities),
                  "reported_members": [{"count": rng.randint(10, 500), "as_of": 2023}],
                  "sources": [SOURCE]}
        (data / "organisations" / f"{org_id}.yaml").write_text(writer.dump(record), "utf-8")
    seen = set()
    while len(seen) < memberships_n:
        seen.add((rng.choice(cities), rng.choice(orgs)))
    for city, org in sorted(seen):
        record = {"id": f"{city}-{org}", "member": city, "organisation": org,
                  "since": rng.randint(1970, 2023),
                  "roles": [{"role": rng.choice(["member", "president", "executive-committee"])}],
                  "sources": [SOURCE]}
        (data / "memberships" / f"{record['id']}.yaml").write_text(writer.dump(record), "utf-8")
    for i in range(committees_n):
        record = {"id": f"committee-{i}", "names": {"en": f"Committee {i}", "pt": f"Comitê {i}"},
                  "organisation": rng.choice(orgs), "status": "established",
                  "sector": "urban planning",
                  "workplans": [{"year": 2018, "activities": [{"en": "Hold a forum"},
                                                              {"en": "Publish a report"}]}],
                  "sources": [SOURCE]}
        (data / "committees" / f"committee-{i}.yaml").write_text(writer.dump(record), "utf-8")
    errors = max(1, count // 2000)
    for i in range(errors):
        victim = data / "cities" / f"{cities[i * 7 % len(cities)]}.yaml"
        victim.write_text(victim.read_text() + "populaton: 1000\n", "utf-8")
    (data / "agreements" / "dangling-sister.yaml").write_text(
        writer.dump({"id": "dangling-sister", "kind": "sister",
                       "parties": [cities[0], "atlantis"], "sources": [SOURCE]}), "utf-8")
    return {"cities": cities_n, "agreements": agreements_n + 1, "organisations": orgs_n,
            "memberships": memberships_n, "committees": committees_n, "errors": errors + 1}


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python benchmarks/generate.py N DIR")
    target = Path(sys.argv[2])
    if (target / "data").exists():
        sys.exit(f"{target}/data exists; choose an empty folder")
    print(generate(int(sys.argv[1]), target))
