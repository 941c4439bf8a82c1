"""No English left in the French, Spanish, Portuguese and Vietnamese reports.

The words below used to leak: a committee's sector and member categories, role names, the
grouping's name, a role's region, committee statuses, end reasons. Record text a source gives
only in English (a name, a workplan activity, an event) still falls back to English, which is
not a leak, so the words are matched as whole words or phrases.
"""

import re

import pytest

from citynet.model.kinds import COMMITTEES
from citynet.publish.i18n import LANGUAGES, messages
from citynet.store.registry import load
from conftest import SHIPPED

OTHERS = [lang for lang in LANGUAGES if lang != "en"]
REPORTS = [("partners", "seoul"), ("network", "ascn"), ("committees", "mcsr-cities-alliance"),
           ("memberships", "seoul")]
LEAKS = [
    # member categories, as they printed ("group 25") and in English words
    "group 25", "individual 36", "observer 21", "group members", "individual members",
    # roles
    "executive committee", "regional executive", "vice-president", "president", "founder",
    "pilot city", "observer",
    # a role's region, as the note printed it
    "Asia-Pacific region", "Asia and Oceania", "the page",
    # groupings
    "Sister and friendship cities of the Seoul Metropolitan Government", "UN M49 regions",
    # committee statuses
    "established", "preparatory", "dissolved",
    # lifecycle steps
    "expired", "suspended", "resumed", "terminated", "merged", "lapsed", "dissolved",
]


def _sectors() -> set[str]:
    registry, _ = load(SHIPPED)
    return {entry.model.sector for entry in registry.of_kind(COMMITTEES.folder)
            if entry.model.sector}


def _leaks(text: str, lang: str, words: list[str]) -> list[str]:
    return [word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize(("report", "subject"), REPORTS)
def test_no_english_word_left(cli, report, subject, lang):
    run = cli("report", report, subject, "--lang", lang, root=SHIPPED)
    assert run.exit_code == 0, run.stderr
    assert _leaks(run.stdout, lang, LEAKS) == []


@pytest.mark.parametrize("lang", OTHERS)
def test_sectors_are_in_the_readers_language(cli, lang):
    sectors = _sectors()
    assert len(sectors) == 15
    text = cli("report", "committees", "mcsr-cities-alliance", "--lang", lang, root=SHIPPED).stdout
    label = messages(lang)["sector"]
    shown = [line.split(":", 1)[1].strip() for line in text.splitlines()
             if line.startswith(label)]
    assert len(shown) == len(sectors)
    assert not set(shown) & sectors
    english = cli("report", "committees", "mcsr-cities-alliance", root=SHIPPED).stdout
    assert sorted(line.split(": ", 1)[1] for line in english.splitlines()
                  if line.startswith("Sector: ")) == sorted(sectors)


ENDED = {
    "data/agreements/seoul-taipei-sister.yaml":
        "kind: sister\nparties: [seoul, taipei]\nsigned: 1968\n"
        "lifecycle: [{step: suspended, date: 2020}, {step: resumed, date: 2021}]\n"
        "sources: [{title: t}]\n",
    "data/agreements/seoul-ottawa-friendship.yaml":
        "kind: friendship\nparties: [seoul, ottawa]\n"
        "lifecycle: [{step: terminated, date: 2019}]\nsources: [{title: t}]\n",
    "data/organisations/net.yaml": "names: {en: Net}\nsources: [{title: t}]\n",
    "data/memberships/seoul-net.yaml":
        "member: seoul\norganisation: net\nsince: 2001\n"
        "lifecycle: [{step: merged, date: 2010}]\n"
        "roles: [{role: regional-executive, regions: [Asia, Oceania]}, {role: observer}]\n"
        "sources: [{title: t}]\n",
    "data/memberships/ottawa-net.yaml":
        "member: ottawa\norganisation: net\nlifecycle: [{step: lapsed, date: 2012}]\n"
        "sources: [{title: t}]\n",
}


@pytest.mark.parametrize("lang", OTHERS)
def test_steps_and_regions_in_every_language(cli, make_registry, lang):
    root = make_registry(ENDED)
    texts = messages(lang)
    shown = "".join(cli("report", report, subject, "--lang", lang, root=root).stdout
                    for report, subject in [("partners", "seoul"), ("memberships", "seoul"),
                                            ("network", "net")])
    for step in ("suspended", "resumed", "terminated", "merged", "lapsed"):
        assert texts[f"step_{step}"] in shown
    assert texts["role_observer"] in shown
    assert _leaks(shown, lang, LEAKS) == []


def test_regions_are_named_from_cldr(cli, make_registry):
    root = make_registry(ENDED)
    roles = {lang: cli("report", "memberships", "seoul", "--lang", lang, "-f", "json",
                       root=root).json()["memberships"][0]["roles"][0] for lang in LANGUAGES}
    assert roles["en"]["regions"] == ["Asia", "Oceania"]
    assert {lang: role["regions_label"] for lang, role in roles.items()} == {
        "en": "Asia and Oceania", "fr": "Asie et Océanie", "es": "Asia y Oceanía",
        "pt": "Ásia e Oceania", "vi": "Châu Á và Châu Đại Dương"}
