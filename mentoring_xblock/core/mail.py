"""Email through the platform's messaging framework, edx-ace: the one place that imports it.

Open edX provides edx-ace; the block's message types and templates live in this app
(``templates/mentoring_xblock/edx_ace/<name>/email/``), as the platform's own apps keep theirs.
Each message is rendered by edx-ace in its recipient's language: their ``pref-lang`` preference
where the platform keeps one, else the site's language.

In the workbench the settings point edx-ace at its file channel (``edx_ace.channel.file``),
which writes each message to ``MENTORING_MAIL_DIR`` (``var/mail/``, printed by ``make run``).

A message with a file attached (a planned session's calendar invite) cannot go through edx-ace,
whose messages and channels carry none: :func:`send_email` sends it through Django's mail API,
as the platform's bulk email does without edx-ace (:func:`send_email` names where). The
workbench's settings point Django's mail at the same folder (its file backend).
"""

import datetime
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

LABEL = "mentoring_xblock"
# The message types (their templates are templates/mentoring_xblock/edx_ace/<name>/email/).
NUDGES = "nudges"
DIGEST = "digest"
MESSAGE_TYPES = (NUDGES, DIGEST)


@dataclass(frozen=True)
class Recipient:
    """Who a message is for: a platform user, their address, name and language."""

    user_id: int
    email: str
    username: str
    language: str


def available():
    """Whether edx-ace can be imported (always in Open edX; with the workbench and test extras)."""
    try:
        import edx_ace  # noqa: F401, PLC0415  (provided by the platform)
    except ImportError:
        return False
    return True


def require():
    """Raise :class:`ImproperlyConfigured` when messages cannot be sent: nothing is claimed then."""
    if not available():
        raise ImproperlyConfigured(
            "edx-ace is needed to send mentoring reminders: it comes with Open edX; elsewhere install "
            "the package with its workbench extra (pip install 'mentoring-xblock[workbench]')."
        )


def recipients(user_ids):
    """The :class:`Recipient` of each platform user id that has an account: two queries at most,
    whatever the number of ids (their accounts, and their language preferences)."""
    ids = sorted({user_id for user_id in user_ids if user_id is not None})
    if not ids:
        return {}
    accounts = get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", "email", "username")
    languages = language_preferences(ids)
    default = settings.LANGUAGE_CODE
    return {pk: Recipient(pk, email or "", username, languages.get(pk) or default) for pk, email, username in accounts}


def language_preferences(user_ids):
    """``{user id: language}`` of the users who chose one, read in one query as the platform's
    reminder command reads it (lms/djangoapps/course_goals/management/commands/goal_reminder_email.py,
    ``send_ace_message``: the ``UserPreference`` named ``LANGUAGE_KEY``); empty without Open edX."""
    try:
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY  # noqa: PLC0415  (Open edX only)
        from openedx.core.djangoapps.user_api.models import UserPreference  # noqa: PLC0415
    except ImportError:
        return {}
    rows = UserPreference.objects.filter(user_id__in=list(user_ids), key=LANGUAGE_KEY).values_list("user_id", "value")
    return dict(rows)


# The platform's user preference of a user's chosen time zone (openedx/core/djangoapps/user_api:
# the account settings' ``time_zone``, among ``USER_PREFERENCES_WHITE_LIST``).
TIME_ZONE_KEY = "time_zone"


@dataclass(frozen=True)
class Account:
    """A member as an email names them: their address and username, and their preferences of
    language and time zone ("" where they chose none)."""

    email: str
    username: str
    language: str = ""
    zone: str = ""


def accounts(user_ids):
    """The :class:`Account` of each active platform user among ``user_ids``: two queries at most,
    whatever the number of ids (their users, and their language and time zone preferences, read
    as :func:`language_preferences` reads the language; none without Open edX)."""
    ids = sorted({user_id for user_id in user_ids if user_id is not None})
    if not ids:
        return {}
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", "email", "username"))
    chosen = preferences(ids, (TIME_ZONE_KEY,), language=True)
    found = {}
    for pk, email, username in users:
        mine = chosen.get(pk, {})
        found[pk] = Account(email or "", username, mine.get("language", ""), mine.get(TIME_ZONE_KEY, ""))
    return found


def preferences(user_ids, keys, language=False):
    """``{user id: {key: value}}`` of the platform's ``UserPreference`` rows named ``keys`` (with
    ``language``, the ``LANGUAGE_KEY`` one too, under ``"language"``) in one query; empty
    without Open edX."""
    try:
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY  # noqa: PLC0415  (Open edX only)
        from openedx.core.djangoapps.user_api.models import UserPreference  # noqa: PLC0415
    except ImportError:
        return {}
    wanted = {key: key for key in keys}
    if language:
        wanted[LANGUAGE_KEY] = "language"
    rows = UserPreference.objects.filter(user_id__in=list(user_ids), key__in=sorted(wanted)).values_list(
        "user_id", "key", "value"
    )
    found = {}
    for user_id, key, value in rows:
        if value:
            found.setdefault(user_id, {})[wanted[key]] = value
    return found


