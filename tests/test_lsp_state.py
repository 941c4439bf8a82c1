"""The language server's checks of one file agree with `validate`'s on the whole registry.

Every catalogued example, pass and fail, is laid out in a registry; each of
its record files is opened in the server's State, which checks it alone
(with the records it touches), and must find exactly what `validate` finds
in that file.
"""

from __future__ import annotations

import pytest

from citynet.lint.engine import validate
from citynet.model.codes import CODES
from test_lint_codes import GENERATED, lay_out_example

pytest.importorskip("pygls")

from citynet.lsp.state import State, kind_of  # noqa: E402

EXAMPLES = [(code, verdict) for code in sorted(CODES) if code not in GENERATED
            for verdict in ("pass", "fail")]


def _found(problems):
    return sorted((p.path, p.code, p.line, p.column, p.message) for p in problems)


@pytest.mark.parametrize(("code", "verdict"), EXAMPLES)
def test_one_file_checked_alone_has_validates_problems(tmp_path, code, verdict):
    root = tmp_path / "registry"
    lay_out_example(root, code, verdict)
    whole = validate(root, use_cache=False).problems
    state = State(root, use_cache=False)
    for document in list(state.registry.documents):
        text = state.text(document.path)
        if text is None:
            continue
        state.put(document.path, text)
        assert _found(state.problems(document.path)) == _found(
            p for p in whole if p.path == document.path), document.path


def test_an_unsaved_membership_breaks_the_rule_of_an_open_organisation(make_registry):
    org = "names: {en: CityNet}\nkind: network\nrules:\n  max_members_per_country:\n" \
        "    limit: 1\nsources: [{title: t}]\n"
    busan = "names: {en: Busan}\ncountry: KR\nlevel: city\nsources: [{title: t}]\n"
    seoul_in = "member: seoul\norganisation: citynet\nsources: [{title: t}]\n"
    root = make_registry({"data/organisations/citynet.yaml": org,
                          "data/cities/busan.yaml": busan,
                          "data/memberships/seoul-citynet.yaml": seoul_in})
    state = State(root, use_cache=False)
    rel = "data/organisations/citynet.yaml"
    state.put(rel, org)
    assert state.problems(rel) == []
    joined = "data/memberships/busan-citynet.yaml"
    assert kind_of(joined) is not None
    assert state.put(joined, seoul_in.replace("seoul", "busan")) == {rel}
    assert [(p.code, p.line, p.column) for p in state.problems(rel)] == [("rule-breach", 5, 12)]
    assert state.close(joined) == {rel}
    assert state.problems(rel) == []
