"""Rendering the block's views leaves the process's translations as they were, so that pages do
not grow slower, nor the process larger, with every request."""

import gc

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from ..conftest import DEMO, load_block
from .helpers import load_demo

pytestmark = pytest.mark.django_db


def page(client, student, language):
    response = client.get(f"/scenario/{DEMO}/?student={student}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def catalogs_held():
    """How many message catalogs every live translation object of the process holds, in all
    (collected first: a translation object that nothing refers to any more is not a leak)."""
    gc.collect()
    found = [item._catalog for item in gc.get_objects() if isinstance(item, trans_real.DjangoTranslation)]
    return sum(len(catalog._catalogs) for catalog in found if isinstance(catalog, trans_real.TranslationCatalog))


@pytest.mark.parametrize("language", ["en", "es"])
def test_rendering_the_workspace_again_and_again_adds_no_catalog_to_the_translations(workbench, client, language):
    load_demo()
    with translation.override(language):
        page(client, "mentee1", language)
        load_block(DEMO, "staff").render("student_view")
        before = catalogs_held()
        for _ in range(3):
            page(client, "mentee1", language)
            load_block(DEMO, "staff").render("student_view")
        assert catalogs_held() <= before  # renders again add nothing (earlier garbage may go)


def test_the_views_translate_without_changing_what_other_code_translates(workbench, client):
    load_demo()
    with translation.override("es"):
        html = page(client, "mentee1", "es")
        # The block's text is Spanish; Django's own catalog for Spanish is left without the block's messages.
        assert "Redacta el acuerdo de mentoría" in html
        assert trans_real.translation("es").gettext("Confirmed") == "Confirmed"
