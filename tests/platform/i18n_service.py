"""The LMS's and Studio's ``i18n`` service: ``XBlockI18nService`` of the platform's
``xmodule/modulestore/django.py``, with the helpers it imports from ``xmodule/modulestore/api.py``.

The platform registers the class itself as the ``i18n`` service (``create_modulestore_instance``:
``i18n_service=i18n_service or XBlockI18nService``) and its runtime instantiates it with the block
that asks (``ModuleStoreRuntime.service``; here ``LmsRuntime.service``). The constructor picks one
catalog for the block and the active language:

1. OEP-58 catalogs the platform pulled with ``atlas`` (``pull_xblock_translations``:
   ``translations/*/<module>/conf/locale`` of openedx-translations into
   ``get_python_locale_root() / <module>``, compiled by ``compile_xblock_translations``), domain
   ``django``, when that folder exists for the block's root module;
2. otherwise the package's own ``<module>/translations/``, domain ``text`` (pre-OEP-58, still
   supported);
3. when the chosen folder has no catalog for the language (``gettext.translation`` raises
   ``OSError``), Django's own translation functions.

Everything else the block asks of the service (``gettext``, ``ngettext``, ``pgettext``, the
catalog's ``_catalog`` and ``plural``...) is read from that translator (``__getattr__``, where
``ugettext`` is ``gettext``).
"""

import contextlib
import datetime
import gettext
import importlib.resources as resources
from pathlib import Path

import django.utils.translation
from django.conf import settings
from django.utils.translation import get_language, to_locale

# -- xmodule/modulestore/api.py ----------------------------------------------------------------------------


def get_root_module_name(class_or_function):
    """The root module name of a class or function."""
    return class_or_function.__module__.split(".")[0]


def get_xblock_root_module_name(block):
    """The XBlock's Python module name (of its class before the runtime mixed anything in)."""
    return get_root_module_name(getattr(block, "unmixed_class", block.__class__))


def get_python_locale_root():
    """The root of the OEP-58 catalogs pulled for XBlocks."""
    return Path(settings.REPO_ROOT) / "conf/plugins-locale/xblock.v1"


def get_javascript_i18n_file_name(xblock_module, locale):
    """The JavaScript catalog compiled from the pulled catalogs, relative to the static folder."""
    return f"js/xblock.v1-i18n/{xblock_module}/{locale}.js"


def get_javascript_i18n_file_path(xblock_module, locale):
    return Path(settings.STATICI18N_ROOT) / get_javascript_i18n_file_name(xblock_module, locale)


# -- xmodule/modulestore/django.py -------------------------------------------------------------------------


class XBlockI18nService:
    """The XBlock runtime's ``i18n`` service, with OEP-58 (pulled) catalogs first."""

    def __init__(self, block=None):
        self.translator = django.utils.translation
        if block:
            xblock_locale_domain, xblock_locale_dir = self.get_python_locale(block)
            selected_language = get_language()
            if xblock_locale_dir:
                # No catalog for the language: Django's own translation, as the platform falls back.
                with contextlib.suppress(OSError):
                    self.translator = gettext.translation(
                        xblock_locale_domain,
                        xblock_locale_dir,
                        [to_locale(selected_language if selected_language else settings.LANGUAGE_CODE)],
                    )

    def get_python_locale(self, block):
        """``(domain, locale folder)``: the pulled catalogs when they exist for the block's
        module, else the package's own ``translations/``; ``None`` when the package has none."""
        xblock_module_name = get_xblock_root_module_name(block)
        xblock_locale_path = get_python_locale_root() / xblock_module_name
        if xblock_locale_path.is_dir():
            return "django", xblock_locale_path
        with resources.as_file(resources.files(xblock_module_name) / "translations") as deprecated_path:
            return "text", str(deprecated_path)

    def get_javascript_i18n_catalog_url(self, block):
        """The static URL of the JavaScript catalog compiled from the pulled catalogs, or None.

        The platform serves it through ``staticfiles_storage.url``; here it is the static URL
        prefix joined with the file name (and None where ``STATICI18N_ROOT`` is not set)."""
        if not getattr(settings, "STATICI18N_ROOT", None):
            return None
        xblock_module_name = get_xblock_root_module_name(block)
        locale = to_locale(get_language())
        if get_javascript_i18n_file_path(xblock_module_name, locale).exists():
            return settings.STATIC_URL + get_javascript_i18n_file_name(xblock_module_name, locale)
        return None

    def __getattr__(self, name):
        name = "gettext" if name == "ugettext" else name
        return getattr(self.translator, name)

    def strftime(self, *args, **kwargs):
        """``strftime_localized(dtime, format)`` of common/djangoapps/util/date_utils.py, for its
        named English formats (the platform translates these names too)."""
        return strftime_localized(*args, **kwargs)


NAMED_FORMATS = {
    "SHORT_DATE": "%b %d, %Y",
    "LONG_DATE": "%A, %B %d, %Y",
    "DATE_TIME": "%b %d, %Y at %H:%M",
    "TIME": "%H:%M:%S",
}


def strftime_localized(dtime, format):  # noqa: A002  (the platform's parameter name)
    if not isinstance(dtime, datetime.date):
        raise TypeError(dtime)
    return dtime.strftime(NAMED_FORMATS.get(format, format))
