"""The Instructor Dashboard: the course overview, and both filters run through the real openedx-filters pipelines.

This file also runs in ``make test-ulmo`` against openedx-filters 2.1.0 (Teak and Ulmo), which has no
``InstructorDashboardTabsRequested``: the tab tests (marker ``tabs_filter``) are deselected there, and
the rest shows the legacy section works on its own.
"""

import datetime
import types
from pathlib import Path

import crum
import pytest
from django.contrib.auth.models import AnonymousUser
from mako.lookup import TemplateLookup
from opaque_keys.edx.keys import CourseKey
from openedx_filters.filters import PipelineStep
from openedx_filters.learning import filters as learning_filters
from openedx_filters.learning.filters import InstructorDashboardRenderStarted

from mentoring_xblock.core.platform import Unit
from mentoring_xblock.models import MentoringUnit, Pair, Participant
from mentoring_xblock.pairs.pairing import create_pair
from mentoring_xblock.reporting import course_progress
from mentoring_xblock.settings import common
from mentoring_xblock.web import instructor

from ..people import START, TODAY

pytestmark = pytest.mark.django_db

COURSE = "course-v1:A+B+C"
COURSE_KEY = CourseKey.from_string(COURSE)
RENDER = InstructorDashboardRenderStarted.filter_type
# openedx-filters 3.4.0 added the new dashboard's filter; Teak and Ulmo's 2.x lack it.
InstructorDashboardTabsRequested = getattr(learning_filters, "InstructorDashboardTabsRequested", None)
TABS = "org.openedx.learning.instructor.dashboard.tabs.requested.v1"
# The tab tests need openedx-filters 3.4.0 or later: `make test-ulmo` deselects them by this marker
# (and checks that its openedx-filters indeed lacks the filter); every other run runs them.
needs_tabs_filter = pytest.mark.tabs_filter
ENROLLMENT = "org.openedx.learning.course.enrollment.started.v1"
OTHER_SECTION = f"{__name__}.OtherPluginSection"
OTHER_TAB = f"{__name__}.OtherPluginTab"
PLATFORM_MAKO_DIR = Path("/edx/app/edxapp/edx-platform/lms/templates")


class OtherPluginSection(PipelineStep):
    """Another plugin's step on the legacy dashboard, registered before ours."""

    def run_filter(self, context, template_name):  # noqa: ARG002
        context["sections"].append({"section_key": "other", "section_display_name": "Other"})
        return {"context": context}


class OtherPluginTab(PipelineStep):
    """Another plugin's step on the dashboard app's tabs, registered before ours."""

    def run_filter(self, tabs, user, course_key):
        return {"tabs": [*tabs, {"tab_id": "other", "title": "Other", "url": "/other/", "sort_order": 60}]}


def platform_settings():
    """LMS-like settings where another plugin and the operator have configured filters already."""
    return types.SimpleNamespace(
        OPEN_EDX_FILTERS_CONFIG={
            RENDER: {"fail_silently": False, "pipeline": [OTHER_SECTION], "log_level": "debug"},
            TABS: [OTHER_TAB],
            ENROLLMENT: {"fail_silently": False, "pipeline": ["other_plugin.filters.StopEnrollment"]},
        },
        MAKO_TEMPLATE_DIRS_BASE=[PLATFORM_MAKO_DIR],
    )


@pytest.fixture
def configured(settings):
    """Django settings whose filter configuration went through our plugin_settings."""
    platform = platform_settings()
    common.plugin_settings(platform)
    settings.OPEN_EDX_FILTERS_CONFIG = platform.OPEN_EDX_FILTERS_CONFIG
    settings.LMS_ROOT_URL = "https://lms.example.com"
    return platform


# -- the data: units, stages, at risk -------------------------------------------------------------


def unit(name, at_risk_days=30, course=COURSE, slug=None):
    """A Mentoring unit as it is remembered once viewed."""
    slug = slug or name.lower().replace(" ", "-")
    usage_key = f"block-v1:{course.split(':', 1)[1]}+type@mentorship+block@{slug}"
    MentoringUnit.objects.create(usage_key=usage_key, course_key=course, display_name=name, at_risk_days=at_risk_days)
    return Unit(course_key=course, usage_key=usage_key)


