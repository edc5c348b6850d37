"""Reflow (WCAG 1.4.10) for every view: at 320 CSS pixels and at 200% zoom of a 1,280-pixel
window (640 CSS pixels at a device scale of 2), the page never scrolls sideways and nothing of
the block reaches past its edge; only a data table may scroll, inside its own region. Every
disclosure is opened first, so what it holds reflows too.

Also the staff table at a desktop's width: 1,280 pixels show its every column without scrolling,
names included, and the panel passes an axe audit at 1,280 and 375 pixels.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring_xblock.models import MentoringUnit, Pair, Participant, Session
from mentoring_xblock.workbench.services import workbench_course_key

from .test_accessibility import assert_fits, audit
from .test_mobile import STUDENT_ID, VIEWPORT_META

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.urls")]

# (width in CSS pixels, device scale): a phone's width, and 200% zoom of a 1,280-pixel window.
REFLOW = [(320, 1), (640, 2)]
REFLOW_IDS = ["320px", "zoom200"]
OPEN_ALL = "document.querySelectorAll('details').forEach(d => { d.open = true; })"


@pytest.fixture
def demo(workbench_url):
    """The demo pairs, 30 more, a confirmed session, and a learner who visited unpaired."""
    call_command("load_demo", stdout=io.StringIO())
    get_user_model().objects.get_or_create(username="learner")
    first = Pair.objects.select_related("mentor").first()
    scoped = {"usage_key": first.usage_key, "course_key": first.course_key}
    people = Participant.objects.bulk_create(
        Participant(**scoped, anonymous_id=f"anon-{role}{n}", username=f"{role}{n:02d}",
                    display_name=f"{role.title()} Example {n:02d}")
        for n in range(30)
        for role in ("coach", "pupil")
    )  # fmt: skip
    Pair.objects.bulk_create(
        Pair(**scoped, mentor=people[2 * n], mentee=people[2 * n + 1], active_mentee=people[2 * n + 1],
             mentor_slot=1, started_on=timezone.localdate())
        for n in range(30)
    )  # fmt: skip
    Session.objects.create(**scoped, pair=first, held_on=first.started_on, minutes=30, session_format="video",
                           confirmation=Session.CONFIRMED)  # fmt: skip
    return workbench_url


def _block_page(route):
    """The workbench's page of the block alone (the page around the block is not ours to judge),
    with the viewport line the LMS's page declares (see test_mobile)."""
    response = route.fetch()
    body = response.text().replace("<head>", "<head>" + VIEWPORT_META, 1).replace("</head>", STUDENT_ID + "</head>", 1)
    route.fulfill(response=response, body=body)


def signed_in_cookie(username):
    """The session cookie of ``username`` signed in (the course's Mentoring page is Django's)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies["sessionid"]
    return {"name": "sessionid", "value": cookie.value, "path": "/", "domain": "localhost"}


def open_view(browser, url, width, scale, cookie=None, ready=".mentoring-block[data-ready='true']"):
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    context.route(lambda address: "/view/" in address, _block_page)
    if cookie:
        context.add_cookies([{**cookie, "domain": url.split("//")[1].split(":")[0]}])
    page = context.new_page()
    page.goto(url)
    page.locator(ready).first.wait_for()
    return context, page


def assert_reflows(page, selector, width):
    page.evaluate(OPEN_ALL)
    sizes = page.evaluate("() => ({inner: window.innerWidth, scroll: document.documentElement.scrollWidth})")
    assert sizes["inner"] == width and sizes["scroll"] <= width, sizes
    assert_fits(page, selector, width=width)


VIEWS = [
    ("/view/mentorship.0/?student=learner", ".mentoring-block"),
    ("/view/mentorship.0/?student=mentee1", ".mentoring-block"),
    ("/view/mentorship.0/?student=staff", ".mentoring-block"),
    ("/view/mentorship.0/author_view/?student=staff", ".mentoring-block"),
    ("/view/mentorship.0/studio_view/?student=staff", ".mentoring-studio"),
]
VIEW_IDS = ["learner", "workspace", "staff", "author-preview", "studio-editor"]


@pytest.mark.parametrize(("width", "scale"), REFLOW, ids=REFLOW_IDS)
@pytest.mark.parametrize(("path", "selector"), VIEWS, ids=VIEW_IDS)
def test_every_block_view_reflows(browser, demo, path, selector, width, scale):
    ready = selector if "studio" in path else ".mentoring-block[data-ready='true']"
    context, page = open_view(browser, f"{demo}{path}", width, scale, ready=ready)
    try:
        assert_reflows(page, selector, width)
    finally:
        context.close()


@pytest.mark.parametrize(("width", "scale"), REFLOW, ids=REFLOW_IDS)
def test_the_courses_mentoring_page_reflows(browser, demo, width, scale):
    MentoringUnit.objects.get_or_create(
        usage_key=Pair.objects.first().usage_key,
        defaults={"course_key": workbench_course_key(), "display_name": "Mentoring for new data analysts"},
    )
    url = demo + reverse("mentoring_xblock:course_overview", kwargs={"course_key": workbench_course_key()})
    context, page = open_view(browser, url, width, scale, cookie=signed_in_cookie("staff"),
                              ready=".mentoring-dashboard")  # fmt: skip
    try:
        assert_reflows(page, "main", width)
        audit(page, "main")  # every disclosure open: the charts' tables too
    finally:
        context.close()


def test_the_staff_table_fits_1280_pixels_with_the_names_in_view(page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo}/scenario/mentorship.0/?student=staff")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    region = page.locator(".mentoring-staff .mentoring-table-wrap").filter(has=page.locator("table.mentoring-pairs"))
    sizes = region.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert sizes["scroll"] <= sizes["client"], sizes  # no sideways scrolling in the table's region
    first_row = page.locator("tr[data-pair-row]").first
    first_row.scroll_into_view_if_needed()  # down the page only: the table never scrolls sideways
    assert page.evaluate("window.scrollX") == 0
    for cell in ("mentor", "mentee", "completion", "last-session"):
        expect(first_row.locator(f"td[data-col='{cell}']")).to_be_in_viewport()
    expect(first_row.get_by_role("button", name="Open")).to_be_in_viewport()
    page.locator(".mentoring-staff").screenshot(path="/tmp/i16-staff-1280.png")
    box = first_row.bounding_box()
    assert box["height"] < 64, box  # a name and a username at most two lines: not 115 pixels
    audit(page, ".mentoring-block")
    # Sorting by mentee reorders the table and says so in the header.
    page.locator("th[data-sort-key='mentee'] button").click()
    expect(page.locator("th[data-sort-key='mentee']")).to_have_attribute("aria-sort", "ascending")
    mentees = page.locator("tr[data-pair-row] td[data-col='mentee']").all_inner_texts()
    assert mentees == sorted(mentees, key=lambda text: text.split(" (")[0].lower())
    page.locator("th[data-sort-key='mentee'] button").click()
    expect(page.locator("th[data-sort-key='mentee']")).to_have_attribute("aria-sort", "descending")
    # A row's other figures open in place, the names still beside them.
    first_row = page.locator("tr[data-pair-row]").first
    first_row.locator("details.mentoring-row-figures summary").click()
    expect(first_row.locator("dd[data-col='sessions']")).to_be_visible()
    first_row.scroll_into_view_if_needed()
    expect(first_row.locator("td[data-col='mentor']")).to_be_in_viewport()
    audit(page, ".mentoring-block")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    page.evaluate(OPEN_ALL)
    assert_fits(page, ".mentoring-block")
    audit(page, ".mentoring-block")
