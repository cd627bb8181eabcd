"""Shared fixtures: the three kinds of user, and static files served unhashed in tests."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client


def pytest_configure(config):
    # Hashing test passwords the production way costs a third of a second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The hashed-name storage needs `collectstatic` first; tests render pages without it.
    # (tests/test_foundation.py checks the real storage through `collectstatic`.)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_user(username, group=None, superuser=False, **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_staff=True, is_superuser=superuser, **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def clerk(db):
    return make_user("clerk1", "clerk")


@pytest.fixture
def supervisor(db):
    return make_user("supervisor1", "supervisor")


@pytest.fixture
def administrator(db):
    return make_user("admin1", superuser=True)


def logged_in(user):
    """A test client of its own, logged in as `user` (so one test can act as several people)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk_client(clerk):
    return logged_in(clerk)


@pytest.fixture
def supervisor_client(supervisor):
    return logged_in(supervisor)


@pytest.fixture
def admin_client_(administrator):
    return logged_in(administrator)


@pytest.fixture(autouse=True)
def _products_leave_before_the_flush(request):
    """After a transactional test Django flushes every table, on SQLite with a DELETE each, in an
    order that follows Python's string hashing. A product deleted after its county, or after the
    product counts, makes the count triggers write a row that points at a deleted county, and the
    flush fails its foreign keys (about one run in six). Deleting the products (their counts with
    them) first, while everything they point at still exists, makes any order safe."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        yield
        return
    # Set up after pytest-django's helper, so torn down before its flush.
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection

    from registry.models import Product, ProductCount

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # (raw: whatever refers to a product goes in the flush)
            for model in (Product, ProductCount):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")


@pytest.fixture(autouse=True)
def _each_test_starts_in_persian():
    """A request in English leaves English active in the thread (LocaleMiddleware does not undo
    it); the next test, which may format a message outside a request, starts in Persian again."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
