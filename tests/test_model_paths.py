"""Field paths a source's `fields` may name, checked against the kind's model."""

from __future__ import annotations

import pytest

from citynet.model.paths import path_problem
from citynet.model.records import City, Organisation


@pytest.mark.parametrize("model, path", [
    (City, "location"), (City, "location.lat"), (City, "names.fr"), (City, "geonames_id"),
    (Organisation, "offices.city"), (Organisation, "rules.max_members_per_country.limit"),
    (Organisation, "names.zh-Hant"),
])
def test_fields_and_their_parts_are_paths(model, path):
    assert path_problem(model, path) is None


@pytest.mark.parametrize("model, path, problem", [
    (City, "locaton", "the record has no field `locaton` (did you mean `location`?)"),
    (City, "location.lng", "location has no field `lng`"),
    (City, "country.code", "country has no parts: `country.code` goes too deep"),
    (City, "names.fr.x", "names.fr has no parts"),
    (Organisation, "offices.town", "offices has no field `town`"),
])
def test_what_is_wrong_with_a_path(model, path, problem):
    assert problem in (path_problem(model, path) or "")
