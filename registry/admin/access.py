"""Users, with the counties a clerk works in (administrators assign them)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from registry.models import CountyAssignment


class CountyAssignmentInline(admin.TabularInline):
    model = CountyAssignment
    extra = 0
    verbose_name_plural = CountyAssignment._meta.verbose_name_plural


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ShafafUserAdmin(UserAdmin):
    inlines = (*UserAdmin.inlines, CountyAssignmentInline)
    list_display = (*UserAdmin.list_display, "is_superuser")
    list_filter = (*UserAdmin.list_filter,)
