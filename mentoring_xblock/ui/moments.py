"""The templates' ``moments`` library: ``{{ value|moment }}`` shows a stored moment's date and
time of day in the reader's zone, the zone named (:func:`presenters.moment`)."""

from django import template

from . import presenters

register = template.Library()
register.filter("moment", presenters.moment)
