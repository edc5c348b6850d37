"""The one adapter to the runtime: Open edX LMS/Studio or the xblock-sdk workbench.

Everything the block needs to know about who is asking and where it runs comes from here,
read from the runtime's services in the dialect of the Open edX LMS.
"""

import logging
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.utils import timezone, translation
from xblock.exceptions import NoSuchServiceError

from . import i18n

log = logging.getLogger(__name__)

OPT = "edx-platform."
STUDIO_PREVIEW_ID = "student"


@dataclass(frozen=True)
class Actor:
    """The user a request or a view is for."""

    anonymous_id: str | None
    username: str
    full_name: str
    user_id: int | None
    is_staff: bool
    role: str
    is_authenticated: bool

    @property
    def is_learner_identity(self):
        """True when the actor can own mentoring records (a real, identified user)."""
        return self.is_authenticated and bool(self.anonymous_id) and self.anonymous_id != STUDIO_PREVIEW_ID


@dataclass(frozen=True)
class Unit:
    """Where the block sits: every mentoring record is scoped to one unit of one course."""

    course_key: str
    usage_key: str


def service(block, name):
    """A runtime service, or None where the runtime does not offer it (a service the block
    ``wants`` comes as None; one it did not declare raises :class:`NoSuchServiceError`)."""
    try:
        return block.runtime.service(block, name)
    except NoSuchServiceError:
        return None


def current_actor(block):
    """The current user as an :class:`Actor`, from the ``user`` service's ``opt_attrs``."""
    user_service = service(block, "user")
    user = user_service.get_current_user() if user_service else None
    attrs = getattr(user, "opt_attrs", None) or {}
    username = attrs.get(OPT + "username") or ""
    is_staff = bool(attrs.get(OPT + "user_is_staff"))
    return Actor(
        anonymous_id=attrs.get(OPT + "anonymous_user_id"),
        username=username,
        full_name=(getattr(user, "full_name", None) or username),
        user_id=attrs.get(OPT + "user_id"),
        is_staff=is_staff,
        role=attrs.get(OPT + "user_role") or ("staff" if is_staff else "student"),
        is_authenticated=bool(attrs.get(OPT + "is_authenticated", bool(username))),
    )


# -- the reader's time zone ---------------------------------------------------------------------

# The browser's zone, which the page's script stores where the platform gives no preference.
ZONE_COOKIE = "mentoring-tz"
UTC = "UTC"
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+/-]{1,64}")


def zone_named(name):
    """The :class:`ZoneInfo` of an IANA zone name; UTC for no name or one that is no zone (a
    typo, a path, a name this system's zone data lacks): never an error."""
    if isinstance(name, str) and _ZONE_NAME.fullmatch(name) and not name.startswith("/"):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(UTC)


def reader_zone(block):
    """The time zone the current reader's times are shown in.

    In Open edX, the ``time_zone`` the user chose in their account settings: the LMS's
    ``DjangoXBlockUserService._convert_django_user_to_xblock_user``
    (common/djangoapps/xblock_django/user_service.py) gives the user's preferences among
    ``USER_PREFERENCES_WHITE_LIST`` (``pref-lang`` and ``time_zone``) in the ``opt_attrs`` key
    ``edx-platform.user_preferences``. Without one (the workbench's users never have one), the
    browser's own zone, which the page's script keeps in the :data:`ZONE_COOKIE` cookie; UTC
    before the browser has said it or when what it said is no zone."""
    user_service = service(block, "user")
    user = user_service.get_current_user() if user_service else None
    preferences = (getattr(user, "opt_attrs", None) or {}).get(OPT + "user_preferences") or {}
    name = preferences.get("time_zone") if isinstance(preferences, dict) else None
    if not name:
        request = _current_request()
        name = request.COOKIES.get(ZONE_COOKIE) if request is not None else None
    return zone_named(name)


def reader_time(block):
    """A context in which Django formats times in the reader's zone (:func:`reader_zone`): every
    view and handler of the block runs in one."""
    return timezone.override(reader_zone(block))


def _current_request():
    """The Django request being served (django-crum's, as the LMS's middleware keeps it), or None."""
    try:
        from crum import get_current_request  # noqa: PLC0415  (optional outside Open edX)
    except ImportError:
        return None
    return get_current_request()


def current_email(block):
    """The current user's email address, or "": the LMS's ``XBlockUser.emails``
    (``DjangoXBlockUserService._convert_django_user_to_xblock_user`` gives ``[user.email]``);
    the workbench's users have none."""
    user_service = service(block, "user")
    user = user_service.get_current_user() if user_service else None
    emails = getattr(user, "emails", None) or []
    first = emails[0] if emails else ""
    return first if isinstance(first, str) and "@" in first and not any(c in first for c in "\r\n:;,") else ""


