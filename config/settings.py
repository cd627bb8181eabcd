"""Shafaf settings: one module, everything from the environment.

Safe defaults serve `make run` on a laptop (a git-ignored `.env` made by `make` sets DEBUG=1 and
a random SECRET_KEY); with DEBUG off the process refuses to start without a real SECRET_KEY and
ALLOWED_HOSTS, and the HTTPS settings that `check --deploy` asks for are on.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_env_file():
    """KEY=VALUE lines of the local env file; the real environment always wins over it."""
    path = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
    values = {}
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, _sep, value = line.partition("=")
                    values[key.strip()] = value.strip().strip("'\"")
    return values


_ENV_FILE = _read_env_file()


def env(name, default=None):
    return os.environ.get(name, _ENV_FILE.get(name, default))


def env_bool(name, default=False):
    value = env(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = env(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url):
    """A DATABASES entry from `sqlite:///path` or `postgres://user:pass@host:port/name?opts`."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if os.path.isabs(path) else str(BASE_DIR / path),
            "OPTIONS": {"timeout": 20, **options},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": env("TEST_DATABASE_NAME") or None},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported.")


# The schemes of EMAIL_URL and the backend each one means.
EMAIL_SCHEMES = {"smtp": "smtp", "smtps": "smtp", "console": "console", "locmem": "locmem", "file": "filebased",
                 "dummy": "dummy"}


def email_from_url(url):
    """Django's EMAIL_* settings from `smtp://user:password@host:587?tls=1` (`smtps://` for TLS from
    the first byte, `?ssl=1` too), `console://`, `locmem://`, `file:///path` or `dummy://`."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not supported.")
    options = {key: value.strip().lower() in {"1", "true", "yes", "on"} for key, value in parse_qsl(parts.query)}
    smtps = parts.scheme == "smtps"
    return {
        "EMAIL_BACKEND": f"django.core.mail.backends.{EMAIL_SCHEMES[parts.scheme]}.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if smtps else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": options.get("tls", False),
        "EMAIL_USE_SSL": smtps or options.get("ssl", False),
        "EMAIL_FILE_PATH": unquote(parts.path) if parts.scheme == "file" else None,
    }


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
elif not SECRET_KEY:
    SECRET_KEY = "django-insecure-local-development-only"

INSTALLED_APPS = [
    "registry.apps.AdminConfig",  # django.contrib.admin on Shafaf's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "registry.apps.LoginAttemptsConfig",  # django-axes
    "django_otp",
    "registry.apps.TwoFactorConfig",  # django_otp.plugins.otp_totp
    "registry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "registry.locale.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "registry.security.SessionLifetimeMiddleware",
    "registry.security.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the login view's response (django-axes counts failures there).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username+address pair before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env("DATABASE_URL", "sqlite:///var/shafaf.sqlite3"))}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Persian first, English second.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / env("STATIC_ROOT", "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    # runserver serves the app's own files unhashed; production serves collected, hashed ones.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "landing"  # each role's starting page (registry.roles.landing_url)

# HTTPS and cookies: on by default without DEBUG; each switch can be turned off for a deployment
# whose TLS ends at a proxy that sets X-Forwarded-Proto (BEHIND_HTTPS_PROXY=1) or for a local run.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Uploads: nothing larger than this reaches an import (bytes).
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024
# The national goods-ID list of a province (registry.reconciliation) runs to 100,000 rows and more.
NATIONAL_LIST_MAX_UPLOAD_BYTES = env_int("NATIONAL_LIST_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# An XLSX whose parts would unpack to more than this is refused before it is parsed (a zip bomb).
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)

# django-import-export: importing and exporting need the import_<model> / export_<model>
# permissions that registry.roles gives the groups; imports are logged by Shafaf's ImportLog and
# the records' history, not by one admin LogEntry per row.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

# Login throttling (spec section 7): after 5 failed logins for one username from one address,
# that pair is refused for 15 minutes; other usernames from the same address are not affected.
# Attempts live in the database, so every app server sees them.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registry/lockout.html"
AXES_CLIENT_IP_CALLABLE = "registry.security.client_ip"
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sessions: 30 minutes idle, 10 hours at most (registry.security.SessionLifetimeMiddleware).
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor login (TOTP) is open to every staff user; TWO_FACTOR_REQUIRED=1 makes it
# compulsory for administrators and supervisors.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "Shafaf"

# The worklist (registry/worklist.py): how near a deadline or how old a step makes an item.
WORKLIST_OBLIGATION_DUE_SOON_DAYS = env_int("WORKLIST_OBLIGATION_DUE_SOON_DAYS", 14)
WORKLIST_LICENCE_EXPIRING_DAYS = env_int("WORKLIST_LICENCE_EXPIRING_DAYS", 30)
WORKLIST_HANDOVER_STALLED_DAYS = env_int("WORKLIST_HANDOVER_STALLED_DAYS", 60)
WORKLIST_PRODUCT_PENDING_DAYS = env_int("WORKLIST_PRODUCT_PENDING_DAYS", 30)
# Days a lot's winner has to sign the contract after the award (spec section 11).
AUCTION_SIGNING_DAYS = env_int("AUCTION_SIGNING_DAYS", 30)

# E-mail (the daily reminders of `send_reminders`): EMAIL_URL, or Django's own EMAIL_* variables;
# without either, mail is printed on standard output (the console backend). Links in mail start
# with SITE_URL, the address clerks open Shafaf at.
_EMAIL = email_from_url(env("EMAIL_URL")) if env("EMAIL_URL") else {
    "EMAIL_BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    "EMAIL_HOST": env("EMAIL_HOST", "localhost"),
    "EMAIL_PORT": env_int("EMAIL_PORT", 25),
    "EMAIL_HOST_USER": env("EMAIL_HOST_USER", ""),
    "EMAIL_HOST_PASSWORD": env("EMAIL_HOST_PASSWORD", ""),
    "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
    "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
    "EMAIL_FILE_PATH": env("EMAIL_FILE_PATH"),
}
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"]
EMAIL_PORT = _EMAIL["EMAIL_PORT"]
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _EMAIL["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _EMAIL["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _EMAIL["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "shafaf@localhost")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Content-Security-Policy: only the app's own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
