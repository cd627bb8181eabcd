"""Reconciliations of the registry with the national goods-ID list (spec section 9): each run kept
with who, when, which file and what it found, the list's rows as they were classified (so that
the review can be read again and applied later), and the products that were registered here but
missing nationally when the list was compared (so that they can be counted and listed after the
run). registry.reconciliation does the work."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReconciliationSource(models.TextChoices):
    ADMIN = "admin", _("admin")
    COMMAND = "command", _("command line")


class ReconciliationStatus(models.TextChoices):
    REVIEWED = "reviewed", _("reviewed, nothing applied")
    APPLIED = "applied", _("applied")
    REFUSED = "refused", _("refused")


class Finding(models.TextChoices):
    """What a row of the national list says about the registry."""

    MATCHED = "matched", _("matched")
    TO_REGISTER = "to_register", _("to register")
    NEW_PRODUCT = "new_product", _("new product")
    CONFLICT = "conflict", _("conflict")
    UNKNOWN_PRODUCER = "unknown_producer", _("unknown producer")
    CANCELLED_NATIONALLY = "cancelled_nationally", _("cancelled nationally")
    OUT_OF_SCOPE = "out_of_scope", _("out of your counties")
    # A cancelled row whose goods ID is on no registered product here.
    IGNORED = "ignored", _("ignored")


class Reason(models.TextChoices):
    """Why a row is a conflict."""

    OTHER_PRODUCER = "other_producer", _("the goods ID is on a product of another producer")
    NAME_HAS_OTHER_ID = "name_has_other_id", _("the producer's product of this name has another goods ID")
    NAME_CLAIMED = "name_claimed", _("another row of the list has a product of this name")


class ListState(models.TextChoices):
    ACTIVE = "active", _("active")
    CANCELLED = "cancelled", _("cancelled")


class Reconciliation(models.Model):
    """One national list compared with the registry; written by the application only."""

    Source = ReconciliationSource
    Status = ReconciliationStatus

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("user"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # A clerk of some counties reconciles those counties' producers only.
    province_wide = models.BooleanField(_("whole province"), default=True)
    counties = models.ManyToManyField("registry.County", blank=True, related_name="+", verbose_name=_("counties"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    to_register = models.PositiveIntegerField(_("to register"), default=0)
    new_product = models.PositiveIntegerField(_("new products"), default=0)
    conflict = models.PositiveIntegerField(_("conflicts"), default=0)
    unknown_producer = models.PositiveIntegerField(_("unknown producers"), default=0)
    cancelled_nationally = models.PositiveIntegerField(_("cancelled nationally"), default=0)
    out_of_scope = models.PositiveIntegerField(_("out of scope"), default=0)
    missing_nationally = models.PositiveIntegerField(_("missing nationally"), default=0)
    # None until that finding is applied.
    registered_count = models.PositiveIntegerField(_("products registered"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("products created"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("applied by"))
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.TextField(_("first errors"), blank=True)

    class Meta:
        verbose_name = _("reconciliation with the national list")
        verbose_name_plural = _("reconciliations with the national list")
        ordering = ("-created_at", "-pk")
        default_permissions = ("view",)

    def __str__(self):
        return self.file_name

    def counts(self):
        """{finding: n} as the command's --json prints them (spec section 9)."""
        return {name: getattr(self, name) for name in (
            "matched", "to_register", "new_product", "conflict", "unknown_producer", "cancelled_nationally",
            "missing_nationally")}


class ReconciliationRow(models.Model):
    """One row of a national list as the file gave it, and the finding of its classification."""

    State = ListState

    reconciliation = models.ForeignKey(Reconciliation, models.CASCADE, related_name="list_rows", db_index=False)
    number = models.PositiveIntegerField(_("row"))
    goods_id = models.CharField(_("goods ID"), max_length=13)
    producer_national_id = models.CharField(_("producer's national ID"), max_length=11)
    producer_name = models.CharField(_("producer's name"), max_length=255, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    # The records the finding is about, as the classification found them. Without a constraint
    # or an index: deleting a product must not look through every list ever kept, and a row
    # whose record is gone simply shows none.
    product = models.ForeignKey("registry.Product", models.DO_NOTHING, null=True, blank=True, related_name="+",
                                db_index=False, db_constraint=False)
    producer = models.ForeignKey("registry.Producer", models.DO_NOTHING, null=True, blank=True, related_name="+",
                                 db_index=False, db_constraint=False)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=("reconciliation", "goods_id"), name="registry_reconrow_goods_id"),
        ]
        # The review pages list one finding in file order.
        indexes = [models.Index(fields=("reconciliation", "finding", "number"), name="registry_reconrow_finding")]

    def __str__(self):
        return self.goods_id


class MissingNationally(models.Model):
    """A product that was registered here, with a goods ID on no active row of the list, when the
    list was compared; with its county and sector then, which the reports count by."""

    reconciliation = models.ForeignKey(Reconciliation, models.CASCADE, related_name="missing_products",
                                       db_index=False)
    # No constraints: deleting a product or a county must not look through every list kept.
    product = models.ForeignKey("registry.Product", models.DO_NOTHING, related_name="+", db_constraint=False,
                                db_index=False)
    county = models.ForeignKey("registry.County", models.DO_NOTHING, related_name="+", db_constraint=False,
                               db_index=False)
    sector = models.ForeignKey("registry.Sector", models.DO_NOTHING, related_name="+", db_constraint=False,
                               db_index=False)

    class Meta:
        default_permissions = ()
        # The reports count by county and sector, the product list filters by product: one index
        # answers both from the index alone.
        indexes = [models.Index(fields=("reconciliation", "county", "sector", "product"),
                                name="registry_missing_nationally")]

    def __str__(self):
        return str(self.product_id)