def unit_link(block):
    """The address that opens the block's unit in the LMS, or "" where the site's address is not
    known (the workbench): ``{LMS_ROOT_URL}/courses/{course}/jump_to/{usage}``, the LMS's
    ``jump_to`` view (lms/djangoapps/courseware/views/views.py), which redirects to the unit."""
    root = getattr(settings, "LMS_ROOT_URL", "") or ""
    if not root:
        return ""
    return f"{root.rstrip('/')}/courses/{course_key(block)}/jump_to/{block.scope_ids.usage_id}"


NOT_MASQUERADING, AS_ANY_LEARNER, AS_LEARNER = None, "any", "specific"


def masquerade(block):
    """How course staff view the course right now: ``AS_LEARNER`` (as a specific learner, to
    whom the block is bound), ``AS_ANY_LEARNER`` (as a learner, the block bound to the staff
    member), or ``NOT_MASQUERADING``. While masquerading the block changes and publishes nothing.

    In the LMS, ``setup_masquerade`` (lms/djangoapps/courseware/masquerade.py) binds the block to
    the learner staff chose, whose ``real_user`` is the staff member, and leaves the request's
    ``user`` as the staff member, with the course's ``CourseMasquerade`` in its
    ``masquerade_settings`` (read here as ``get_course_masquerade`` reads it; that user comes
    from :func:`request_user`). A masquerade with the role
    ``staff`` is staff viewing as staff: not a masquerade here.
    """
    user = request_user()
    if user is None or not getattr(user, "is_authenticated", False):
        return NOT_MASQUERADING
    # The user the block is bound to (``bind_for_student(user.id)``): read off the block, not
    # through the user service, which converts the user (preferences included) at every call.
    bound = block.scope_ids.user_id
    if bound is not None and getattr(user, "id", None) not in (None, bound):
        return AS_LEARNER
    usage_id = block.scope_ids.usage_id
    key = getattr(usage_id, "course_key", None) or getattr(usage_id, "context_key", None)
    settings_by_course = getattr(user, "masquerade_settings", None) or {}
    found = settings_by_course.get(key) if key is not None else None
    if found is None:
        return NOT_MASQUERADING
    if getattr(found, "user_name", None):
        return AS_LEARNER
    return AS_ANY_LEARNER if getattr(found, "role", "") != "staff" else NOT_MASQUERADING


def masquerading(block):
    """True while course staff view the course as a learner (see :func:`masquerade`)."""
    return masquerade(block) is not NOT_MASQUERADING


def request_user():
    """The Django user of the request being served, or None outside a request (or without
    django-crum, an LMS dependency: the LMS installs its ``CurrentRequestUserMiddleware``).

    In the LMS this is the staff member behind a masquerade, and the only way to the user where
    the platform passes none (the legacy Instructor Dashboard's filter context)."""
    try:
        from crum import get_current_user  # noqa: PLC0415  (optional outside Open edX)
    except ImportError:
        return None
    return get_current_user()


def is_course_staff(user, course_key):
    """True for the course's staff (instructors and global staff included).

    In Open edX, the platform's own ``has_access(user, "staff", course_key)``
    (``lms/djangoapps/courseware/access.py``) decides; when Open edX is installed but that function
    cannot be imported, :class:`ImproperlyConfigured` says so rather than guessing. Without Open
    edX (the workbench, the tests) there is no course staff to ask: the rule of those runtimes is
    Django's own ``is_staff`` and ``is_superuser`` flags (:func:`_django_staff`), said in the log
    the first time it applies.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    has_access = _platform_has_access()
    if has_access is None:
        return _django_staff(user)
    return bool(has_access(user, "staff", course_key))


def _platform_has_access():
    """The platform's ``has_access``, or None without Open edX (no ``xmodule`` to import).
    Imported at each call, not at module level: the block imports without the platform."""
    try:
        from lms.djangoapps.courseware.access import has_access  # noqa: PLC0415  (Open edX only)
    except ImportError as err:
        try:
            import xmodule  # noqa: F401, PLC0415  (present wherever Open edX is)
        except ImportError:
            return None
        raise ImproperlyConfigured(
            "Open edX is installed but lms.djangoapps.courseware.access.has_access cannot be imported: "
            "mentoring_xblock cannot tell who is course staff."
        ) from err
    return has_access


_told_django_staff = []


def _django_staff(user):
    """Course staff outside Open edX: Django's staff and superusers (the workbench's and the tests' rule)."""
    if not _told_django_staff:
        _told_django_staff.append(True)
        log.info("Open edX is not installed: course staff are Django's is_staff and is_superuser users.")
    return bool(user.is_staff or user.is_superuser)


