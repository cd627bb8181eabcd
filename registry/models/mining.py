"""Mines and the shipments of minerals through the production chain (raw minerals never leave the
country)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.countries import COUNTRIES, CountryField
from registry.models.base import RegistryModel
from registry.querysets import MineQuerySet, ShipmentQuerySet
from registry.rules import Rule
from registry.validators import validate_national_id

# The province's bounding box (WGS84 degrees).
LATITUDE_RANGE = (Decimal("34.5"), Decimal("36.6"))
LONGITUDE_RANGE = (Decimal("45.4"), Decimal("48.4"))
MAX_LICENCE_YEARS = 25
# The longest 25 years (with 7 leap days) in days, as the database holds the 25-year rule; the
# exact calendar rule lives in Mine.clean().
MAX_LICENCE_DAYS = 25 * 365 + 7
LICENCE_TERM_MESSAGE = _("A mining licence runs at most 25 years after its issue date.")



class MineStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    IDLE = "idle", _("idle")
    IN_AUCTION = "in_auction", _("in auction")
    REVOKED = "revoked", _("revoked")


class Mine(RegistryModel):
    Status = MineStatus

    licence_number = models.CharField(_("operating licence number"), max_length=50, unique=True)
    name = models.CharField(_("mine name"), max_length=255)
    county = models.ForeignKey("registry.County", models.PROTECT, related_name="mines", verbose_name=_("county"))
    mineral = models.ForeignKey("registry.Mineral", models.PROTECT, related_name="mines", verbose_name=_("mineral"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDLE)
    operator_name = models.CharField(_("operator"), max_length=255, blank=True)
    operator_national_id = models.CharField(
        _("operator national ID"), max_length=11, blank=True, validators=[validate_national_id],
    )
    licence_issued_on = models.DateField(_("licence issue date"), null=True, blank=True)
    licence_expires_on = models.DateField(_("licence expiry date"), null=True, blank=True)
    capacity_tonnes = models.DecimalField(_("annual capacity (tonnes)"), max_digits=14, decimal_places=3, default=0)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = MineQuerySet.as_manager()
    county_path = "county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("mine")
        verbose_name_plural = _("mines")
        constraints = [
            Rule(name="registry_mine_status_valid", field="status",
                 condition=Q(status__in=MineStatus.values), message=_("Unknown mine status.")),
            Rule(name="registry_mine_capacity_non_negative", field="capacity_tonnes",
                 condition=Q(capacity_tonnes__gte=0), message=_("The annual capacity cannot be negative.")),
            Rule(name="registry_mine_operator_id_digits", field="operator_national_id",
                 condition=Q(operator_national_id="") | Q(operator_national_id__regex=r"^[0-9]{10,11}$"),
                 message=_("The operator's national ID has 10 or 11 digits.")),
            Rule(name="registry_mine_licence_expiry_after_issue", field="licence_expires_on",
                 condition=Q(licence_expires_on__isnull=True) | Q(licence_issued_on__isnull=True)
                 | Q(licence_expires_on__gt=F("licence_issued_on")),
                 message=_("The licence expiry date must be after its issue date.")),
            Rule(name="registry_mine_licence_at_most_25_years", field="licence_expires_on",
                 condition=Q(licence_expires_on__isnull=True) | Q(licence_issued_on__isnull=True)
                 | Q(licence_expires_on__lte=F("licence_issued_on") + datetime.timedelta(days=MAX_LICENCE_DAYS)),
                 message=LICENCE_TERM_MESSAGE),
            # A point has both coordinates or neither; the error goes to the one that is missing.
            Rule(name="registry_mine_latitude_needs_longitude", field="longitude",
                 condition=Q(latitude__isnull=True) | Q(longitude__isnull=False),
                 message=_("Give both latitude and longitude, or neither.")),
            Rule(name="registry_mine_longitude_needs_latitude", field="latitude",
                 condition=Q(longitude__isnull=True) | Q(latitude__isnull=False),
                 message=_("Give both latitude and longitude, or neither.")),
            Rule(name="registry_mine_latitude_in_province", field="latitude",
                 condition=Q(latitude__isnull=True)
                 | Q(latitude__gte=LATITUDE_RANGE[0], latitude__lte=LATITUDE_RANGE[1]),
                 message=_("The latitude must lie in Kurdistan province (34.5 to 36.6 degrees north).")),
            Rule(name="registry_mine_longitude_in_province", field="longitude",
                 condition=Q(longitude__isnull=True)
                 | Q(longitude__gte=LONGITUDE_RANGE[0], longitude__lte=LONGITUDE_RANGE[1]),
                 message=_("The longitude must lie in Kurdistan province (45.4 to 48.4 degrees east).")),
        ]

    def __str__(self):
        return f"{self.name} ({self.licence_number})"

    @cached_property
    def held_by_auction(self):
        """An auction under way, or a won lot awaiting its contract, holds the mine: only the
        auction's steps may then change its status and operator."""
        return self.lots.holding_mine().exists()

    def clean(self):
        # The 25 years to the day, by either calendar (the later of the two limits): exact where the
        # database's rule (registry_mine_licence_at_most_25_years) allows for the longest 25 years.
        issued, expires = self.licence_issued_on, self.licence_expires_on
        if issued and expires and expires > issued:
            limit = max(jalali.add_years(issued, MAX_LICENCE_YEARS), _add_gregorian_years(issued, MAX_LICENCE_YEARS))
            if expires > limit:
                raise ValidationError({"licence_expires_on": LICENCE_TERM_MESSAGE})


