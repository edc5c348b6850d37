"""The learner view in a phone's webview, as the Open edX mobile apps show ``student_view`` once the
block declares ``multi_device``: 320 CSS pixels wide, a mobile user agent, touch, and the page
scaled to the device. The apps load the LMS's page of the block alone (``/xblock/<usage id>``,
which declares ``width=device-width``); the workbench's page of the block alone is ``/view/``,
which does not declare it, so the test adds that line to it (and the ``studentId`` its runtime's
``handlerUrl`` reads: that page names it ``student_id``)."""

import pytest
from playwright.sync_api import expect

from .sections import section
from .test_accessibility import assert_fits

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320
# The Android app's WebView (``; wv``), as the platform sees it.
ANDROID_WEBVIEW = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Mobile Safari/537.36 edX/org.edx.mobile/5.1.0"
)
VIEWPORT_META = '<meta name="viewport" content="width=device-width, initial-scale=1">'
STUDENT_ID = "<script>window.studentId = window.student_id;</script>"
SCENARIO = "/view/mentorship.0/"
CONTROLS = "input:not([type=hidden]), select, textarea, button, summary, a[href]"


@pytest.fixture
def phone(browser, browser_errors):
    """Opens the unit as ``student`` in a phone-sized webview that records every problem."""
    contexts = []

    def open_as(base, student):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 640},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            user_agent=ANDROID_WEBVIEW,
        )
        contexts.append(context)
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
        context.route(lambda url: SCENARIO in url, _with_viewport_meta)
        page = context.new_page()
        page.on("console", browser_errors.on_console)
        page.on("pageerror", browser_errors.on_page_error)
        page.on("requestfailed", browser_errors.on_request_failed)
        page.on("response", browser_errors.on_response)
        page.goto(f"{base}{SCENARIO}?student={student}")
        expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()
    browser_errors.check()


def _with_viewport_meta(route):
    response = route.fetch()
    body = response.text().replace("<head>", "<head>" + VIEWPORT_META, 1).replace("</head>", STUDENT_ID + "</head>", 1)
    route.fulfill(response=response, body=body)


def assert_no_horizontal_scrolling(page):
    sizes = page.evaluate(
        "() => ({inner: window.innerWidth, scroll: document.documentElement.scrollWidth,"
        " body: document.body.scrollWidth})"
    )
    assert sizes["inner"] == WIDTH, sizes
    assert sizes["scroll"] <= WIDTH and sizes["body"] <= WIDTH, sizes
    assert_fits(page, ".mentoring-block", width=WIDTH)


def assert_every_control_reachable(page):
    """Every visible control of the block lies within the screen's width and, scrolled to, is the
    element a tap at its centre reaches (nothing covers it)."""
    controls = page.locator(".mentoring-block").first.locator(CONTROLS)
    checked = 0
    for index in range(controls.count()):
        control = controls.nth(index)
        if not control.is_visible():
            continue
        control.scroll_into_view_if_needed()
        problem = control.evaluate(
            """(el, width) => {
                const box = el.getBoundingClientRect();
                if (box.left < -1 || box.right > width + 1) return `outside the screen: ${box.left}..${box.right}`;
                if (box.width < 1 || box.height < 1) return 'no size';
                const x = Math.min(Math.max(box.left + box.width / 2, 0), width - 1);
                const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
                const hit = document.elementFromPoint(x, y);
                const label = el.labels && el.labels[0];
                if (hit && (el.contains(hit) || hit.contains(el) || (label && label.contains(hit)))) return null;
                return `covered by ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'}`;
            }""",
            WIDTH,
        )
        assert problem is None, f"{control.evaluate('el => el.outerHTML.slice(0, 120)')}: {problem}"
        checked += 1
    assert checked, "no control found"


def test_a_paired_mentee_logs_a_session_on_a_phone(demo_url, phone):
    page = phone(demo_url, "mentee1")
    assert_no_horizontal_scrolling(page)
    assert_every_control_reachable(page)

    sessions = section(page, "sessions")
    sessions.locator("summary", has_text="Log a session").tap()
    assert_no_horizontal_scrolling(page)
    assert_every_control_reachable(page)
    sessions.get_by_label("Kickoff: meet and set expectations").tap()
    sessions.get_by_label("Shared notes").fill("Met on a call; planned the first month.")
    sessions.get_by_label("What was useful?").fill("A clear plan")
    sessions.get_by_role("button", name="Log the session").tap()

    logged = section(page, "sessions").locator("[data-session-id]").first
    expect(logged).to_contain_text("Waiting for the partner")
    expect(logged).to_contain_text("Met on a call; planned the first month.")
    assert_no_horizontal_scrolling(page)


def test_the_mentor_with_two_mentees_fits_a_phone(demo_url, phone):
    page = phone(demo_url, "mentor")
    expect(page.get_by_text("Noor Haddad").first).to_be_attached()
    assert_no_horizontal_scrolling(page)
    assert_every_control_reachable(page)


def test_course_staff_view_fits_a_phone(demo_url, phone):
    page = phone(demo_url, "staff")
    assert_no_horizontal_scrolling(page)
    assert_every_control_reachable(page)