def course_key(block):
    """The course the block belongs to, as a string."""
    usage_id = block.scope_ids.usage_id
    key = getattr(usage_id, "course_key", None) or getattr(usage_id, "context_key", None)
    if key is not None:
        return str(key)
    return getattr(settings, "MENTORING_WORKBENCH_COURSE_KEY", "course-v1:Workbench+Mentoring+Demo")


def unit(block):
    """The :class:`Unit` of a block."""
    return Unit(course_key=course_key(block), usage_key=str(block.scope_ids.usage_id))


def is_authoring(block):
    """True in Studio (authoring views and their handlers), where learners' data is never written."""
    return service(block, "studio_user_permissions") is not None


def can_edit_program(block):
    """Course authors in Studio; course staff elsewhere (the LMS must not let learners edit)."""
    permissions = service(block, "studio_user_permissions")
    if permissions is not None:
        return bool(permissions.can_write(block.scope_ids.usage_id.course_key))
    return current_actor(block).is_staff


def i18n_service(block):
    return service(block, "i18n")


def js_catalog_url(block):
    """The script that translates the block's JavaScript into the active language, or None.

    The platform's i18n service offers ``get_javascript_i18n_catalog_url`` for blocks with an
    ``i18n_js_namespace`` (catalogs it pulled and compiled); when it has none, the package's own
    compiled catalog is used. English needs none: the JavaScript falls back to its own text."""
    getter = getattr(i18n_service(block), "get_javascript_i18n_catalog_url", None)
    url = getter(block) if callable(getter) else None
    if url:
        return url
    path = i18n.js_catalog_path(translation.get_language())
    return block.runtime.local_resource_url(block, path) if path else None


@dataclass(frozen=True)
class Person:
    """A user found by username, as the runtime's user service describes them."""

    anonymous_id: str
    username: str
    full_name: str
    user_id: int | None


def find_user(block, username):
    """The :class:`Person` with ``username`` in this course, or None when the runtime knows no such user.

    Uses the LMS user service's ``get_anonymous_user_id`` (staff only) and, where offered,
    ``get_user_by_anonymous_id``, which in the LMS returns the Django ``User`` itself
    (common/djangoapps/xblock_django/user_service.py, ``DjangoXBlockUserService``), for the
    user's id, username and profile name. Users are never invented.
    """
    user_service = service(block, "user")
    lookup = getattr(user_service, "get_anonymous_user_id", None)
    if lookup is None or not username:
        return None
    anonymous_id = lookup(username, course_key(block))
    if not anonymous_id:
        return None
    by_anonymous_id = getattr(user_service, "get_user_by_anonymous_id", None)
    user = by_anonymous_id(anonymous_id) if by_anonymous_id else None
    if user is None:
        return Person(anonymous_id=anonymous_id, username=username, full_name=username, user_id=None)
    found_name = getattr(user, "username", None) or username
    return Person(
        anonymous_id=anonymous_id,
        username=found_name,
        full_name=profile_name(user) or found_name,
        user_id=getattr(user, "id", None),
    )


def profile_name(user):
    """A Django user's full name as the LMS shows it: the profile's ``name`` (the LMS's
    ``UserProfile``, as ``DjangoXBlockUserService._convert_django_user_to_xblock_user`` reads
    it), else Django's first and last name (the workbench has no profiles); "" when neither."""
    try:
        name = user.profile.name
    except (AttributeError, ObjectDoesNotExist):
        # No profile: the reverse one-to-one raises RelatedObjectDoesNotExist, a DoesNotExist.
        name = None
    if name:
        return str(name)
    full_name = getattr(user, "get_full_name", None)
    return (full_name() if callable(full_name) else "") or ""


# -- completion and score --------------------------------------------------------------------------


def publish_progress(block, fraction):
    """Publish the current user's completion and participation score (both the same fraction).

    The LMS records completion for the current user only; the score reaches the gradebook as
    ``value / max_value``, which the platform weights by the block's ``weight``.
    """
    fraction = max(0.0, min(1.0, float(fraction)))
    block.runtime.publish(block, "completion", {"completion": fraction})
    block.runtime.publish(block, "grade", {"value": fraction, "max_value": 1.0})


