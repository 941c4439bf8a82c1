"""The language server's checks of one file agree with `validate`'s on the whole registry.

Every catalogued example, pass and fail, is laid out in a registry; each of
its record files is opened in the server's State, which checks it alone
(with the records it touches), and must find exactly what `validate` finds
in that file. Then each file is emptied and put back, and deleted and made
again, with every file open: each open file must find what `validate` finds then, and every one whose
problems changed must be among those the edit says it touched (the server
publishes those again).
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


@pytest.mark.parametrize(("code", "verdict"), EXAMPLES)
def test_an_edit_touches_every_open_file_whose_problems_it_changes(tmp_path, code, verdict):
    root = tmp_path / "registry"
    lay_out_example(root, code, verdict)
    state = State(root, use_cache=False)
    texts = {d.path: state.text(d.path) for d in list(state.registry.documents)}
    texts = {rel: text for rel, text in texts.items() if text is not None}
    for rel, text in texts.items():
        state.put(rel, text)

    def agrees(touched, edited):
        whole = validate(root, use_cache=False).problems
        for rel in texts:
            if rel not in state.open:
                continue
            now = _found(state.problems(rel))
            assert now == _found(p for p in whole if p.path == rel), (edited, rel)
            if now != seen.get(rel):
                assert rel == edited or rel in touched, (edited, rel)
            seen[rel] = now

    seen = {rel: _found(state.problems(rel)) for rel in texts}
    for rel, text in texts.items():
        # emptied in the editor and saved: its id stays, its values go
        (root / rel).write_text("", encoding="utf-8")
        agrees(state.put(rel, ""), rel)
        (root / rel).write_text(text, encoding="utf-8")
        agrees(state.put(rel, text), rel)
    for rel, text in texts.items():
        # deleted, then made again: its id goes and comes back
        (root / rel).unlink()
        state.open.pop(rel)
        agrees(state.close(rel), rel)
        (root / rel).write_text(text, encoding="utf-8")
        agrees(state.put(rel, text), rel)


def test_two_cities_claiming_one_alias_are_found_as_validate_finds_them(make_registry):
    city = "names: {{en: {0}}}\ncountry: KR\naliases: [shared]\nsources: [{{title: t}}]\n"
    root = make_registry({"data/cities/alpha.yaml": city.format("Alpha"),
                          "data/cities/beta.yaml": city.format("Beta")})
    state = State(root, use_cache=False)
    for rel in ("data/cities/alpha.yaml", "data/cities/beta.yaml"):
        state.put(rel, state.text(rel))
    assert [p.code for p in state.problems("data/cities/alpha.yaml")] == []
    assert [(p.code, p.message) for p in state.problems("data/cities/beta.yaml")] == [
        ("alias-conflict", "the alias 'shared' is already an alias of alpha; an alias names "
         "one city only")]
    # alpha lets go of the alias: beta, open, is told again and is clean
    touched = state.put("data/cities/alpha.yaml", city.format("Alpha").replace(
        "aliases: [shared]\n", ""))
    assert "data/cities/beta.yaml" in touched
    assert state.problems("data/cities/beta.yaml") == []


def test_a_file_with_a_key_written_twice_is_no_record_as_validate_has_it(make_registry):
    """validate makes no record of a file with an error of its own (its data kept): the
    server, given the same text in the editor, must not check it as one (it said the
    organisation cited no source)."""
    twice = "names: {en: Org}\nnames: {en: Org}\n"
    root = make_registry({"data/organisations/org.yaml": twice})
    rel = "data/organisations/org.yaml"
    whole = [p for p in validate(root, use_cache=False).problems if p.path == rel]
    assert [p.code for p in whole] == ["duplicate-key"]
    state = State(root, use_cache=False)
    assert _found(state.problems(rel)) == _found(whole)
    state.put(rel, twice)
    assert _found(state.problems(rel)) == _found(whole)
    state.put(rel, "names: {en: Org}\n")  # written once: a record again, with no source
    assert [p.code for p in state.problems(rel)] == ["missing-source"]
