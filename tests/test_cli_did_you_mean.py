"""A misspelt id, kind or report name is exit 2 with one line that names what was meant."""

from __future__ import annotations

import pytest

METROPOLIS = "names: {en: Metropolis}\nkind: network\nsources: [{title: t}]\n"


@pytest.mark.parametrize("args,message", [
    (["show", "seol"], "no record has the id 'seol'; did you mean 'seoul'?"),
    (["show", "taipe", "--kind", "city"], "no city has the id 'taipe'; did you mean 'taipei'?"),
    (["show", "seoul", "--kind", "citi"], "unknown kind 'citi'"),
    (["report", "partners", "otawa"], "no city has the id 'otawa'; did you mean 'ottawa'?"),
    (["report", "network", "metropolsi"],
     "no organisation has the id 'metropolsi'; did you mean 'metropolis'?"),
    (["report", "partner", "seoul"], "unknown report 'partner'"),
    (["report", "partners", "seoul", "--grouping", "un-m49-region"],
     "did you mean 'un-m49-regions'?"),
    (["end", "seoul-tapei-sister", "--date", "2020", "--source", "s"],
     "did you mean 'seoul-taipei-sister'?"),
    (["rename", "cty", "seoul", "seoul-city"], "unknown kind 'cty'"),
    (["rename", "city", "seol", "seoul-city"], "did you mean 'seoul'?"),
    (["list", "citys"], "unknown kind 'citys'"),
    (["new", "citi", "--id", "x"], "unknown kind 'citi'"),
])
def test_a_misspelt_name_gets_a_suggestion(cli, make_registry, args, message):
    root = make_registry({"data/organisations/metropolis.yaml": METROPOLIS})
    run = cli(*args, root=root)
    assert run.exit_code == 2
    assert message in run.stderr
    assert "did you mean" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
