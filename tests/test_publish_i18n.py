"""The message catalogue and the language helpers: complete, consistent, grammatical."""

import re

import pytest

from citynet.errors import BadOption
from citynet.publish import i18n
from citynet.publish.templates import builtin_templates
from conftest import SHIPPED

LANGS = list(i18n.LANGUAGES)
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+), plural,")
NNBSP = "\u202f"


def test_every_message_has_every_language():
    for key, texts in i18n.catalogue().items():
        assert sorted(texts) == sorted(LANGS), key
        assert all(isinstance(texts[lang], str) and texts[lang].strip() for lang in LANGS), key


def _placeholders(text: str) -> set[str]:
    """The values a message takes, as `%(name)s` or as the count of a plural choice."""
    return {plain or counted for plain, counted in PLACEHOLDER.findall(text)}


def test_every_language_fills_the_same_placeholders():
    for key, texts in i18n.catalogue().items():
        expected = _placeholders(texts["en"])
        for lang in LANGS:
            assert _placeholders(texts[lang]) == expected, (key, lang)
            for value in ("X", 0, 1, 2, 21, 1_000_000):
                filled = i18n.fill(texts[lang], {name: value for name in expected}, lang)
                assert "%" not in filled.replace("%%", ""), (key, lang)
                assert "{" not in filled and "#" not in filled, (key, lang, filled)


def test_a_count_takes_the_form_its_language_gives_it():
    """CLDR's plural rules choose the form: English 1 is singular and 0 plural, French 0 and
    1 singular; a language without a form for a category (Spanish `many`) takes `other`."""
    totals = i18n.catalogue()["members_total"]
    one = {"members": 1, "countries": 1, "capitals": 1}
    assert i18n.fill(totals["en"], one, "en") == "1 member in 1 country, 1 of them a capital."
    assert i18n.fill(totals["en"], {"members": 0, "countries": 2, "capitals": 0}, "en") == \
        "0 members in 2 countries, 0 of them capitals."
    assert i18n.fill(totals["fr"], {"members": 0, "countries": 1, "capitals": 0}, "fr") == \
        "0 membre dans 1 pays, dont 0 capitale."
    assert i18n.fill(totals["es"], {"members": 1_000_000, "countries": 2, "capitals": 2},
                     "es") == "1.000.000 miembros en 2 países, 2 de ellos capitales."
    organisations = i18n.catalogue()["memberships_total"]
    assert [i18n.fill(organisations["en"], {"organisations": n}, "en") for n in (1, 2)] == [
        "1 organisation.", "2 organisations."]


def test_french_sets_a_narrow_no_break_space_before_every_colon():
    for key, texts in i18n.catalogue().items():
        for lang in LANGS:
            for match in re.finditer(":", texts[lang]):
                before = texts[lang][match.start() - 1] if match.start() else ""
                if lang == "fr":
                    assert before == NNBSP, (key, texts[lang])
                else:
                    assert not before.isspace(), (key, lang, texts[lang])
    assert i18n.colon("fr") == NNBSP + ":" and i18n.colon("en") == ":"


def test_templates_take_their_colons_from_the_language():
    """A label's colon comes from the `colon` filter, so it is the language's own."""
    for template in builtin_templates().iterdir():
        if template.name.endswith(".md.j2"):
            text = template.read_text(encoding="utf-8")
            assert not re.search(r"\}\}\s?:", text), template.name


@pytest.mark.parametrize(("report", "subject"), [
    ("partners", "seoul"), ("network", "ascn"), ("committees", "mcsr-cities-alliance"),
    ("memberships", "seoul")])
def test_french_reports_set_colons_alike(cli, report, subject):
    french = cli("report", report, subject, "--lang", "fr", root=SHIPPED).stdout
    english = cli("report", report, subject, "--lang", "en", root=SHIPPED).stdout
    for match in re.finditer(r"(.)(\\?):(?!//)", french):
        assert match.group(1) == NNBSP, french[max(0, match.start() - 40):match.end() + 10]
    assert NNBSP + ":" not in english and NNBSP + "\\:" not in english


@pytest.mark.parametrize(("name", "article", "expected"), [
    ("Séoul", False, "de Séoul"),
    ("Amsterdam", False, "d'Amsterdam"),
    ("Hanoï", False, "d'Hanoï"),
    ("Yangon", False, "de Yangon"),
    ("Ypres", False, "d'Ypres"),
    ("ASEAN Smart Cities Network", True, "de l'ASEAN Smart Cities Network"),
    ("Alliance des villes", True, "de l'Alliance des villes"),
    ("UNESCO", True, "de l'UNESCO"),
    ("CITYNET", True, "de CITYNET"),
    ("Le réseau asiatique des grandes villes 21", True, "du réseau asiatique des grandes villes 21"),
    ("Les Sables", False, "des Sables"),
])
def test_french_de_elides_and_contracts(name, article, expected):
    assert i18n.de(name, article=article) == expected


