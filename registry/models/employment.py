"""Jobs registered by the province's government offices, month by month (Jalali)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.models.base import RegistryModel
from registry.querysets import EmploymentQuerySet
from registry.rules import Rule


class EmploymentRecord(RegistryModel):
    reference = models.CharField(_("reference"), max_length=50, unique=True)
    office = models.ForeignKey("registry.Office", models.PROTECT, related_name="employment_records",
                               verbose_name=_("office"))
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Jalali year, such as 1405."))
    month = models.PositiveSmallIntegerField(_("month"), help_text=_("Jalali month, 1 to 12."))
    county = models.ForeignKey("registry.County", models.PROTECT, related_name="employment_records",
                               verbose_name=_("county"))
    producer = models.ForeignKey("registry.Producer", models.SET_NULL, null=True, blank=True,
                                 related_name="employment_records", verbose_name=_("producer"))
    jobs = models.PositiveIntegerField(_("jobs"))
    verified = models.BooleanField(_("verified"), default=False)

    objects = EmploymentQuerySet.as_manager()
    county_path = "county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        constraints = [
            Rule(name="registry_employment_jobs_positive", field="jobs",
                 condition=Q(jobs__gt=0), message=_("The number of jobs must be greater than zero.")),
            Rule(name="registry_employment_month_1_12", field="month",
                 condition=Q(month__gte=1, month__lte=12), message=_("The month is a number from 1 to 12.")),
            Rule(name="registry_employment_year_jalali", field="year",
                 condition=Q(year__gte=1300, year__lt=1700), message=_("The year is a Jalali year, such as 1405.")),
        ]
        indexes = [models.Index(fields=("year", "office"), name="registry_jobs_year_office")]

    def __str__(self):
        return self.reference

    def clean(self):
        if self.year and self.month and 1 <= self.month <= 12:
            today = jalali.to_jalali(jalali.today())
            if (self.year, self.month) > (today.year, today.month):
                raise ValidationError({"month": _("Jobs cannot be registered for a month that has not begun yet.")})
