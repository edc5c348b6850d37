"""Dates as the learner's pages show them (presenters.day), in the reader's language and time zone."""

import datetime

from django.utils import timezone, translation

from mentoring_xblock.ui import presenters
from mentoring_xblock.ui.presenters import day


def test_a_day_is_shown_in_the_language_of_each_reader_in_turn():
    value = datetime.date(2031, 5, 3)
    with translation.override("en"):
        assert day(value) == "May 3, 2031"
    with translation.override("es"):
        assert day(value) == "3 de mayo de 2031"
    with translation.override("en"):
        assert day(value) == "May 3, 2031"


def test_a_moment_is_shown_on_the_day_and_at_the_time_of_the_current_time_zone():
    moment = datetime.datetime(2031, 5, 3, 2, 30, tzinfo=datetime.UTC)  # 9:30 pm the day before in Chicago
    with translation.override("en"), timezone.override("America/Chicago"):
        assert day(moment) == "May 2, 2031"
        assert day(moment, "DATETIME_FORMAT") == "May 2, 2031, 9:30 p.m. (America/Chicago)"  # the zone named
    with translation.override("en"), timezone.override("Europe/Madrid"):
        assert day(moment) == "May 3, 2031"
        assert presenters.moment(moment) == "May 3, 2031, 4:30 a.m. (Europe/Madrid)"
        assert day(moment, "SHORT_DATE_FORMAT") == "05/03/2031"  # a date names no zone


def test_no_date_shows_nothing():
    assert day(None) == ""
