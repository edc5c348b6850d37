"""Course staff viewing the course as a learner, set up as the LMS sets it up.

Follows lms/djangoapps/courseware/masquerade.py: ``CourseMasquerade`` (kept in the session per
course), ``setup_masquerade`` (the block is bound to the learner staff chose, whose ``real_user``
is the staff member; the request's ``user`` stays the staff member, with ``masquerade_settings``),
``is_masquerading_as_specific_student``, and ``MasqueradingKeyValueStore`` (the learner's XBlock
user state is read from their row but written to the staff member's session only).
"""

from dataclasses import dataclass

from xblock.runtime import KeyValueStore


@dataclass
class CourseMasquerade:
    """``masquerade.py`` ``CourseMasquerade``: the role staff view as, and the learner, if one."""

    course_key: object
    role: str = "student"
    user_partition_id: object = None
    group_id: object = None
    user_name: str | None = None


def setup_masquerade(request, course_key, staff_access, users):
    """``masquerade.py`` ``setup_masquerade``: ``(CourseMasquerade or None, the user to bind)``.

    ``users``: the Django users by username (the platform asks the course's enrollments)."""
    if request.user is None or not staff_access:
        return None, request.user
    masquerade_settings = request.session.setdefault("masquerade_settings", {})
    request.user.masquerade_settings = masquerade_settings
    course_masquerade = masquerade_settings.get(course_key)
    masquerade_user = None
    if course_masquerade and course_masquerade.user_name:
        masquerade_user = users.get(course_masquerade.user_name)
        masquerade_user.masquerade_settings = request.user.masquerade_settings
        masquerade_user.real_user = request.user
    return course_masquerade, masquerade_user or request.user


def get_course_masquerade(user, course_key):
    """``masquerade.py`` ``get_course_masquerade``."""
    return getattr(user, "masquerade_settings", {}).get(course_key)


def is_masquerading_as_specific_student(user, course_key):
    """``masquerade.py`` ``is_masquerading_as_specific_student``."""
    course_masquerade = get_course_masquerade(user, course_key)
    return bool(course_masquerade and course_masquerade.user_name)


class MasqueradingKeyValueStore(KeyValueStore):
    """``masquerade.py`` ``MasqueradingKeyValueStore``: reads fall through to the learner's
    stored state unless the session holds a value; every write goes to the session only."""

    def __init__(self, kvs, session):
        self.kvs = kvs
        self.session_data = session.setdefault("masquerade_data", {})

    @staticmethod
    def _serialize_key(key):
        return repr(tuple(key))

    def get(self, key):
        try:
            return self.session_data[self._serialize_key(key)]
        except KeyError:
            return self.kvs.get(key)

    def has(self, key):
        return self._serialize_key(key) in self.session_data or self.kvs.has(key)

    def set(self, key, value):
        self.session_data[self._serialize_key(key)] = value

    def delete(self, key):
        self.session_data.pop(self._serialize_key(key), None)