def credit_partner(block, user_id, fraction):
    """Credit another participant's completion at once through the ``completion`` service's
    ``submit_group_completion``, where the runtime offers it and tracks completion. Returns
    True if it did.

    Called after the acting user's write has committed, so it never fails their request:
    edx-completion's ``CompletionService.submit_group_completion`` (completion/services.py)
    raises ``RuntimeError`` while the waffle switch ``completion.enable_completion_tracking`` is
    off (its default: asked first through ``completion_tracking_enabled``) and
    ``User.DoesNotExist`` for an unknown id. A failure is logged; the partner is then credited at
    their next visit (:func:`scoring.publish_on_visit`)."""
    completion = service(block, "completion")
    submit = getattr(completion, "submit_group_completion", None)
    if submit is None or not user_id:
        return False
    enabled = getattr(completion, "completion_tracking_enabled", None)
    try:
        if callable(enabled) and not enabled():
            return False
        share = max(0.0, min(1.0, float(fraction)))
        submit(block_key=block.scope_ids.usage_id, completion=share, user_ids=[user_id])
    except Exception:  # noqa: BLE001  (the platform's errors vary; the learner's write is saved)
        log.exception("Could not credit completion of %s to user %s", block.scope_ids.usage_id, user_id)
        return False
    return True


# -- the course's units, for course-wide pages ----------------------------------------------------

# The block's entry-point name (``xblock.v1``), which the modulestore calls its category.
BLOCK_TYPE = "mentorship"


def published_programs(course_key, usage_keys):
    """The program of each of the course's Mentoring units named in ``usage_keys`` (strings, as
    :class:`Unit` stores them), as published: ``{usage key: program}``. Course-wide pages (the
    Instructor Dashboard's section and tab) load no block; this lets them bring a unit's stored
    figures in line with its program (:func:`pairs.units.follow_published`).

    In the LMS, the course's blocks come from the modulestore as the platform's own dashboard
    lists a course's blocks of one kind (``instructor_dashboard_2`` in
    lms/djangoapps/instructor/views/instructor_dashboard.py: ``modulestore().get_items(course_key,
    qualifiers={'category': 'openassessment'})``), from the published branch
    (``ModuleStoreEnum.RevisionOption.published_only``, which ``DraftVersioningModuleStore.get_items``
    in xmodule/modulestore/split_mongo/split_draft.py maps to the published branch; the LMS's
    ``MODULESTORE_BRANCH`` is ``published-only`` anyway): a Studio save counts once published.
    ``MixedModuleStore.get_items`` (xmodule/modulestore/mixed.py, ``strip_key``) returns them with
    usage keys free of branch and version, as the LMS binds them and as :class:`Unit` names them.
    Their content is read from the modulestore (MongoDB), once per page however many units.

    In the xblock-sdk workbench (no modulestore) the units are the blocks of the scenarios it has
    loaded (it has no drafts), each read from its database rows (one query per such unit, a
    handful); a unit that is not one of them is left out, and nothing is loaded when it has
    loaded none. Without either (no runtime to load a block from) the answer is
    empty: the pages show the figures as last stored, never other rules.
    """
    wanted = set(usage_keys)
    if not wanted:
        return {}
    try:
        from xmodule.modulestore import ModuleStoreEnum  # noqa: PLC0415  (the platform only)
        from xmodule.modulestore.django import modulestore  # noqa: PLC0415
    except ImportError:
        return _workbench_programs(wanted)
    from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415

    key = course_key if not isinstance(course_key, str) else CourseKey.from_string(course_key)
    blocks = modulestore().get_items(
        key, qualifiers={"category": BLOCK_TYPE}, revision=ModuleStoreEnum.RevisionOption.published_only
    )
    return {str(block.scope_ids.usage_id): block.program for block in blocks if str(block.scope_ids.usage_id) in wanted}


def _workbench_programs(wanted):
    """:func:`published_programs` in the workbench: the loaded scenarios' blocks among ``wanted``."""
    try:
        from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415  (the workbench only)
        from workbench.scenarios import SCENARIOS  # noqa: PLC0415
    except ImportError:
        return {}
    loaded = {str(scenario.usage_id) for scenario in SCENARIOS.values()}
    keys = [key for key in wanted if key in loaded]
    if not keys:
        return {}
    runtime = WorkbenchRuntime()
    blocks = (runtime.get_block(key) for key in keys)
    return {
        str(block.scope_ids.usage_id): block.program for block in blocks if block.scope_ids.block_type == BLOCK_TYPE
    }
