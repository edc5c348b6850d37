"""The course author's Studio editor, in a real browser against the live workbench."""

import pytest
from playwright.sync_api import expect

from .test_accessibility import assert_fits, audit
from .test_spanish import SPANISH_JS

pytestmark = pytest.mark.e2e

DEMO = "mentorship.0"


def studio_url(base):
    return f"{base}/scenario/{DEMO}/studio_view/?student=staff"


def learner_url(base, student="learner1"):
    return f"{base}/scenario/{DEMO}/?student={student}"


def open_editor(page, base):
    page.goto(studio_url(base))
    expect(page.get_by_role("group", name="General", exact=True)).to_be_visible()


def area(page, number):
    return page.get_by_role("group", name=f"Learning area {number}", exact=True)


def agenda_item(page, number):
    return page.get_by_role("group", name=f"Agenda item {number}", exact=True)


def opened(item):
    """``item`` (a list item's group) with its fields shown: items are closed until opened."""
    toggle = item.locator(".ms-item__toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return item


def area_titles(page):
    section = page.get_by_role("group", name="Learning areas", exact=True)
    return [field.input_value() for field in section.get_by_label("Title", exact=True).all()]


def described_by(page, control):
    """The elements that describe ``control`` (its hint, its error message)."""
    ids = (control.get_attribute("aria-describedby") or "").split()
    return [page.locator(f"[id='{element_id}']") for element_id in ids]


def focused_name(page):
    """The accessible name of the focused element, as a screen reader user would hear it."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return '';
            if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
            if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
            return el.textContent.trim();
        }"""
    )


