"""Scenarios the xblock-sdk workbench lists; the first one is the demo unit (``mentorship.0``)."""

from xblock.utils.resources import ResourceLoader

loader = ResourceLoader(__name__)

SCENARIOS = [
    ("Mentoring: demo unit", "scenarios/demo_unit.xml"),
    ("Mentoring: default program", "scenarios/default_program.xml"),
]


def workbench_scenarios():
    """(title, OLX) pairs for the workbench."""
    return [(title, loader.load_unicode(path)) for title, path in SCENARIOS]
