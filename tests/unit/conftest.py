"""Fixtures shared by the unit tests."""

import pytest

from .people import make_pair


@pytest.fixture
def pair():
    """Mira mentors Ana in UNIT, paired by staff on START."""
    return make_pair("mira", "ana")
