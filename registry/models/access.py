"""Who may do what beyond the group permissions: reading reports, working in some counties only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportAccess(models.Model):
    """Holds the `view_reports` permission; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", _("Can read the reports"))]
        verbose_name = _("report access")

    def __str__(self):
        return str(self._meta.verbose_name)


class CountyAssignment(models.Model):
    """A county a clerk works in. A clerk with assignments sees, imports and edits only the
    records of those counties; a clerk without any works province-wide."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="county_assignments",
                             verbose_name=_("user"))
    county = models.ForeignKey("registry.County", models.CASCADE, related_name="assignments",
                               verbose_name=_("county"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county assignment")
        verbose_name_plural = _("county assignments")
        constraints = [models.UniqueConstraint(fields=("user", "county"), name="registry_assignment_unique")]

    def __str__(self):
        return f"{self.user} — {self.county}"
