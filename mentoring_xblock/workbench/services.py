"""XBlock services for the xblock-sdk workbench that speak the Open edX LMS dialect.

The workbench constructs each configured service without arguments and then sets its
``runtime`` attribute (which carries the ``?student=NAME`` id), so these services read the
current user from there. With them the block has a single code path for both runtimes.
"""

import hashlib
import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from xblock.fields import Scope
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import KeyValueStore, KvsFieldData

from ..core import i18n, limits

OPT = "edx-platform."
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
        valid = 0 < len(username) <= limits.USERNAME_MAX and username != "none"
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
                OPT + "user_is_beta_tester": False,
                OPT + "user_role": "staff" if staff else "student",
                OPT + "deprecated_anonymous_user_id": anonymous_id_for(username, None),
                OPT + "request_country_code": None,
                # The LMS gives the preferences the user set among pref-lang and time_zone; the
                # workbench's users set none.
                OPT + "user_preferences": {},
            }
        )
        return user

    def get_anonymous_user_id(self, username, course_id):
        """Like the LMS: only staff may look up others; unknown users give None.

        The LMS's ``get_user_by_username_or_email`` (common/djangoapps/student/models/user.py)
        filters ``username=``, which its MySQL database (case-insensitive collation) answers
        whatever the case: so does this one, for the one user whose username it is."""
        if not self.get_current_user().opt_attrs.get(OPT + "user_is_staff"):
            return None
        found = list(get_user_model().objects.filter(username__iexact=username).values_list("username", flat=True)[:2])
        if len(found) != 1:
            return None
        username = found[0]
        anonymous_id = anonymous_id_for(username, course_id)
        _KNOWN_IDS[anonymous_id] = username
        return anonymous_id

    def get_user_by_anonymous_id(self, uid=None):
        """The Django user behind an anonymous id this service handed out (the current user's
        without ``uid``), or None: the LMS's ``DjangoXBlockUserService.get_user_by_anonymous_id``
        (common/djangoapps/xblock_django/user_service.py) returns the Django ``User`` too."""
        if uid is None:
            uid = self.get_current_user().opt_attrs.get(OPT + "anonymous_user_id")
        username = _KNOWN_IDS.get(uid)
        return get_user_model().objects.filter(username=username).first() if username else None


class WorkbenchCompletionService:
    """The ``completion`` service: edx-completion's own ``CompletionService`` for the current
    user and the workbench's course, as the LMS's ``prepare_runtime_for_user``
    (lms/djangoapps/courseware/block_render.py) offers it to signed-in users. Completion is
    recorded only while the waffle switch ``completion.enable_completion_tracking`` is on;
    ``load_demo`` switches it on, as Tutor does."""

    runtime = None

    def __init__(self):
        self._service = None

    def _real(self):
        if self._service is None:
            from completion.services import CompletionService  # noqa: PLC0415  (needs the app loaded)
            from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415

            username = str(getattr(self.runtime, "user_id", "") or "")
            # Read only if the service needs the current user (crediting a partner does not).
            user = SimpleLazyObject(lambda: get_user_model().objects.filter(username=username).first())
            self._service = CompletionService(user=user, context_key=CourseKey.from_string(workbench_course_key()))
        return self._service

    @staticmethod
    def usage_key(block_key):
        """The workbench's usage id as a course usage key, which edx-completion stores (the
        workbench names blocks with plain strings; the LMS with usage keys already)."""
        from opaque_keys.edx.keys import CourseKey, UsageKey  # noqa: PLC0415

        if isinstance(block_key, UsageKey):
            return block_key
        name = re.sub(r"[^\w.-]", "_", str(block_key))
        return CourseKey.from_string(workbench_course_key()).make_usage_key("mentorship", name)

    def completion_tracking_enabled(self):
        return self._real().completion_tracking_enabled()

    def submit_completion(self, block_key, completion):
        return self._real().submit_completion(self.usage_key(block_key), completion)

    def submit_group_completion(self, block_key, completion, users=None, user_ids=None):
        return self._real().submit_group_completion(self.usage_key(block_key), completion, users, user_ids)

    def get_completions(self, candidates):
        return self._real().get_completions([self.usage_key(key) for key in candidates])


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


