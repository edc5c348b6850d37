"""Dates as staff see them: the local day of a stored moment."""

from django.utils import timezone


def local_day(moment):
    """The local date of a stored datetime."""
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
