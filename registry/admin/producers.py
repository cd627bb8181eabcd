"""Producers in the admin: for now only what other pages' producer autocompletes need (a
registered ModelAdmin with search fields); the full producers admin replaces it."""

from django.contrib import admin

from registry.admin.base import RegistryModelAdmin
from registry.models import Producer


@admin.register(Producer)
class ProducerAdmin(RegistryModelAdmin):
    list_display = ("national_id", "name", "county", "sector", "status")
    list_filter = ("county", "sector", "status")
    list_select_related = ("county", "sector")
    search_fields = ("national_id", "name")
    ordering = ("name",)
