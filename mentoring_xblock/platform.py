"""The one adapter to the runtime: Open edX LMS/Studio or the xblock-sdk workbench.

Everything the block needs to know about who is asking and where it runs comes from here,
read from the runtime's services in the dialect of the Open edX LMS.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from . import i18n

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
    """A runtime service, or None where the runtime does not offer it."""
    try:
        return block.runtime.service(block, name)
    except Exception:  # noqa: BLE001  (runtimes raise their own NoSuchServiceError flavours)
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
    ``get_user_by_anonymous_id`` for the display name. Users are never invented.
    """
    user_service = service(block, "user")
    lookup = getattr(user_service, "get_anonymous_user_id", None)
    if lookup is None or not username:
        return None
    anonymous_id = lookup(username, course_key(block))
    if not anonymous_id:
        return None
    full_name, user_id, found_name = "", None, username
    by_anonymous_id = getattr(user_service, "get_user_by_anonymous_id", None)
    user = by_anonymous_id(anonymous_id) if by_anonymous_id else None
    if user is not None:
        attrs = getattr(user, "opt_attrs", None) or {}
        full_name = getattr(user, "full_name", "") or ""
        user_id = attrs.get(OPT + "user_id")
        found_name = attrs.get(OPT + "username") or username
    return Person(anonymous_id=anonymous_id, username=found_name, full_name=full_name or found_name, user_id=user_id)


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
    ``submit_group_completion``, where the runtime offers it. Returns True if it did."""
    completion = service(block, "completion")
    submit = getattr(completion, "submit_group_completion", None)
    if submit is None or not user_id:
        return False
    submit(block_key=block.scope_ids.usage_id, completion=max(0.0, min(1.0, float(fraction))), user_ids=[user_id])
    return True
