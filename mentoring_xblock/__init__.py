"""Structured mentoring for Open edX: the ``mentorship`` XBlock and its Django app."""

__version__ = "0.1.0"
