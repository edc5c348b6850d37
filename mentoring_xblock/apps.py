"""The Django app that carries the mentoring data, and its Open edX plugin registration."""

from django.apps import AppConfig, apps

# The keys below are those of edx_django_utils.plugins (PluginSettings / PluginURLs),
# spelled out as strings so that the package imports without edx-django-utils.
_SETTINGS = {
    "common": {"relative_path": "settings.common"},
    "production": {"relative_path": "settings.production"},
}
# The platform's user retirement signal. edx-django-utils imports it and connects our receiver
# when the LMS starts (connect_plugin_receivers); outside Open edX nothing imports or connects it.
RETIREMENT_SIGNAL = "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_MISC"


class MentoringConfig(AppConfig):
    """App config; ``plugin_app`` makes ``pip install`` + ``migrate`` the whole Open edX setup."""

    name = "mentoring_xblock"
    label = "mentoring_xblock"
    verbose_name = "Mentoring"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "settings_config": {
            "lms.djangoapp": _SETTINGS,
            "cms.djangoapp": _SETTINGS,
        },
        # The staff page the Instructor Dashboard tab links to (LMS only): /mentoring/courses/<key>/.
        "url_config": {
            "lms.djangoapp": {"namespace": "mentoring_xblock", "regex": r"^mentoring/", "relative_path": "urls"},
        },
        # Erase a retired user's names and words (pairs/retirement.py); the LMS runs the retirement.
        "signals_config": {
            "lms.djangoapp": {
                "relative_path": "pairs.retirement",
                "receivers": [
                    {
                        "receiver_func_name": "erase_retired_user",
                        "signal_path": RETIREMENT_SIGNAL,
                        "dispatch_uid": "mentoring_xblock.pairs.retirement.erase_retired_user",
                    }
                ],
            },
        },
    }

    def ready(self):
        """Register the xAPI transformers of the block's tracking events where the platform runs
        ``event-routing-backends`` (an installed app: a plugin of the LMS), which is optional."""
        if apps.is_installed("event_routing_backends"):
            from .web import xapi  # noqa: PLC0415 (imports the library, which only then is there)

            xapi.register()
