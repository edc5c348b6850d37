"""A runtime that runs the block as the Open edX LMS (and Studio) does, and a course to run it in.

The LMS builds a runtime per user and request (lms/djangoapps/courseware/block_render.py:
``get_block_by_usage_id`` → ``setup_masquerade`` → ``get_block_for_descriptor`` →
``prepare_runtime_for_user``); blocks carry the LMS's mixin fields; their user state is a
``StudentModule`` row per user (lms/djangoapps/courseware/model_data.py); handler calls come
through ``handle_xblock_callback`` with django-crum holding the request. :class:`LmsCourse`
does the same with the real XBlock, edx-completion and opaque-keys libraries and the imitations
of :mod:`.accounts`, :mod:`.services` and :mod:`.masquerade`.
"""

import contextlib
import json
from dataclasses import dataclass, field

import crum
from completion.models import BlockCompletion
from completion.services import CompletionService
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from edx_django_utils.cache import RequestCache
from opaque_keys.edx.keys import CourseKey
from webob import Request
from xblock.fields import Scope, ScopeIds
from xblock.runtime import DictKeyValueStore, IdGenerator, IdReader, KvsFieldData, Runtime

from mentoring_xblock.block import MentoringBlock

from ..integration.helpers import UserState
from .accounts import Accounts
from .i18n_service import XBlockI18nService
from .masquerade import CourseMasquerade, MasqueradingKeyValueStore, setup_masquerade
from .mixins import LMS_MIXINS
from .services import EventPublishingService, Gradebook, LmsUserService, StudioPermissionsService

BLOCK_TYPE = "mentorship"


class CourseIds(IdReader, IdGenerator):
    """Usage keys of one course, as the modulestore makes them (``BlockUsageLocator``); a block's
    definition is named by its usage key."""

    def __init__(self, course_key):
        self.course_key = course_key
        self._count = 0

    def create_definition(self, block_type, slug=None):
        self._count += 1
        return self.course_key.make_usage_key(block_type, slug or f"{block_type}{self._count}")

    def create_usage(self, def_id):
        return def_id

    def get_definition_id(self, usage_id):
        return usage_id

    def get_block_type(self, def_id):
        return def_id.block_type

    def create_aside(self, definition_id, usage_id, aside_type):
        raise NotImplementedError

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError


class LmsRuntime(Runtime):
    """``xmodule/x_module.py`` ``ModuleStoreRuntime`` as ``prepare_runtime_for_user`` sets it up:
    the LMS's mixins, its services, LMS handler URLs, and ``publish`` through the ``publish``
    service."""

    def __init__(self, ids, services):
        super().__init__(id_reader=ids, id_generator=ids, mixins=LMS_MIXINS, services=services)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        kind = "handler_noauth" if thirdparty else "handler"
        usage = str(block.scope_ids.usage_id).replace("/", ";_")
        url = f"/courses/{block.scope_ids.usage_id.course_key}/xblock/{usage}/{kind}/{handler_name}"
        return url + (f"/{suffix}" if suffix else "") + (f"?{query}" if query else "")

    def resource_url(self, resource):
        return f"/static/{resource}"

    def local_resource_url(self, block, uri):
        return f"/xblock/resource/{block.scope_ids.block_type}/{uri}"

    def publish(self, block, event_type, event_data):
        self._services["publish"].publish(block, event_type, event_data)

    def service(self, block, service_name):
        """``ModuleStoreRuntime.service``: a service registered as a class (the LMS registers
        ``XBlockI18nService`` so) is instantiated with the block that asks for it."""
        found = super().service(block, service_name)
        return found(block) if isinstance(found, type) else found


@dataclass
class StudentState:
    """``courseware.models.StudentModule`` rows: one per user who saved user state in a block."""

    kvs: DictKeyValueStore = field(default_factory=DictKeyValueStore)

    def rows(self, usage_key):
        """``XBlockUserState``-like items for the Problem Responses report
        (lms/djangoapps/instructor_task/tasks_helper/grades.py, ``ProblemResponses``)."""
        states = {}
        for key, value in self.kvs.db_dict.items():
            if key.scope == Scope.user_state and key.block_scope_id == usage_key:
                states.setdefault(key.user_id, {})[key.field_name] = value
        users = get_user_model().objects.in_bulk(list(states))
        return [UserState(users[user_id].username, state, usage_key, None) for user_id, state in states.items()]


