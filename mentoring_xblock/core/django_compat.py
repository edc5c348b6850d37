"""The only place that relies on Django's private internals, each use guarded and explained.

Everything else in the package uses Django's public API. Each use below says why no public API
does the job; each is checked when this module is imported, so that a Django upgrade that removes
one fails at once with a message naming the Django version and the use, not later with an
``AttributeError`` deep inside a request. ``tests/unit/core/test_django_compat.py`` holds one
canary test per use, which fails loudly on an upgrade that changes how the internal behaves.
"""

import copy

import django
from django.db.models.lookups import In
from django.utils.translation import trans_real


class DjangoInternalMissing(RuntimeError):
    """A private Django internal this module relies on is gone or changed: update this module."""


def _require(owner, name, use):
    """``owner.name``, or :class:`DjangoInternalMissing` naming the Django version and the use."""
    if not hasattr(owner, name):
        raise DjangoInternalMissing(
            f"Django {django.get_version()} has no {getattr(owner, '__name__', owner)!s}.{name}, which "
            f"mentoring_xblock/core/django_compat.py relies on for {use}: update that module."
        )
    return getattr(owner, name)


# 1. The active translation of this thread (``trans_real._active``), and the catalog class that
#    holds a translation's merged messages (``trans_real.TranslationCatalog``).
#
# Why: core.i18n.translating_with layers the runtime's catalog over Django's translation for the
# duration of one render, for this thread only. Django's public ``translation.activate`` takes a
# language code and activates the process-wide translation of that language; the only public way
# to add messages to it merges them into that long-lived object for good (what the XBlock
# library's own i18n tags do, which grew memory with every request on Django 5).
_ACTIVE = _require(trans_real, "_active", "activating a layered translation for one render")
_CATALOG = _require(trans_real, "TranslationCatalog", "layering catalogs over a translation")


def active_translation():
    """The translation object activated for this thread, or None."""
    return getattr(_ACTIVE, "value", None)


def set_active_translation(value):
    """Activate the translation object ``value`` for this thread (None: deactivate)."""
    if value is None:
        if hasattr(_ACTIVE, "value"):
            del _ACTIVE.value
    else:
        _ACTIVE.value = value


def layered_translation(language, tables):
    """A shallow copy of ``language``'s Django translation whose messages are looked up in
    ``tables`` (``(messages, plural)`` pairs, in order) before its own, or None when the
    translation's catalog is not the kind this function knows how to layer."""
    base = trans_real.translation(language)
    found = getattr(base, "_catalog", None)
    if not isinstance(found, _CATALOG):
        return None
    layered = copy.copy(base)
    layered._catalog = copy.copy(found)
    layered._catalog._catalogs = [messages for messages, _plural in tables] + found._catalogs
    layered._catalog._plurals = [plural for _messages, plural in tables] + found._plurals
    return layered


# 2. A ``column IN (...)`` lookup that hands its texts to the database as they are
#    (``Lookup.prepare_rhs`` and ``In.batch_process_rhs``).
#
# Why: reporting.data_download looks up a batch of a thousand usernames at a time. Django's own
# ``__in`` lookup prepares and compiles each value one by one, which takes as long as the
# database takes to find them; the texts are already plain strings.
_require(In, "batch_process_rhs", "passing a batch of texts to IN without preparing each")
_require(In, "prepare_rhs", "passing a batch of texts to IN without preparing each")


class TextIn(In):
    """``column IN (...)`` of a non-empty collection of texts, given to the database as they are."""

    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs

    def batch_process_rhs(self, compiler, connection, rhs=None):
        values = self.rhs if rhs is None else rhs
        return ["%s"] * len(values), tuple(values)
