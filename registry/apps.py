"""The registry app: Shafaf's records, admin, imports and reports."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class RegistryConfig(AppConfig):
    default = True  # this module also holds the configs that rename two third-party apps
    name = "registry"
    verbose_name = _("Registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from registry import roles, security

        post_migrate.connect(roles.sync_groups, sender=self)
        user_logged_in.connect(security.start_session_clock)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on Shafaf's site (registry/site.py)."""

    default = False
    default_site = "registry.site.AdminSite"


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes, under a name clerks understand."""

    verbose_name = _("Login attempts")


class TwoFactorConfig(TOTPAppConfig):
    """django-otp's TOTP devices, under a name clerks understand."""

    verbose_name = _("Two-factor login")
