"""Industrial estates, their units, and the idle units held by distribution companies that are
handed back to industry."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from registry.models.base import RegistryModel
from registry.querysets import HandoverQuerySet
from registry.rules import Rule


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
            Rule(name="registry_estate_total_area_non_negative", field="total_area_m2",
                 condition=Q(total_area_m2__gte=0), message=_("Areas cannot be negative.")),
            Rule(name="registry_estate_industrial_area_non_negative", field="industrial_area_m2",
                 condition=Q(industrial_area_m2__gte=0), message=_("Areas cannot be negative.")),
            Rule(name="registry_estate_industrial_within_total", field="industrial_area_m2",
                 condition=Q(industrial_area_m2__lte=F("total_area_m2")),
                 message=_("The industrial area cannot exceed the total area.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"



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
            Rule(name="registry_unit_area_non_negative", field="area_m2",
                 condition=Q(area_m2__gte=0), message=_("Areas cannot be negative.")),
            Rule(name="registry_unit_status_valid", field="status",
                 condition=Q(status__in=UnitStatus.values), message=_("Unknown unit status.")),
            Rule(name="registry_unit_occupant_kind_valid", field="occupant_kind",
                 condition=Q(occupant_kind__in=UnitOccupantKind.values), message=_("Unknown occupant kind.")),
            # Vacant means nobody holds the unit; an idle unit is held but does not produce.
            Rule(name="registry_unit_vacant_without_occupant", field="occupant_kind",
                 condition=Q(status=UnitStatus.VACANT, occupant_kind=UnitOccupantKind.NONE)
                 | (~Q(status=UnitStatus.VACANT) & ~Q(occupant_kind=UnitOccupantKind.NONE)),
                 message=_("A vacant unit has no occupant, and a unit without an occupant is vacant.")),
        ]

    def __str__(self):
        return f"{self.estate.code} / {self.plot_number}"



# The dates of a handover's stages, as its fields and its rules name them.
STAGE_DATE_LABELS = {"identified_on": _("identified on"), "notified_on": _("notified on"),
                     "relocated_on": _("relocated on"), "handed_over_on": _("handed over on")}
# Each stage's date comes after the one before: filled only once that one is, and not before it.
STAGE_SKIPPED = _("Fill in “%(earlier)s” before “%(later)s”: the stages follow each other.")
STAGE_ORDER = _("“%(later)s” cannot be before “%(earlier)s”.")


def _stage_params(earlier, later):
    return {"earlier": STAGE_DATE_LABELS[earlier], "later": STAGE_DATE_LABELS[later]}


class HandoverStage(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    NOTIFIED = "notified", _("notified")
    RELOCATED = "relocated", _("relocated")
    HANDED_OVER = "handed_over", _("handed over")


class Handover(RegistryModel):
    """An idle unit held by a distribution company, on its way back to industry.

    Its stage is the last of its dates that is filled: `current_stage` on an instance, the
    `stage` annotation of HandoverQuerySet.with_stage() in queries.
    """

    Stage = HandoverStage

    # The dates of the stages, in order; stage i is reached when STAGE_DATES[i] is filled.
    STAGE_DATES = tuple(STAGE_DATE_LABELS)

    unit = models.OneToOneField(Unit, models.PROTECT, related_name="handover", verbose_name=_("unit"))
    distribution_company = models.CharField(_("distribution company"), max_length=255)
    identified_on = models.DateField(STAGE_DATE_LABELS["identified_on"])
    notified_on = models.DateField(STAGE_DATE_LABELS["notified_on"], null=True, blank=True)
    relocated_on = models.DateField(STAGE_DATE_LABELS["relocated_on"], null=True, blank=True)
    relocation_site = models.CharField(_("relocation site"), max_length=255, blank=True)
    handed_over_on = models.DateField(STAGE_DATE_LABELS["handed_over_on"], null=True, blank=True)
    new_producer = models.ForeignKey("registry.Producer", models.PROTECT, null=True, blank=True,
                                     related_name="handovers_received", verbose_name=_("new producer"))

    objects = HandoverQuerySet.as_manager()
    county_path = "unit__estate__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("unit handover")
        verbose_name_plural = _("unit handovers")
        constraints = [
            # (A missing identification date is the required field's error.)
            Rule(name="registry_handover_notified_after_identified", field="notified_on",
                 condition=Q(notified_on__isnull=True) | Q(notified_on__gte=F("identified_on")),
                 message=STAGE_ORDER, params=_stage_params("identified_on", "notified_on")),
            Rule(name="registry_handover_relocated_needs_notified", field="relocated_on",
                 condition=Q(relocated_on__isnull=True) | Q(notified_on__isnull=False),
                 message=STAGE_SKIPPED, params=_stage_params("notified_on", "relocated_on")),
            Rule(name="registry_handover_relocated_after_notified", field="relocated_on",
                 condition=Q(relocated_on__isnull=True) | Q(relocated_on__gte=F("notified_on")),
                 message=STAGE_ORDER, params=_stage_params("notified_on", "relocated_on")),
            Rule(name="registry_handover_handed_over_needs_relocated", field="handed_over_on",
                 condition=Q(handed_over_on__isnull=True) | Q(relocated_on__isnull=False),
                 message=STAGE_SKIPPED, params=_stage_params("relocated_on", "handed_over_on")),
            Rule(name="registry_handover_handed_over_after_relocated", field="handed_over_on",
                 condition=Q(handed_over_on__isnull=True) | Q(handed_over_on__gte=F("relocated_on")),
                 message=STAGE_ORDER, params=_stage_params("relocated_on", "handed_over_on")),
        ]

    def __str__(self):
        return f"{self.unit} — {self.distribution_company}"

    @property
    def current_stage(self):
        """The stage by the dates this instance holds (with_stage() annotates the same as `stage`)."""
        stage = self.Stage.IDENTIFIED
        for value, name in zip(self.Stage.values, self.STAGE_DATES, strict=True):
            if getattr(self, name):
                stage = self.Stage(value)
        return stage

    def next_step(self):
        """(the next stage, the date field that reaches it), or None once the unit is handed over."""
        following = self.Stage.values.index(self.current_stage) + 1
        if following == len(self.STAGE_DATES):
            return None
        return self.Stage(self.Stage.values[following]), self.STAGE_DATES[following]

    def clean(self):
        if self.unit_id and self._unit_is_new() and self.unit.occupant_kind != Unit.OccupantKind.DISTRIBUTION:
            raise ValidationError({"unit": _("Only a unit held by a distribution company can be handed over.")})

    def _unit_is_new(self):
        """True for a new handover or a change of unit. Once handed back, the unit passes to
        industry; the handover stays valid and editable."""
        return self._state.adding or not Handover.objects.filter(pk=self.pk, unit_id=self.unit_id).exists()
