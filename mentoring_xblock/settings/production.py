"""Production settings hook: values an operator sets in the platform's YAML/env tokens."""

from . import common


def plugin_settings(settings):
    """Apply the common defaults, then any ``MENTORING_*`` value from the environment tokens."""
    common.plugin_settings(settings)
    tokens = getattr(settings, "ENV_TOKENS", None) or {}
    for name in common.DEFAULTS:
        if name in tokens:
            setattr(settings, name, tokens[name])
