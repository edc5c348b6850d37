"""The same story told through either runtime: the xblock-sdk workbench or the LMS-faithful one.

Each driver offers the same verbs (add people, call a handler, open the unit, download, read
what the platform recorded, export and import OLX), so that :mod:`.test_stories` runs the main
stories on both. Where the two disagree, the LMS-faithful runtime is right.
"""

import contextlib
import io

from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.test import Client
from lxml import etree
from webob import Request
from xblock.runtime import IdGenerator

from mentoring_xblock.reporting import course_progress
from mentoring_xblock.workbench.services import WorkbenchCompletionService, workbench_course_key

from ..conftest import DEFAULT, block_from_olx, call_json, load_block
from ..integration.helpers import user_states
from . import modulestore
from .runtime import LmsCourse, LmsRuntime


class WorkbenchDriver:
    """The workbench's default unit (``mentorship.1``); staff are listed in ``MENTORING_STAFF_USERS``."""

    name = "workbench"
    staff = "staff"

    def __init__(self):
        from workbench.runtime_util import reset_global_state

        reset_global_state()
        self.client = Client()
        get_user_model().objects.get_or_create(username=self.staff, defaults={"is_staff": True})

    def platform(self):
        """What the runtime offers besides the block for the test's time: nothing here (the
        workbench's units are its loaded scenarios)."""
        return contextlib.nullcontext()

    def add_user(self, username, name):
        first, last = name.split(" ", 1)
        get_user_model().objects.update_or_create(username=username, defaults={"first_name": first, "last_name": last})

    def call(self, username, handler, data):
        return call_json(load_block(DEFAULT, username), handler, data)

    def studio_save(self, username, program):
        return self.call(username, "studio_submit", program)

    def render(self, username):
        response = self.client.get(f"/scenario/{DEFAULT}/?student={username}")
        assert response.status_code == 200
        return response.content.decode()

    def download(self, username, handler, query=""):
        block = load_block(DEFAULT, username)
        response = block.runtime.handle(block, handler, Request.blank(f"/?{query}", method="GET"))
        return response.status_code, response.body

    def completion(self, username):
        key = WorkbenchCompletionService.usage_key(load_block(DEFAULT, self.staff).scope_ids.usage_id)
        found = BlockCompletion.objects.filter(user__username=username, block_key=key).first()
        return None if found is None else found.completion

    def report(self):
        """``generate_report_data`` over the workbench's stored user state (its StudentModule)."""
        block = load_block(DEFAULT, self.staff)
        return list(block.generate_report_data(user_states(block)))

    def program(self):
        return load_block(DEFAULT, self.staff).program

    def export_olx(self):
        block = load_block(DEFAULT, self.staff)
        return _export(block)

    def import_olx(self, olx):
        return block_from_olx(olx).program

    def reimport_olx(self, olx):
        """Import ``olx`` over the unit itself (a course import into the same course)."""
        from workbench.runtime import WorkbenchRuntime

        runtime = WorkbenchRuntime(self.staff)
        runtime.id_generator = SameUnit(load_block(DEFAULT, self.staff).scope_ids)
        runtime.parse_xml_string(olx)

    def published(self, username):
        """What the block last published as ``username``'s own completion and score: the workbench's
        ``publish`` only logs events, so it is read in the user's state (``published_progress``)."""
        return load_block(DEFAULT, username).published_progress

    def score(self, username):
        """The workbench records no grades: always None."""

    def dashboard(self):
        """What the Instructor Dashboard's Mentoring tab and section show of the course's units
        (both read :func:`course_progress.course_units`)."""
        return course_progress.course_units(workbench_course_key())

    def programme(self):
        """The program at a glance of each unit, as the course's Mentoring page shows it."""
        return [found for _unit, found, _program in course_progress.course_dashboards(workbench_course_key())]


class LmsDriver:
    """A course of the LMS-faithful runtime; ``staff`` is course staff."""

    name = "lms"
    staff = "staff"

    def __init__(self):
        self.course = LmsCourse()
        self.course.add_user(self.staff, "Dana Reyes", course_staff=True)

    def platform(self):
        """The LMS's modulestore with this course in it, at its import path, for the test's time."""
        return modulestore.installed(modulestore.ModuleStore(self.course))

    def add_user(self, username, name):
        self.course.add_user(username, name)

    def call(self, username, handler, data):
        return self.course.call(username, handler, data)

    def studio_save(self, username, program):
        return self.course.studio_call(username, "studio_submit", program)

    def render(self, username):
        return self.course.render(username)

    def download(self, username, handler, query=""):
        return self.course.download(username, handler, query)

    def completion(self, username):
        return self.course.completion(username)

    def report(self):
        return self.course.report()

    def program(self):
        with self.course.serving(self.staff) as block:
            return block.program

    def export_olx(self):
        with self.course.serving(self.staff) as block:
            return _export(block)

    def import_olx(self, olx):
        """Import into another course (a course re-run): the new block's program."""
        rerun = LmsCourse("course-v1:OpenCollege+MENT101+2027")
        runtime = LmsRuntime(rerun.ids, {"field-data": rerun.field_data()})
        usage_id = runtime.parse_xml_string(olx)
        return rerun.block_at(runtime, usage_id).program

    def reimport_olx(self, olx):
        """Import ``olx`` over the unit itself (a course import into the same course): the
        modulestore replaces the unit's fields; the LMS reads them at its next request."""
        runtime = LmsRuntime(self.course.ids, {"field-data": self.course.field_data()})
        with self.course.serving(self.staff) as block:
            runtime.id_generator = SameUnit(block.scope_ids)
        runtime.parse_xml_string(olx)

    def published(self, username):
        """The completion the platform recorded for ``username``'s own visits (BlockCompletion)."""
        return self.course.completion(username)

    def score(self, username):
        """The score the gradebook recorded for ``username``: (earned, possible), or None."""
        return self.course.score(username)

    def dashboard(self):
        return course_progress.course_units(self.course.course_key)

    def programme(self):
        return [found for _unit, found, _program in course_progress.course_dashboards(self.course.course_key)]


def _export(block):
    buffer = io.BytesIO()
    block.runtime.export_to_xml(block, buffer)
    return etree.tostring(etree.fromstring(buffer.getvalue())).decode()


class SameUnit(IdGenerator):
    """The ids of an existing unit, for OLX imported over it (``parse_xml_string`` asks the
    runtime's id generator for new ones)."""

    def __init__(self, scope_ids):
        self.scope_ids = scope_ids

    def create_definition(self, block_type, slug=None):
        return self.scope_ids.def_id

    def create_usage(self, def_id):
        return self.scope_ids.usage_id

    def create_aside(self, definition_id, usage_id, aside_type):
        raise NotImplementedError
