"""List filters shared by the registry's admin pages: the Jalali year of a date field, a derived
state, yes/no, and the kinds of the clerk's worklist."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from registry import jalali, worklist
from registry.formatting import digits


class JalaliYearFilter(admin.SimpleListFilter):
    """Filters by the Jalali year of the DateField `field_name`; make one with jalali_year_filter().

    Django's date filters and date_hierarchy only know Gregorian years. This one offers the
    Jalali years from the earliest to the latest date in the table (one MIN/MAX query, which an
    index answers on a large table) and filters by the year's Gregorian range, so that index
    serves the filter too.
    """

    field_name = None

    def lookups(self, request, model_admin):
        bounds = model_admin.model._default_manager.aggregate(first=Min(self.field_name), last=Max(self.field_name))
        if bounds["first"] is None:
            return []
        first, last = jalali.jalali_year(bounds["first"]), jalali.jalali_year(bounds["last"])
        return [(str(year), digits(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            start, end = jalali.year_bounds(int(self.value()))
        except ValueError:
            raise IncorrectLookupParameters(self.value()) from None
        return queryset.filter(**{f"{self.field_name}__range": (start, end)})


def jalali_year_filter(field_name, title=None):
    """A JalaliYearFilter on `field_name`, titled `title` (default: «Jalali year»)."""
    return type("JalaliYearFilter", (JalaliYearFilter,), {
        "field_name": field_name,
        "parameter_name": f"{field_name}__jalali_year",
        "title": title or _("Jalali year"),
    })


class ChoiceFilter(admin.SimpleListFilter):
    """A filter on a derived value that takes one of `options` (TextChoices): by default the
    annotation named by `parameter_name`; override `narrow` to filter another way. (Not
    `choices`: that name is ListFilter's own method.)"""

    options = None

    def lookups(self, request, model_admin):
        return self.options.choices

    def queryset(self, request, queryset):
        if self.value() in self.options.values:
            return self.narrow(queryset, self.value())
        return queryset

    def narrow(self, queryset, value):
        return queryset.filter(**{self.parameter_name: value})


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter on a boolean annotation named by `parameter_name` (subclass and set title)."""

    def lookups(self, request, model_admin):
        return (("yes", _("yes")), ("no", _("no")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.parameter_name: self.value() == "yes"})
        return queryset


class WorklistFilter(admin.SimpleListFilter):
    """The records of a kind of the clerk's worklist today (registry/worklist.py): where each
    count of the worklist page leads, so the list holds exactly what the count counted."""

    title = _("worklist")
    parameter_name = "worklist"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.title) for kind in worklist.KINDS if kind.model is model_admin.model]

    def queryset(self, request, queryset):
        kind = worklist.BY_NAME.get(self.value())
        if kind is None or kind.model is not queryset.model:
            return queryset
        return kind.narrow(queryset)
