"""Industrial estates, their units, and the handing back of idle units that distribution companies
hold: lists, filters, and the step that moves a handover to its next stage."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from registry import history, jalali
from registry.admin.base import RegistryInline, RegistryModelAdmin
from registry.admin.filters import ChoiceFilter, WorklistFilter, as_of_filter, jalali_year_filter, requested_as_of
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


@admin.register(Handover)
class HandoverAdmin(RegistryModelAdmin):
    list_display = ("unit_label", "distribution_company", "identified_on", "notified_on", "relocated_on",
                    "handed_over_on", "stage_label", "new_producer")
    list_filter = (WorklistFilter, HandoverStageFilter, "unit__estate__county", "unit__estate",
                   jalali_year_filter("identified_on", _("year identified")), as_of_filter("identified_on"))
    list_select_related = ("unit__estate", "new_producer")
    search_fields = ("distribution_company", "unit__plot_number", "unit__estate__code", "unit__estate__name")
    autocomplete_fields = ("unit", "new_producer")
    ordering = ("-identified_on", "pk")
    actions = ("advance_stage",)
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
        advanced = self.advance(request, queryset.values("pk"))
        if advanced:
            message = ngettext("%(count)s handover moved to its next stage.",
                               "%(count)s handovers moved to their next stage.", advanced)
            self.message_user(request, message % {"count": digits(advanced)}, messages.SUCCESS)

    def advance(self, request, pks):
        """Fill today's date into the next empty stage date of each handover in `pks`, through the
        model's validation, with history; say why any of them cannot move. Returns how many moved."""
        today, advanced = jalali.today(), 0
        with transaction.atomic():
            # Locked, so that two clerks pressing at once cannot move one case two stages.
            handovers = (Handover.objects.select_for_update(of=("self",)).select_related("unit__estate")
                         .filter(pk__in=pks).order_by("pk"))
            for handover in handovers:
                step = handover.next_step()
                if step is None:
                    self.message_user(request, gettext("%(handover)s is already handed over; it has no next stage.")
                                      % {"handover": handover}, messages.WARNING)
                    continue
                stage, field = step
                setattr(handover, field, today)
                try:
                    handover.full_clean()
                except ValidationError as error:
                    self.message_user(request, gettext("%(handover)s cannot move to its next stage: %(reason)s")
                                      % {"handover": handover, "reason": " ".join(error.messages)}, messages.ERROR)
                    continue
                # The reason shows in the record's history next to the clerk's name.
                handover._change_reason = history.reason(history.NEXT_STAGE, stage=stage)
                handover.save()
                # Like Django's own change messages: stored in English, translated when shown.
                with translation.override(None):
                    changed = str(Handover._meta.get_field(field).verbose_name)
                self.log_change(request, handover, [{"changed": {"fields": [changed]}}])
                advanced += 1
        return advanced

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(require_POST(self.advance_view))
        return [path("<path:object_id>/advance/", view, name="%s_%s_advance" % info), *super().get_urls()]

    def advance_view(self, request, object_id):
        """The change form's button: the same step as the action, for the handover on screen."""
        handover = self.get_object(request, unquote(object_id))
        if handover is None:
            raise Http404
        if not self.has_change_permission(request, handover):
            raise PermissionDenied
        if self.advance(request, [handover.pk]):
            self.message_user(request, gettext("The handover moved to its next stage."), messages.SUCCESS)
        return redirect(reverse("admin:%s_%s_change" % (self.opts.app_label, self.opts.model_name),
                                args=(handover.pk,), current_app=self.admin_site.name))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        step = obj.next_step() if obj is not None else None
        context["next_stage"] = step and step[0].label
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
