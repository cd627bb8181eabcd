"""Industrial estates, their units, and the idle units held by distribution companies that are
handed back to industry."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from registry.models.base import RegistryModel, check
from registry.querysets import HandoverQuerySet


class Estate(RegistryModel):
    code = models.CharField(_("estate code"), max_length=30, unique=True)
    name = models.CharField(_("estate name"), max_length=255)
    county = models.ForeignKey("registry.County", models.PROTECT, related_name="estates", verbose_name=_("county"))
    total_area_m2 = models.DecimalField(_("total area (m²)"), max_digits=14, decimal_places=2)
    industrial_area_m2 = models.DecimalField(_("industrial area (m²)"), max_digits=14, decimal_places=2)

    county_path = "county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("industrial estate")
        verbose_name_plural = _("industrial estates")
        constraints = [
            check(Q(total_area_m2__gte=0, industrial_area_m2__gte=0), "registry_estate_areas_non_negative",
                  _("Areas cannot be negative.")),
            check(Q(industrial_area_m2__lte=F("total_area_m2")), "registry_estate_industrial_within_total",
                  _("The industrial area cannot exceed the total area.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def natural_key(self):
        return (self.code,)

    def clean(self):
        if (self.industrial_area_m2 is not None and self.total_area_m2 is not None
                and self.industrial_area_m2 > self.total_area_m2):
            raise ValidationError({"industrial_area_m2": _("The industrial area cannot exceed the total area.")})



class UnitStatus(models.TextChoices):
    PRODUCING = "producing", _("producing")
    IDLE = "idle", _("idle")
    VACANT = "vacant", _("vacant")



class UnitOccupantKind(models.TextChoices):
    INDUSTRY = "industry", _("industry")
    DISTRIBUTION = "distribution", _("distribution company")
    NONE = "none", _("none")


class Unit(RegistryModel):
    Status = UnitStatus

    OccupantKind = UnitOccupantKind

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="units", verbose_name=_("industrial estate"))
    plot_number = models.CharField(_("plot number"), max_length=20)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    occupant_kind = models.CharField(_("occupant kind"), max_length=12, choices=OccupantKind.choices,
                                     default=OccupantKind.NONE)
    occupant_name = models.CharField(_("occupant name"), max_length=255, blank=True)
    producer = models.ForeignKey("registry.Producer", models.SET_NULL, null=True, blank=True, related_name="units",
                                 verbose_name=_("producer"))

    county_path = "estate__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("industrial unit")
        verbose_name_plural = _("industrial units")
        constraints = [
            models.UniqueConstraint(
                fields=("estate", "plot_number"), name="registry_unit_unique_plot",
                violation_error_message=_("This estate already has a unit on this plot."),
            ),
            check(Q(area_m2__gte=0), "registry_unit_area_non_negative", _("Areas cannot be negative.")),
            check(Q(status__in=UnitStatus.values), "registry_unit_status_valid", _("Unknown unit status.")),
            check(Q(occupant_kind__in=UnitOccupantKind.values), "registry_unit_occupant_kind_valid",
                  _("Unknown occupant kind.")),
        ]

    def __str__(self):
        return f"{self.estate.code} / {self.plot_number}"



class HandoverStage(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    NOTIFIED = "notified", _("notified")
    RELOCATED = "relocated", _("relocated")
    HANDED_OVER = "handed_over", _("handed over")


class Handover(RegistryModel):
    """An idle unit held by a distribution company, on its way back to industry.

    Its stage is the last of its dates that is filled (HandoverQuerySet.with_stage()).
    """

    Stage = HandoverStage

    # The dates of the stages, in order; stage i is reached when STAGE_DATES[i] is filled.
    STAGE_DATES = ("identified_on", "notified_on", "relocated_on", "handed_over_on")

    unit = models.OneToOneField(Unit, models.PROTECT, related_name="handover", verbose_name=_("unit"))
    distribution_company = models.CharField(_("distribution company"), max_length=255)
    identified_on = models.DateField(_("identified on"))
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    relocated_on = models.DateField(_("relocated on"), null=True, blank=True)
    relocation_site = models.CharField(_("relocation site"), max_length=255, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    new_producer = models.ForeignKey("registry.Producer", models.PROTECT, null=True, blank=True,
                                     related_name="handovers_received", verbose_name=_("new producer"))

    objects = HandoverQuerySet.as_manager()
    county_path = "unit__estate__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("unit handover")
        verbose_name_plural = _("unit handovers")
        constraints = [
            check(Q(notified_on__isnull=True) | Q(notified_on__gte=F("identified_on")),
                  "registry_handover_notified_after_identified",
                  _("The notification date cannot be before the identification date.")),
            check(Q(relocated_on__isnull=True) | Q(notified_on__isnull=False, relocated_on__gte=F("notified_on")),
                  "registry_handover_relocated_after_notified",
                  _("The relocation date needs a notification date on or before it.")),
            check(Q(handed_over_on__isnull=True) | Q(relocated_on__isnull=False, handed_over_on__gte=F("relocated_on")),
                  "registry_handover_handed_over_after_relocated",
                  _("The handover date needs a relocation date on or before it.")),
        ]

    def __str__(self):
        return f"{self.unit} — {self.distribution_company}"

    @property
    def stage(self):
        filled = [name for name in self.STAGE_DATES if getattr(self, name)]
        return self.HandoverStage.values[len(filled) - 1] if filled else self.Stage.IDENTIFIED

    def clean(self):
        errors = {}
        previous = None
        for name in self.STAGE_DATES:
            value = getattr(self, name)
            if value and previous is None and name != "identified_on":
                errors[name] = _("Fill the dates in order: this step needs the date of the step before it.")
                break
            if value and previous and value < previous:
                errors[name] = _("This date cannot be before the date of the step before it.")
                break
            previous = value
        if self.unit_id and self.unit.occupant_kind != Unit.OccupantKind.DISTRIBUTION:
            errors["unit"] = _("Only a unit held by a distribution company can be handed over.")
        if errors:
            raise ValidationError(errors)
