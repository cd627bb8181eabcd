"""List filters shared by the registry's admin pages."""

from django.contrib import admin
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.templatetags.shafaf import fadigits


def jalali_year_filter(field_name, title=None):
    """A list filter on the Jalali year of the date field `field_name`.

    It offers the years between the earliest and the latest date in the table (one MIN/MAX
    query, answered from an index on large tables) and filters by the year's Gregorian range.
    """

    class JalaliYearFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}__jalali_year"

        def lookups(self, request, model_admin):
            bounds = model_admin.model._default_manager.aggregate(first=Min(field_name), last=Max(field_name))
            if bounds["first"] is None:
                return []
            first, last = jalali.jalali_year(bounds["first"]), jalali.jalali_year(bounds["last"])
            return [(str(year), fadigits(year)) for year in range(last, first - 1, -1)]

        def queryset(self, request, queryset):
            value = self.value()
            if not value or not value.isdigit():
                return queryset
            start, end = jalali.year_bounds(int(value))
            return queryset.filter(**{f"{field_name}__range": (start, end)})

    JalaliYearFilter.title = title or _("Jalali year")
    return JalaliYearFilter


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter on a boolean annotation named by `parameter_name` (subclass and set title)."""

    def lookups(self, request, model_admin):
        return (("yes", _("yes")), ("no", _("no")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.parameter_name: self.value() == "yes"})
        return queryset
