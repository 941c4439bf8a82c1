"""Reading record files: one file (store/reading.py) and all of them on every core.

A cold validate reads in worker processes that hand back each file's stamp,
data (with shared keys and short texts) and reading problems, and the main
process fills the registry as they arrive. Whatever path a file takes - one
process or many, the compiled reader or the others, cold or from the index -
validate says the same.
"""

from __future__ import annotations

import json
import os

from citynet.store import files, reading, stamp
from citynet.store.registry import load
from citynet.yaml import compiled, reader

CITY = "names:\n  en: C{i}\ncountry: KR\nlevel: city\nsources:\n- title: t\n  as_of: 2024-06\n"
BROKEN = {
    "data/cities/bad-yaml.yaml": "names: [\n",
    "data/cities/bad-country.yaml": CITY.replace("KR", "XX").format(i=0),
    "data/cities/unknown-key.yaml": CITY.format(i=0) + "populaton: 3\n",
    "data/cities/twice.yaml": CITY.format(i=0) + "country: JP\n",
    "data/cities/tagged.yaml": CITY.format(i=0) + "notes: !x y\n",
    "data/agreements/dangling.yaml": "kind: sister\nparties:\n- c1\n- atlantis\nsigned: 1968\n"
                                     "sources:\n- title: t\n",
    "data/agreements/one-sided.yaml": "kind: sister\nparties:\n- c1\n- c2\nsigned: 1968\n"
                                      "sources:\n- title: t\n",
}


def _registry(make_registry, count: int):
    records = {f"data/cities/c{i}.yaml": CITY.format(i=i) for i in range(count)}
    return make_registry({**records, **BROKEN})


def _validate(cli, root, *args: str) -> list:
    run = cli("validate", "--format", "json", *args, root=root)
    assert run.exit_code in (0, 1), run.stderr
    return json.loads(run.stdout)["problems"]


def test_read_file_gives_the_files_stamp_and_the_parsed_data(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CITY.format(i=1), encoding="utf-8")
    key, _, data, problems = reading.read_file(str(path), "data/cities/c.yaml")
    assert key == stamp.of(str(path))
    assert (data, problems) == reading.parse_file(path, "data/cities/c.yaml")
    assert data["sources"] == [{"title": "t", "as_of": "2024-06"}]


def test_an_unreadable_file_has_a_problem_and_still_a_stamp(tmp_path):
    path = tmp_path / "gone.yaml"
    key, _, data, problems = reading.read_file(str(path), "data/cities/gone.yaml")
    assert key == stamp.NONE and data is None
    assert [p.code for p in problems] == ["unreadable"]


def test_shared_data_equals_the_data_and_shares_its_keys():
    first = reader.load(CITY.format(i=1))[0]
    second = reader.load(CITY.format(i=2))[0]
    one, two = reading.shared(first), reading.shared(second)
    assert one == first and two == second
    assert [id(k) for k in one] == [id(k) for k in two]
    assert one["sources"][0]["as_of"] is two["sources"][0]["as_of"]


def test_parallel_streaming_and_cached_reads_validate_alike(cli, make_registry, monkeypatch):
    root = _registry(make_registry, 40)
    one_process = _validate(cli, root, "--select", "one-sided-agreement", "--no-cache")
    monkeypatch.setattr(files, "PARALLEL_FROM", 5)  # forked workers see it too
    if (os.cpu_count() or 1) < 2:
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parallel = _validate(cli, root, "--select", "one-sided-agreement", "--no-cache")
    cold = _validate(cli, root, "--select", "one-sided-agreement")
    warm = _validate(cli, root, "--select", "one-sided-agreement")
    assert one_process == parallel == cold == warm
    assert all(p["line"] for p in warm)
    assert {p["code"] for p in warm} == {"one-sided-agreement"}


def test_every_code_is_placed_alike_cold_and_from_the_cached_outcome(cli, make_registry):
    root = _registry(make_registry, 3)
    cold = _validate(cli, root, "--no-cache")
    assert _validate(cli, root) == cold == _validate(cli, root)
    codes = {p["code"] for p in cold}
    assert {"yaml-syntax", "schema", "duplicate-key", "yaml-tag", "dangling-ref"} <= codes
    assert all(p["line"] and p["column"] for p in cold)
    opt_in = _validate(cli, root, "--select", "one-sided-agreement")
    assert opt_in == _validate(cli, root, "--select", "one-sided-agreement", "--no-cache")
    placed = {p["path"]: (p["line"], p["column"]) for p in opt_in}
    assert placed["data/agreements/one-sided.yaml"] == (3, 1)  # where `parties` is


def test_the_registry_is_the_same_without_the_compiled_reader(make_registry, monkeypatch):
    root = _registry(make_registry, 5)
    with_it = load(root, use_cache=False)
    monkeypatch.setattr(compiled, "_loads", None)
    assert compiled.read(CITY.format(i=1)) is compiled.NOT_SIMPLE
    without = load(root, use_cache=False)
    assert with_it[0].documents == without[0].documents and with_it[1] == without[1]
