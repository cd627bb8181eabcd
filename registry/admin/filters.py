"""Change-list filters that Django does not have: by Jalali year of a date field.

Django's own date filters and `date_hierarchy` speak the Gregorian calendar, whose years cut
every Jalali (fiscal) year in two.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.templatetags.shafaf import fadigits


def jalali_year_filter(field_name, title=_("year")):
    """A list filter offering the Jalali years that `field_name` spans in the records (newest
    first), each selecting 1 Farvardin to the end of Esfand. It costs one query (MIN/MAX)."""

    class JalaliYearFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}__jalali_year"

        def lookups(self, request, model_admin):
            span = model_admin.get_queryset(request).aggregate(first=Min(field_name), last=Max(field_name))
            if span["first"] is None:
                return ()
            last, first = jalali.jalali_year(span["last"]), jalali.jalali_year(span["first"])
            return [(str(year), fadigits(year)) for year in range(last, first - 1, -1)]

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            try:
                bounds = jalali.year_bounds(int(self.value()))
            except ValueError as error:
                raise IncorrectLookupParameters(error) from error
            return queryset.filter(**{f"{field_name}__range": bounds})

    JalaliYearFilter.title = title
    return JalaliYearFilter
