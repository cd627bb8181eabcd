"""The project's frame: settings from the environment, the Persian admin, the health check,
reference data and the two groups."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from registry import roles
from registry.models import County, Mineral, Office, Sector

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "k3J9-fP0qL2zX8vB6nM4wR1tY7uI5oE3aS9dF2gH6jK8lZ0xC4vB1nM7qW5eR3tY"


def run_manage(*args, **env):
    environment = {**os.environ, "ENV_FILE": "", "DEBUG": "0", **env}
    for name in ("SECRET_KEY", "ALLOWED_HOSTS"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="shafaf.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_an_insecure_secret_key():
    result = run_manage("check", SECRET_KEY="django-insecure-" + "x" * 60, ALLOWED_HOSTS="shafaf.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=PRODUCTION_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_deploy_check_passes_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="shafaf.example.org")
    assert result.returncode == 0, result.stderr + result.stdout


def test_static_files_are_collected_with_hashed_compressed_names(tmp_path):
    result = run_manage("collectstatic", "--no-input", SECRET_KEY=PRODUCTION_KEY,
                        ALLOWED_HOSTS="shafaf.example.org", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    fonts = {path.name for path in (tmp_path / "registry" / "fonts").iterdir()}
    assert any(name.startswith("Vazirmatn-Regular.") and name.endswith(".woff2") and name != "Vazirmatn-Regular.woff2"
               for name in fonts)
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "registry" / "css").glob("shafaf.*.css.gz"))


def test_database_url_switches_engine():
    from config.settings import database_from_url

    postgres = database_from_url("postgres://shafaf:s%40cret@db.example.org:5433/shafaf?sslmode=require")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["USER"], postgres["PASSWORD"], postgres["HOST"], postgres["PORT"], postgres["NAME"]) == \
        ("shafaf", "s@cret", "db.example.org", "5433", "shafaf")
    assert postgres["OPTIONS"] == {"sslmode": "require"}
    sqlite = database_from_url("sqlite:////tmp/x.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3" and sqlite["NAME"] == "/tmp/x.sqlite3"


def test_email_url_sets_the_mail_settings():
    from config.settings import email_from_url

    assert email_from_url("smtp://shafaf%40example.org:s%40cret@mail.example.org:587?tls=1") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587, "EMAIL_HOST_USER": "shafaf@example.org", "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False, "EMAIL_FILE_PATH": None,
    }
    smtps = email_from_url("smtps://mail.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (465, True, False)
    assert email_from_url("console://")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    files = email_from_url("file:///var/mail/shafaf")
    assert (files["EMAIL_BACKEND"], files["EMAIL_FILE_PATH"]) == (
        "django.core.mail.backends.filebased.EmailBackend", "/var/mail/shafaf")
    with pytest.raises(ImproperlyConfigured):
        email_from_url("pigeon://loft")


def test_mail_is_printed_unless_configured():
    env = {**os.environ, "ENV_FILE": "", "DEBUG": "1"}
    for name in ("EMAIL_URL", "EMAIL_BACKEND"):
        env.pop(name, None)
    printed = subprocess.run([sys.executable, "-c", "from config import settings; print(settings.EMAIL_BACKEND)"],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_admin_login_page_is_persian_and_right_to_left(client):
    response = client.get("/admin/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert "شفاف" in html
    assert "registry/css/shafaf.css" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_persian_first_whatever_the_browser_prefers(client):
    response = client.get("/admin/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert 'lang="fa"' in response.content.decode()


def test_english_when_the_user_switches(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/login/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/admin/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "fa", "next": "/admin/login/"})
    assert 'lang="fa"' in client.get("/admin/login/").content.decode()


@pytest.mark.django_db
def test_healthz_answers_with_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("registry.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_reference_data_ships_with_the_census_figures():
    populations = dict(County.objects.values_list("code", "population"))
    assert len(populations) == 10
    assert populations["sanandaj"] == 501_402
    assert populations["sarvabad"] == 44_940
    assert sum(populations.values()) == 1_603_011
    assert set(County.objects.values_list("census_year", flat=True)) == {1395}
    assert County.objects.get(code="baneh").name_fa == "بانه"
    assert set(Sector.objects.filter(smuggling_prone=True).values_list("code", flat=True)) == \
        {"home_appliances", "auto_parts"}
    assert Sector.objects.count() == 8
    assert Mineral.objects.count() == 10
    assert list(Mineral.objects.filter(rubble_stone=True).values_list("code", flat=True)) == ["rubble_stone"]
    assert list(Office.objects.filter(is_self=True).values_list("code", flat=True)) == ["imt"]
    assert County.history.count() == 10


@pytest.mark.django_db
def test_every_registry_model_grants_the_groups_their_permissions():
    clerk = set(Group.objects.get(name="clerk").permissions.values_list("codename", flat=True))
    supervisor = set(Group.objects.get(name="supervisor").permissions.values_list("codename", flat=True))
    models = roles.registry_models()
    assert len(models) >= 19
    for model in models:
        name = model._meta.model_name
        assert {f"view_{name}", f"export_{name}"} <= supervisor, name
        assert f"view_{name}" in clerk, name
        assert not {f"add_{name}", f"change_{name}", f"delete_{name}"} & supervisor, name
        assert f"delete_{name}" not in clerk, name
        if name in roles.REFERENCE_MODELS:
            assert f"change_{name}" not in clerk, name
        else:
            assert {f"add_{name}", f"change_{name}", f"import_{name}", f"export_{name}"} <= clerk, name
    assert "view_reports" in clerk and "view_reports" in supervisor


@pytest.mark.django_db
def test_reference_data_is_editable_by_administrators_only(admin_client_, clerk_client):
    county = County.objects.get(code="bijar")
    assert admin_client_.get(f"/admin/registry/county/{county.pk}/change/").status_code == 200
    response = clerk_client.get(f"/admin/registry/county/{county.pk}/change/")
    assert response.status_code == 200
    assert 'name="population"' not in response.content.decode()  # read-only for clerks
