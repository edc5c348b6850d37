"""The learner view is offered to the Open edX mobile apps."""

from mentoring_xblock.block import MentoringBlock


def test_the_learner_view_declares_multi_device_support():
    """The Course Blocks API (lms/djangoapps/course_api/blocks/transformers/student_view.py,
    ``StudentViewTransformer.collect``) sets ``student_view_multi_device`` from
    ``block.has_support(getattr(block.__class__, "student_view", None), "multi_device")`` on the
    block loaded without a user; the apps show the view in their webview only when it is true."""
    student_view = getattr(MentoringBlock, "student_view", None)
    assert "multi_device" in student_view._supports
    assert MentoringBlock.has_support(None, student_view, "multi_device")


def test_only_the_learner_view_claims_it():
    """Studio's views are not shown in the apps."""
    for name in ("author_view", "studio_view"):
        assert "multi_device" not in getattr(getattr(MentoringBlock, name), "_supports", set())
