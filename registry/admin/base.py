"""One ModelAdmin for every Shafaf record: Jalali dates, normalised search, history, cheap lists,
import and export.

Supervisors read everything without changing it because they hold only view permissions;
clerks add and change; deleting needs a permission only administrators have. Importing and
exporting need the import_<model> / export_<model> permissions (registry.roles).
"""

import datetime

from django.contrib import admin
from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry import jalali
from registry.admin.imports import ImportExportMixin
from registry.text import normalize

# Django's admin shows a DateField through admin.utils.display_for_field, which only knows the
# Gregorian calendar and offers no hook. Every read-only date (change lists, read-only forms of
# supervisors, inlines) passes through it, so wrapping it is the one place that makes all of
# them Jalali. The wrapper defers to Django for everything that is not a date.
_display_for_field = utils.display_for_field


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    if value is not None and not getattr(field, "flatchoices", None):
        if isinstance(field, models.DateTimeField) and isinstance(value, datetime.datetime):
            return jalali.format_datetime(value)
        if isinstance(field, models.DateField) and isinstance(value, datetime.date):
            return jalali.format_date(value, digits=None)
    return _display_for_field(value, field, empty_value_display, *args, **kwargs)


for _module in (utils, helpers, admin_list):
    _module.display_for_field = display_for_field


class JalaliFormMixin:
    """Every DateField of a form is typed and shown in Jalali, with the calendar picker."""

    formfield_overrides = {
        models.DateField: {"form_class": jalali.JalaliDateField, "widget": jalali.JalaliDateInput},
    }


class NormalisedSearchMixin:
    """Search terms are normalised like the stored text (علي finds علی, ۱۲۳ finds 123)."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize(search_term))


class RegistryModelAdmin(ImportExportMixin, JalaliFormMixin, NormalisedSearchMixin, SimpleHistoryAdmin):
    list_per_page = 50
    list_max_show_all = 500
    # COUNT(*) of a whole table on every page is the slowest query of a large change list.
    show_full_result_count = False
    save_on_top = True
    history_list_display = ("history_change_reason",)


class RegistryInline(JalaliFormMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class RegistryStackedInline(JalaliFormMixin, admin.StackedInline):
    extra = 0


def yes_no(value):
    return _("yes") if value else _("no")
