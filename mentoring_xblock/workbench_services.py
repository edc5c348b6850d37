"""XBlock services for the xblock-sdk workbench that speak the Open edX LMS dialect.

The workbench constructs each configured service without arguments and then sets its
``runtime`` attribute (which carries the ``?student=NAME`` id), so these services read the
current user from there. With them the block has a single code path for both runtimes.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser

from . import i18n

OPT = "edx-platform."
USERNAME_MAX = 150
# Anonymous ids are one-way hashes; remember the ones handed out so they can be looked up again.
_KNOWN_IDS = {}


def workbench_course_key():
    """The course key the workbench stands in for (the workbench has no courses)."""
    return getattr(settings, "MENTORING_WORKBENCH_COURSE_KEY", "course-v1:Workbench+Mentoring+Demo")


def anonymous_id_for(username, course_id):
    """A stable per-course anonymous id, like the LMS's ``anonymous_id_for_user``."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{course_id}|{username}".encode()).hexdigest()
    return digest[:32]


def is_staff_username(username):
    return username in getattr(settings, "MENTORING_STAFF_USERS", ["staff"])


class WorkbenchUserService(UserService):
    """The ``user`` service: ``?student=NAME`` is a signed-in learner (staff if listed in settings)."""

    runtime = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._current = None

    def _username(self):
        return str(getattr(self.runtime, "user_id", "") or "")

    def get_current_user(self):
        if self._current is None:
            self._current = self._build_current_user()
        return self._current

    def _build_current_user(self):
        username = self._username()
        valid = 0 < len(username) <= USERNAME_MAX and username != "none"
        user = XBlockUser(is_current_user=True, emails=[], full_name=username if valid else "")
        if not valid:
            user.opt_attrs[OPT + "is_authenticated"] = False
            return user
        django_user, _ = get_user_model().objects.get_or_create(username=username)
        user.full_name = django_user.get_full_name() or username
        staff = is_staff_username(username)
        course_id = workbench_course_key()
        anonymous_id = anonymous_id_for(username, course_id)
        _KNOWN_IDS[anonymous_id] = username
        user.opt_attrs.update(
            {
                OPT + "is_authenticated": True,
                OPT + "user_id": django_user.pk,
                OPT + "username": username,
                OPT + "anonymous_user_id": anonymous_id,
                OPT + "user_is_staff": staff,
                OPT + "user_is_global_staff": staff,
                OPT + "user_role": "staff" if staff else "student",
            }
        )
        return user

    def get_anonymous_user_id(self, username, course_id):
        """Like the LMS: only staff may look up others; unknown users give None."""
        if not self.get_current_user().opt_attrs.get(OPT + "user_is_staff"):
            return None
        if not get_user_model().objects.filter(username=username).exists():
            return None
        anonymous_id = anonymous_id_for(username, course_id)
        _KNOWN_IDS[anonymous_id] = username
        return anonymous_id

    def get_user_by_anonymous_id(self, uid=None):
        """The user behind an anonymous id this service handed out, or None."""
        username = _KNOWN_IDS.get(uid)
        django_user = get_user_model().objects.filter(username=username).first() if username else None
        if django_user is None:
            return None
        user = XBlockUser(is_current_user=False, emails=[], full_name=django_user.get_full_name() or username)
        user.opt_attrs.update(
            {OPT + "username": username, OPT + "user_id": django_user.pk, OPT + "is_authenticated": True}
        )
        return user


class WorkbenchI18nService:
    """The ``i18n`` service: the package's own ``text`` catalogs, as Open edX falls back to."""

    runtime = None

    def __getattr__(self, name):
        # DjangoTranslation.merge() reads _catalog, plural, _info and _fallback from here.
        return getattr(i18n.active_translator(), name)

    def ugettext(self, message):
        return i18n.gettext(message)

    def ungettext(self, singular, plural, number):
        return i18n.ngettext(singular, plural, number)

    def gettext(self, message):
        return i18n.gettext(message)

    def ngettext(self, singular, plural, number):
        return i18n.ngettext(singular, plural, number)
