"""Canaries for the private Django internals of core.django_compat: each fails loudly, saying what to
update, when a Django upgrade removes or changes the internal the package relies on."""

import gettext

import django
import pytest
from django.db.models import F
from django.utils import translation
from django.utils.translation import trans_real

from mentoring_xblock.core import django_compat
from mentoring_xblock.models import Participant

UPDATE = f"Django {django.get_version()} changed an internal: update mentoring_xblock/core/django_compat.py"


def test_the_active_translation_is_the_one_django_translates_with():
    assert hasattr(trans_real, "_active"), UPDATE
    catalog = gettext.NullTranslations()
    catalog.gettext = lambda message: f"<{message}>"
    with translation.override("en"):
        previous = django_compat.active_translation()
        assert previous is not None, UPDATE
        django_compat.set_active_translation(catalog)
        try:
            assert translation.gettext("Confirmed") == "<Confirmed>", UPDATE
        finally:
            django_compat.set_active_translation(previous)
        assert django_compat.active_translation() is previous


def test_deactivating_leaves_no_translation_active():
    with translation.override("en"):
        previous = django_compat.active_translation()
        django_compat.set_active_translation(None)
        assert django_compat.active_translation() is None
        django_compat.set_active_translation(previous)


def test_a_layered_translation_looks_in_the_added_tables_first_and_leaves_the_original_alone():
    layered = django_compat.layered_translation("en", [({"Confirmed": "Layered"}, lambda n: int(n != 1))])
    assert layered is not None, UPDATE
    assert layered.gettext("Confirmed") == "Layered", UPDATE
    assert trans_real.translation("en").gettext("Confirmed") == "Confirmed", UPDATE


def test_text_in_hands_the_texts_to_the_database_as_they_are():
    query = Participant.objects.filter(django_compat.TextIn(F("username"), ["ann", "bo"])).query
    sql, params = query.sql_with_params()
    assert " IN (%s, %s)" in sql, UPDATE
    assert params[-2:] == ("ann", "bo"), UPDATE


@pytest.mark.django_db
def test_text_in_finds_what_the_public_in_lookup_finds():
    found = Participant.objects.filter(django_compat.TextIn(F("username"), ["nobody"]))
    assert list(found) == list(Participant.objects.filter(username__in=["nobody"]))


def test_a_missing_internal_fails_naming_the_django_version_and_the_module():
    with pytest.raises(django_compat.DjangoInternalMissing) as raised:
        django_compat._require(trans_real, "_no_such_internal", "a canary")
    assert django.get_version() in str(raised.value)
    assert "django_compat.py" in str(raised.value)