def person(where, username):
    return Participant.objects.create(
        course_key=where.course_key, usage_key=where.usage_key, anonymous_id=f"anon-{username}", username=username
    )


def pair(where, number, started_on=START, **progress):
    """Pair number ``number`` of a unit (a new mentor and mentee), with its progress fields set."""
    made = create_pair(
        where,
        person(where, f"mentor{number}"),
        person(where, f"mentee{number}"),
        capacity=3,
        formed_by="staff",
        today=started_on,
    )
    Pair.objects.filter(pk=made.pk).update(**progress)
    return made


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def course():
    """Two units of the course (30- and 60-day thresholds), an idle one, and another course's unit.

    TODAY is 2024-03-15: 30 days before is 2024-02-14, 60 days before 2024-01-15.
    """
    basics = unit("Basics", at_risk_days=30)
    pair(basics, 1, stage=Pair.IN_PROGRESS, last_session_on=day("2024-02-13"))  # 31 days: at risk
    pair(basics, 2, stage=Pair.IN_PROGRESS, last_session_on=day("2024-02-14"))  # 30 days: not yet
    pair(basics, 3, started_on=day("2024-01-15"))  # not started, nothing for 60 days: at risk
    pair(basics, 4, stage=Pair.COMPLETE, last_session_on=day("2023-12-01"))  # complete: never at risk
    pair(basics, 5, stage=Pair.IN_PROGRESS, last_session_on=day("2024-03-10"), cadence_due_on=TODAY)  # behind
    pair(basics, 6, stage=Pair.IN_PROGRESS, last_session_on=day("2024-03-10"), cadence_due_on=day("2024-03-16"))
    closed = pair(basics, 7, started_on=day("2023-01-01"))
    Pair.objects.filter(pk=closed.pk).update(status=Pair.CLOSED)  # not counted at all
    capstone = unit("Capstone", at_risk_days=60)
    pair(capstone, 1, stage=Pair.IN_PROGRESS, last_session_on=day("2024-02-13"))  # 31 of 60 days: fine
    pair(capstone, 2, started_on=day("2024-01-10"))  # 65 days without a session: at risk
    pair(capstone, 3, stage=Pair.COMPLETE, last_session_on=day("2024-03-01"))
    unit("Alumni circle")  # viewed, no pairs yet
    elsewhere = unit("Elsewhere", course="course-v1:X+Y+Z")
    pair(elsewhere, 1, started_on=day("2023-01-01"))


def by_name(units):
    return {item.display_name: item for item in units}


def test_the_overview_counts_each_units_active_pairs_by_stage(course):
    units = course_progress.course_units(COURSE, today=TODAY)
    assert [item.display_name for item in units] == ["Alumni circle", "Basics", "Capstone"]
    basics = by_name(units)["Basics"]
    assert (basics.active, basics.not_started, basics.in_progress, basics.complete) == (6, 1, 4, 1)
    capstone = by_name(units)["Capstone"]
    assert (capstone.active, capstone.not_started, capstone.in_progress, capstone.complete) == (3, 1, 1, 1)


def test_at_risk_means_incomplete_and_idle_past_the_units_own_threshold_or_behind_the_cadence(course):
    units = by_name(course_progress.course_units(COURSE, today=TODAY))
    assert units["Basics"].at_risk == 3  # 31 days idle, never met in 60 days, cadence due today
    assert units["Capstone"].at_risk == 1  # only the pair idle for 65 of 60 days
    # A day later the 30-day pair has passed the threshold and the cadence of pair 6 falls due.
    later = by_name(course_progress.course_units(COURSE, today=TODAY + datetime.timedelta(days=1)))
    assert later["Basics"].at_risk == 5


