"""Fixtures shared by the integration tests."""

import pytest
from django.db import transaction
from django.test import Client

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world of :mod:`tests.integration.world`, built once for a whole test module.

    It lives in a transaction that is rolled back after the module's last test; each test runs
    in a savepoint inside it (pytest-django's ``db``), so every test still starts from the same
    world however much the tests before it wrote.
    """
    from workbench.runtime_util import reset_global_state

    with django_db_blocker.unblock(), transaction.atomic():
        reset_global_state()
        built = build_world(Client())
        yield built
        transaction.set_rollback(True)
