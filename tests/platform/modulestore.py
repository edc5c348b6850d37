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
    """The mixed modulestore holding the units of the given :class:`.runtime.LmsCourse` objects
    (several with one course key are units of one course)."""

    def __init__(self, *courses):
        self.courses = {}
        for course in courses:
            self.courses.setdefault(course.course_key, []).append(course)
        self.calls = []  # (course_key, qualifiers, revision) of every get_items

    def get_items(self, course_key, revision=None, qualifiers=None, **kwargs):
        """The course's blocks matching ``qualifiers`` (here: ``category``, the block type), from
        the branch ``revision`` names (None: the LMS's setting, ``published-only``)."""
        self.calls.append((course_key, dict(qualifiers or {}), revision))
        if revision not in (None, ModuleStoreEnum.RevisionOption.published_only):
            raise NotImplementedError(f"this course has only its published branch, not {revision!r}")
        unsupported = set(qualifiers or {}) - {"category"}
        if unsupported or kwargs:
            raise NotImplementedError(f"qualifiers not imitated: {sorted(unsupported | set(kwargs))}")
        category = (qualifiers or {}).get("category")
        return [
            course.block_at(LmsRuntime(course.ids, {"field-data": KvsFieldData(course.state.kvs)}), course.usage_key)
            for course in self.courses.get(course_key, [])
            if category in (None, course.usage_key.block_type)
        ]


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
