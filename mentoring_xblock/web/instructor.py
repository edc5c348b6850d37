"""The Instructor Dashboard: a Mentoring section (legacy page) and tab (new app) through openedx-filters.

``settings.common.plugin_settings`` registers the two pipeline steps below in
``OPEN_EDX_FILTERS_CONFIG``. Both show the course's units and their pairs' completion
(:mod:`course_progress`): the section embeds it, the tab links to the plugin's staff page
(:mod:`instructor_views`). Nothing from the platform is imported at module level, and nothing
here imports a filter class: ``InstructorDashboardTabsRequested`` exists from openedx-filters 3.4.0
only (Teak and Ulmo run 2.x, which never calls :class:`AddMentoringTab`).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.template import Context
from django.urls import reverse
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from openedx_filters.filters import PipelineStep
from web_fragments.fragment import Fragment

from ..core import i18n, platform
from ..core.i18n import gettext as _
from ..core.platform import is_course_staff
from ..reporting import course_progress

SECTION_KEY = "mentoring"
TAB_ID = "mentoring"
# Built-in tabs use sort orders 10 to 110; this places the tab near the end, before the last ones.
TAB_SORT_ORDER = 95
# The legacy page includes "<template_path_prefix><section_key>.html" with Mako, from the
# folder that settings.common adds to MAKO_TEMPLATE_DIRS_BASE (mako/ in this package).
TEMPLATE_PATH_PREFIX = "/mentoring_xblock/instructor/"
STAFF_PAGE = "mentoring_xblock:course_overview"


def parse_course_key(text):
    """The :class:`CourseKey` that ``text`` names (a key passes through), or None when it names none."""
    if isinstance(text, CourseKey):
        return text
    try:
        return CourseKey.from_string(str(text))
    except InvalidKeyError:
        return None


def render(template, context):
    """A package template rendered in the active language, outside any XBlock runtime."""
    from ..ui.views import _engine  # noqa: PLC0415  (one engine and template cache for the package)

    # The package's own catalog stands in for the runtime's i18n service of the block views.
    with i18n.translating_with(i18n.active_translator()):
        return _engine().get_template(template).render(Context(context))


def style_sheet():
    """The block's own style sheet, for pages and sections outside any XBlock runtime."""
    from ..ui.views import PACKAGE_DIR  # noqa: PLC0415  (as render: the package's files, one place)

    return (PACKAGE_DIR / "static" / "css" / "mentoring.css").read_text(encoding="utf-8")


def course_context(course_key, today=None):
    """The course's units with their pairs' completion (``units``), and each unit's programme
    dashboard as the unit's staff panel shows it (``dashboards``)."""
    from ..ui import dashboard_panel  # noqa: PLC0415  (with render's engine, at first use)

    found = course_progress.course_dashboards(course_key, today)
    return {
        "units": [unit for unit, _dashboard, _program in found],
        "dashboards": [
            {"unit": unit, "d": dashboard_panel.context(shown, program, f"mentoring-unit-{number}", level=3)}
            for number, (unit, shown, program) in enumerate(found, start=1)
        ],
    }


def overview_html(course_key, today=None):
    """The table of the course's units and their pairs' completion, then each unit's programme
    dashboard (staff only: no access check here)."""
    return render("templates/instructor/overview.html", course_context(course_key, today))


def staff_page_url(course_key):
    """The plugin's staff page for the course: a full URL where ``LMS_ROOT_URL`` is set, since the
    new Instructor Dashboard is served from another origin; else an absolute path."""
    path = reverse(STAFF_PAGE, kwargs={"course_key": str(course_key)})
    root = getattr(settings, "LMS_ROOT_URL", "")
    return urljoin(root.rstrip("/") + "/", path.lstrip("/")) if root else path


def _section_fragment(course_key):
    """The legacy dashboard's section: the overview, and the block's style sheet for its charts."""
    fragment = Fragment(overview_html(course_key))
    fragment.add_css(style_sheet())
    return fragment


class AddMentoringSection(PipelineStep):
    """``InstructorDashboardRenderStarted``: a Mentoring section on the legacy Instructor Dashboard,
    for course staff only.

    The platform (``instructor_dashboard_2`` in ``lms/djangoapps/instructor/views/instructor_dashboard.py``)
    runs the filter for anyone allowed to open the dashboard (its ``VIEW_DASHBOARD`` permission, which
    data researchers have too) and adds its own sections by role, so this step checks course staff itself.
    """

    def run_filter(self, context, template_name):  # noqa: ARG002  (the filter's signature)
        course = context.get("course")
        course_key = parse_course_key(getattr(course, "id", None) or context.get("course_key") or "")
        sections = context.setdefault("sections", [])
        if course_key is None or any(section.get("section_key") == SECTION_KEY for section in sections):
            return {"context": context}
        # The filter's context carries the course but no user: the request's, from the adapter.
        if not is_course_staff(platform.request_user(), course_key):
            return {"context": context}
        sections.append(
            {
                "section_key": SECTION_KEY,
                "section_display_name": _("Mentoring"),
                "fragment": _section_fragment(course_key),
                "course_id": str(course_key),
                "template_path_prefix": TEMPLATE_PATH_PREFIX,
            }
        )
        return {"context": context}


class AddMentoringTab(PipelineStep):
    """``InstructorDashboardTabsRequested``: a Mentoring tab in the Instructor Dashboard app,
    linking to the plugin's staff page; only for users who may open that page."""

    def run_filter(self, tabs, user, course_key):
        key = parse_course_key(course_key)
        tabs = list(tabs or [])
        present = any(tab.get("tab_id") == TAB_ID for tab in tabs)
        if key is not None and not present and is_course_staff(user, key):
            tabs.append(
                {"tab_id": TAB_ID, "title": _("Mentoring"), "url": staff_page_url(key), "sort_order": TAB_SORT_ORDER}
            )
        return {"tabs": tabs, "user": user, "course_key": course_key}