def test_the_share_complete_is_over_active_pairs_and_absent_without_any(course):
    units = by_name(course_progress.course_units(COURSE, today=TODAY))
    assert units["Basics"].percent_complete == 17  # 1 of 6
    assert units["Capstone"].percent_complete == 33  # 1 of 3
    idle = units["Alumni circle"]
    assert (idle.active, idle.at_risk, idle.percent_complete) == (0, 0, None)


def test_a_course_without_units_has_an_empty_overview(course):
    assert course_progress.course_units("course-v1:None+Here+Yet") == []


@pytest.mark.parametrize("size", [2, 20])
def test_the_overview_takes_two_queries_however_many_units_and_pairs(django_assert_num_queries, size):
    for number in range(size):
        where = unit(f"Unit {number}", at_risk_days=10 + number)
        for pair_number in range(3):
            pair(where, pair_number, stage=Pair.IN_PROGRESS, last_session_on=day("2024-02-01"))
    with django_assert_num_queries(2):
        units = course_progress.course_units(COURSE, today=TODAY)
    assert len(units) == size and sum(item.active for item in units) == 3 * size


def test_the_overview_table_names_units_and_escapes_them(course):
    MentoringUnit.objects.filter(display_name="Capstone").update(display_name="Capstone <b>2024</b>")
    html = instructor.overview_html(COURSE, today=TODAY)
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "Basics" in html and "Capstone &lt;b&gt;2024&lt;/b&gt;" in html and "Elsewhere" not in html
    assert "17%" in html and "No active pairs" in html


# -- the settings merge -----------------------------------------------------------------------------


def test_the_settings_merge_adds_our_steps_and_keeps_everything_else():
    platform = platform_settings()
    common.plugin_settings(platform)
    config = platform.OPEN_EDX_FILTERS_CONFIG
    assert config[RENDER] == {
        "fail_silently": False,
        "pipeline": [OTHER_SECTION, "mentoring_xblock.web.instructor.AddMentoringSection"],
        "log_level": "debug",
    }
    assert config[TABS] == {
        "fail_silently": True,
        "pipeline": [OTHER_TAB, "mentoring_xblock.web.instructor.AddMentoringTab"],
    }
    assert config[ENROLLMENT] == {"fail_silently": False, "pipeline": ["other_plugin.filters.StopEnrollment"]}
    assert platform.MAKO_TEMPLATE_DIRS_BASE == [PLATFORM_MAKO_DIR, common.MAKO_DIR]


def test_the_settings_merge_is_idempotent_and_updates_the_same_dict():
    platform = platform_settings()
    original = platform.OPEN_EDX_FILTERS_CONFIG
    common.plugin_settings(platform)
    once = {key: {**value} for key, value in platform.OPEN_EDX_FILTERS_CONFIG.items()}
    common.plugin_settings(platform)
    assert once == platform.OPEN_EDX_FILTERS_CONFIG
    assert platform.OPEN_EDX_FILTERS_CONFIG is original
    assert platform.MAKO_TEMPLATE_DIRS_BASE == [PLATFORM_MAKO_DIR, common.MAKO_DIR]


def test_the_settings_merge_creates_missing_entries_and_leaves_other_plugins_lists_untouched():
    theirs = ["other_plugin.filters.First"]
    platform = types.SimpleNamespace(OPEN_EDX_FILTERS_CONFIG={RENDER: {"pipeline": theirs}})
    common.plugin_settings(platform)
    assert theirs == ["other_plugin.filters.First"]
    assert platform.OPEN_EDX_FILTERS_CONFIG[RENDER]["pipeline"][-1] == common.FILTER_STEPS[RENDER]
    assert platform.OPEN_EDX_FILTERS_CONFIG[TABS] == {"fail_silently": True, "pipeline": [common.FILTER_STEPS[TABS]]}
    assert not hasattr(platform, "MAKO_TEMPLATE_DIRS_BASE")  # nothing to extend: nothing created
    empty = types.SimpleNamespace()
    common.plugin_settings(empty)
    assert set(empty.OPEN_EDX_FILTERS_CONFIG) == {RENDER, TABS}


