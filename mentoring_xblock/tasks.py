"""The reminder sweep as a Celery task, registered only where Celery can be imported (Open edX
runs it; the package does not need it). The plugin settings add it to ``CELERY_BEAT_SCHEDULE``
where the same is true (settings/common.py, ``add_periodic_sweep``); elsewhere the management
command ``mentoring_send_nudges`` does the same work."""

import importlib.util
import sys

TASK_NAME = "mentoring_xblock.send_nudges"


def celery_available():
    """Whether Celery can be imported (looked up without importing it)."""
    if "celery" in sys.modules:
        return sys.modules["celery"] is not None  # None: import is blocked (tests hide Celery so)
    return importlib.util.find_spec("celery") is not None


if celery_available():
    from celery import shared_task

    @shared_task(name=TASK_NAME, ignore_result=True)
    def send_nudges():
        """Send the day's reminders and the week's digests (see ``mentoring_send_nudges``)."""
        from .reporting import nudge_digest  # noqa: PLC0415  (the apps are ready when a worker runs it)

        outcome = nudge_digest.run()
        return {"sent": outcome.sent, "digests": outcome.digests, "failed": outcome.failed}
