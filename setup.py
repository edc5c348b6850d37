"""Packaging for mentoring-xblock: the ``mentorship`` XBlock and its Django app."""

import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def read_version():
    """Read ``__version__`` from the package without importing it."""
    with open(os.path.join(HERE, "mentoring_xblock", "__init__.py"), encoding="utf-8") as handle:
        return re.search(r'^__version__ = "([^"]+)"', handle.read(), re.M).group(1)


def read_readme():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as handle:
        return handle.read()


# static/, templates/ and translations/ live at the top of the repository and are
# reached from inside the package through symlinks, so wheels, plain installs and
# editable installs all find them at mentoring_xblock/<folder>/.
PACKAGE_DATA = [
    "static/**/*",
    "templates/**/*",
    "translations/**/*",
    "workbench/scenarios/*.xml",
    # The legacy Instructor Dashboard's Mako template for the Mentoring section.
    "mako/**/*",
]

setup(
    name="mentoring-xblock",
    version=read_version(),
    description="Structured mentoring inside an Open edX course: pairs, agreements, "
    "SMART goals, session logs, assessments and staff oversight.",
    long_description=read_readme(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_packages(include=["mentoring_xblock", "mentoring_xblock.*"]),
    package_data={"mentoring_xblock": PACKAGE_DATA},
    include_package_data=False,
    zip_safe=False,
    install_requires=[
        "Django>=4.2,<6",
        "XBlock>=5.1",
        # XBlock 6.2 and later (Python 3.12+) ship web_fragments inside their own wheel; installing the
        # web-fragments distribution beside them would overwrite those files. Older XBlocks depend on it.
        'web-fragments>=2.2; python_version < "3.12"',
        "openedx-filters>=1.6",
        # Calendar invites for planned sessions (RFC 5545).
        "icalendar>=6",
    ],
    extras_require={
        "workbench": [
            "XBlock[django]>=5.1",
            "xblock-sdk>=0.12",
            # The platform's own completion service (submit_group_completion and its waffle switch).
            "edx-completion>=4.7",
            # The platform's messaging framework, which Open edX provides: the reminder emails go
            # through it (core/mail.py); the workbench writes them to var/mail/ with its file channel.
            "edx-ace>=1.15",
        ],
        "test": [
            "XBlock[django]>=5.1",
            "xblock-sdk>=0.12",
            "edx-completion>=4.7",
            "edx-ace>=1.15",
            "pytest>=8",
            "pytest-django>=4.8",
            "pytest-xdist>=3.5",
            "hypothesis>=6.100",
            "playwright>=1.45",
            "axe-playwright-python>=0.1.8",
            "ruff>=0.6",
            "build>=1.2",
            # Checks that the layers import one way only (tests/unit/test_layers.py).
            "import-linter>=2.1",
            "edx-django-utils>=5.10",
            # The platform's xAPI router for Aspects: the block's transformers are tested with it
            # (web/xapi.py); operators install it only where they run Aspects.
            "edx-event-routing-backends>=9.3",
        ],
        "mysql": [
            "mysqlclient>=2.2",
        ],
        "postgresql": [
            "psycopg[binary]>=3.1",
        ],
        # make load: a multi-process WSGI server and the load generator that drives it.
        "load": [
            "gunicorn>=23",
            "locust>=2.30",
        ],
    },
    entry_points={
        "xblock.v1": [
            "mentorship = mentoring_xblock.block:MentoringBlock",
        ],
        "lms.djangoapp": [
            "mentoring_xblock = mentoring_xblock.apps:MentoringConfig",
        ],
        "cms.djangoapp": [
            "mentoring_xblock = mentoring_xblock.apps:MentoringConfig",
        ],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 4.2",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
)
