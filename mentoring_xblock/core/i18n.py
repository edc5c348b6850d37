"""Translations for Python-side text: the catalogs Open edX pulled for this block first, then
the package's own ``translations/`` catalogs.

Open edX's XBlock i18n service (``XBlockI18nService`` in the platform's
``xmodule/modulestore/django.py``, ``get_python_locale``) reads the catalogs the platform pulled
with ``atlas`` (OEP-58: its ``pull_xblock_translations`` and ``compile_xblock_translations``
commands, into ``get_python_locale_root()`` of ``xmodule/modulestore/api.py``, i.e.
``<REPO_ROOT>/conf/plugins-locale/xblock.v1``) at
``<root>/mentoring_xblock/<locale>/LC_MESSAGES/django.mo`` (domain ``django``, the folder named
after the block's root module) when that folder exists, and otherwise the package's
``<package>/translations/<locale>/LC_MESSAGES/text.mo`` (domain ``text``). This module reads the
pulled catalog first too, so that messages built outside a view (validation errors, default
program text, the staff page) are translated as the views' templates are; a message the pulled
catalog lacks (one pulled before the block's newest version, or no catalog pulled for the
language) is looked up in the package's, here and, under the runtime's catalog, in templates.

Where the pulled catalogs are: the ``MENTORING_PULLED_LOCALE_ROOT`` setting when it is set (the
workbench and the tests; the folder that holds ``mentoring_xblock/<locale>/LC_MESSAGES/``),
else the platform's own ``get_python_locale_root()`` inside Open edX, else nowhere.
JavaScript strings are translated by a catalog script per language (``JS_CATALOG``, generated
by ``make messages``) that defines ``window.MentoringXBlockI18N``, the block's
``i18n_js_namespace``.
"""

import contextlib
import functools
import gettext as _gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

from . import django_compat

DOMAIN = "text"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "translations"
# The pulled catalogs: <root>/<MODULE>/<locale>/LC_MESSAGES/<PULLED_DOMAIN>.mo, as the platform reads them.
MODULE = __name__.split(".")[0]
PULLED_DOMAIN = "django"
PULLED_LOCALE_SETTING = "MENTORING_PULLED_LOCALE_ROOT"
JS_NAMESPACE = "MentoringXBlockI18N"
# The package's compiled JavaScript catalog for a locale, relative to the package (under static/).
JS_CATALOG = "static/js/translations/{locale}/textjs.js"


def gettext_noop(message):
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


@functools.lru_cache(maxsize=1)
def _platform_locale_root():
    """The platform's ``get_python_locale_root`` (xmodule/modulestore/api.py), or None outside
    Open edX. Looked up once: a failed import searches the whole path every time."""
    try:
        from xmodule.modulestore.api import get_python_locale_root  # noqa: PLC0415  (Open edX only)
    except ImportError:
        return None
    return get_python_locale_root


def pulled_locale_root():
    """The folder of the catalogs pulled for XBlocks (``conf/plugins-locale/xblock.v1``), as a
    string, or None where there is none."""
    configured = getattr(settings, PULLED_LOCALE_SETTING, None)
    if configured:
        return str(configured)
    platform_root = _platform_locale_root()
    if platform_root is None:
        return None
    try:
        return str(platform_root())
    except AttributeError:  # a platform settings module without REPO_ROOT
        return None


def pulled_locale_dir():
    """This block's folder of pulled catalogs (``<root>/mentoring_xblock``), or None."""
    root = pulled_locale_root()
    return Path(root) / MODULE if root else None


def clear_caches():
    """Forget the translations objects and the platform's function (after a test changed them)."""
    _translator.cache_clear()
    _platform_locale_root.cache_clear()


def translator(language):
    """The ``gettext`` translations object for a Django language code (never None): the pulled
    catalog of the language, if any, falling back to the package's."""
    return _translator(language or "en", pulled_locale_root())


@functools.lru_cache(maxsize=32)
def _translator(language, pulled_root):
    locale = translation.to_locale(language)
    package = _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[locale], fallback=True)
    folder = Path(pulled_root) / MODULE if pulled_root else None
    if folder is None or not folder.is_dir():
        return package
    try:
        pulled = _gettext.translation(PULLED_DOMAIN, localedir=str(folder), languages=[locale])
    except OSError:  # no catalog pulled for this language
        return package
    pulled.add_fallback(package)
    return pulled


def active_translator():
    """The translations object for the language active in this thread."""
    return translator(translation.get_language())


def gettext(message):
    """Translate ``message`` into the active language."""
    return active_translator().gettext(message)


def ngettext(singular, plural, number):
    """Translate a message with a plural form."""
    return active_translator().ngettext(singular, plural, number)


def js_catalog_path(language):
    """The package's JavaScript catalog for a Django language code (``es-419``: ``es_419``, then
    ``es-419``, then ``es``), or None when there is none (English needs none)."""
    if not language:
        return None
    candidates = [translation.to_locale(language), language, language.split("-")[0]]
    for locale in dict.fromkeys(candidates):
        path = JS_CATALOG.format(locale=locale)
        if (PACKAGE_DIR / path).is_file():
            return path
    return None


@contextlib.contextmanager
def translating_with(catalog):
    """Translate Django's ``{% trans %}`` and ``{% blocktrans %}`` tags with ``catalog`` (the
    runtime's i18n service, or a translations object) and its fallbacks, then this module's
    catalogs (pulled, then the package's: what the runtime's catalog lacks), on top of Django's
    own catalogs for the active language, until the block ends.

    A layered copy of the active translation is activated for this thread: nothing is merged
    into the process's translations. (Merging the service's catalog at every tag, as the XBlock
    library's own ``i18n`` tags do, adds a copy of the catalog to a long-lived translation each
    time on Django 5, so pages grew slower and memory grew with every request.)
    """
    layered = _layered(translation.get_language(), catalog)
    if layered is None:
        yield
        return
    previous = django_compat.active_translation()
    django_compat.set_active_translation(layered)
    try:
        yield
    finally:
        django_compat.set_active_translation(previous)


def _tables(catalog):
    """``(messages, plural)`` of ``catalog`` and of each of its fallbacks, in lookup order."""
    seen = set()
    while catalog is not None and id(catalog) not in seen:
        seen.add(id(catalog))
        messages = getattr(catalog, "_catalog", None)
        plural = getattr(catalog, "plural", None)
        if messages and plural is not None:
            yield messages, plural
        catalog = getattr(catalog, "_fallback", None)


def _layered(language, catalog):
    """A shallow copy of ``language``'s translation with ``catalog``'s messages looked up first,
    then this module's, or None when there is nothing to add (no language active, or catalogs
    without messages)."""
    if not language:
        return None
    tables = {}
    for messages, plural in [*_tables(catalog), *_tables(translator(language))]:
        tables.setdefault(id(messages), (messages, plural))  # a catalog met twice is read once
    if not tables:
        return None
    return django_compat.layered_translation(language, list(tables.values()))