def _add_gregorian_years(value, years):
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)



COUNTRY_MESSAGE = _("Give the destination country as a two-letter ISO code of another country, such as IQ.")


class ShipmentStage(models.TextChoices):
    RAW = "raw", _("raw")
    CRUSHED = "crushed", _("crushed")
    PROCESSED = "processed", _("processed")



class ShipmentDestination(models.TextChoices):
    DOMESTIC = "domestic", _("domestic")
    EXPORT = "export", _("export")


class Shipment(RegistryModel):
    Stage = ShipmentStage

    Destination = ShipmentDestination

    number = models.CharField(_("number"), max_length=50, unique=True)
    shipped_on = models.DateField(_("date"))
    mine = models.ForeignKey(Mine, models.PROTECT, null=True, blank=True, related_name="shipments",
                             verbose_name=_("source mine"))
    processor = models.ForeignKey("registry.Producer", models.PROTECT, null=True, blank=True, related_name="shipments",
                                  verbose_name=_("processing unit"))
    mineral = models.ForeignKey("registry.Mineral", models.PROTECT, related_name="shipments", verbose_name=_("mineral"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    quantity_tonnes = models.DecimalField(_("quantity (tonnes)"), max_digits=14, decimal_places=3)
    destination = models.CharField(_("destination"), max_length=10, choices=Destination.choices)
    destination_country = CountryField(
        _("destination country"), max_length=2, blank=True,
        help_text=_("Only for an export. Files give it as its ISO 3166 two-letter code, such as IQ or TR."),
    )
    goods_id = models.CharField(
        _("goods ID"), max_length=13, blank=True,
        help_text=_("Required for an export: the goods ID of a registered product."),
    )

    objects = ShipmentQuerySet.as_manager()
    county_path = ("mine__county", "processor__county")

    class Meta(RegistryModel.Meta):
        verbose_name = _("mineral shipment")
        verbose_name_plural = _("mineral shipments")
        constraints = [
            Rule(name="registry_shipment_no_raw_export", field="stage",
                 condition=~Q(stage=ShipmentStage.RAW, destination=ShipmentDestination.EXPORT),
                 message=_("Raw minerals are never exported: a raw shipment can only go to a domestic destination.")),
            Rule(name="registry_shipment_quantity_positive", field="quantity_tonnes",
                 condition=Q(quantity_tonnes__gt=0), message=_("The quantity must be greater than zero.")),
            Rule(name="registry_shipment_export_has_country", field="destination_country",
                 condition=~Q(destination=ShipmentDestination.EXPORT) | ~Q(destination_country=""),
                 message=_("An export needs its destination country.")),
            Rule(name="registry_shipment_export_has_goods_id", field="goods_id",
                 condition=~Q(destination=ShipmentDestination.EXPORT) | ~Q(goods_id=""),
                 message=_("An export needs the goods ID of a registered product.")),
            Rule(name="registry_shipment_domestic_no_country", field="destination_country",
                 condition=~Q(destination=ShipmentDestination.DOMESTIC) | Q(destination_country=""),
                 message=_("A domestic shipment has no destination country.")),
            Rule(name="registry_shipment_stage_valid", field="stage",
                 condition=Q(stage__in=ShipmentStage.values), message=_("Unknown stage.")),
            Rule(name="registry_shipment_destination_valid", field="destination",
                 condition=Q(destination__in=ShipmentDestination.values), message=_("Unknown destination.")),
            Rule(name="registry_shipment_goods_id_digits", field="goods_id",
                 condition=Q(goods_id="") | Q(goods_id__regex=r"^[0-9]{13}$"),
                 message=_("A goods ID has exactly 13 digits.")),
            Rule(name="registry_shipment_country_code", field="destination_country",
                 condition=Q(destination_country="")
                 | (Q(destination_country__regex=r"^[A-Z]{2}$") & ~Q(destination_country="IR")),
                 message=COUNTRY_MESSAGE),
        ]
        indexes = [
            models.Index(fields=("shipped_on",), name="registry_ship_shipped_on"),
            # Searching exports by goods ID.
            models.Index(fields=("goods_id",), name="registry_ship_goods_id"),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        """What the rules cannot tell from the row: a real country (the rule holds the code's shape),
        and an export's goods ID on a registered product."""
        from registry.models.products import Product

        errors = {}
        self.destination_country = (self.destination_country or "").upper()
        if self.destination == self.Destination.EXPORT:
            if self.destination_country and self.destination_country not in COUNTRIES:
                errors["destination_country"] = COUNTRY_MESSAGE
            if self.goods_id and not Product.objects.filter(goods_id=self.goods_id,
                                                            status=Product.Status.REGISTERED).exists():
                errors["goods_id"] = _("No registered product has this goods ID.")
        if errors:
            raise ValidationError(errors)
