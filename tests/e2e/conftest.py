"""Browser tests: the xblock-sdk workbench served live, driven by Debian's Chromium.

Fixtures:
    workbench_url  the live server's base URL, with the workbench scenarios freshly loaded
    browser        one headless Chromium for the session (``/usr/bin/chromium``, never a download)
    browser_errors what the page reported: console errors, failed requests, HTTP errors;
                   ``browser_errors.allow(400, "studio_submit")`` marks an error a test expects
    page           a new browser context and page per test; any unexpected problem above fails
                   the test
"""

import io
import os

# Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls from a
# thread with a running loop unless told otherwise. The tests and the live server share a
# process, so the flag must be set before Django is touched.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = os.environ.get("MENTORING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous enough for a loaded CI machine; tests wait on visible text, never on sleeps.
TIMEOUT_MS = 15_000
E2E_DIR = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: real-browser tests in Debian's Chromium")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e is an e2e test, so ``-m "not e2e"`` skips the browser."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not only its teardown) when the page reported a problem."""
    result = yield
    errors = item.funcargs.get("browser_errors") if hasattr(item, "funcargs") else None
    if errors is not None:
        errors.check()
    return result


class BrowserErrors:
    """Problems a page reports, minus the ones the test said it expects."""

    _STATUS_IN_CONSOLE = re.compile(r"status of (\d{3})")

    def __init__(self):
        self.problems = []
        self.reported = 0
        self._allowed = []  # (status, url substring)

    def allow(self, status, url_contains):
        """Expect responses with ``status`` from URLs containing ``url_contains``."""
        self._allowed.append((status, url_contains))

    def _is_allowed(self, status, url):
        return any(status == allowed and part in (url or "") for allowed, part in self._allowed)

    def on_console(self, message):
        if message.type != "error":
            return
        # Chromium logs every HTTP error response to the console as well; an expected
        # response must not come back as an unexpected console error.
        url = (message.location or {}).get("url", "")
        match = self._STATUS_IN_CONSOLE.search(message.text)
        if match and self._is_allowed(int(match.group(1)), url):
            return
        self.problems.append(f"console error: {message.text} ({url})")

    def on_page_error(self, error):
        self.problems.append(f"uncaught exception: {error}")

    def on_request_failed(self, request):
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def on_response(self, response):
        if response.status >= 400 and not self._is_allowed(response.status, response.url):
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def check(self):
        """Raise if problems were reported since the last check."""
        new = self.problems[self.reported :]
        self.reported = len(self.problems)
        if new:
            raise AssertionError("The browser reported problems:\n  " + "\n  ".join(new))


@pytest.fixture
def workbench_url(live_server, transactional_db):
    """The live workbench's base URL, its scenarios reloaded into this test's (fresh) database.

    The workbench keeps scenarios in memory and their content in the database, which is
    flushed between transactional tests, so they are loaded again for every test.
    """
    from workbench.runtime_util import reset_global_state  # clears its stores, then init_scenarios()

    reset_global_state()
    return live_server.url


@pytest.fixture
def demo_url(workbench_url):
    """The workbench's address, with the demo loaded (``make run``'s users and pairs)."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return workbench_url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps).")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_errors():
    return BrowserErrors()


@pytest.fixture
def open_page(browser, browser_errors):
    """Opens a page in a new browser context (own cookies: another person; ``locale`` sets the
    browser's language, ``timezone_id`` its time zone) that records every problem it meets; all
    of them are closed, and their problems checked, after the test."""
    contexts = []

    def open_new(locale="en-US", timezone_id=None):
        zone = {"timezone_id": timezone_id} if timezone_id else {}
        context = browser.new_context(viewport={"width": 1024, "height": 900}, locale=locale, **zone)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        # Browsers ask every site for a favicon; the workbench has none, and that is not a bug here.
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
        new_page = context.new_page()
        new_page.on("console", browser_errors.on_console)
        new_page.on("pageerror", browser_errors.on_page_error)
        new_page.on("requestfailed", browser_errors.on_request_failed)
        new_page.on("response", browser_errors.on_response)
        return new_page

    yield open_new
    for context in contexts:
        context.close()
    browser_errors.check()


@pytest.fixture
def page(open_page):
    """A fresh page (own context: cookies, storage) that records every problem it meets."""
    return open_page()
