"""A report with nothing to show says that nothing is recorded: no empty table, no bare Sources."""

import pytest

from citynet.publish.i18n import LANGUAGES, fill, messages
from conftest import SEOUL

EMPTY = {
    "data/cities/seoul.yaml": SEOUL,
    "data/organisations/net.yaml": "names: {en: Network, fr: Alliance des réseaux}\n"
                                   "sources: [{title: t}]\n",
}
CASES = [("partners", "seoul", "partners_none", {"city": {"fr": "Séoul"}}),
         ("memberships", "seoul", "memberships_none", {"city": {"fr": "Séoul"}}),
         ("network", "net", "network_none", {"organisation": {"fr": "Alliance des réseaux"}}),
         ("committees", "net", "committees_none", {"organisation": {"fr": "Alliance des réseaux"}})]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("report", "subject", "key", "names"), CASES)
def test_an_empty_report_says_nothing_is_recorded(cli, make_registry, report, subject, key,
                                                  names, lang):
    root = make_registry(EMPTY, base=False)
    run = cli("report", report, subject, "--lang", lang, root=root)
    assert run.exit_code == 0, run.stderr
    texts = messages(lang)
    values = {name: by_lang.get(lang, "Network" if name != "city" else "Seoul")
              for name, by_lang in names.items()}
    said = fill(texts[key], values, lang)
    lines = run.stdout.splitlines()
    assert said in lines
    assert "|" not in run.stdout
    cited = [line for line in lines if line.startswith(texts["sources"])]
    # Only the network report cites a record of its own: the organisation, and its source.
    assert [line.rsplit(" ", 1)[-1] for line in cited] == (["t"] if report == "network" else [])
    assert len([line for line in lines if line]) == 2 + len(cited), run.stdout


def test_elision_in_an_empty_french_report(cli, make_registry):
    root = make_registry(EMPTY, base=False)
    text = cli("report", "network", "net", "--lang", "fr", root=root).stdout
    assert "Aucun membre de l'Alliance des réseaux n'est enregistré." in text


def test_a_report_with_records_still_has_its_table_and_sources(cli, make_registry):
    text = cli("report", "partners", "seoul", "--lang", "fr", root=make_registry()).stdout
    assert "| Région |" in text and "\nSources\u202f: Diplomatie de la ville" in text
