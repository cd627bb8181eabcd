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
from registry.countries import COUNTRIES
from registry.models.base import RegistryModel, check
from registry.querysets import MineQuerySet, ShipmentQuerySet
from registry.validators import validate_national_id

# The province's bounding box (WGS84 degrees).
LATITUDE_RANGE = (Decimal("34.5"), Decimal("36.6"))
LONGITUDE_RANGE = (Decimal("45.4"), Decimal("48.4"))
MAX_LICENCE_YEARS = 25
# The database's backstop for the 25-year rule: the longest 25 years (with 7 leap days) in days.
# The exact calendar rule lives in Mine.clean().
MAX_LICENCE_DAYS = 25 * 365 + 7



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
            check(Q(status__in=MineStatus.values), "registry_mine_status_valid", _("Unknown mine status.")),
            check(Q(capacity_tonnes__gte=0), "registry_mine_capacity_non_negative",
                  _("The annual capacity cannot be negative.")),
            check(Q(operator_national_id="") | Q(operator_national_id__regex=r"^[0-9]{10,11}$"),
                  "registry_mine_operator_id_digits", _("The operator's national ID has 10 or 11 digits.")),
            check(Q(licence_expires_on__isnull=True) | Q(licence_issued_on__isnull=True)
                  | Q(licence_expires_on__gt=F("licence_issued_on"),
                      licence_expires_on__lte=F("licence_issued_on") + datetime.timedelta(days=MAX_LICENCE_DAYS)),
                  "registry_mine_licence_period",
                  _("The licence expiry date must be after its issue date and at most 25 years later.")),
            check(Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False),
                  "registry_mine_coordinates_pair", _("Give both latitude and longitude, or neither.")),
            check(Q(latitude__isnull=True) | Q(latitude__gte=LATITUDE_RANGE[0], latitude__lte=LATITUDE_RANGE[1]),
                  "registry_mine_latitude_in_province",
                  _("The latitude must lie in Kurdistan province (34.5 to 36.6 degrees north).")),
            check(Q(longitude__isnull=True) | Q(longitude__gte=LONGITUDE_RANGE[0], longitude__lte=LONGITUDE_RANGE[1]),
                  "registry_mine_longitude_in_province",
                  _("The longitude must lie in Kurdistan province (45.4 to 48.4 degrees east).")),
        ]

    def __str__(self):
        return f"{self.name} ({self.licence_number})"

    def natural_key(self):
        return (self.licence_number,)

    @cached_property
    def held_by_auction(self):
        """An auction under way, or a won lot awaiting its contract, holds the mine: only the
        auction's steps may then change its status and operator."""
        return self.lots.holding_mine().exists()

    def clean(self):
        errors = {}
        issued, expires = self.licence_issued_on, self.licence_expires_on
        if issued and expires:
            if expires <= issued:
                errors["licence_expires_on"] = _("The licence expiry date must be after its issue date.")
            else:
                # 25 years by either calendar: the later of the two limits.
                limit = max(jalali.add_years(issued, MAX_LICENCE_YEARS),
                            _add_gregorian_years(issued, MAX_LICENCE_YEARS))
                if expires > limit:
                    errors["licence_expires_on"] = _("A mining licence runs at most 25 years after its issue date.")
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors[missing] = _("Give both latitude and longitude, or neither.")
        if self.latitude is not None and not LATITUDE_RANGE[0] <= self.latitude <= LATITUDE_RANGE[1]:
            errors["latitude"] = _("The latitude must lie in Kurdistan province (34.5 to 36.6 degrees north).")
        if self.longitude is not None and not LONGITUDE_RANGE[0] <= self.longitude <= LONGITUDE_RANGE[1]:
            errors["longitude"] = _("The longitude must lie in Kurdistan province (45.4 to 48.4 degrees east).")
        if errors:
            raise ValidationError(errors)


def _add_gregorian_years(value, years):
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)



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
    destination_country = models.CharField(
        _("destination country"), max_length=2, blank=True,
        help_text=_("ISO 3166 two-letter code, such as IQ or TR; only for an export."),
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
            check(~Q(stage="raw", destination="export"), "registry_shipment_no_raw_export",
                  _("Raw minerals are never exported: a raw shipment can only go to a domestic destination.")),
            check(Q(quantity_tonnes__gt=0), "registry_shipment_quantity_positive",
                  _("The quantity must be greater than zero.")),
            check(~Q(destination="export") | (~Q(destination_country="") & ~Q(goods_id="")),
                  "registry_shipment_export_has_country_and_goods_id",
                  _("An export needs its destination country and a goods ID.")),
            check(~Q(destination="domestic") | Q(destination_country=""), "registry_shipment_domestic_no_country",
                  _("A domestic shipment has no destination country.")),
            check(Q(stage__in=ShipmentStage.values), "registry_shipment_stage_valid", _("Unknown stage.")),
            check(Q(destination__in=ShipmentDestination.values), "registry_shipment_destination_valid",
                  _("Unknown destination.")),
            check(Q(goods_id="") | Q(goods_id__regex=r"^[0-9]{13}$"), "registry_shipment_goods_id_digits",
                  _("A goods ID has exactly 13 digits.")),
            check(Q(destination_country="")
                  | (Q(destination_country__regex=r"^[A-Z]{2}$") & ~Q(destination_country="IR")),
                  "registry_shipment_country_code",
                  _("Give the destination country as a two-letter ISO code of another country, such as IQ.")),
        ]
        indexes = [
            models.Index(fields=("shipped_on",), name="registry_ship_shipped_on"),
            # Searching exports by goods ID.
            models.Index(fields=("goods_id",), name="registry_ship_goods_id"),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        from registry.models.products import Product

        errors = {}
        self.destination_country = (self.destination_country or "").upper()
        if self.destination == self.Destination.EXPORT:
            if self.stage == self.Stage.RAW:
                errors["stage"] = _(
                    "Raw minerals are never exported: a raw shipment can only go to a domestic destination.")
            if not self.destination_country:
                errors["destination_country"] = _("An export needs its destination country.")
            elif self.destination_country not in COUNTRIES or self.destination_country == "IR":
                errors["destination_country"] = _(
                    "Give the destination country as a two-letter ISO code of another country, such as IQ.")
            if not self.goods_id:
                errors["goods_id"] = _("An export needs the goods ID of a registered product.")
            elif not Product.objects.filter(goods_id=self.goods_id, status=Product.Status.REGISTERED).exists():
                errors["goods_id"] = _("No registered product has this goods ID.")
        elif self.destination_country:
            errors["destination_country"] = _("A domestic shipment has no destination country.")
        if errors:
            raise ValidationError(errors)
