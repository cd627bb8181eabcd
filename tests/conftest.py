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
