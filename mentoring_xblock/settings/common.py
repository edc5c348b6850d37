"""Settings the package adds to an Open edX LMS or Studio (``plugin_app`` common settings)."""

# Every default is applied with setdefault semantics: an operator's value always wins.
DEFAULTS = {
    # Usernames treated as course staff when the runtime cannot say (the workbench only;
    # in Open edX the user service's ``user_is_staff`` decides).
    "MENTORING_STAFF_USERS": ["staff"],
}


def plugin_settings(settings):
    """Add the package's defaults to the platform's settings without overriding them."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
