"""`list` filters: several values mean either; a value that can match nothing is a misuse."""

from __future__ import annotations

import pytest

from citynet.errors import BadOption

from citynet.query import filters

PARIS = "names: {en: Paris}\ncountry: FR\nlevel: city\nsources: [{title: t}]\n"
ROME = "names: {en: Rome}\ncountry: IT\nlevel: city\nsources: [{title: t}]\n"
SEOUL_PARIS = "kind: sister\nparties: [seoul, paris]\nsigned: 1991\nsources: [{title: t}]\n"
SEOUL_ROME = "kind: sister\nparties: [seoul, rome]\nsigned: 2000\nsources: [{title: t}]\n"
METROPOLIS = "names: {en: Metropolis}\nkind: network\nsources: [{title: t}]\n"
MEMBER = "member: seoul\norganisation: metropolis\nsources: [{title: t}]\n"


@pytest.fixture
def root(make_registry):
    return make_registry({
        "data/cities/paris.yaml": PARIS,
        "data/cities/rome.yaml": ROME,
        "data/agreements/seoul-paris-sister.yaml": SEOUL_PARIS,
        "data/agreements/seoul-rome-sister.yaml": SEOUL_ROME,
        "data/organisations/metropolis.yaml": METROPOLIS,
        "data/memberships/seoul-metropolis.yaml": MEMBER,
    })


def ids(run) -> list[str]:
    assert run.exit_code == 0, run.stderr
    return sorted(row["id"] for row in run.json())


@pytest.mark.parametrize("options", [
    ["--country", "FR,IT"], ["--country", "FR", "--country", "IT"], ["--country", "fr, it"],
])
def test_several_countries_mean_either(cli, root, options):
    run = cli("list", "cities", *options, "-f", "json", root=root)
    assert ids(run) == ["paris", "rome"]


def test_several_cities_and_kinds_mean_either(cli, root):
    run = cli("list", "agreements", "--city", "paris,taipei", "-f", "json", root=root)
    assert ids(run) == ["seoul-paris-sister", "seoul-taipei-sister"]
    run = cli("list", "agreements", "--kind", "friendship", "--kind", "sister", "-f", "json",
              root=root)
    assert len(ids(run)) == 4
    run = cli("list", "agreements", "--country", "CA,TW", "--kind", "sister", "-f", "json",
              root=root)
    assert ids(run) == ["seoul-taipei-sister"]  # filters of different options all hold


def test_a_real_country_with_no_records_is_an_empty_list(cli, root):
    run = cli("list", "cities", "--country", "AQ", "-f", "json", root=root)
    assert run.exit_code == 0 and run.json() == []


@pytest.mark.parametrize("value,hint", [
    ("KOR", "did you mean 'KR'"),
    ("Frnace", "did you mean 'FR'"),
    ("ZZ", ""),
    ("XK", ""),  # Kosovo has a user-assigned code, not an ISO one: validate refuses it too
])
def test_a_country_code_that_is_not_iso_is_a_misuse(cli, root, value, hint):
    run = cli("list", "cities", "--country", f"FR,{value}", root=root)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert f"--country {value!r} is not an ISO 3166-1 alpha-2 country code" in run.stderr
    assert hint in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args,message", [
    (["agreements", "--city", "pari"], "--city: no city has the id 'pari'; did you mean 'paris'?"),
    (["memberships", "--member", "seol"], "no city has the id 'seol'; did you mean 'seoul'?"),
    (["memberships", "--organisation", "metropolsi"],
     "no organisation has the id 'metropolsi'; did you mean 'metropolis'?"),
    (["memberships", "--city", "seoul,nowhere"], "no city has the id 'nowhere'"),
])
def test_an_unknown_id_is_a_misuse_with_a_suggestion(cli, root, args, message):
    run = cli("list", *args, root=root)
    assert run.exit_code == 2
    assert message in run.stderr
    assert run.stdout == ""


def test_an_id_of_an_invalid_record_is_known(cli, make_registry):
    """Its file exists: the filter is right, the record is only left out until fixed."""
    root = make_registry({"data/cities/broken.yaml": "names: {en: Broken}\n"})
    run = cli("list", "agreements", "--city", "broken", "-f", "json", root=root)
    assert run.exit_code == 0 and run.json() == []


def test_a_closed_value_off_the_list_is_a_misuse_with_a_suggestion(cli, root):
    run = cli("list", "agreements", "--status", "active,actve", root=root)
    assert run.exit_code == 2
    assert "--status 'actve' is not one of: " in run.stderr
    assert "did you mean 'active'?" in run.stderr


def test_values_reads_repeats_and_commas_alike():
    assert filters.values(None) is None
    assert filters.values(["FR,IT", " ES "]) == ("FR", "IT", "ES")
    assert filters.values("FR") == ("FR",)
    with pytest.raises(BadOption, match="--country is empty"):  # names nothing: a misuse
        filters.values([","], "country")


@pytest.mark.parametrize("layout", ["link-out file", "link-out folder", "hidden"])
def test_an_id_whose_file_validate_does_not_read_is_unknown(cli, make_registry, tmp_path, layout):
    """The quick look for `data/cities/ID.yaml` must not know more than `validate` does."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ghost.yaml").write_text("names: {en: Ghost}\ncountry: FR\n")
    root = make_registry({"data/cities/paris.yaml": "names: {en: Paris}\ncountry: FR\n"})
    if layout == "link-out file":
        (root / "data" / "cities" / "ghost.yaml").symlink_to(outside / "ghost.yaml")
        given = "ghost"
    elif layout == "link-out folder":
        import shutil

        shutil.rmtree(root / "data" / "cities")
        (root / "data" / "cities").symlink_to(outside)
        given = "ghost"
    else:
        (root / "data" / "cities" / ".ghost.yaml").write_text("names: {en: Ghost}\n")
        given = ".ghost"
    run = cli("list", "agreements", "--city", given, root=root)
    assert run.exit_code == 2
    assert f"no city has the id {given!r}" in run.stderr