def tab_to(page, name, *, backwards=False, limit=400):
    """Press Tab (or Shift+Tab) until the element named ``name`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if focused_name(page) == name:
            return
    raise AssertionError(f"{name!r} never got the focus after {limit} presses of {key}")


def save(page):
    page.get_by_role("button", name="Save", exact=True).click()


def test_new_agenda_item_reaches_the_learner_view(page, workbench_url):
    open_editor(page, workbench_url)
    items_before = page.get_by_role("group", name="Learning agenda").get_by_role("group", name="Agenda item").count()
    new_number = items_before + 1

    page.get_by_role("button", name="Add agenda item").click()
    item = agenda_item(page, new_number)
    expect(item.get_by_label("Title", exact=True)).to_be_focused()
    item.get_by_label("Title", exact=True).fill("Negotiating a raise")
    expect(item.get_by_label("ID", exact=True)).to_have_value("negotiating-a-raise")
    item.get_by_label("Suggested week").fill("5")
    item.get_by_label("Required for completion").check()
    item.get_by_role("group", name="Linked learning areas").get_by_label("Working with stakeholders").check()
    item.get_by_label("Discussion prompts").fill("What would you ask for, and why?\n\n")
    save(page)

    expect(page.get_by_role("status")).to_have_text("Saved.")
    # The editor shows what the server kept.
    expect(agenda_item(page, new_number).get_by_label("Title", exact=True)).to_have_value("Negotiating a raise")
    expect(agenda_item(page, new_number).get_by_label("Discussion prompts")).to_have_value(
        "What would you ask for, and why?"
    )

    page.goto(learner_url(workbench_url))
    entry = page.get_by_role("listitem").filter(has_text="Negotiating a raise")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Week 5")
    expect(entry).to_contain_text("Working with stakeholders")


def test_invalid_save_marks_each_field_and_saves_nothing(page, workbench_url, browser_errors):
    browser_errors.allow(400, "studio_submit")
    open_editor(page, workbench_url)
    display_name = page.get_by_label("Display name")
    original_name = display_name.input_value()
    first_id = area(page, 1).get_by_label("ID", exact=True).input_value()
    second_id_field = opened(area(page, 2)).get_by_label("ID", exact=True)
    original_second_id = second_id_field.input_value()

    display_name.fill("")
    second_id_field.fill(first_id)
    # Closed again, the area opens by itself to show what is wrong in it.
    area(page, 2).get_by_role("button", name="Learning area 2", exact=True).click()
    expect(second_id_field).to_be_hidden()
    save(page)

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Could not save")
    expect(alert.get_by_role("listitem")).to_have_count(2)
    expect(alert).to_contain_text("Display name")
    expect(alert).to_contain_text("Learning area 2")

    expect(display_name).to_have_attribute("aria-invalid", "true")
    expect(display_name).to_be_focused()
    message = described_by(page, display_name)[0]
    expect(message).to_be_visible()
    expect(message).not_to_be_empty()
    expect(alert).to_contain_text(message.inner_text())
    # "Next to the field": the message sits right under its input.
    field_box, message_box = display_name.bounding_box(), message.bounding_box()
    assert 0 <= message_box["y"] - (field_box["y"] + field_box["height"]) < 40

    expect(second_id_field).to_have_attribute("aria-invalid", "true")
    id_message = described_by(page, second_id_field)[0]
    expect(id_message).to_be_visible()
    expect(id_message).to_contain_text(first_id)

    # Fixing a field clears its own mark.
    display_name.fill("Renamed")
    expect(display_name).not_to_have_attribute("aria-invalid", "true")

    page.reload()
    expect(page.get_by_label("Display name")).to_have_value(original_name)
    expect(area(page, 2).get_by_label("ID", exact=True)).to_have_value(original_second_id)
    expect(page.get_by_role("alert")).to_be_empty()


def test_keyboard_alone_adds_moves_and_saves_a_learning_area(page, workbench_url):
    open_editor(page, workbench_url)
    titles = area_titles(page)
    count = len(titles)

    tab_to(page, "Add learning area")
    page.keyboard.press("Enter")
    expect(area(page, count + 1).get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.type("Giving feedback")

    tab_to(page, f"Move learning area {count + 1} up")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused button shows no focus outline"
    page.keyboard.press("Space")
    # The moved area keeps the focus, on its own button at its new position.
    assert focused_name(page) == f"Move learning area {count} up"
    page.keyboard.press("Enter")
    assert focused_name(page) == f"Move learning area {count - 1} up"

    expected = [*titles[: count - 2], "Giving feedback", *titles[count - 2 :]]
    assert area_titles(page) == expected
    expect(area(page, count - 1).get_by_label("ID", exact=True)).to_have_value("giving-feedback")

    tab_to(page, "Save")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.reload()
    expect(area(page, count - 1).get_by_label("Title", exact=True)).to_have_value("Giving feedback")
    assert area_titles(page) == expected


def test_editor_fits_a_phone_screen(page, workbench_url):
    page.set_viewport_size({"width": 375, "height": 800})
    open_editor(page, workbench_url)
    # The workbench's own page around the block is not ours to judge; the editor must fit.
    editor = page.locator(".mentoring-studio")
    overflow = editor.evaluate(
        """el => {
            const right = el.getBoundingClientRect().right;
            const widest = Array.from(el.querySelectorAll('*'))
                .reduce((max, child) => Math.max(max, child.getBoundingClientRect().right), right);
            return {scroll: el.scrollWidth - el.clientWidth, right: widest};
        }"""
    )
    assert overflow["scroll"] <= 0
    assert overflow["right"] <= 375


def test_a_refused_save_says_so_and_keeps_the_edits(page, workbench_url, browser_errors):
    browser_errors.allow(403, "studio_submit")
    page.goto(f"{workbench_url}/scenario/{DEMO}/studio_view/?student=learner1")
    display_name = page.get_by_label("Display name")
    display_name.fill("Renamed by a learner")
    save(page)

    expect(page.get_by_role("alert")).to_contain_text("not allowed")
    expect(display_name).to_have_value("Renamed by a learner")
    page.goto(learner_url(workbench_url))
    expect(page.get_by_text("Renamed by a learner")).to_have_count(0)


def test_cancel_without_a_studio_host_discards_the_edits(page, workbench_url):
    # The workbench has no runtime.notify to close an editor, so Cancel restores the last save.
    open_editor(page, workbench_url)
    display_name = page.get_by_label("Display name")
    original = display_name.input_value()
    areas_before = area_titles(page)
    display_name.fill("Something else")
    page.get_by_role("button", name="Add learning area").click()
    assert len(area_titles(page)) == len(areas_before) + 1

    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("status")).to_have_text("Changes discarded.")
    expect(display_name).to_have_value(original)
    assert area_titles(page) == areas_before


# -- finding one's way: section headings, the table of contents, lists that a keyboard passes quickly --------

SECTIONS = [
    "General",
    "Learning areas",
    "Learning agenda",
    "Rating scale",
    "Progress questions",
    "Staff check-in questions",
    "Schedule",
    "Pacing",
    "Pairing",
    "Assessments",
    "Completion requirements",
    "Reminders",
]
# Tab presses from the top of the page to Save, on the demo program (4 areas, 7 agenda items,
# 5 rating points, 5 questions). With every field of every list item a tab stop it took 175.
# The Reminders section adds nine: its link in the contents and its eight fields.
TAB_STOPS_TO_SAVE = 69

FOCUSED_SECTION = """() => {
    const section = document.activeElement.closest('fieldset.ms-section');
    return section ? section.querySelector('legend').textContent : null;
}"""


def presses_to_save(page):
    for presses in range(1, 400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-ms-save')"):
            return presses
    raise AssertionError("Save never got the focus")


def test_each_section_has_a_heading_and_the_contents_move_the_focus_to_it(page, workbench_url):
    open_editor(page, workbench_url)
    editor = page.locator(".mentoring-studio")
    expect(editor.get_by_role("heading", level=2)).to_have_text(["Mentoring program"])
    for name in SECTIONS:
        group = page.get_by_role("group", name=name, exact=True)
        expect(group.get_by_role("heading", name=name, exact=True, level=3)).to_have_count(1)
    contents = page.get_by_role("navigation", name="Jump to a section")
    expect(contents.get_by_role("link")).to_have_text(SECTIONS)

    address = page.url
    for name in SECTIONS:
        contents.get_by_role("link", name=name, exact=True).focus()
        page.keyboard.press("Enter")
        heading = editor.get_by_role("heading", name=name, exact=True, level=3)
        expect(heading).to_be_focused()
        expect(heading).to_be_in_viewport()
        # The next Tab goes on into that section.
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED_SECTION) == name
    # The page around the editor (Studio, its modal) keeps its address.
    assert page.url == address


def test_a_keyboard_reaches_save_in_few_tab_stops_and_opens_the_item_it_wants(page, workbench_url):
    open_editor(page, workbench_url)
    presses = presses_to_save(page)
    assert presses <= TAB_STOPS_TO_SAVE, presses

    # A closed item is one tab stop that says what it holds; Enter opens it and Tab enters it.
    item = agenda_item(page, 2)
    toggle = item.get_by_role("button", name="Agenda item 2", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_accessible_description("Needs and a personal SWOT")
    expect(item.get_by_label("Title", exact=True)).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(item.get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" (with a template)")
    toggle.focus()
    page.keyboard.press("Space")
    expect(item.get_by_label("Title", exact=True)).to_be_hidden()
    expect(toggle).to_have_accessible_description("Needs and a personal SWOT (with a template)")

    # The open item stays open through a save; a removed item hands the focus to the next one.
    save(page)
    expect(page.get_by_role("status")).to_have_text("Saved.")
    opened(agenda_item(page, 3)).get_by_role("button", name="Remove agenda item 3").click()
    expect(agenda_item(page, 3).get_by_role("button", name="Agenda item 3", exact=True)).to_be_focused()
    expect(agenda_item(page, 3).get_by_label("Title", exact=True)).to_be_hidden()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_editor_has_no_wcag_violations_with_items_open(page, workbench_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_editor(page, workbench_url)
    opened(agenda_item(page, 1))
    opened(page.get_by_role("group", name="Rating point 1", exact=True))
    audit(page, ".mentoring-studio")
    assert_fits(page, ".mentoring-studio", width)


@pytest.mark.parametrize(
    ("viewport", "scale"),
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 360}, 2)],
    ids=["320px", "1280px-at-200%"],
)
def test_the_editor_reflows_without_scrolling_sideways(browser, workbench_url, viewport, scale):
    """WCAG 1.4.10: at 320 CSS pixels, and in a 1,280-pixel window zoomed to 200% (which lays the
    page out 640 CSS pixels wide at two device pixels each), nothing in the editor, every item
    open, reaches past its edge or the window's."""
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    try:
        page = context.new_page()
        open_editor(page, workbench_url)
        for toggle in page.locator(".ms-item__toggle").all():
            toggle.click()
        expect(page.locator(".ms-item__toggle[aria-expanded='false']")).to_have_count(0)
        assert_fits(page, ".mentoring-studio", viewport["width"])
        assert page.evaluate("window.innerWidth") == viewport["width"]
    finally:
        context.close()


def test_the_new_words_of_the_editor_are_spanish(workbench_url, open_page):
    page = open_page(locale="es-ES")
    page.goto(f"{workbench_url}/scenario/{DEMO}/studio_view/?student=staff")
    expect(page.get_by_role("navigation", name=SPANISH_JS["Jump to a section"])).to_be_visible()
    areas = page.get_by_role("group", name=SPANISH_JS["Learning areas"], exact=True)
    expect(areas.get_by_role("heading", name=SPANISH_JS["Learning areas"], level=3)).to_be_visible()
    areas.get_by_role("button", name=SPANISH_JS["Add learning area"]).click()
    new_area = areas.get_by_role("group", name=SPANISH_JS["Learning area %(n)s"].replace("%(n)s", "5"), exact=True)
    new_area.locator(".ms-item__toggle").click()
    expect(new_area.locator(".ms-item__summary")).to_have_text(SPANISH_JS["Untitled"])
