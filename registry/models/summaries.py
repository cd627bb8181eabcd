"""Figures the database keeps current for the reports, so that a report sums a few thousand rows
instead of counting a million products. Only the database's triggers write them
(registry/summaries.py); nobody edits them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProductCount(models.Model):
    """How many products of one county's producers in one sector were declared on `day`, and how
    many registered products were registered on it. A product's county is its producer's.

    As of a day, the products declared are the sum of `declared` up to that day and the
    registered ones the sum of `registered` up to it (a registration is never dated before the
    declaration). A `pending` row is a change not yet added into its day's row; the sums count
    it all the same.
    """

    # No index of their own: the unique index leads with the county, and reports read the table whole.
    county = models.ForeignKey("registry.County", models.CASCADE, related_name="product_counts",
                               db_index=False, verbose_name=_("county"))
    sector = models.ForeignKey("registry.Sector", models.CASCADE, related_name="product_counts",
                               db_index=False, verbose_name=_("sector"))
    day = models.DateField(_("day"))
    declared = models.IntegerField(_("products declared"))
    registered = models.IntegerField(_("products registered"))
    pending = models.BooleanField(_("pending"), default=False)

    class Meta:
        default_permissions = ()
        verbose_name = _("product count")
        verbose_name_plural = _("product counts")
        constraints = [
            models.UniqueConstraint(fields=("county", "sector", "day"), condition=Q(pending=False),
                                    name="registry_productcount_day"),
        ]
        # What a fold looks for after every write: the few pending rows, not the whole table.
        indexes = [models.Index(fields=("id",), condition=Q(pending=True), name="registry_productcount_pending")]

    def __str__(self):
        return f"{self.county} / {self.sector} / {self.day}"
