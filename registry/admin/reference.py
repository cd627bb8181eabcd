"""Reference data (counties, sectors, minerals, offices): administrators edit, everyone reads."""

from django.contrib import admin

from registry.admin.base import RegistryModelAdmin
from registry.models import County, Mineral, Office, Sector


class ReferenceAdmin(RegistryModelAdmin):
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("code",)


@admin.register(County)
class CountyAdmin(ReferenceAdmin):
    list_display = ("code", "name_fa", "name_en", "population", "census_year")


@admin.register(Sector)
class SectorAdmin(ReferenceAdmin):
    list_display = ("code", "name_fa", "name_en", "smuggling_prone")
    list_filter = ("smuggling_prone",)


@admin.register(Mineral)
class MineralAdmin(ReferenceAdmin):
    list_display = ("code", "name_fa", "name_en", "group", "rubble_stone")
    list_filter = ("group", "rubble_stone")


@admin.register(Office)
class OfficeAdmin(ReferenceAdmin):
    list_display = ("code", "name_fa", "name_en", "is_self")
