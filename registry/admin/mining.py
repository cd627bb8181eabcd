"""Mines and mineral shipments in the admin; a mine held by an auction is left to the auction."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin.base import RegistryModelAdmin
from registry.admin.filters import KnownByFilter, ShipmentCountyFilter, jalali_year_filter
from registry.models import Mine, Shipment


@admin.register(Mine)
class MineAdmin(RegistryModelAdmin):
    list_display = ("licence_number", "name", "county", "mineral", "status", "operator_name", "licence_expires_on")
    list_filter = ("status", "county", "mineral", "mineral__rubble_stone")
    list_select_related = ("county", "mineral")
    search_fields = ("licence_number", "name", "operator_name", "operator_national_id")
    ordering = ("licence_number",)
    autocomplete_fields = ("county", "mineral")
    fieldsets = (
        (None, {"fields": ("licence_number", "name", "county", "mineral", "status")}),
        (_("Operator"), {"fields": ("operator_name", "operator_national_id")}),
        (_("Licence and capacity"), {
            "fields": ("licence_issued_on", "licence_expires_on", "capacity_tonnes", "employees"),
        }),
        (_("Location"), {"fields": ("latitude", "longitude")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.held_by_auction:
            return (*super().get_readonly_fields(request, obj), "status", "operator_name", "operator_national_id")
        return super().get_readonly_fields(request, obj)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or (obj is not None and obj.held_by_auction)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The mine picker of an auction's lots offers idle mines only.
        if (request.resolver_match and request.resolver_match.url_name == "autocomplete"
                and request.GET.get("model_name") == "lot" and request.GET.get("field_name") == "mine"):
            queryset = queryset.filter(status=Mine.Status.IDLE)
        return queryset, may_have_duplicates


@admin.register(Shipment)
class ShipmentAdmin(RegistryModelAdmin):
    list_display = ("number", "shipped_on", "mine", "processor", "mineral", "stage", "quantity_tonnes",
                    "destination", "destination_country")
    list_filter = ("stage", "destination", "mineral", jalali_year_filter("shipped_on"), ShipmentCountyFilter,
                   KnownByFilter)
    change_list_template = "admin/registry/shipment/change_list.html"  # import-export extends it
    list_select_related = ("mine", "processor", "mineral")
    search_fields = ("number", "goods_id__exact", "mine__key")
    ordering = ("-shipped_on", "-number")
    # Sorted only by what an index serves (a source mine or processor is missing on many rows, and
    # sorting by it reads them all); the rest is for the filters and the search.
    sortable_by = ("number", "shipped_on")
    autocomplete_fields = ("mine", "processor", "mineral")
    fieldsets = (
        (None, {"fields": ("number", "shipped_on", "mine", "processor", "mineral", "stage", "quantity_tonnes")}),
        (_("Destination"), {"fields": ("destination", "destination_country", "goods_id")}),
    )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            # What the clerk is looking at, with its filters and search, not the whole table.
            response.context_data["tonnage_by_stage"] = changelist.queryset.tonnage_by_stage()
        return response