def test_fill_elides_in_french_only():
    messages = {lang: i18n.catalogue()["network_title"][lang] for lang in LANGS}
    assert i18n.fill(messages["fr"], {"organisation": "ASEAN"}, "fr") == "Membres de l'ASEAN"
    assert i18n.fill(messages["es"], {"organisation": "ASEAN"}, "es") == "Miembros de ASEAN"
    city = i18n.catalogue()["partners_title"]["fr"]
    assert i18n.fill(city, {"city": "Amsterdam"}, "fr").endswith("villes amies d'Amsterdam")


def test_reports_elide_in_french(cli):
    text = cli("report", "network", "ascn", "--lang", "fr", root=SHIPPED).stdout
    assert text.startswith("# Membres de l'ASEAN Smart Cities Network (ASCN)\n")
    text = cli("report", "committees", "mcsr-cities-alliance", "--lang", "fr", root=SHIPPED).stdout
    assert text.startswith("# Comités de l'Alliance des villes\n")


NUMBERS = {"en": "1,078", "fr": f"1{NNBSP}078", "es": "1.078", "pt": "1.078", "vi": "1.078"}


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_are_written_as_the_language_writes_them(cli, lang):
    assert i18n.number(1078, lang) == NUMBERS[lang]
    assert i18n.fill("%(n)s", {"n": 1078}, lang) == NUMBERS[lang]
    text = cli("report", "memberships", "seoul", "--lang", lang, root=SHIPPED).stdout
    assert f"| {NUMBERS[lang]} (2017-03) |" in text  # ICLEI's count, its mark not escaped
    assert not re.search(r"\d\\[.,]\d", text)


@pytest.mark.parametrize(("tag", "lang", "narrowed"), [
    ("en", "en", False), ("EN", "en", False), (" fr ", "fr", False), ("Vi", "vi", False),
    ("pt-BR", "pt", True), ("pt_br", "pt", True), ("es-419", "es", True), ("fr-Latn-CA", "fr", True),
])
def test_bcp47_tags_name_a_language(tag, lang, narrowed):
    assert i18n.check_language(tag) == lang
    found, note = i18n.resolve_language(tag)
    assert found == lang and (note is not None) == narrowed
    if narrowed:
        assert f"using '{lang}'" in note


@pytest.mark.parametrize("tag", ["zh-Hant", "de", "", "en-", "e n", "-pt", "ptBR", "fr--CA"])
def test_tags_of_other_languages_are_refused_with_the_list(tag):
    with pytest.raises(BadOption, match=r"is not supported \(languages: en, fr, es, pt, vi\)"):
        i18n.resolve_language(tag)


def test_lang_option_narrows_with_a_note(cli, make_registry):
    root = make_registry()
    narrowed = cli("report", "partners", "seoul", "--lang", "pt-BR", root=root)
    plain = cli("report", "partners", "seoul", "--lang", "pt", root=root)
    assert narrowed.exit_code == 0 and narrowed.stdout == plain.stdout
    assert narrowed.stderr == "note: --lang 'pt-BR': citynet has no messages for pt-BR; using 'pt'\n"
    upper = cli("report", "partners", "seoul", "--lang", "EN", root=root)
    assert (upper.exit_code, upper.stderr) == (0, "")
    refused = cli("report", "partners", "seoul", "--lang", "zh-Hant", root=root)
    assert refused.exit_code == 2
    assert refused.stderr == ("citynet: error: --lang 'zh-Hant' is not supported "
                              "(languages: en, fr, es, pt, vi)\n")


def test_a_grouping_without_the_readers_language_says_where_it_comes_from(cli):
    data = cli("report", "partners", "seoul", "--lang", "fr", "-f", "json", root=SHIPPED).json()
    assert data["grouping"]["name"] == "d'après Diplomatie de la ville"
    data = cli("report", "partners", "seoul", "--lang", "es", "-f", "json", root=SHIPPED).json()
    assert data["grouping"]["name"] == "Ciudades hermanas y amigas del Gobierno Metropolitano de Seúl"


def test_the_default_grouping_is_named_in_every_language(cli, make_registry):
    root = make_registry()
    names = {lang: cli("report", "partners", "seoul", "--lang", lang, "-f", "json",
                       root=root).json()["grouping"]["name"] for lang in LANGS}
    assert names["en"] == "UN M49 regions" and names["fr"] == "régions M49 de l'ONU"
    assert len(set(names.values())) == len(LANGS)