class WorkbenchFieldData(KvsFieldData):
    """The ``field-data`` service: the workbench's own store, each block's rows read at once.

    The workbench keeps the fields of each scope, block and user as one JSON row of its
    ``workbench_xblockstate`` table, and its own field data reads that row again (creating it if
    missing) for every field read. This one reads, at a block's first field read, every row its
    fields can live in (content, settings, parent, children and the current user's state) in one
    query, and then serves reads from them, as the LMS's field-data cache does. Writes go to the
    database at once, as the workbench's own do. One instance per runtime, i.e. per request.
    """

    runtime = None

    def __init__(self):
        super().__init__(_RowStore())

    def get(self, block, name):
        self._kvs.load(block)
        return super().get(block, name)

    def has(self, block, name):
        self._kvs.load(block)
        return super().has(block, name)


class _RowStore(KeyValueStore):
    """The rows of ``workbench_xblockstate`` this runtime has read, each as a dict of fields."""

    def __init__(self):
        self._rows = {}  # (scope, scope_id, user_id) -> {field name: JSON value}
        self._complete = set()  # (scope_id, user_id) whose rows are all in _rows

    @staticmethod
    def _row(key):
        """The row that holds ``key``, named as the workbench's ``XBlockState.get_for_key`` names it."""
        from workbench.models import shorten_scope_name

        scope = key.scope.attr_name if key.scope in (Scope.parent, Scope.children) else key.scope.block.attr_name
        return shorten_scope_name(scope), key.block_scope_id, key.user_id

    def load(self, block):
        """Read every row of ``block`` (usage and definition, shared and the current user's) at once."""
        from workbench.models import XBlockState

        ids = block.scope_ids
        user_id = None if ids.user_id is None else str(ids.user_id)
        wanted = {(str(scope_id), user) for scope_id in (ids.usage_id, ids.def_id) for user in (None, user_id)}
        if wanted <= self._complete:
            return
        users = Q(user_id__isnull=True) | Q(user_id=user_id) if user_id is not None else Q(user_id__isnull=True)
        rows = XBlockState.objects.filter(users, scope_id__in={scope_id for scope_id, _user in wanted})
        for row in rows.order_by("pk").values("scope", "scope_id", "user_id", "state"):
            self._rows.setdefault((row["scope"], row["scope_id"], row["user_id"]), json.loads(row["state"]))
        self._complete |= wanted

    def _fields(self, key):
        from workbench.models import XBlockState

        row = self._row(key)
        if row not in self._rows:
            if (row[1], row[2]) in self._complete:
                return {}
            found = XBlockState.objects.filter(scope=row[0], scope_id=row[1], user_id=row[2]).order_by("pk").first()
            self._rows[row] = json.loads(found.state) if found else {}
        return self._rows[row]

    def get(self, key):
        return self._fields(key)[key.field_name]

    def has(self, key):
        return key.field_name in self._fields(key)

    def set(self, key, value):
        self.set_many({key: value})

    def set_many(self, update_dict):
        by_row = {}
        for key, value in update_dict.items():
            by_row.setdefault(self._row(key), (key, {}))[1][key.field_name] = value
        for row, (key, values) in by_row.items():
            self._write(row, key, lambda state, values=values: state.update(values))

    def delete(self, key):
        self._write(self._row(key), key, lambda state: state.pop(key.field_name, None))

    def _write(self, row, key, change):
        """Change one row as the workbench does: read it (creating it if missing), change, save."""
        from workbench.models import XBlockState

        record = XBlockState.get_for_key(key)
        state = json.loads(record.state)
        change(state)
        record.state = json.dumps(state, indent=2, sort_keys=True)
        record.save()
        self._rows[row] = state
