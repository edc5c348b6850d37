"""The Open edX apps show the unit in their webview: the Course Blocks API finds multi_device.

The LMS loads the block without a user, mixed with its mixins, and asks
``block.has_support(getattr(block.__class__, "student_view", None), "multi_device")``
(lms/djangoapps/course_api/blocks/transformers/student_view.py, ``StudentViewTransformer.collect``).
"""

from .runtime import LmsRuntime


def test_the_block_as_the_lms_loads_it_declares_its_learner_view_for_the_apps(lms):
    runtime = LmsRuntime(lms.ids, {"field-data": lms.field_data()})
    block = lms.block_at(runtime, lms.usage_key)
    assert type(block).__name__.endswith("WithMixins")  # mixed as the LMS mixes it
    assert block.has_support(getattr(block.__class__, "student_view", None), "multi_device")
    assert not block.has_support(getattr(block.__class__, "studio_view", None), "multi_device")
