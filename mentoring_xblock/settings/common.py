"""Settings the package adds to an Open edX LMS or Studio (``plugin_app`` common settings)."""

from pathlib import Path

from ..web.events import NAMES as TRACKING_EVENTS

# Every default is applied with setdefault semantics: an operator's value always wins.
DEFAULTS = {
    # Usernames treated as course staff when the runtime cannot say (the workbench only;
    # in Open edX the user service's ``user_is_staff`` decides).
    "MENTORING_STAFF_USERS": ["staff"],
}


# The Instructor Dashboard pipeline steps (mentoring_xblock.web.instructor), by filter type. The
# types are spelled out so that settings import nothing; a test compares them with the filters.
# The tabs filter (InstructorDashboardTabsRequested) exists from openedx-filters 3.4.0 on (the
# platform's master); on Teak and Ulmo (openedx-filters 2.x) its entry is simply never read.
STEPS_MODULE = "mentoring_xblock.web.instructor"
FILTER_STEPS = {
    "org.openedx.learning.instructor.dashboard.render.started.v1": f"{STEPS_MODULE}.AddMentoringSection",
    "org.openedx.learning.instructor.dashboard.tabs.requested.v1": f"{STEPS_MODULE}.AddMentoringTab",
}
# Holds mentoring_xblock/instructor/mentoring.html, the legacy dashboard's Mako template for
# our section (its template_path_prefix is "/mentoring_xblock/instructor/").
MAKO_DIR = Path(__file__).resolve().parent.parent / "mako"


def plugin_settings(settings):
    """Add the package's defaults to the platform's settings without overriding them."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    add_filter_steps(settings)
    add_mako_dir(settings)
    add_tracking_events(settings)
    add_periodic_sweep(settings)


def add_filter_steps(settings):
    """Merge our steps into ``OPEN_EDX_FILTERS_CONFIG``, keeping every other filter, step and key.

    The setting's dict is updated in place (created when absent). A missing filter entry becomes
    ``{"fail_silently": True, "pipeline": [our step]}``; an existing one keeps its keys and steps,
    our step appended once at the end. An entry in the runner's older list or string form becomes
    the equivalent dict. Running it again changes nothing.
    """
    config = getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None)
    if not isinstance(config, dict):
        config = settings.OPEN_EDX_FILTERS_CONFIG = {}
    for filter_type, step in FILTER_STEPS.items():
        entry = config.get(filter_type)
        if not entry:
            entry = {"fail_silently": True, "pipeline": []}
        elif isinstance(entry, str | list | tuple):
            # The runner reads these forms as a pipeline that fails silently.
            entry = {"fail_silently": True, "pipeline": [entry] if isinstance(entry, str) else entry}
        pipeline = list(entry.get("pipeline") or [])
        if step not in pipeline:
            pipeline.append(step)
        # A new entry dict: other plugins' own lists and dicts are never changed in place.
        config[filter_type] = {**entry, "pipeline": pipeline}


def add_mako_dir(settings):
    """Append our Mako folder to ``MAKO_TEMPLATE_DIRS_BASE`` (in place, once) where the settings have one."""
    dirs = getattr(settings, "MAKO_TEMPLATE_DIRS_BASE", None)
    if dirs is None:
        return
    if all(str(path) != str(MAKO_DIR) for path in dirs):
        dirs.append(MAKO_DIR)


# The allow-lists our tracking events must be on to reach Aspects: event-routing-backends' own
# settings (event_routing_backends/settings/common.py) name them; the platform's eventtracking
# backends (lms/envs/common.py, EVENT_TRACKING_BACKENDS) filter on the whitelists it builds.
XAPI_EVENTS = "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS"
EVENT_BUS_EVENTS = "EVENT_BUS_TRACKING_LOGS"
ROUTER_BACKEND = "event_transformer"
WHITELIST_ENGINE = "NameWhitelistProcessor"


def add_tracking_events(settings):
    """Add the block's tracking event names (:data:`events.NAMES`) to the platform's allow-lists,
    in place and once each, whichever of the plugins' settings ran first.

    - ``EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS`` (created when absent): event-routing-backends
      appends its own names to it and builds its whitelists from it when its settings run after ours.
    - When they ran before ours, the whitelists they built: every ``NameWhitelistProcessor`` of the
      ``event_transformer`` backend of ``EVENT_TRACKING_BACKENDS`` (its own, and its ``xapi``
      router's; not ``caliper``'s: the block has no Caliper transformers), and
      ``EVENT_BUS_TRACKING_LOGS``, the names sent on the event bus (Aspects' producer).
    """
    allowed = getattr(settings, XAPI_EVENTS, None)
    if allowed is None:
        allowed = []
        setattr(settings, XAPI_EVENTS, allowed)
    _add_names(allowed, settings, XAPI_EVENTS)
    bus = getattr(settings, EVENT_BUS_EVENTS, None)
    if bus is not None:
        _add_names(bus, settings, EVENT_BUS_EVENTS)
    for processor in _router_whitelists(getattr(settings, "EVENT_TRACKING_BACKENDS", None) or {}):
        options = processor.setdefault("OPTIONS", {})
        _add_names(options.setdefault("whitelist", []), options, "whitelist")


def _router_whitelists(backends):
    """The ``NameWhitelistProcessor`` entries of event-routing-backends' router and of its ``xapi``
    backend in ``EVENT_TRACKING_BACKENDS`` (none when it is not configured)."""
    router = backends.get(ROUTER_BACKEND)
    if not isinstance(router, dict):
        return []
    options = router.get("OPTIONS") or {}
    xapi = (options.get("backends") or {}).get("xapi") or {}
    processors = [*(options.get("processors") or ()), *((xapi.get("OPTIONS") or {}).get("processors") or ())]
    return [p for p in processors if isinstance(p, dict) and str(p.get("ENGINE", "")).endswith(WHITELIST_ENGINE)]


def _add_names(names, owner, key):
    """Add the missing ones of our event names to ``names`` (a list or a set) in place; a tuple or
    frozenset, which cannot grow, is replaced on ``owner`` (settings or a dict) by a longer copy."""
    missing = [name for name in TRACKING_EVENTS if name not in names]
    if not missing:
        return
    if isinstance(names, list):
        names.extend(missing)
    elif isinstance(names, set):
        names.update(missing)
    else:
        grown = (*names, *missing) if isinstance(names, tuple) else frozenset(names) | set(missing)
        if isinstance(owner, dict):
            owner[key] = grown
        else:
            setattr(owner, key, grown)


# The reminder sweep's periodic task (mentoring_xblock/tasks.py): every six hours, so that a
# message that failed is tried again the same day; a sweep sends nothing twice.
SWEEP_SCHEDULE_NAME = "mentoring-send-nudges"
SWEEP_EVERY_SECONDS = 6 * 3600.0


def add_periodic_sweep(settings):
    """Where Celery can be imported, add the sweep to ``CELERY_BEAT_SCHEDULE`` (the LMS's Celery
    app reads its settings under the ``CELERY_`` namespace), keeping every other entry and an
    operator's own entry of that name."""
    from ..tasks import TASK_NAME, celery_available  # noqa: PLC0415  (imports nothing of Celery)

    if not celery_available():
        return
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    if schedule is None:
        schedule = settings.CELERY_BEAT_SCHEDULE = {}
    schedule.setdefault(SWEEP_SCHEDULE_NAME, {"task": TASK_NAME, "schedule": SWEEP_EVERY_SECONDS})
