"""Permissions that belong to no record: reading the supervisors' reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """Holds the `view_reports` permission; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", _("Can read the reports"))]
        verbose_name = _("report access")

    def __str__(self):
        return str(self._meta.verbose_name)
