"""The LMS's XBlock services that the block observes, each modelled on the platform's own.

``LmsUserService`` follows common/djangoapps/xblock_django/user_service.py
(``DjangoXBlockUserService``); ``EventPublishingService`` follows xmodule/services.py
(``EventPublishingService``); ``StudioPermissionsService`` follows
openedx/core/djangoapps/content/services.py (``can_read`` / ``can_write``), which Studio's
preview runtime offers (cms/djangoapps/contentstore/views/preview.py).
The completion service is edx-completion's real ``CompletionService``.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser

from .masquerade import is_masquerading_as_specific_student

OPT = "edx-platform."
# user_service.py: USER_PREFERENCES_WHITE_LIST
USER_PREFERENCES_WHITE_LIST = ["pref-lang", "time_zone"]


class LmsUserService(UserService):
    """``DjangoXBlockUserService``: the current user as an ``XBlockUser`` (full name from the
    profile, ``edx-platform.*`` opt_attrs), others by anonymous id as Django ``User`` objects."""

    def __init__(self, django_user, accounts, **kwargs):
        super().__init__()
        self._django_user = django_user
        self._accounts = accounts
        self._user_is_beta_tester = kwargs.get("user_is_beta_tester", False)
        self._user_is_global_staff = kwargs.get("user_is_global_staff", False)
        self._user_is_staff = kwargs.get("user_is_staff", False)
        self._user_role = kwargs.get("user_role", "student")
        self._anonymous_user_id = kwargs.get("anonymous_user_id")
        self._deprecated_anonymous_user_id = kwargs.get("deprecated_anonymous_user_id")

    def get_current_user(self):
        """``_convert_django_user_to_xblock_user``."""
        user = XBlockUser(is_current_user=True)
        django_user = self._django_user
        if django_user is None or not django_user.is_authenticated:
            user.opt_attrs[OPT + "is_authenticated"] = False
            user.opt_attrs[OPT + "request_country_code"] = None
            return user
        profile = getattr(self._accounts.with_profile(django_user), "profile", None)
        user.full_name = profile.name if profile is not None else None
        user.emails = [django_user.email]
        preferences = self._accounts.get_user_preferences(django_user)
        user.opt_attrs.update(
            {
                OPT + "anonymous_user_id": self._anonymous_user_id,
                OPT + "deprecated_anonymous_user_id": self._deprecated_anonymous_user_id,
                OPT + "is_authenticated": True,
                OPT + "request_country_code": None,
                OPT + "user_id": django_user.id,
                OPT + "username": django_user.username,
                OPT + "user_is_beta_tester": self._user_is_beta_tester,
                OPT + "user_is_global_staff": self._user_is_global_staff,
                OPT + "user_is_staff": self._user_is_staff,
                OPT + "user_role": self._user_role,
                OPT + "user_preferences": {
                    key: preferences.get(key) for key in USER_PREFERENCES_WHITE_LIST if key in preferences
                },
            }
        )
        return user

    def get_anonymous_user_id(self, username, course_id):
        """None unless the current user is course staff, and for unknown users."""
        if not self.get_current_user().opt_attrs.get(OPT + "user_is_staff"):
            return None
        try:
            user = self._accounts.get_user_by_username_or_email(username)
        except get_user_model().DoesNotExist:
            return None
        from opaque_keys.edx.keys import CourseKey

        return self._accounts.anonymous_id_for_user(user, CourseKey.from_string(course_id))

    def get_user_by_anonymous_id(self, uid=None):
        """The Django ``User`` (not an ``XBlockUser``), or None."""
        return self._accounts.user_by_anonymous_id(uid or self._anonymous_user_id)


@dataclass
class Gradebook:
    """What reached the platform's grades and event log: ``SCORE_PUBLISHED`` per (user id,
    usage key) as ``(earned, possible)``, and the events sent to the tracking log instead."""

    scores: dict = field(default_factory=dict)
    tracked: list = field(default_factory=list)


class EventPublishingService:
    """xmodule/services.py ``EventPublishingService.publish``: ``grade`` events become scores
    (``grades_signals.SCORE_PUBLISHED``); ``completion`` events go to the completion service's
    ``submit_completion`` only while ``completion_tracking_enabled()``; while staff masquerade as
    a specific learner, neither is handled and the event goes to the tracking log."""

    def __init__(self, user, course_id, gradebook):
        self.user = user
        self.course_id = course_id
        self.gradebook = gradebook
        self.completion_service = None

    def publish(self, block, event_type, event):
        self.completion_service = block.runtime.service(block, "completion")
        handle_event = self._get_event_handler(event_type)
        if handle_event and not is_masquerading_as_specific_student(self.user, self.course_id):
            handle_event(block, event)
        else:
            self.gradebook.tracked.append((event_type, event, getattr(self.user, "id", None)))

    def _get_event_handler(self, event_type):
        handlers = {"grade": self._handle_grade_event}
        if self.completion_service and self.completion_service.completion_tracking_enabled():
            handlers["completion"] = lambda block, event: self.completion_service.submit_completion(
                block.scope_ids.usage_id, event["completion"]
            )
        return handlers.get(event_type)

    def _handle_grade_event(self, block, event):
        if not self.user.is_anonymous:
            key = (self.user.id, str(block.scope_ids.usage_id))
            self.gradebook.scores[key] = (event["value"], event["max_value"])


class StudioPermissionsService:
    """Studio's ``studio_user_permissions`` service (openedx/core/djangoapps/content/services.py,
    ``StudioPermissionsService``): whether the author may read or change the course."""

    def __init__(self, user, accounts):
        self._user = user
        self._accounts = accounts

    def can_read(self, course_key):
        return self._accounts.has_staff_access(self._user, course_key)

    def can_write(self, course_key):
        return self._accounts.has_staff_access(self._user, course_key)
