"""The domain errors every layer raises; the block maps them to HTTP statuses.

Each has a stable ``code`` for clients and a translated ``message`` for people.
"""

from .i18n import gettext as _
from .i18n import ngettext


class MentoringError(Exception):
    """Base class: something a user asked for cannot be done."""

    status = 400
    code = "error"
    # HTTP headers the answer carries besides the JSON body (``Retry-After`` on a 503).
    headers = ()

    def __init__(self, message=None, fields=None):
        self.fields = dict(fields or {})
        self.message = message or self.default_message()
        # The current state of what the request tried to change (for a 409), when known.
        self.current = None
        super().__init__(self.message)

    def default_message(self):
        return _("The request could not be completed.")

    def as_json(self):
        body = {"code": self.code, "message": self.message, "fields": self.fields}
        if self.current is not None:
            body["current"] = self.current
        return body


class InvalidInput(MentoringError):
    """Input failed validation; ``fields`` maps each field path to its message."""

    status = 400
    code = "invalid"

    def __init__(self, fields, message=None):
        super().__init__(message, fields)

    def default_message(self):
        count = len(self.fields)
        return ngettext("{count} field needs attention.", "{count} fields need attention.", count).format(count=count)


class NotAllowed(MentoringError):
    status = 403
    code = "forbidden"

    def default_message(self):
        return _("You are not allowed to do this.")


class Masquerading(NotAllowed):
    """Course staff viewing the course as a learner: the block changes nothing meanwhile."""

    code = "masquerading"

    def default_message(self):
        return _(
            "You are viewing this unit as a learner, so nothing can be changed here. "
            "Stop viewing as a learner to make changes."
        )


class NotFound(MentoringError):
    status = 404
    code = "not_found"

    def default_message(self):
        return _("This item does not exist or is not available to you.")


class Conflict(MentoringError):
    status = 409
    code = "conflict"

    def default_message(self):
        return _("Someone else changed this meanwhile. Reload and try again.")
