"""List filters shared by the registry's admin pages: the Jalali year (or month) of a date field, a
derived state, yes/no, a foreign key offering only what the list refers to, the day a list is
counted at, related records in alphabetical order, the filters that a report's figure needs so
that its link lands on exactly the records it counts, and the kinds of the clerk's worklist."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import models
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from registry import jalali, worklist
from registry.formatting import digits
from registry.models import County, Lot, Obligation, Sector
from registry.text import alphabetical


class JalaliYearFilter(admin.SimpleListFilter):
    """Filters by the Jalali year of the DateField `field_name`; make one with jalali_year_filter().

    Django's date filters and date_hierarchy only know Gregorian years. This one offers the
    Jalali years from the earliest to the latest date in the table (one MIN/MAX query, which an
    index answers on a large table), and the year chosen (a report's link may ask for one the
    table does not reach), and filters by the year's Gregorian range, so that index serves the
    filter too.
    """

    field_name = None

    def lookups(self, request, model_admin):
        bounds = model_admin.model._default_manager.aggregate(first=Min(self.field_name), last=Max(self.field_name))
        years = set()
        if bounds["first"] is not None:
            years.update(range(jalali.jalali_year(bounds["first"]), jalali.jalali_year(bounds["last"]) + 1))
        chosen = self.value()
        if chosen and chosen.isascii() and chosen.isdigit() and 1300 <= int(chosen) < jalali.JALALI_YEAR_LIMIT:
            years.add(int(chosen))
        return [(str(year), digits(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            start, end = jalali.year_bounds(int(self.value()))
        except ValueError:
            raise IncorrectLookupParameters(self.value()) from None
        return queryset.filter(**{f"{self.field_name}__range": (start, end)})


class JalaliMonthFilter(admin.SimpleListFilter):
    """Filters by the Jalali month (`1404-08`) of the DateField `field_name`, through the month's
    Gregorian range; shown only when a link has chosen a month (the bulletin's list of a month),
    with its name. Make one with jalali_month_filter()."""

    field_name = None

    def chosen(self):
        """(year, month) of the value, or None when it names no month."""
        year, _dash, month = (self.value() or "").partition("-")
        if year.isascii() and year.isdigit() and month.isascii() and month.isdigit() \
                and 1300 <= int(year) < jalali.JALALI_YEAR_LIMIT and 1 <= int(month) <= 12:
            return int(year), int(month)
        return None

    def lookups(self, request, model_admin):
        if self.value() is None:
            return []
        chosen = self.chosen()
        # A value that is no month is offered as it is, so that filtering refuses it (a filter
        # without choices would be left out and the list shown whole).
        label = self.value() if chosen is None else f"{jalali.month_name(chosen[1])} {digits(chosen[0])}"
        return [(self.value(), label)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.chosen() is None:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(**{f"{self.field_name}__range": jalali.month_bounds(*self.chosen())})


def jalali_month_filter(field_name, title, parameter_name):
    """A JalaliMonthFilter on `field_name`, titled `title`, taking `1404-08` as `parameter_name`."""
    return type("JalaliMonthFilter", (JalaliMonthFilter,), {
        "field_name": field_name, "parameter_name": parameter_name, "title": title})


def jalali_year_filter(field_name, title=None, parameter_name=None):
    """A JalaliYearFilter on `field_name`, titled `title` (default: «Jalali year»), taking the
    year as `parameter_name` (default: <field_name>__jalali_year; a field of a related record
    needs a name of its own, since the admin allows no such lookup through a relation)."""
    return type("JalaliYearFilter", (JalaliYearFilter,), {
        "field_name": field_name,
        "parameter_name": parameter_name or f"{field_name}__jalali_year",
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
    """A yes/no filter on a boolean annotation named by `parameter_name` (subclass and set title);
    override `narrow` to filter another way."""

    def lookups(self, request, model_admin):
        return (("yes", _("yes")), ("no", _("no")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return self.narrow(queryset, self.value() == "yes", request)
        return queryset

    def narrow(self, queryset, yes, request):
        return queryset.filter(**{self.parameter_name: yes})


class ReferencedFieldListFilter(admin.RelatedFieldListFilter):
    """A foreign key's filter that offers only the records the list's rows refer to (of the 59
    items of the national smuggling list, the few that products name).

    Django's RelatedOnlyFieldListFilter asks for the DISTINCT keys of the whole list, which reads
    every row of a million products; here each candidate asks whether one row refers to it
    (EXISTS, answered by the foreign key's index).
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = _("none")  # the choice of rows that refer to nothing

    def field_choices(self, field, request, model_admin):
        referring = model_admin.get_queryset(request).filter(**{field.name: OuterRef("pk")})
        return alphabetical(field.get_choices(include_blank=False, limit_choices_to=Q(Exists(referring))),
                            lambda choice: choice[1])


# -- related records in alphabetical order -----------------------------------------------------


class AlphabeticalListFilter(admin.RelatedFieldListFilter):
    """A foreign key's filter offering its records in the alphabetical order of their names in the
    page's language (Persian order in Persian: counties, sectors, estates), not in the order of their
    codes or ids. Every list filter on a foreign key is one (registered below), unless it names its own."""

    def field_choices(self, field, request, model_admin):
        return alphabetical(super().field_choices(field, request, model_admin), lambda choice: choice[1])


admin.FieldListFilter.register(lambda field: field.is_relation and field.related_model is not None,
                               AlphabeticalListFilter, take_priority=True)


class NumberValuesListFilter(admin.AllValuesFieldListFilter):
    """A number field's filter (a list's year) offering its values in the page's digits: ۱۴۰۵, not
    1405. Every list filter on a plain number field is one (registered below)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if isinstance(choice["display"], (int, str)) and str(choice["display"]).isdigit():
                choice = {**choice, "display": digits(choice["display"])}
            yield choice


admin.FieldListFilter.register(
    lambda field: isinstance(field, models.IntegerField) and not field.choices and not field.is_relation,
    NumberValuesListFilter, take_priority=True,
)


class ChosenRecordFilter(admin.RelatedFieldListFilter):
    """A foreign key with too many records to offer (a producer, an auction): shown in the panel
    only when a link has chosen one, with its name, so the list says whose records it holds.
    Use as ("producer", ChosenRecordFilter)."""

    def field_choices(self, field, request, model_admin):
        chosen = [value for value in self.lookup_val or () if value.isdigit()]
        if not chosen:
            return []  # (a value that is no id is refused by the list's own filtering)
        return [(record.pk, str(record)) for record in field.related_model._default_manager.filter(pk__in=chosen)]

    def has_output(self):
        return bool(self.lookup_val)


class ReferenceFilter(admin.SimpleListFilter):
    """A choice of one `model` record (a county, a sector), in alphabetical order, for a filter that
    is not a plain foreign key; `narrow(queryset, pk, request)` says what choosing it does."""

    model = None

    def lookups(self, request, model_admin):
        return alphabetical(((str(record.pk), str(record)) for record in self.model.objects.all()),
                            lambda choice: choice[1])

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return self.narrow(queryset, int(self.value()), request)


# -- "as of" a day -----------------------------------------------------------------------------

AS_OF = "as_of"


def requested_as_of(request):
    """The day of the list's `as_of` filter (ISO or Jalali), or None when there is none or it cannot
    be read (AsOfFilter refuses that one)."""
    try:
        return jalali.parse(request.GET.get(AS_OF))
    except jalali.InvalidDate:
        return None


class AsOfFilter(admin.SimpleListFilter):
    """The day a list is counted at, as a report counts "as of" a day: only the records known by
    then (`field_name` on or before it; see narrow()); its other filters and columns (a state, a
    stage) read the day too, through requested_as_of(). Offers today; make one with as_of_filter(),
    or use KnownByFilter."""

    title = _("reference date")
    parameter_name = AS_OF
    field_name = None

    def lookups(self, request, model_admin):
        today = jalali.today()
        chosen = requested_as_of(request)
        choices = [] if chosen is None else [(self.value(), jalali.format_date(chosen, digits=None))]
        if chosen != today:
            choices.append((today.isoformat(), _("today (%(day)s)") % {"day": jalali.format_date(today, digits=None)}))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = jalali.parse(self.value())
        except jalali.InvalidDate:
            raise IncorrectLookupParameters(self.value()) from None
        return self.narrow(queryset, day)

    def narrow(self, queryset, day):
        return queryset.filter(**{f"{self.field_name}__lte": day}) if self.field_name else queryset


class KnownByFilter(AsOfFilter):
    """The day a list is counted at, keeping the records its queryset's known_by(day) keeps: the
    rule the reports count by (auctions announced by then, items of the lists up to its year, jobs
    of the months up to its month…), written once in registry/querysets.py."""

    def narrow(self, queryset, day):
        return queryset.known_by(day)


def as_of_filter(field_name=None):
    """An AsOfFilter keeping the records whose `field_name` is on or before the day (all of them
    when None: the day then only tells the list's states and flags when to be read)."""
    return type("AsOfFilter", (AsOfFilter,), {"field_name": field_name})


# -- products, producers, obligations ----------------------------------------------------------


class RegisteredFilter(YesNoFilter):
    """Products with a registered goods ID (by the as-of day, when the list has one), or without."""

    title = _("goods ID registered")
    parameter_name = "registered"

    def narrow(self, queryset, yes, request):
        as_of = requested_as_of(request)
        return queryset.registered(as_of) if yes else queryset.not_registered(as_of)


class ObligatedFilter(YesNoFilter):
    """Products in a sector their producer is obliged to register goods IDs in."""

    title = _("obligation in its sector")
    parameter_name = "obligated"

    def narrow(self, queryset, yes, request):
        obligated = queryset.obligated(requested_as_of(request))
        return obligated if yes else queryset.exclude(pk__in=obligated.values("pk"))


class ObligationSectorFilter(ReferenceFilter):
    """Producers obliged to register goods IDs in a sector (whatever their own sector)."""

    title = _("sector of obligation")
    parameter_name = "obligation_sector"
    model = Sector

    def narrow(self, queryset, pk, request):
        return queryset.obliged(as_of=requested_as_of(request), sector=pk)


class UnitObligationStateFilter(admin.SimpleListFilter):
    """Producers by their obligations to register goods IDs, as the obligations report counts the
    units: any obligation, or the state of the worst one (met only when all are met; overdue when
    any is), among the obligations of the chosen sector, as of the chosen day."""

    title = _("obligations' state")
    parameter_name = "obligation_state"
    OBLIGED = "obliged"

    def lookups(self, request, model_admin):
        return ((self.OBLIGED, _("obliged (any state)")), *Obligation.State.choices)

    def queryset(self, request, queryset):
        if self.value() not in (self.OBLIGED, *Obligation.State.values):
            return queryset
        sector = request.GET.get(ObligationSectorFilter.parameter_name)
        return queryset.obliged(None if self.value() == self.OBLIGED else self.value(), requested_as_of(request),
                                int(sector) if sector and sector.isdigit() else None)


class LicensedFilter(YesNoFilter):
    """By the `licensed` annotation (ProducerAdmin reads it as of the list's day)."""

    title = _("licensed")
    parameter_name = "licensed"


# -- licences ----------------------------------------------------------------------------------


class ExpiringWithinFilter(admin.SimpleListFilter):
    """Licences expiring within a number of days after the as-of day (today without one), as the
    licences report counts them; offers 30, 90 and 180 days and shows the number a link chose."""

    title = _("expiring within")
    parameter_name = "expiring_within"
    OFFERED = (30, 90, 180)

    def lookups(self, request, model_admin):
        days = set(self.OFFERED)
        if self.value() and self.value().isdigit():
            days.add(int(self.value()))
        return [(str(n), _("%(days)s days") % {"days": digits(n)}) for n in sorted(days)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return queryset.expiring_within(int(self.value()), requested_as_of(request))


# -- smuggling list, auctions, shipments -------------------------------------------------------


class ProductionCountyFilter(ReferenceFilter):
    """The county whose producers' products make an item "produced locally" (and "registered
    locally"): SmugglingItemAdmin reads the flags for it. The list itself keeps every item."""

    title = _("county of production")
    parameter_name = "production_county"
    model = County

    def narrow(self, queryset, pk, request):
        return queryset


def chosen_production_county(request):
    value = request.GET.get(ProductionCountyFilter.parameter_name)
    return int(value) if value and value.isdigit() else None


class LotOutcomeFilter(admin.SimpleListFilter):
    """Lots awarded, failed (no winner), failed and not yet offered again, reactivated (the
    winner's contract signed, by the list's as-of day when it has one) or signed with a runner-up,
    by the LotQuerySet rules the auctions report counts with."""

    title = _("outcome")
    parameter_name = "outcome"
    # value: (label, the LotQuerySet method)
    OUTCOMES = {
        "awarded": (_("awarded"), "awarded"),
        "failed": (_("failed"), "failed"),
        "to_reoffer": (_("failed, not yet offered again"), "to_reoffer"),
        "reactivated": (_("mine reactivated"), "reactivated"),
        "runner_up": (_("signed with the runner-up"), "signed_with_runner_up"),
    }

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _method) in self.OUTCOMES.items()]

    def queryset(self, request, queryset):
        if self.value() in ("reactivated", "runner_up"):  # (as of the list's day, when it has one)
            return getattr(queryset, self.OUTCOMES[self.value()][1])(requested_as_of(request))
        if self.value() in self.OUTCOMES:
            return getattr(queryset, self.OUTCOMES[self.value()][1])()
        return queryset


class ReofferFilter(YesNoFilter):
    """Lots that offer again a lot that failed (a mine's second attempt or later), or first offers."""

    title = _("offered again")
    parameter_name = "reoffer"

    def narrow(self, queryset, yes, request):
        return queryset.reoffers() if yes else queryset.filter(previous_lot__isnull=True)


class ChainFilter(admin.SimpleListFilter):
    """The lots of a mine's chain of attempts that ends at a lot (it, the lot it repeats, and so
    on back to the first offer): where a report's count of attempts leads. Shown in the panel only
    when a link has chosen one."""

    title = _("attempts up to a lot")
    parameter_name = "chain"

    def lookups(self, request, model_admin):
        value = self.value()
        if not (value and value.isdigit()):
            return []
        lot = Lot.objects.select_related("auction").filter(pk=int(value)).first()
        return [(value, str(lot) if lot else value)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return queryset.chain(int(self.value()))


class ForfeitedFilter(YesNoFilter):
    """Bids whose winners walked away, forfeiting the lot and their deposit."""

    title = _("forfeited")
    parameter_name = "forfeited"

    def narrow(self, queryset, yes, request):
        return queryset.forfeited() if yes else queryset.filter(forfeited_on__isnull=True)


class AuctionCountyFilter(ReferenceFilter):
    """Auctions with a lot of a mine in the county."""

    title = _("county of a lot's mine")
    parameter_name = "county"
    model = County

    def narrow(self, queryset, pk, request):
        return queryset.filter(Exists(Lot.objects.filter(auction=OuterRef("pk"), mine__county=pk)))


class ShipmentCountyFilter(ReferenceFilter):
    """Shipments from a mine, or to a processor, in the county."""

    title = _("county of the mine or processor")
    parameter_name = "county"
    model = County

    def narrow(self, queryset, pk, request):
        return queryset.filter(Q(mine__county=pk) | Q(processor__county=pk))


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
