"""The registry app: Shafaf's records, admin, imports and reports."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from registry import roles, security

        post_migrate.connect(roles.sync_groups, sender=self)
        user_logged_in.connect(security.start_session_clock)
