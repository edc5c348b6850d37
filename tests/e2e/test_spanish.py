"""In Chromium set to Spanish: the text the block's JavaScript writes is Spanish too."""

import pytest
from playwright.sync_api import expect

from tools import messages, po

pytestmark = pytest.mark.django_db(transaction=True)


def spanish(domain):
    return {entry.msgid: entry.msgstr[0] for entry in po.read_po(messages.catalog_path("es", domain))}


SPANISH, SPANISH_JS = spanish("text"), spanish("textjs")


def test_the_studio_editor_built_by_javascript_speaks_spanish(workbench_url, open_page):
    page = open_page(locale="es-ES")
    page.goto(f"{workbench_url}/scenario/mentorship.1/studio_view/?student=staff")
    areas = page.get_by_role("group", name=SPANISH_JS["Learning areas"], exact=True)
    expect(areas.get_by_role("button", name=SPANISH_JS["Add learning area"])).to_be_visible()
    expect(page.get_by_role("group", name=SPANISH_JS["Completion requirements"], exact=True)).to_be_visible()
    expect(page.get_by_text("Add learning area")).to_have_count(0)
    areas.get_by_role("button", name=SPANISH_JS["Add learning area"]).click()
    expect(page.get_by_role("group", name=SPANISH_JS["Learning area %(n)s"].replace("%(n)s", "5"))).to_be_visible()


def test_a_learner_hears_the_outcome_of_an_action_in_spanish(workbench_url, open_page):
    page = open_page(locale="es-ES")
    page.goto(f"{workbench_url}/scenario/mentorship.0/?student=newcomer")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    page.get_by_role("button", name=SPANISH["Create a code"]).click()
    live = page.locator(".mentoring-live")
    expect(live).to_contain_text(SPANISH_JS["Your code is ready: share it with your partner."])
