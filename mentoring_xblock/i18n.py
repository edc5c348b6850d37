"""Translations for Python-side text, read from the package's own ``translations/`` catalogs.

Open edX's XBlock i18n service falls back to ``<package>/translations/<locale>/LC_MESSAGES/text.mo``;
this module reads the same catalogs so that messages built outside a view (validation errors,
default program text) are translated the same way as templates.
"""

import functools
import gettext as _gettext
from pathlib import Path

from django.utils import translation

DOMAIN = "text"
LOCALE_DIR = Path(__file__).resolve().parent / "translations"


def gettext_noop(message):
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


@functools.lru_cache(maxsize=32)
def translator(language):
    """The ``gettext`` translations object for a Django language code (never None)."""
    locale = translation.to_locale(language or "en")
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[locale], fallback=True)


def active_translator():
    """The translations object for the language active in this thread."""
    return translator(translation.get_language())


def gettext(message):
    """Translate ``message`` into the active language."""
    return active_translator().gettext(message)


def ngettext(singular, plural, number):
    """Translate a message with a plural form."""
    return active_translator().ngettext(singular, plural, number)
