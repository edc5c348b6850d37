"""Settings for running the block standalone in the xblock-sdk workbench (``make run``, tests)."""

import importlib.util
import json
import os
from pathlib import Path

from workbench.settings import *  # noqa: F401,F403  (the workbench's own settings, extended below)
from workbench.settings import INSTALLED_APPS, LOGGING, WORKBENCH

from ..settings.common import DEFAULTS


def _var_dir():
    """``var/`` at the repository root in a checkout, else under the working directory."""
    if os.environ.get("MENTORING_VAR_DIR"):
        return Path(os.environ["MENTORING_VAR_DIR"]).resolve()
    repo = Path(__file__).resolve().parents[2]
    if (repo / "setup.py").exists():
        return repo / "var"
    return Path.cwd().resolve() / "var"


VAR_DIR = _var_dir()
VAR_DIR.mkdir(parents=True, exist_ok=True)

if "WORKBENCH_DATABASES" in os.environ:
    DATABASES = json.loads(os.environ["WORKBENCH_DATABASES"])
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "workbench.db"),
            # Set up for several requests at once: readers never wait for the writer (write-ahead
            # log), a write takes the lock when its transaction begins (so two writers never both
            # read and then fail to upgrade), and a writer waits up to 20 s for the lock; past that,
            # "database is locked" is retried like a deadlock (transactions.py), then 409 busy.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use an in-memory database, one connection for the whole process; the
            # concurrency tests (threads, each with its own connection) name a file instead.
            "TEST": {"NAME": os.environ.get("MENTORING_SQLITE_TEST_DB") or None},
        }
    }

LOGGING["handlers"]["logfile"]["filename"] = str(VAR_DIR / "workbench.log")
# Outside the platform, event-routing-backends logs the failed import of the platform's modules it
# reads users and courses from (its helpers.py); the tests give it stand-ins where they need them.
LOGGING.setdefault("loggers", {})["event_routing_backends.helpers"] = {"level": "CRITICAL"}

# edx-completion (with django-waffle for its switch) is the platform's completion service: the
# workbench offers the real one, as the LMS does (workbench_services.WorkbenchCompletionService).
# event-tracking is where edx-completion sends its tracking events; the LMS installs it the same way.
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "waffle",
    "completion",
    "eventtracking.django.apps.EventTrackingConfig",
    # Where the tests installed it (the ``test`` extra), the platform's xAPI router, as the LMS
    # runs it for Aspects: the block registers its transformers with it (web/xapi.py).
    *(["config_models", "event_routing_backends"] if importlib.util.find_spec("event_routing_backends") else []),
    "mentoring_xblock",
]
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {
    "logger": {"ENGINE": "eventtracking.backends.logger.LoggerBackend", "OPTIONS": {"name": "tracking"}},
}

WORKBENCH = {
    **WORKBENCH,
    "services": {
        **WORKBENCH["services"],
        "user": "mentoring_xblock.workbench.services.WorkbenchUserService",
        # Reads each block's stored fields in one query instead of one or two per field.
        "field-data": "mentoring_xblock.workbench.services.WorkbenchFieldData",
        "i18n": "mentoring_xblock.workbench.services.WorkbenchI18nService",
        "completion": "mentoring_xblock.workbench.services.WorkbenchCompletionService",
    },
}

MENTORING_STAFF_USERS = [
    name.strip()
    for name in os.environ.get("MENTORING_STAFF_USERS", ",".join(DEFAULTS["MENTORING_STAFF_USERS"])).split(",")
    if name.strip()
]
MENTORING_WORKBENCH_COURSE_KEY = "course-v1:Workbench+Mentoring+Demo"

LANGUAGES = [("en", "English"), ("es", "Español")]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # As in the LMS (lms/envs/common.py, MIDDLEWARE: "A newer and safer request cache"): each
    # request starts with an empty request cache, in which edx-toggles keeps the waffle switches it
    # read (edx-completion's completion.enable_completion_tracking among them) for that request only.
    "edx_django_utils.cache.middleware.RequestCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # As in the LMS: the request being served, for the block's reading of the browser's time zone.
    "crum.CurrentRequestUserMiddleware",
]
# The server's zone is not the reader's: times are shown in each reader's zone, named
# (core/platform.reader_zone); UTC, not the xblock-sdk's America/New_York, where none is known.
TIME_ZONE = "UTC"

# Email: edx-ace (which Open edX provides; here the workbench extra installs it) with its file
# channel, which writes each message (the HTML, with its text version and headers in comments)
# to var/mail/ (core/mail.py names the files); `make run` prints the folder.
MENTORING_MAIL_DIR = str(Path(os.environ.get("MENTORING_MAIL_DIR") or VAR_DIR / "mail").resolve())
ACE_ENABLED_CHANNELS = ["file_email"]
ACE_CHANNEL_DEFAULT_EMAIL = "file_email"
ACE_CHANNEL_TRANSACTIONAL_EMAIL = "file_email"
ACE_ENABLED_POLICIES = []
DEFAULT_FROM_EMAIL = "mentoring@workbench.invalid"
# Email with a file attached (a planned session's calendar invite: ui/invite_mail.py), which
# edx-ace cannot carry, goes through Django's mail API: its file backend writes each message, as
# it would be sent, to the same folder (a ``.log`` file per connection).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = MENTORING_MAIL_DIR
# The link a message gives to its unit: the scenario's page, signed in as the recipient.
MENTORING_UNIT_URL = "mentoring_xblock.workbench.links.unit_url"
