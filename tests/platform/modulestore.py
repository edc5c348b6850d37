"""The LMS's modulestore, as far as the plugin reads it: a course's published blocks of one kind.

Modelled on the platform's code: ``xmodule/modulestore/django.py`` (``modulestore()``, the one
mixed store of the process), ``xmodule/modulestore/__init__.py`` (``ModuleStoreEnum.RevisionOption``),
``xmodule/modulestore/split_mongo/split_draft.py`` (``DraftVersioningModuleStore.get_items(course_locator,
revision=None, **kwargs)``: the revision picks the branch, ``_map_revision_to_branch``) and
``xmodule/modulestore/mixed.py`` (``MixedModuleStore.get_items``, whose ``strip_key`` returns blocks
whose usage keys carry no branch or version). The blocks are bound to no user, as the store loads them.

The course of :class:`.runtime.LmsCourse` has one branch: what Studio saves there is what the LMS
reads (published at once). Asking for the draft branch is refused rather than answered with it.

:func:`installed` puts the imitation at the real import paths (``xmodule.modulestore`` and
``xmodule.modulestore.django``) for the time of a test, as the platform's modules are absent here.
"""

import contextlib
import sys
import types

from xblock.runtime import KvsFieldData

from .runtime import LmsRuntime


class ModuleStoreEnum:
    """``xmodule.modulestore.ModuleStoreEnum``: the revision options (their real values)."""

    class RevisionOption:
        draft_preferred = "rev-opt-draft-preferred"
        draft_only = "rev-opt-draft-only"
        published_only = "rev-opt-published-only"
        all = "rev-opt-all"


class ModuleStore:
    """The mixed modulestore holding the given :class:`.runtime.LmsCourse` courses."""

    def __init__(self, *courses):
        self.courses = {course.course_key: course for course in courses}
        self.calls = []  # (course_key, qualifiers, revision) of every get_items

    def get_items(self, course_key, revision=None, qualifiers=None, **kwargs):
        """The course's blocks matching ``qualifiers`` (here: ``category``, the block type), from
        the branch ``revision`` names (None: the LMS's setting, ``published-only``)."""
        self.calls.append((course_key, dict(qualifiers or {}), revision))
        if revision not in (None, ModuleStoreEnum.RevisionOption.published_only):
            raise NotImplementedError(f"this course has only its published branch, not {revision!r}")
        course = self.courses.get(course_key)
        if course is None:
            return []
        unsupported = set(qualifiers or {}) - {"category"}
        if unsupported or kwargs:
            raise NotImplementedError(f"qualifiers not imitated: {sorted(unsupported | set(kwargs))}")
        category = (qualifiers or {}).get("category")
        if category not in (None, course.usage_key.block_type):
            return []
        runtime = LmsRuntime(course.ids, {"field-data": KvsFieldData(course.state.kvs)})
        return [course.block_at(runtime, course.usage_key)]


@contextlib.contextmanager
def installed(store):
    """``xmodule.modulestore.django.modulestore()`` returns ``store`` while the context lasts."""
    created = []
    for name in ("xmodule", "xmodule.modulestore", "xmodule.modulestore.django"):
        if name in sys.modules:
            raise RuntimeError(f"{name} is already imported: the platform is not expected here")
        sys.modules[name] = types.ModuleType(name)
        created.append(name)
    sys.modules["xmodule.modulestore"].ModuleStoreEnum = ModuleStoreEnum
    sys.modules["xmodule.modulestore.django"].modulestore = lambda: store
    try:
        yield store
    finally:
        for name in reversed(created):
            del sys.modules[name]