def sender():
    """The address the block's email comes from: ``MENTORING_FROM_EMAIL``, else the site's
    ``DEFAULT_FROM_EMAIL``."""
    return getattr(settings, "MENTORING_FROM_EMAIL", None) or getattr(settings, "DEFAULT_FROM_EMAIL", None) or ""


def send_email(messages):
    """Send Django ``EmailMessage`` objects (``EmailMultiAlternatives`` with files attached)
    through one connection of Django's mail backend, as the platform sends course email without
    edx-ace: lms/djangoapps/bulk_email/tasks.py, ``_send_course_email``, opens
    ``get_connection()`` and sends each ``DjangoEmail`` (lms/djangoapps/bulk_email/messages.py:
    an ``EmailMultiAlternatives`` with its HTML attached) with ``connection.send_messages``.

    Raises whatever the backend raises.
    """
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(list(messages))


def unit_url(course_key, usage_key, username=""):
    """The address of a unit in the LMS: its ``jump_to`` page (lms/urls.py,
    ``courseware.views.views.jump_to``), or the ``MENTORING_UNIT_URL`` setting's pattern (the
    workbench's scenario page): a pattern with ``{course_key}``, ``{usage_key}`` and ``{username}``,
    or the dotted path of a function of the three."""
    pattern = getattr(settings, "MENTORING_UNIT_URL", None)
    if pattern and "{" not in pattern:
        return import_string(pattern)(course_key, usage_key, username)
    if pattern:
        return pattern.format(course_key=course_key, usage_key=usage_key, username=username)
    root = getattr(settings, "LMS_ROOT_URL", "").rstrip("/")
    return f"{root}/courses/{course_key}/jump_to/{usage_key}"


def _message_type(name):
    """The edx-ace ``MessageType`` of ``name``, made as the platform's ``BaseMessageType``
    (openedx/core/djangoapps/ace_common/message.py) makes its own: the site's sender address, and
    the file channel's output path where one is set. Built at call time: edx-ace is optional here."""
    from edx_ace.message import MessageType  # noqa: PLC0415  (provided by the platform)

    class MentoringMessageType(MessageType):
        NAME = name
        APP_LABEL = LABEL

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.options["transactional"] = True
            address = sender()
            if address:
                self.options["from_address"] = address

    return MentoringMessageType()


def mail_dir():
    """Where the workbench's file channel writes messages (``MENTORING_MAIL_DIR``), or None."""
    folder = getattr(settings, "MENTORING_MAIL_DIR", None)
    return Path(folder) if folder else None


def send(name, recipient, context):
    """Send one message of type ``name`` (of :data:`MESSAGE_TYPES`) to a :class:`Recipient`,
    rendered by edx-ace in the recipient's language with ``context`` (a dict, or a function
    that makes it: called here, when the message is rendered).

    Raises whatever edx-ace raises; the sweep counts a failure and sends that message again later.
    """
    from edx_ace import ace  # noqa: PLC0415  (provided by the platform)
    from edx_ace.recipient import Recipient as AceRecipient  # noqa: PLC0415

    message = _message_type(name).personalize(
        recipient=AceRecipient(lms_user_id=recipient.user_id, email_address=recipient.email),
        language=recipient.language,
        user_context=context() if callable(context) else context,
    )
    folder = mail_dir()
    if folder is not None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        message.options["output_file_path"] = str(
            folder / f"{stamp}-{name}-{recipient.username or recipient.user_id}-{uuid.uuid4().hex[:8]}.html"
        )
    ace.send(message)


def course_staff_user_ids(course_key):
    """The platform user ids of a course's staff and instructors, who get the weekly digest.

    In Open edX, the course's access roles as ``common/djangoapps/student/roles.py`` keeps them
    (``CourseStaffRole`` and ``CourseInstructorRole``, ``users_with_role``); in the workbench, the
    accounts of ``MENTORING_STAFF_USERS``."""
    try:
        from common.djangoapps.student.roles import (  # noqa: PLC0415  (Open edX only)
            CourseInstructorRole,
            CourseStaffRole,
        )
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
    except ImportError:
        names = getattr(settings, "MENTORING_STAFF_USERS", [])
        return sorted(get_user_model().objects.filter(username__in=names).values_list("pk", flat=True))
    key = CourseKey.from_string(course_key)
    ids = set()
    for role in (CourseStaffRole(key), CourseInstructorRole(key)):
        ids.update(role.users_with_role().values_list("pk", flat=True))
    return sorted(ids)