def test_the_settings_name_the_real_filter_types_and_importable_steps():
    assert set(common.FILTER_STEPS) == {RENDER, TABS}
    if InstructorDashboardTabsRequested is not None:
        assert InstructorDashboardTabsRequested.filter_type == TABS
    assert common.FILTER_STEPS[RENDER].rsplit(".", 1)[1] == instructor.AddMentoringSection.__name__
    assert common.FILTER_STEPS[TABS].rsplit(".", 1)[1] == instructor.AddMentoringTab.__name__


# -- the legacy dashboard: InstructorDashboardRenderStarted -----------------------------------------


def dashboard_context():
    return {"course": types.SimpleNamespace(id=COURSE_KEY), "sections": [{"section_key": "course_info"}]}


@pytest.fixture
def signed_in(django_user_model):
    """Who opens the dashboard: as in the LMS, django-crum holds the request's user (the filter's
    context has none); without a user, crum answers None."""

    def sign_in(username, **flags):
        user = django_user_model.objects.create_user(username, **flags)
        crum.set_current_user(user)
        return user

    yield sign_in
    crum.set_current_user(None)


@pytest.fixture
def as_staff(signed_in):
    return signed_in("dashboard-staff", is_staff=True)


def section_keys(context):
    return [section["section_key"] for section in context["sections"]]


@pytest.mark.usefixtures("as_staff")
def test_the_legacy_dashboard_gets_a_mentoring_section_after_the_other_plugins(configured, course):
    context, template_name = InstructorDashboardRenderStarted.run_filter(
        context=dashboard_context(), template_name="instructor/instructor_dashboard_2/instructor_dashboard_2.html"
    )
    assert template_name == "instructor/instructor_dashboard_2/instructor_dashboard_2.html"
    assert [section["section_key"] for section in context["sections"]] == ["course_info", "other", "mentoring"]
    section = context["sections"][-1]
    assert set(section) == {"section_key", "section_display_name", "fragment", "course_id", "template_path_prefix"}
    assert section["section_display_name"] == "Mentoring"
    assert section["course_id"] == COURSE
    assert section["template_path_prefix"] == "/mentoring_xblock/instructor/"
    html = section["fragment"].body_html()
    assert "Basics" in html and "Capstone" in html and "Alumni circle" in html and "Elsewhere" not in html
    assert 'data-count="active">6<' in html and 'data-count="complete">1<' in html
    # Each unit's programme dashboard follows, drawn with the block's own style sheet.
    assert html.count('<section class="mentoring-unit-dashboard"') == 3
    assert html.count('data-chart="funnel"') == 3 and '<svg class="mentoring-chart' in html
    assert any(".mentoring-figures" in css.data for css in section["fragment"].resources if css.kind == "text")


@pytest.mark.usefixtures("as_staff")
def test_the_section_is_added_once_and_only_with_a_course(configured):
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    context, _ = InstructorDashboardRenderStarted.run_filter(context=context, template_name="t.html")
    assert [section["section_key"] for section in context["sections"]].count("mentoring") == 1
    context, _ = InstructorDashboardRenderStarted.run_filter(context={"sections": []}, template_name="t.html")
    assert [section["section_key"] for section in context["sections"]] == ["other"]


@pytest.mark.usefixtures("as_staff")
def test_the_legacy_page_finds_the_sections_mako_template_in_our_folder(configured, course):
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    ours = [section for section in context["sections"] if section["section_key"] == "mentoring"]
    # The legacy dashboard includes each section's template like this, with Mako's default
    # filters and the folders of MAKO_TEMPLATE_DIRS_BASE.
    page = (
        "% for section_data in sections:\n"
        "<section id=\"${section_data['section_key']}\">"
        "<%include file=\"${section_data['template_path_prefix']}${section_data['section_key']}.html\""
        ' args="section_data=section_data" /></section>\n'
        "% endfor\n"
    )
    lookup = TemplateLookup(
        directories=[str(path) for path in configured.MAKO_TEMPLATE_DIRS_BASE], default_filters=["decode.utf8"]
    )
    lookup.put_string("dashboard.html", page)
    html = lookup.get_template("dashboard.html").render(sections=ours)
    assert html.split('<section id="mentoring">', 1)[1].lstrip().startswith('<div class="mentoring-course-overview">')
    assert "<table" in html and "&lt;table" not in html  # the fragment's HTML, not escaped twice