class LmsCourse:
    """One course of the LMS with one Mentoring unit in it (``unit``: its block id), and its users.

    ``call(username, handler, data)`` and ``render(username)`` go through a runtime prepared for
    that user, as each request is in the LMS; ``masquerade(staff, learner)`` sets the staff
    member's session up as the LMS's masquerade view does.
    """

    def __init__(self, course_id="course-v1:OpenCollege+MENT101+2026", completion_tracking=True, unit="mentoring"):
        self.course_key = CourseKey.from_string(course_id)
        self.ids = CourseIds(self.course_key)
        self.accounts = Accounts()
        self.cookies = {}  # username -> the cookies their browser sends
        self.gradebook = Gradebook()
        self.state = StudentState()
        self.sessions = {}  # username -> the Django session dict
        self.usage_key = self.ids.create_usage(self.ids.create_definition(BLOCK_TYPE, unit))
        self.completion_tracking = completion_tracking

    # -- people --------------------------------------------------------------------------------

    def add_user(self, username, name=None, *, course_staff=False, **kwargs):
        user = self.accounts.add_user(username, name, **kwargs)
        if course_staff:
            self.accounts.make_course_staff(user, self.course_key)
        return user

    def user(self, username):
        return self.accounts.with_profile(get_user_model().objects.get(username=username))

    def masquerade(self, staff, learner=None, role="student"):
        """``MasqueradeView.post``: from now on ``staff`` views the course as ``learner`` (or as
        any learner of ``role`` when ``learner`` is None)."""
        settings = self.sessions.setdefault(staff, {}).setdefault("masquerade_settings", {})
        settings[self.course_key] = CourseMasquerade(self.course_key, role=role, user_name=learner)

    def stop_masquerade(self, staff):
        self.sessions.get(staff, {}).get("masquerade_settings", {}).pop(self.course_key, None)

    # -- requests ------------------------------------------------------------------------------

    def request(self, username):
        """The Django request of ``username`` (None: an anonymous visitor), with its session."""
        request = HttpRequest()
        request.user = self.user(username) if username else AnonymousUser()
        request.session = self.sessions.setdefault(username, {})
        request.COOKIES.update(self.cookies.get(username, {}))  # what their browser sends
        return request

    @contextlib.contextmanager
    def serving(self, username):
        """The block bound as ``handle_xblock_callback`` binds it for ``username``'s request,
        with django-crum holding the request (its middleware does in the LMS)."""
        request = self.request(username)
        previous = crum.get_current_request()
        # edx-django-utils' RequestCacheMiddleware: each request starts with an empty request
        # cache (edx-toggles keeps waffle switches there).
        RequestCache.clear_all_namespaces()
        crum.set_current_request(request)
        try:
            yield self.bind(request)
        finally:
            crum.set_current_request(previous)
            RequestCache.clear_all_namespaces()

    def bind(self, request):
        """``get_block_by_usage_id``: masquerade first, then a runtime for the resulting user."""
        staff_access = self.accounts.has_staff_access(request.user, self.course_key)
        users = {user.username: self.accounts.with_profile(user) for user in get_user_model().objects.all()}
        masquerade, user = setup_masquerade(request, self.course_key, staff_access, users)
        student_kvs = self.state.kvs
        if masquerade is not None and masquerade.user_name:
            student_kvs = MasqueradingKeyValueStore(student_kvs, request.session)
        runtime = LmsRuntime(self.ids, self._services(user, masquerade, student_kvs))
        return self._block(runtime, user.id if user.is_authenticated else None)

    def _block(self, runtime, user_id):
        return self.block_at(runtime, self.usage_key, user_id)

    @staticmethod
    def block_at(runtime, usage_key, user_id=None):
        """The block at ``usage_key``, bound to ``user_id`` (None: no user, as in a worker)."""
        keys = ScopeIds(user_id, usage_key.block_type, usage_key, usage_key)
        return runtime.construct_xblock_from_class(MentoringBlock, keys)

    def field_data(self):
        """The course's stored fields (content, settings and every user's state)."""
        return KvsFieldData(self.state.kvs)

    def _services(self, user, masquerade, student_kvs):
        """``prepare_runtime_for_user``'s services for ``user``."""
        authenticated = user is not None and user.is_authenticated
        staff = self.accounts.has_staff_access(user, self.course_key, masquerade)
        services = {
            "field-data": KvsFieldData(student_kvs),
            "user": LmsUserService(
                user,
                self.accounts,
                user_is_staff=staff,
                user_is_global_staff=bool(authenticated and user.is_staff),
                user_role=self.accounts.user_role(user, self.course_key, masquerade),
                anonymous_user_id=self.accounts.anonymous_id_for_user(user, self.course_key) if authenticated else None,
                deprecated_anonymous_user_id=self.accounts.anonymous_id_for_user(user, None) if authenticated else None,
            ),
            "completion": CompletionService(user=user, context_key=self.course_key) if authenticated else None,
            "publish": EventPublishingService(user, self.course_key, self.gradebook),
            "i18n": lms_i18n_service(),
        }
        return services

    def call(self, username, handler, data, method="POST"):
        """A handler call by ``username``: (status, parsed JSON body)."""
        with self.serving(username) as block:
            return _json_call(block, handler, data, method)

    def studio_call(self, username, handler, data):
        """A handler call in Studio, where the author edits the unit: the preview runtime of
        cms/djangoapps/contentstore/views/preview.py (``_prepare_runtime_for_preview``), with the
        ``studio_user_permissions`` service, the user service's preview id ``student``, and no
        completion service."""
        user = self.user(username)
        services = {
            "field-data": KvsFieldData(self.state.kvs),
            # No user_is_staff in Studio's user service; the preview's anonymous ids are "student".
            "user": LmsUserService(
                user,
                self.accounts,
                user_role=self.accounts.user_role(user, self.course_key),
                anonymous_user_id="student",
                deprecated_anonymous_user_id="student",
            ),
            "studio_user_permissions": StudioPermissionsService(user, self.accounts),
            "i18n": lms_i18n_service(),
        }
        block = self._block(LmsRuntime(self.ids, services), user.id)
        return _json_call(block, handler, data)

    def download(self, username, handler, query=""):
        with self.serving(username) as block:
            response = block.runtime.handle(block, handler, Request.blank(f"/?{query}", method="GET"))
        return response.status_code, response.body

    def render(self, username, view="student_view"):
        """The HTML of ``view`` as ``username`` sees it in the courseware."""
        with self.serving(username) as block:
            return block.runtime.render(block, view, {}).content

    # -- what the platform recorded -----------------------------------------------------------

    def completion(self, username):
        """The ``BlockCompletion`` of the unit for ``username``, or None when none was recorded."""
        found = BlockCompletion.objects.filter(user__username=username, block_key=self.usage_key).first()
        return None if found is None else found.completion

    def score(self, username):
        return self.gradebook.scores.get((self.user(username).id, str(self.usage_key)))

    def report(self, limit=None):
        """``ProblemResponses._build_student_data``: the unit loaded with no user, in a worker,
        given the StudentModule rows of the block."""
        runtime = LmsRuntime(self.ids, {"field-data": KvsFieldData(self.state.kvs)})
        block = self._block(runtime, None)
        return list(block.generate_report_data(iter(self.state.rows(self.usage_key)), limit))


def lms_i18n_service():
    """The LMS's ``i18n`` service: the class itself, which the runtime instantiates with the
    block that asks (see :mod:`.i18n_service`, after ``XBlockI18nService``)."""
    return XBlockI18nService


def _json_call(block, handler, data, method="POST"):
    """Call a JSON handler as ``handle_xblock_callback`` does: (status, parsed JSON body)."""
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    request = Request.blank("/", method=method, body=body, content_type="application/json")
    response = block.runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body or b"null")
