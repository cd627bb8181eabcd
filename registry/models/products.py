"""Products and their national goods IDs, the national anti-smuggling list, and the obligations to
register goods IDs."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.base import RegistryModel
from registry.querysets import ObligationQuerySet, ProductQuerySet, SmugglingItemQuerySet
from registry.rules import Rule
from registry.validators import validate_goods_id


class SmugglingItem(RegistryModel):
    """An item of the national list of goods subject to anti-smuggling rules."""

    code = models.CharField(_("item code"), max_length=30, unique=True)
    name = models.CharField(_("item name"), max_length=255)
    sector = models.ForeignKey("registry.Sector", models.PROTECT, related_name="smuggling_items",
                               verbose_name=_("sector"))
    list_year = models.PositiveSmallIntegerField(_("list year"), help_text=_("Jalali year of the list."))

    objects = SmugglingItemQuerySet.as_manager()

    class Meta(RegistryModel.Meta):
        verbose_name = _("smuggling-list item")
        verbose_name_plural = _("smuggling-list items")
        constraints = [
            Rule(name="registry_smugglingitem_list_year_jalali", field="list_year",
                 condition=Q(list_year__gte=1300, list_year__lt=1700),
                 message=_("The list year is a Jalali year, such as 1403.")),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"



class ProductStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    PENDING = "pending", _("pending")
    REJECTED = "rejected", _("rejected")


class Product(RegistryModel):
    Status = ProductStatus

    # No index of its own: the indexes on (producer, name) and (producer, sector, …) lead with it.
    producer = models.ForeignKey("registry.Producer", models.CASCADE, related_name="products", db_index=False,
                                 verbose_name=_("producer"))
    name = models.CharField(_("product name"), max_length=255)
    sector = models.ForeignKey("registry.Sector", models.PROTECT, related_name="products", verbose_name=_("sector"))
    goods_id = models.CharField(
        _("goods ID"), max_length=13, unique=True, null=True, blank=True, validators=[validate_goods_id],
        help_text=_("13 digits (GTIN-13); required once the product is registered."),
    )
    status = models.CharField(_("registration status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    declared_on = models.DateField(
        _("declaration date"), default=timezone.localdate,
        help_text=_("When the office learnt of the product."),
    )
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    smuggling_item = models.ForeignKey(
        SmugglingItem, models.PROTECT, null=True, blank=True, related_name="products",
        verbose_name=_("smuggling-list item"),
    )

    objects = ProductQuerySet.as_manager()
    county_path = "producer__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(
                fields=("producer", "name"), name="registry_product_unique_name_per_producer",
                violation_error_message=_("This producer already has a product with this name."),
            ),
            Rule(name="registry_product_goods_id_digits", field="goods_id",
                 condition=Q(goods_id__isnull=True) | Q(goods_id__regex=r"^[0-9]{13}$"),
                 message=_("A goods ID has exactly 13 digits.")),
            Rule(name="registry_product_registered_has_goods_id", field="goods_id",
                 condition=~Q(status=ProductStatus.REGISTERED) | Q(goods_id__isnull=False),
                 message=_("A registered product needs its goods ID.")),
            Rule(name="registry_product_registered_has_date", field="registered_on",
                 condition=~Q(status=ProductStatus.REGISTERED) | Q(registered_on__isnull=False),
                 message=_("A registered product needs its registration date.")),
            Rule(name="registry_product_registered_after_declared", field="registered_on",
                 condition=Q(registered_on__isnull=True) | Q(registered_on__gte=F("declared_on")),
                 message=_("The registration date cannot be before the declaration date.")),
            Rule(name="registry_product_status_valid", field="status",
                 condition=Q(status__in=ProductStatus.values), message=_("Unknown registration status.")),
        ]
        indexes = [
            models.Index(fields=("sector", "status"), name="registry_prod_sector_status"),
            models.Index(fields=("smuggling_item", "status"), name="registry_prod_item_status"),
            # The Jalali-year filter's MIN/MAX and its date range; the list sorted by a date or by
            # name (the admin adds the id to every ordering, and half the products have no
            # registration date: without the id, sorting by it reads all of those).
            models.Index(fields=("registered_on", "id"), name="registry_prod_registered_on"),
            models.Index(fields=("declared_on", "id"), name="registry_prod_declared_on"),
            models.Index(fields=("name", "id"), name="registry_prod_name"),
            # An obligation's state and its registered items (registry.querysets): the products of
            # one producer in one sector read from the index alone.
            models.Index(fields=("producer", "sector", "status", "declared_on", "registered_on"),
                         name="registry_prod_obligation"),
            # An item produced (and registered) in a county (SmugglingItemQuerySet.with_local_flags:
            # the smuggling report and list for a county): the quarter of the products that name an
            # item, read from the index alone instead of a million rows, whole or an item's entries.
            # The item leads: led by the producer, PostgreSQL read the whole index for each item.
            models.Index(fields=("smuggling_item", "producer", "status", "declared_on", "registered_on"),
                         condition=Q(smuggling_item__isnull=False), name="registry_prod_item_producer"),
        ]

    def __str__(self):
        return self.name



class ObligationState(models.TextChoices):
    MET = "met", _("met")
    OPEN = "open", _("open")
    OVERDUE = "overdue", _("overdue")


class Obligation(RegistryModel):
    """A producer obliged to register the goods IDs of its products in one sector.

    Its state (met, open, overdue) is derived by ObligationQuerySet.with_state(), never typed.
    """

    State = ObligationState

    producer = models.ForeignKey("registry.Producer", models.CASCADE, related_name="obligations",
                                 verbose_name=_("producer"))
    sector = models.ForeignKey("registry.Sector", models.PROTECT, related_name="obligations", verbose_name=_("sector"))
    notified_on = models.DateField(_("notification date"))
    deadline = models.DateField(_("deadline"))

    objects = ObligationQuerySet.as_manager()
    county_path = "producer__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("goods ID obligation")
        verbose_name_plural = _("goods ID obligations")
        constraints = [
            models.UniqueConstraint(
                fields=("producer", "sector"), name="registry_obligation_unique_producer_sector",
                violation_error_message=_("This producer already has an obligation in this sector."),
            ),
            Rule(name="registry_obligation_deadline_after_notice", field="deadline",
                 condition=Q(deadline__gte=F("notified_on")),
                 message=_("The deadline cannot be before the notification date.")),
        ]
        # The worklist's overdue and due-soon obligations, most urgent first.
        indexes = [models.Index(fields=("deadline",), name="registry_obl_deadline")]

    def __str__(self):
        return f"{self.producer.name} / {self.sector}"
