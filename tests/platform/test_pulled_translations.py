"""Catalogs the platform pulled for the block (OEP-58) come before the package's own, everywhere.

A Spanish catalog is pulled into a temporary folder laid out as the platform lays it out
(``conf/plugins-locale/xblock.v1/mentoring_xblock/es/LC_MESSAGES/django.mo``, what
``pull_xblock_translations`` and ``compile_xblock_translations`` leave). It says a few things
differently from the package's ``translations/es``: those texts must be the pulled ones in the
templates of the views, in the Python messages of a handler's 400 answer, and on the staff
page. The rest stays the package's Spanish.

In the LMS-faithful runtime the folder comes from the platform's own function
(``xmodule/modulestore/api.py`` ``get_python_locale_root``, from ``settings.REPO_ROOT``), which
the block and the imitated ``XBlockI18nService`` both call; in the workbench it comes from the
``MENTORING_PULLED_LOCALE_ROOT`` setting.
"""

import subprocess
import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from mentoring_xblock.core import i18n
from mentoring_xblock.models import Pair
from mentoring_xblock.web import instructor
from mentoring_xblock.workbench.services import workbench_course_key
from tools import messages

from ..conftest import DEMO, call_json, load_block
from ..integration.helpers import load_demo, page
from . import i18n_service
from .conftest import pair_before_first_visit
from .i18n_service import XBlockI18nService
from .story import goal

# The package's Spanish of these msgids, said differently by the pulled catalog.
PULLED = {
    "This field is required.": "Falta este dato (catálogo de la plataforma).",
    "Enter a number.": "Pon una cifra (catálogo de la plataforma).",
    "You are viewing this unit as course staff": "Ves la unidad como equipo docente (catálogo de la plataforma)",
    "Pairs in this unit (course staff only)": "Parejas de la unidad (catálogo de la plataforma)",
    "Mentoring units in this course and their active pairs": "Unidades del curso (catálogo de la plataforma)",
    "No Mentoring unit of this course has been opened yet. A unit is listed here once someone views it in the "
    "course.": "Ninguna unidad abierta aún (catálogo de la plataforma).",
}


def po_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pull_spanish(locale_root):
    """Write and compile the pulled Spanish catalog of the block under ``locale_root`` (the
    platform's ``conf/plugins-locale/xblock.v1``); returns the block's folder there."""
    folder = locale_root / i18n.MODULE
    messages_dir = folder / "es" / "LC_MESSAGES"
    messages_dir.mkdir(parents=True)
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: es\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for msgid, msgstr in PULLED.items():
        lines += [f"msgid {po_string(msgid)}", f"msgstr {po_string(msgstr)}", ""]
    po = messages_dir / f"{i18n.PULLED_DOMAIN}.po"
    po.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", po.with_suffix(".mo"), po], check=True)  # noqa: S603, S607
    return folder


@pytest.fixture
def fresh_catalogs():
    i18n.clear_caches()
    yield
    i18n.clear_caches()


@pytest.fixture
def platform_pull(tmp_path, settings, monkeypatch, fresh_catalogs):
    """Open edX with the block's Spanish pulled: ``REPO_ROOT`` and the platform's
    ``xmodule.modulestore.api`` (its functions as :mod:`.i18n_service` imitates them)."""
    settings.REPO_ROOT = tmp_path
    if hasattr(settings, i18n.PULLED_LOCALE_SETTING):
        delattr(settings, i18n.PULLED_LOCALE_SETTING)
    api = types.ModuleType("xmodule.modulestore.api")
    for name in ("get_root_module_name", "get_xblock_root_module_name", "get_python_locale_root",
                 "get_javascript_i18n_file_name", "get_javascript_i18n_file_path"):  # fmt: skip
        setattr(api, name, getattr(i18n_service, name))
    modulestore = types.ModuleType("xmodule.modulestore")
    modulestore.api = api
    xmodule = types.ModuleType("xmodule")
    xmodule.modulestore = modulestore
    for module in (xmodule, modulestore, api):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    i18n.clear_caches()
    return pull_spanish(tmp_path / "conf" / "plugins-locale" / "xblock.v1")


@pytest.fixture
def workbench_pull(tmp_path, settings, fresh_catalogs):
    """The workbench with the block's Spanish pulled into the folder its setting names."""
    root = tmp_path / "plugins-locale"
    folder = pull_spanish(root)
    setattr(settings, i18n.PULLED_LOCALE_SETTING, str(root))
    return folder


def package_spanish(msgid):
    """The package's own Spanish of ``msgid`` (``translations/es``)."""
    return i18n._translator("es", None).gettext(msgid)


def assert_pulled(text, *msgids):
    for msgid in msgids:
        assert PULLED[msgid] in text, f"not the pulled Spanish of {msgid!r}"
        assert package_spanish(msgid) not in text


