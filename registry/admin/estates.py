"""Industrial estates, their units, and the handing back of idle units that distribution companies
hold: lists, filters, and the steps that move a handover to its next stage."""

from django.contrib import admin, messages
from django.db.models import OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry import jalali, services
from registry.admin.base import RegistryInline, RegistryModelAdmin
from registry.admin.filters import ChoiceFilter, WorklistFilter, as_of_filter, jalali_year_filter, requested_as_of
from registry.admin.steps import Step, StepsMixin
from registry.formatting import digits
from registry.models import Estate, Handover, Unit
from registry.querysets import subquery_count


class UnitSummaryInline(RegistryInline):
    """The estate's units at a glance; a unit is changed on its own page, where its history is."""

    model = Unit
    fields = ("plot_number", "area_m2", "status", "occupant_kind", "occupant_name", "producer")
    readonly_fields = fields
    ordering = ("plot_number",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row's change link names the unit by its estate, and shows its producer.
        return super().get_queryset(request).select_related("estate", "producer")


@admin.register(Estate)
class EstateAdmin(RegistryModelAdmin):
    list_display = ("code", "name", "county", "total_area_m2", "industrial_area_m2", "units_count")
    list_filter = ("county",)
    list_select_related = ("county",)
    search_fields = ("code", "name")
    ordering = ("code",)
    inlines = (UnitSummaryInline,)

    def get_queryset(self, request):
        units = Unit.objects.filter(estate=OuterRef("pk"))
        return super().get_queryset(request).annotate(units_count=subquery_count(units, "estate"))

    @admin.display(description=_("units"), ordering="units_count")
    def units_count(self, estate):
        return estate.units_count


@admin.register(Unit)
class UnitAdmin(RegistryModelAdmin):
    list_display = ("estate", "plot_number", "area_m2", "status", "occupant_kind", "occupant_name", "producer")
    list_filter = ("estate", "estate__county", "status", "occupant_kind")
    search_fields = ("plot_number", "occupant_name", "estate__code", "estate__name")
    autocomplete_fields = ("estate", "producer")
    ordering = ("estate__code", "plot_number")

    def get_queryset(self, request):
        # A unit is named by its estate's code, in autocomplete answers as much as in the list.
        # (Here, not in list_select_related, which Django ignores for a queryset that already joins.)
        return super().get_queryset(request).select_related("estate", "producer")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "handover" and request.GET.get("field_name") == "unit":
            # A handover's unit: one a distribution company holds (Handover.clean) and that no
            # other handover has taken.
            queryset = queryset.filter(occupant_kind=Unit.OccupantKind.DISTRIBUTION, handover__isnull=True)
        return queryset, may_have_duplicates


class HandoverStageFilter(ChoiceFilter):
    """By the stage derived from the dates (the `stage` annotation of HandoverQuerySet.with_stage())."""

    title = _("stage")
    parameter_name = "stage"
    options = Handover.Stage


def next_stage_is(stage):
    """`offered` for the step that takes a handover to `stage`."""
    def offered(handover):
        step = handover.next_step()
        return step is not None and step[0] == stage
    return offered


# A handover's steps, one per stage it can reach (registry.admin.steps draws and runs them).
STEPS = (
    Step("notify", _("Record the notice, dated today"),
         _("Today becomes the day the distribution company was told to hand the unit back."),
         next_stage_is(Handover.Stage.NOTIFIED), services.advance_handover,
         _("The handover moved to its next stage: notified.")),
    Step("relocate", _("Record the relocation, dated today"),
         _("Today becomes the day the company moved out; write the site it moved to on the form below."),
         next_stage_is(Handover.Stage.RELOCATED), services.advance_handover,
         _("The handover moved to its next stage: relocated.")),
    Step("hand_over", _("Record the handover to industry, dated today"),
         _("Today becomes the day the unit went back to industry; name its new producer on the form below."),
         next_stage_is(Handover.Stage.HANDED_OVER), services.advance_handover,
         _("The handover moved to its next stage: handed over to industry.")),
)


@admin.register(Handover)
class HandoverAdmin(StepsMixin, RegistryModelAdmin):
    list_display = ("unit_label", "distribution_company", "identified_on", "notified_on", "relocated_on",
                    "handed_over_on", "stage_label", "new_producer")
    list_filter = (WorklistFilter, HandoverStageFilter, "unit__estate__county", "unit__estate",
                   jalali_year_filter("identified_on", _("year identified")), as_of_filter("identified_on"))
    list_select_related = ("unit__estate", "new_producer")
    search_fields = ("distribution_company", "unit__plot_number", "unit__estate__code", "unit__estate__name")
    autocomplete_fields = ("unit", "new_producer")
    ordering = ("-identified_on", "pk")
    actions = ("advance_stage",)
    steps = STEPS
    readonly_fields = ("current_stage_label",)
    fieldsets = (
        (None, {"fields": ("unit", "distribution_company", "current_stage_label")}),
        (_("Stages"), {"fields": ("identified_on", "notified_on", "relocated_on", "relocation_site",
                                  "handed_over_on", "new_producer")}),
    )

    def get_queryset(self, request):
        # The stage reached by the day the list is counted at (a report's link may name one).
        return super().get_queryset(request).with_stage(requested_as_of(request))

    @admin.display(description=_("unit"), ordering="unit__estate__code")
    def unit_label(self, handover):
        return str(handover.unit)

    @admin.display(description=_("stage"), ordering="stage_rank")
    def stage_label(self, handover):
        return Handover.Stage(handover.stage).label

    @admin.display(description=_("stage"))
    def current_stage_label(self, handover):
        return handover.current_stage.label

    @admin.action(description=_("Advance to the next stage, dated today"), permissions=("change",))
    def advance_stage(self, request, queryset):
        """The steps of the change form for many handovers at once, each one stage only."""
        advanced = 0
        for pk in queryset.order_by("pk").values_list("pk", flat=True):
            handover = Handover(pk=pk)
            try:
                handover = services.advance_handover(handover=handover, by=request.user)
            except services.ServiceError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            # Like Django's own change messages: stored in English, translated when shown.
            with translation.override(None):
                changed = str(Handover._meta.get_field(Handover.STAGE_DATES[
                    Handover.Stage.values.index(handover.current_stage)]).verbose_name)
            self.log_change(request, handover, [{"changed": {"fields": [changed]}}])
            advanced += 1
        if advanced:
            message = ngettext("%(count)s handover moved to its next stage.",
                               "%(count)s handovers moved to their next stage.", advanced)
            self.message_user(request, message % {"count": digits(advanced)}, messages.SUCCESS)

    def step_details(self, request, handover):
        step = handover.next_step()
        if step is None:
            return []
        return [(_("stage"), handover.current_stage.label),
                (Handover._meta.get_field(step[1]).verbose_name, jalali.format_date(jalali.today(), digits=None))]
