"""A registry's template renders under a budget of steps, characters, memory and CPU time.

Nested `range` loops hung `report` and `site build`; `("x"*100000)*100000` reached 19.6 GB.
Each template below tries another way to take unbounded time or memory; each must stop with
exit 2 and one line naming the template and the limit, well within a second or two.
"""

from __future__ import annotations

import pytest

from citynet import limits

HOSTILE = {
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                    "{% endfor %}",
    "nested-loops-over-data": "{% for a in range(1000) %}{% for g in groups %}"
                              "{% for b in range(1000) %}{% endfor %}{% endfor %}{% endfor %}",
    "multiplied-text": '{{ ("x" * 100000) * 100000 }}',
    "multiplied-list": "{{ ([1] * 100000) * 100000 }}",
    "power": "{{ 7 ** 100000000 }}",
    "squaring": "{% set ns = namespace(x=2 ** 1000000) %}{% for i in range(40) %}"
                "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x > 5 }}",
    "product": "{% set x = 2 ** 1000000 %}{{ (x * x) > 5 }}",
    "doubling-join": '{% set ns = namespace(s="x") %}{% for i in range(64) %}'
                     "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "doubling-plus": '{% set ns = namespace(s="x") %}{% for i in range(64) %}'
                     "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}",
    "center-filter": '{{ "x" | center(10000000000) }}',
    "center-method": '{{ "x".center(10000000000) }}',
    "ljust-method": '{{ "x".ljust(10000000000) }}',
    "indent-filter": '{{ ("a\\n" * 1000000) | indent(1000) }}',
    "replace-method": '{{ ("x" * 10000).replace("x", "y" * 10000) }}',
    "replace-filter": '{{ ("x" * 10000) | replace("x", "y" * 10000) }}',
    "batch-fill": "{{ [1] | batch(10000000000, 0) | list }}",
    "slice-fill": "{{ [1] | slice(10000000000, 0) | list }}",
    "format-width": '{{ "{:>10000000000}".format(1) }}',
    "percent-width": '{{ "%10000000000d" % 1 }}',
    "join-repeat": '{{ ("y" * 1000000).join(["a"] * 100000) }}',
    "block-capture": '{% set s %}{% for i in range(100000) %}{{ "y" * 1000 }}{% endfor %}'
                     "{% endset %}{{ s | length }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "output": '{% for i in range(100000) %}{{ "z" * 1000 }}{% endfor %}',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_report_template_stops_at_its_limit(cli, make_registry, name):
    root = make_registry({"templates/partners.md.j2": HOSTILE[name]})
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 2, (run.stdout[:200], run.stderr)
    assert run.stderr.startswith("citynet: error: template ")
    assert "partners.md.j2" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "limits." in run.stderr or "too deep" in run.stderr


def test_a_hostile_site_template_stops_at_its_limit(cli, make_registry, tmp_path):
    root = make_registry({"templates/site/city.html.j2": HOSTILE["nested-loops"]})
    run = cli("site", "build", str(tmp_path / "site"), root=root)
    assert run.exit_code == 2, run.stderr
    assert "city.html.j2" in run.stderr and "limits.TEMPLATE_STEPS" in run.stderr


def test_memory_past_the_budgets_is_caught_by_the_net(cli, make_registry):
    """A value the budgets cannot size before it is made: a 30-million-character text
    captured 100,000 times into one block. The memory net stops it."""
    root = make_registry({"templates/partners.md.j2":
                          '{% set big = "q" * 30000000 %}{% set s %}'
                          "{% for i in range(100000) %}{{ big }}{% endfor %}{% endset %}"
                          "{{ s | length }}"})
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 2, run.stderr
    assert "limits.TEMPLATE_MEMORY_BYTES" in run.stderr or "limits.TEMPLATE_" in run.stderr


def test_a_long_legitimate_render_is_within_budget(cli, make_registry):
    """The budget is not a cap on ordinary work: a loop of 50,000 steps with output renders."""
    root = make_registry({"templates/partners.md.j2":
                          "{% for i in range(50000) %}{{ i }}\n{% endfor %}"})
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "49999"


def test_the_step_budget_grows_with_the_data():
    from citynet.publish.sandbox import Budget

    small = Budget.for_data({"rows": [1] * 10})
    large = Budget.for_data({"rows": [1] * 100_000})
    assert large.steps - small.steps == limits.TEMPLATE_STEPS_PER_ITEM * (100_000 - 10)
