"""The cross-record checks read each valid record's stored data, and find what they would
find in its model.

`validate` never builds a model in the main process: the workers give the schema's
verdict, and the checks read `Entry.raw`. These tests hold that reading to the models' on
every catalogued example and on a generated registry: the same problems, codes, messages,
lines and columns, and no model built (but for an organisation's rule, which counts members
through their models).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from citynet.lint.engine import run_checks, validate
from citynet.model.codes import CODES
from citynet.store.registry import Entry, load
from conftest import BASE, REPO, write_registry
from test_lint_codes import GENERATED, lay_out_example

EXAMPLES = [(code, verdict) for code in sorted(CODES) if code not in GENERATED
            for verdict in ("pass", "fail")]


def _found(problems):
    return sorted((p.path, p.code, p.line, p.column, p.message, tuple(p.loc), p.severity)
                  for p in problems)


def _as_models_hold_it(registry):
    """Each entry's stored data replaced by its model's values (dates as PartialDate,
    terms as enums) for the keys the file writes: what the checks read before."""
    for by_id in registry.entries.values():
        for record_id, entry in list(by_id.items()):
            model = entry.model
            by_id[record_id] = Entry(entry.kind, entry.id, entry.path, _plain(model), model)
    return registry


def _plain(value):
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in value.model_fields_set}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _checked(root: Path, as_models: bool = False):
    registry, _ = load(root, use_cache=False)
    if as_models:
        _as_models_hold_it(registry)
    return _found(run_checks(registry))


@pytest.mark.parametrize(("code", "verdict"), EXAMPLES)
def test_checks_find_in_stored_data_what_they_find_in_models(tmp_path, code, verdict):
    root = write_registry(tmp_path / "registry", BASE)
    lay_out_example(root, code, verdict)
    assert _checked(root) == _checked(root, as_models=True)


@pytest.fixture
def built(monkeypatch):
    """The records whose model something asked for."""
    asked: list[str] = []
    model = Entry.model

    def counted(entry):
        asked.append(entry.path)
        return model.fget(entry)

    monkeypatch.setattr(Entry, "model", property(counted))
    return asked


@pytest.mark.parametrize(("code", "verdict"), EXAMPLES)
def test_validate_builds_no_model(tmp_path, built, code, verdict):
    root = write_registry(tmp_path / "registry", BASE)
    lay_out_example(root, code, verdict)
    validate(root, use_cache=False, select=[code])
    validate(root, use_cache=False)
    if not _has_rule(root):  # a rule counts members through their models (query.rules)
        assert built == []


def _has_rule(root: Path) -> bool:
    return any("max_members_per_country" in path.read_text(encoding="utf-8")
               for path in (root / "data").rglob("*.yaml") if "organisations" in path.parts)


def _generate(count: int, root: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks/generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    module.generate(count, root)


def test_a_generated_registry_checks_alike_in_stored_data_and_models(tmp_path, built):
    root = tmp_path / "generated"
    _generate(2500, root)  # above PARALLEL_FROM: the workers give the verdicts
    result = validate(root, use_cache=False, select=["one-sided-agreement"])
    assert result.problems and built == []
    assert _checked(root) == _checked(root, as_models=True)


def test_every_examples_problems_read_as_before(tmp_path, golden):
    """Every problem of every example, every code selected, word for word: the golden file
    was written by the checks as they read models, before they read stored data."""
    lines = []
    for code, verdict in EXAMPLES:
        root = write_registry(tmp_path / code / verdict, BASE)
        lay_out_example(root, code, verdict)
        for p in validate(root, use_cache=False, select=sorted(CODES)).problems:
            lines.append(f"{code}/{verdict}: {p.path}:{p.line}:{p.column} {p.code} "
                         f"{p.severity.value} {list(p.loc)} {p.message}")
    golden("validate-examples.txt", "\n".join(lines) + "\n")