# -- the LMS-faithful runtime ------------------------------------------------------------------------------


def test_the_platform_service_reads_the_pulled_folder_of_the_block_and_else_the_package(lms, platform_pull):
    with lms.serving("dana") as block:
        assert XBlockI18nService(block).get_python_locale(block) == ("django", platform_pull)
        with translation.override("es"):
            assert XBlockI18nService(block).gettext("Enter a number.") == PULLED["Enter a number."]
            # The platform reads nothing else when the block has pulled catalogs.
            assert XBlockI18nService(block).gettext("Pair two learners") == "Pair two learners"
        platform_pull.rename(platform_pull.with_name("elsewhere"))
        domain, folder = XBlockI18nService(block).get_python_locale(block)
        assert (domain, folder) == ("text", str(i18n.LOCALE_DIR))
        with translation.override("es"):
            assert XBlockI18nService(block).gettext("Enter a number.") == package_spanish("Enter a number.")


def test_in_the_lms_the_views_the_handlers_and_the_staff_page_say_what_was_pulled(lms, platform_pull):
    pair_id = pair_before_first_visit(lms)
    with translation.override("es"):
        html = lms.render("dana")
        status, body = lms.call("bruno", "goal_add", goal(pair_id, statement=""))
        studio_status, studio_body = lms.studio_call("dana", "studio_submit", {"weight": "heavy"})
        section = instructor.overview_html(lms.course_key)
        # What the pulled catalog does not say is the package's Spanish, in Python as in templates.
        assert i18n.gettext("Pair two learners") == package_spanish("Pair two learners")
    assert_pulled(html, "You are viewing this unit as course staff", "Pairs in this unit (course staff only)")
    assert package_spanish("Pair two learners") in html
    assert status == 400 and body["error"]["fields"]["statement"] == PULLED["This field is required."]
    assert studio_status == 400 and studio_body["error"]["fields"]["weight"] == PULLED["Enter a number."]
    assert_pulled(section, "Mentoring units in this course and their active pairs")
    assert i18n.pulled_locale_dir() == platform_pull  # the platform's own function said where


# -- the workbench -----------------------------------------------------------------------------------------


@pytest.mark.urls("tests.urls")
def test_in_the_workbench_the_setting_names_the_pulled_catalogs(workbench, client, workbench_pull):
    load_demo()
    page(client, "staff")  # the course now knows the demo unit
    pair = Pair.objects.filter(status="active").first()
    with translation.override("es"):
        html = load_block(DEMO, "staff").render("student_view", {}).body_html()
        status, body = call_json(load_block(DEMO, pair.mentee.username), "goal_add", goal(pair.pk, statement=""))
        studio_status, studio_body = call_json(load_block(DEMO, "staff"), "studio_submit", {"weight": "heavy"})
        empty = instructor.overview_html("course-v1:Nobody+Nothing+2026")
    assert_pulled(html, "Pairs in this unit (course staff only)")
    assert status == 400 and body["error"]["fields"]["statement"] == PULLED["This field is required."]
    assert studio_status == 400 and studio_body["error"]["fields"]["weight"] == PULLED["Enter a number."]
    assert_pulled(empty, "No Mentoring unit of this course has been opened yet. A unit is listed here once "
                         "someone views it in the course.")  # fmt: skip
    client.force_login(get_user_model().objects.get(username="staff"))
    url = reverse("mentoring_xblock:course_overview", kwargs={"course_key": workbench_course_key()})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert_pulled(response.content.decode(), "Mentoring units in this course and their active pairs")


def test_without_pulled_catalogs_the_package_speaks(workbench, fresh_catalogs, settings):
    assert i18n.pulled_locale_root() is None  # no setting, and not inside Open edX
    with translation.override("es"):
        assert i18n.gettext("Enter a number.") == package_spanish("Enter a number.")


# -- extraction ------------------------------------------------------------------------------------------


def test_the_source_catalogs_are_also_where_openedx_translations_extracts_them():
    """openedx-translations' workflow takes ``<module>/conf/locale/en/LC_MESSAGES/django.po``
    and ``djangojs.po`` of the repository, and ``atlas pull`` brings their translations back
    into ``conf/plugins-locale/xblock.v1/<module>/``."""
    assert not messages.openedx_source_problems()
    for domain, openedx_domain in messages.DOMAINS.items():
        path = messages.openedx_source_path(openedx_domain)
        assert path.relative_to(messages.ROOT).as_posix() == (
            f"mentoring_xblock/conf/locale/en/LC_MESSAGES/{openedx_domain}.po"
        )
        assert path.read_text(encoding="utf-8") == messages.catalog_path("en", domain).read_text(encoding="utf-8")
