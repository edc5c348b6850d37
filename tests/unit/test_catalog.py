"""The translation catalogs agree with the code: the committed source catalogs hold exactly the
strings the code marks, every language translates every one of them with the same placeholders,
and the compiled files say what the PO files say.

The extraction is ``tools/messages.py``, the script ``make messages`` runs, so the check and the
command cannot drift apart.
"""

import gettext

import pytest

from tools import messages, po

FIX = "Run `make messages`, translate what is listed in translations/<language>/LC_MESSAGES/, then run it again."


def test_the_source_catalogs_hold_exactly_the_strings_of_the_code(tmp_path):
    missing, stale = messages.source_differences(messages.extract(tmp_path))
    assert not missing + stale, "\n".join([FIX, *missing, *stale])


@pytest.mark.parametrize("language", messages.languages())
def test_every_language_translates_every_string_with_its_placeholders(language):
    problems = messages.translation_problems(language)
    assert not problems, "\n".join([FIX, *problems])


@pytest.mark.parametrize("language", [messages.SOURCE_LANGUAGE, *messages.languages()])
def test_the_compiled_catalogs_match_their_po_files(language):
    problems = messages.compiled_problems(language)
    assert not problems, "\n".join([FIX, *problems])


def test_spanish_is_one_of_the_languages():
    assert "es" in messages.languages()
    with messages.catalog_path("es", "text").with_suffix(".mo").open("rb") as handle:
        spanish = gettext.GNUTranslations(handle)
    assert spanish.gettext("Learning agenda") == "Agenda de aprendizaje"
    assert spanish.ngettext("Set at least {count} goal.", "Set at least {count} goals.", 3).format(count=3) == (
        "Fijar al menos 3 objetivos."
    )


# -- the checks themselves, on catalogs made up for them ---------------------------------------------------

SOURCE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
msgid "Kept"
msgstr ""

msgid "Hello {name}"
msgstr ""

msgid "{count} goal"
msgid_plural "{count} goals"
msgstr[0] ""
msgstr[1] ""

msgid "Not yet translated"
msgstr ""

msgid "Guessed"
msgstr ""
"""

TRANSLATED = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Kept"
msgstr "Guardado"

msgid "Hello {name}"
msgstr "Hola {nombre}"

msgid "{count} goal"
msgid_plural "{count} goals"
msgstr[0] "{count} objetivo"
msgstr[1] "objetivos"

msgid "Not yet translated"
msgstr ""

#, fuzzy
msgid "Guessed"
msgstr "Adivinado"

msgid "Removed from the code"
msgstr "Quitado"

#~ msgid "Obsolete"
#~ msgstr "Obsoleto"
"""


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """A translations/ folder with a source catalog and a flawed "xx" translation (both domains)."""
    monkeypatch.setattr(messages, "ROOT", tmp_path)
    monkeypatch.setattr(messages, "TRANSLATIONS", tmp_path / "translations")
    for language, text in (("en", SOURCE), ("xx", TRANSLATED)):
        for domain in messages.DOMAINS:
            path = messages.catalog_path(language, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_po_file_is_read_entry_by_entry_even_right_under_its_header():
    entries = po.parse_po(SOURCE)
    assert [entry.msgid for entry in entries] == [
        "Kept",
        "Hello {name}",
        "{count} goal",
        "Not yet translated",
        "Guessed",
    ]
    assert entries[2].msgid_plural == "{count} goals" and entries[2].msgstr == ["", ""]
    assert not any("fuzzy" in entry.flags for entry in entries)


def test_the_check_names_what_the_code_added_and_what_it_dropped(catalogs):
    extracted = SOURCE.replace('msgid "Kept"', 'msgid "New in the code"')
    missing, stale = messages.source_differences({domain: extracted for domain in messages.DOMAINS})
    assert missing == [
        "translations/en/LC_MESSAGES/text.po: missing 'New in the code'",
        "translations/en/LC_MESSAGES/textjs.po: missing 'New in the code'",
    ]
    assert stale == [
        "translations/en/LC_MESSAGES/text.po: stale 'Kept'",
        "translations/en/LC_MESSAGES/textjs.po: stale 'Kept'",
    ]


def test_the_check_names_untranslated_fuzzy_unmerged_and_misplaced_placeholders(catalogs):
    problems = [
        line for line in messages.translation_problems("xx") if line.startswith("translations/xx/LC_MESSAGES/text.po")
    ]
    assert sorted(line.split(": ", 1)[1] for line in problems) == sorted(
        [
            "fuzzy 'Guessed'",
            "untranslated 'Not yet translated'",
            "no longer in the code 'Removed from the code'",
            "placeholders ['{nombre}'] instead of ['{name}'] in 'Hola {nombre}'",
            "placeholders [] instead of ['{count}'] in 'objetivos'",
        ]
    )


def test_the_check_finds_compiled_files_that_are_missing_or_out_of_date(catalogs):
    assert messages.compiled_problems("xx") == [
        "translations/xx/LC_MESSAGES/text.mo is missing",
        "static/js/translations/xx/textjs.js does not match textjs.po",
    ]
    messages.compile_language("xx")
    assert messages.compiled_problems("xx") == []
    catalog = messages.catalog_path("xx", "text")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"Guardado"', '"Conservado"'), encoding="utf-8")
    assert messages.compiled_problems("xx") == ["translations/xx/LC_MESSAGES/text.mo does not match text.po"]


def test_the_javascript_catalog_defines_the_blocks_namespace_with_translated_messages_only(catalogs):
    script = messages.js_catalog("xx")
    assert "globals.MentoringXBlockI18N = globals.MentoringXBlockI18N || {}" in script
    for name in ("gettext", "ngettext", "pgettext", "interpolate", "pluralidx"):
        assert f"i18n.{name} = function" in script
    assert '"Kept": "Guardado"' in script
    assert '"{count} goal": [' in script
    assert "Adivinado" not in script and "Not yet translated" not in script
