"""Licensed production units, their licences, and the inspections and awareness sessions held there."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from registry.models.base import RegistryModel
from registry.querysets import LicenceQuerySet, ProducerQuerySet
from registry.rules import Rule
from registry.validators import validate_isic_code, validate_national_id, validate_phone, validate_postal_code


class ProducerStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    IDLE = "idle", _("idle")
    CLOSED = "closed", _("closed")


class Producer(RegistryModel):
    Status = ProducerStatus

    national_id = models.CharField(
        _("national ID"), max_length=11, unique=True, validators=[validate_national_id],
        help_text=_("11-digit legal-entity ID, or the 10-digit national code of a sole trader."),
    )
    name = models.CharField(_("unit name"), max_length=255)
    county = models.ForeignKey("registry.County", models.PROTECT, related_name="producers", verbose_name=_("county"))
    sector = models.ForeignKey("registry.Sector", models.PROTECT, related_name="producers", verbose_name=_("sector"))
    isic_code = models.CharField(_("ISIC code"), max_length=4, blank=True, validators=[validate_isic_code])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, validators=[validate_postal_code])
    phone = models.CharField(_("phone"), max_length=11, blank=True, validators=[validate_phone])
    address = models.TextField(_("address"), blank=True)
    estate = models.ForeignKey(
        "registry.Estate", models.PROTECT, null=True, blank=True, related_name="producers",
        verbose_name=_("industrial estate"),
    )

    objects = ProducerQuerySet.as_manager()
    county_path = "county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            Rule(name="registry_producer_national_id_digits", field="national_id",
                 condition=Q(national_id__regex=r"^[0-9]{10,11}$"),
                 message=_("The national ID has 10 or 11 digits.")),
            Rule(name="registry_producer_status_valid", field="status",
                 condition=Q(status__in=ProducerStatus.values), message=_("Unknown producer status.")),
            Rule(name="registry_producer_postal_code_digits", field="postal_code",
                 condition=Q(postal_code="") | Q(postal_code__regex=r"^[0-9]{10}$"),
                 message=_("A postal code has exactly 10 digits.")),
            Rule(name="registry_producer_isic_digits", field="isic_code",
                 condition=Q(isic_code="") | Q(isic_code__regex=r"^[0-9]{4}$"),
                 message=_("An ISIC code has exactly 4 digits.")),
            Rule(name="registry_producer_phone_digits", field="phone",
                 condition=Q(phone="") | Q(phone__regex=r"^0[0-9]{10}$"),
                 message=_("A phone number has 11 digits and starts with 0.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.national_id})"



class LicenceKind(models.TextChoices):
    ESTABLISHMENT = "establishment", _("establishment permit")
    OPERATING = "operating", _("operating licence")


class Licence(RegistryModel):
    Kind = LicenceKind

    number = models.CharField(_("licence number"), max_length=50, unique=True)
    producer = models.ForeignKey(Producer, models.CASCADE, related_name="licences", verbose_name=_("producer"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"), null=True, blank=True, help_text=_("Empty: no expiry."))
    capacity = models.CharField(_("capacity"), max_length=200, blank=True)

    objects = LicenceQuerySet.as_manager()
    county_path = "producer__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            Rule(name="registry_licence_expiry_after_issue", field="expires_on",
                 condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                 message=_("The expiry date must be after the issue date.")),
            Rule(name="registry_licence_kind_valid", field="kind",
                 condition=Q(kind__in=LicenceKind.values), message=_("Unknown licence kind.")),
        ]
        indexes = [
            models.Index(fields=("producer", "kind", "expires_on"), name="registry_lic_validity"),
            # The Jalali-year filter's MIN/MAX and its date range.
            models.Index(fields=("issued_on",), name="registry_lic_issued_on"),
            # Licences expiring within days (the worklist, the licences report).
            models.Index(fields=("expires_on",), name="registry_lic_expires_on"),
        ]

    def __str__(self):
        return self.number



class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    AWARENESS = "awareness", _("awareness session")


class Inspection(RegistryModel):
    Kind = InspectionKind

    reference = models.CharField(_("reference"), max_length=50, unique=True)
    held_on = models.DateField(_("date held"))
    producer = models.ForeignKey(Producer, models.CASCADE, related_name="inspections", verbose_name=_("producer"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sector = models.ForeignKey("registry.Sector", models.PROTECT, related_name="inspections", verbose_name=_("sector"))
    finding = models.TextField(_("finding"), blank=True)

    county_path = "producer__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections and awareness sessions")
        constraints = [
            Rule(name="registry_inspection_kind_valid", field="kind",
                 condition=Q(kind__in=InspectionKind.values), message=_("Unknown inspection kind.")),
        ]
        # The Jalali-year filter's MIN/MAX and its date range.
        indexes = [models.Index(fields=("held_on",), name="registry_insp_held_on")]

    def __str__(self):
        return self.reference
