"""Settings the package adds to an Open edX LMS or Studio (``plugin_app`` common settings)."""

from pathlib import Path

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