def test_the_section_is_for_course_staff_only(configured, course, signed_in):
    # Anyone the platform lets open the dashboard (a data researcher, say) runs the filter.
    signed_in("researcher")
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    assert section_keys(context) == ["course_info", "other"]
    signed_in("sam", is_staff=True)
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    assert section_keys(context) == ["course_info", "other", "mentoring"]


def test_no_section_without_a_signed_in_user(configured, course):
    crum.set_current_user(None)
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    assert section_keys(context) == ["course_info", "other"]
    crum.set_current_user(AnonymousUser())
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    assert section_keys(context) == ["course_info", "other"]
    crum.set_current_user(None)


def test_in_the_lms_the_section_asks_the_platform_who_is_course_staff(configured, course, signed_in, monkeypatch):
    asked = []
    monkeypatch.setattr(instructor, "is_course_staff", lambda user, key: asked.append((user.username, key)) or False)
    signed_in("root", is_staff=True)
    context, _ = InstructorDashboardRenderStarted.run_filter(context=dashboard_context(), template_name="t.html")
    assert section_keys(context) == ["course_info", "other"]
    assert asked == [("root", COURSE_KEY)]


def test_the_tab_step_needs_no_filter_class(django_user_model):
    # On openedx-filters 2.x the platform never calls it, and nothing here imports the class; called
    # directly, it still answers in the new filter's shape.
    learner = django_user_model.objects.create_user("ana")
    result = instructor.AddMentoringTab(TABS, []).run_filter(tabs=None, user=learner, course_key=COURSE)
    assert result == {"tabs": [], "user": learner, "course_key": COURSE}
    assert not {"InstructorDashboardTabsRequested", "InstructorDashboardRenderStarted"} & set(vars(instructor))


# -- the new dashboard app: InstructorDashboardTabsRequested ----------------------------------------


@needs_tabs_filter
@pytest.mark.urls("tests.urls")
def test_the_dashboard_app_gets_a_mentoring_tab_for_course_staff(configured, django_user_model):
    staff = django_user_model.objects.create_user("sam", is_staff=True)
    existing = [{"tab_id": "course_info", "title": "Course Info", "url": "/info/", "sort_order": 10}]
    tabs, user, course_key = InstructorDashboardTabsRequested.run_filter(
        tabs=list(existing), user=staff, course_key=COURSE_KEY
    )
    assert (user, course_key) == (staff, COURSE_KEY)
    assert [tab["tab_id"] for tab in tabs] == ["course_info", "other", "mentoring"]
    assert tabs[-1] == {
        "tab_id": "mentoring",
        "title": "Mentoring",
        "url": f"https://lms.example.com/mentoring/courses/{COURSE}/",
        "sort_order": 95,
    }


@needs_tabs_filter
@pytest.mark.urls("tests.urls")
def test_without_an_lms_root_the_tab_links_to_an_absolute_path(configured, settings, django_user_model):
    settings.LMS_ROOT_URL = ""
    staff = django_user_model.objects.create_user("sam", is_staff=True)
    tabs, _, _ = InstructorDashboardTabsRequested.run_filter(tabs=[], user=staff, course_key=COURSE_KEY)
    assert tabs[-1]["url"] == f"/mentoring/courses/{COURSE}/"


@needs_tabs_filter
@pytest.mark.urls("tests.urls")
def test_no_tab_for_users_who_could_not_open_the_page(configured, django_user_model):
    learner = django_user_model.objects.create_user("ana")
    for user in (learner, AnonymousUser()):
        tabs, _, _ = InstructorDashboardTabsRequested.run_filter(tabs=[], user=user, course_key=COURSE_KEY)
        assert [tab["tab_id"] for tab in tabs] == ["other"]
