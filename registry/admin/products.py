"""Products and goods IDs, the national smuggling list, and the obligations to register goods IDs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin.base import RegistryModelAdmin
from registry.admin.filters import (
    ChoiceFilter,
    ChosenRecordFilter,
    KnownByFilter,
    ObligatedFilter,
    ProductionCountyFilter,
    ReferencedFieldListFilter,
    RegisteredFilter,
    WorklistFilter,
    YesNoFilter,
    as_of_filter,
    chosen_production_county,
    jalali_year_filter,
    requested_as_of,
)
from registry.admin.reconciliation import MissingNationallyFilter
from registry.models import Obligation, Product, SmugglingItem


@admin.register(Product)
class ProductAdmin(RegistryModelAdmin):
    list_display = ("goods_id", "name", "producer", "sector", "status", "declared_on", "registered_on",
                    "smuggling_item")
    list_display_links = ("goods_id", "name")
    list_select_related = ("producer", "sector", "smuggling_item")
    list_filter = (WorklistFilter, "status", "sector", ("smuggling_item", ReferencedFieldListFilter),
                   jalali_year_filter("registered_on", _("year of registration")), "producer__county",
                   RegisteredFilter, ObligatedFilter, as_of_filter("declared_on"), ("producer", ChosenRecordFilter),
                   MissingNationallyFilter)
    # Identifiers match exactly, through their unique indexes; `producer__key` stays on this table
    # (registry.lookups), so the OR of the three is one bitmap index scan on PostgreSQL.
    search_fields = ("goods_id__exact", "name", "producer__key")
    autocomplete_fields = ("producer", "smuggling_item")
    fields = ("producer", "name", "sector", "status", "goods_id", "declared_on", "registered_on", "smuggling_item")
    # A million rows are sorted only by what an index serves (0.05 s instead of 0.5–0.8 s); status,
    # sector and smuggling item are for the filters.
    sortable_by = ("name", "producer", "declared_on", "registered_on")
    # Its object tools lead to the reconciliation with the national list too.
    change_list_template = "admin/registry/product/change_list.html"  # import-export extends it


class ProducedLocallyFilter(YesNoFilter):
    title = _("produced locally")
    parameter_name = "produced_locally"


class RegisteredLocallyFilter(YesNoFilter):
    title = _("registered locally")
    parameter_name = "registered_locally"


@admin.register(SmugglingItem)
class SmugglingItemAdmin(RegistryModelAdmin):
    list_display = ("code", "name", "sector", "list_year", "produced_locally", "registered_locally")
    list_select_related = ("sector",)
    list_filter = ("sector", "list_year", ProducedLocallyFilter, RegisteredLocallyFilter, ProductionCountyFilter,
                   KnownByFilter)
    search_fields = ("=code", "name")

    def get_queryset(self, request):
        # Produced and registered locally as a report's link counts them: in a county, by a day.
        # Made once per request: in a county the flags are read when the queryset is made.
        made = request.__dict__.get("_shafaf_smuggling_items")
        if made is None:
            made = request._shafaf_smuggling_items = super().get_queryset(request).with_local_flags(
                requested_as_of(request), chosen_production_county(request))
        return made.all()

    @admin.display(boolean=True, description=_("produced locally"), ordering="produced_locally")
    def produced_locally(self, item):
        return item.produced_locally

    @admin.display(boolean=True, description=_("registered locally"), ordering="registered_locally")
    def registered_locally(self, item):
        return item.registered_locally


class ObligationStateFilter(ChoiceFilter):
    """By the `state` annotation of ObligationQuerySet.with_state()."""

    title = _("state")
    parameter_name = "state"
    options = Obligation.State


@admin.register(Obligation)
class ObligationAdmin(RegistryModelAdmin):
    list_display = ("producer", "sector", "notified_on", "deadline", "state")
    list_select_related = ("producer", "sector")
    list_filter = (WorklistFilter, ObligationStateFilter, "sector", "producer__county",
                   jalali_year_filter("deadline", _("year of deadline")), as_of_filter("notified_on"),
                   ("producer", ChosenRecordFilter))
    search_fields = ("producer__name_contains", "producer__key")
    autocomplete_fields = ("producer",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_state(requested_as_of(request))

    @admin.display(description=_("state"), ordering="state")
    def state(self, obligation):
        return Obligation.State(obligation.state).label
