"""Users as the LMS knows them: profiles, per-course anonymous ids, preferences and course roles.

Each piece imitates a platform function, named where it is defined. The platform keeps these in
its own tables (``UserProfile``, ``AnonymousUserId``, ``UserPreference``, ``CourseAccessRole``);
here they live in an :class:`Accounts` registry beside Django's real ``User`` rows, made anew for
every test.
"""

import hashlib
import sys
import types
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model


@dataclass
class Profile:
    """``common/djangoapps/student/models/user.py`` ``UserProfile``: the learner's full name."""

    name: str


@dataclass
class Accounts:
    """Profiles, anonymous ids, preferences and course staff of one test's platform."""

    profiles: dict = field(default_factory=dict)  # user id -> Profile
    anonymous_ids: dict = field(default_factory=dict)  # anonymous id -> user id
    preferences: dict = field(default_factory=dict)  # user id -> {key: value}
    course_staff: set = field(default_factory=set)  # (course key text, user id)

    def add_user(self, username, name=None, *, email=None, global_staff=False, preferences=None):
        """A Django ``User`` with, when ``name`` is given, a profile of that name (the LMS's
        registration always makes one; accounts made otherwise may have none)."""
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email or f"{username}@example.com", "is_staff": global_staff}
        )
        if name is not None:
            self.profiles[user.pk] = Profile(name)
        self.preferences[user.pk] = dict(preferences or {})
        return self.with_profile(user)

    def with_profile(self, user):
        """``user`` with its ``profile`` as the LMS's reverse one-to-one gives it (no attribute
        when the user has none: ``hasattr(user, "profile")`` is then False, as in the LMS)."""
        if user is not None and user.pk in self.profiles:
            user.profile = self.profiles[user.pk]
        return user

    def make_course_staff(self, user, course_key):
        """``common/djangoapps/student/roles.py`` ``CourseStaffRole(course_key).add_users(user)``."""
        self.course_staff.add((str(course_key), user.pk))

    def anonymous_id_for_user(self, user, course_id):
        """``common/djangoapps/student/models/user.py`` ``anonymous_id_for_user``: a stable
        per-course hash of the user, remembered so that it can be looked up again."""
        digest = hashlib.md5(f"lms-secret|{course_id}|{user.pk}".encode(), usedforsecurity=False).hexdigest()
        self.anonymous_ids[digest] = user.pk
        return digest

    def user_by_anonymous_id(self, uid):
        """``common/djangoapps/student/models/user.py`` ``user_by_anonymous_id``: the Django
        user, or None for an id never handed out."""
        if uid is None or uid not in self.anonymous_ids:
            return None
        return self.with_profile(get_user_model().objects.filter(pk=self.anonymous_ids[uid]).first())

    def get_user_by_username_or_email(self, username_or_email):
        """``common/djangoapps/student/models/user.py`` ``get_user_by_username_or_email``:
        raises ``User.DoesNotExist`` when nobody has that username or email."""
        users = get_user_model().objects
        if "@" in username_or_email:
            return users.get(email=username_or_email)
        return users.get(username=username_or_email)

    def get_user_preferences(self, user):
        """``openedx/core/djangoapps/user_api/preferences/api.py`` ``get_user_preferences``."""
        return dict(self.preferences.get(user.pk, {}))

    def has_staff_access(self, user, course_key, masquerade=None):
        """``lms/djangoapps/courseware/access.py`` ``has_access(user, "staff", course_key)``:
        course staff and global staff, except while masquerading as a learner (the access
        check then answers for the learner's role)."""
        if user is None or not user.is_authenticated:
            return False
        if masquerade is not None and masquerade.role == "student":
            return False
        return bool(user.is_staff) or (str(course_key), user.pk) in self.course_staff

    def user_role(self, user, course_key, masquerade=None):
        """``lms/djangoapps/courseware/access.py`` ``get_user_role``: ``staff`` or ``student``
        (``instructor`` for instructors, whom these tests do not need)."""
        return "staff" if self.has_staff_access(user, course_key, masquerade) else "student"


def install_preference_table(monkeypatch, objects):
    """The platform's ``UserPreference`` model (openedx/core/djangoapps/user_api/models.py), whose
    manager is ``objects``, and the ``LANGUAGE_KEY`` of openedx/core/djangoapps/lang_pref, for
    the code that imports them (for this test only)."""
    lang_pref = types.ModuleType("openedx.core.djangoapps.lang_pref")
    lang_pref.LANGUAGE_KEY = "pref-lang"
    models = types.ModuleType("openedx.core.djangoapps.user_api.models")
    models.UserPreference = types.SimpleNamespace(objects=objects)
    for name in ("openedx", "openedx.core", "openedx.core.djangoapps", "openedx.core.djangoapps.user_api"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.lang_pref", lang_pref)
    monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.user_api.models", models)
