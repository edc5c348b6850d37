"""The sections of a pair's page open and close (learner.js); these open them as a reader does."""

from playwright.sync_api import expect

READY = ".mentoring-block[data-ready='true']"


def open_section(page, name):
    """Open the section ``name`` if the page shows it closed (a click on its heading's button),
    and wait until its content is read. The choice is kept by the browser, as a reader's is."""
    page.locator(READY).first.wait_for()
    closed = page.locator(f"section[data-section='{name}'] button[data-fold='{name}'][aria-expanded='false']")
    _open_each(page, closed, f"section[data-section='{name}'] [data-lazy]")


def section(page, name):
    """The section ``name`` of the pair's page, opened."""
    open_section(page, name)
    return page.locator(f"section[data-section='{name}']")


def open_everything(page):
    """Open every section, then every disclosure (editors, histories, the program), nested ones included."""
    page.locator(READY).first.wait_for()
    _open_each(page, page.locator("button[data-fold][aria-expanded='false']"), ".mentoring-block [data-lazy]")
    page.evaluate("document.querySelectorAll('.mentoring-block details').forEach(d => { d.open = true; })")


def _open_each(page, closed, lazy):
    """Click each of the ``closed`` buttons, one at a time (an opened section is read and its
    part of the page replaced), until none is left and nothing ``lazy`` waits to be read."""
    for _ in range(20):
        if not closed.count():
            break
        closed.first.click()
        expect(page.locator(".mentoring-block [aria-busy='true']")).to_have_count(0)
    expect(closed).to_have_count(0)
    expect(page.locator(lazy)).to_have_count(0)
