"""WCAG 2.1 AA: an axe-core audit of every view this release has, and the views at a phone's width."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def audit(page, selector):
    """Axe violations inside the block's root element (the workbench page around it is not ours)."""
    page.locator(selector).first.wait_for()
    results = Axe().run(page, context=selector, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def assert_fits(page, selector, width=375):
    """Nothing inside the block reaches past its right edge or the screen's (tables may scroll
    inside their own scrolling region)."""
    root = page.locator(selector).first
    root.wait_for()
    overflow = root.evaluate(
        """el => {
            const right = el.getBoundingClientRect().right;
            const wide = [...el.querySelectorAll('*')].filter(
                c => !c.closest('.mentoring-table-wrap') && c.getBoundingClientRect().right > right + 1);
            const samples = wide.slice(0, 3).map(c => c.outerHTML.slice(0, 80));
            return {scroll: el.scrollWidth - el.clientWidth, right, wide: samples};
        }"""
    )
    assert overflow["scroll"] <= 0 and not overflow["wide"], overflow
    assert overflow["right"] <= width, overflow


def demo_pairs():
    with open("/dev/null", "w") as quiet:
        call_command("load_demo", stdout=quiet)


@pytest.mark.parametrize(
    ("path", "student", "selector"),
    [
        ("", "learner", ".mentoring-block"),
        ("", "staff", ".mentoring-block"),
        ("author_view/", "staff", ".mentoring-block"),
        ("studio_view/", "staff", ".mentoring-studio"),
    ],
    ids=["learner-unpaired", "staff", "author-preview", "studio-editor"],
)
def test_views_have_no_wcag_violations(page, workbench_url, path, student, selector):
    page.goto(f"{workbench_url}/scenario/mentorship.0/{path}?student={student}")
    audit(page, selector)


def test_paired_mentor_view_has_no_wcag_violations(page, workbench_url):
    demo_pairs()
    page.goto(f"{workbench_url}/scenario/mentorship.0/?student=mentor")
    page.get_by_text("Noor Haddad").wait_for()
    audit(page, ".mentoring-block")


def test_open_discussion_prompts_have_no_wcag_violations(page, workbench_url):
    page.goto(f"{workbench_url}/scenario/mentorship.0/?student=learner")
    for summary in page.locator(".mentoring-prompts summary").all():
        summary.click()
    audit(page, ".mentoring-block")


@pytest.mark.parametrize(
    ("path", "selector"),
    [("", ".mentoring-block"), ("author_view/", ".mentoring-block"), ("studio_view/", ".mentoring-studio")],
    ids=["learner", "author-preview", "studio-editor"],
)
def test_views_fit_a_375px_wide_screen(browser, workbench_url, path, selector):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{workbench_url}/scenario/mentorship.0/{path}?student=staff")
        assert_fits(page, selector)
    finally:
        context.close()
