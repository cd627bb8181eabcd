"""The reports' filters (county, sector, Jalali year, as-of date, days) and the bulletin's month,
checked before any query runs: a county or sector by its code, a year as a Jalali year, a date
typed in Jalali or ISO."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.formatting import digits, isolated, sentence
from registry.jalali import JalaliDateField
from registry.models import County, Sector
from registry.reports.bulletin import Period
from registry.reports.catalogue import Column
from registry.reports.queries import DEFAULT_DAYS, Filters
from registry.text import alphabetical, digits_to_ascii

REFERENCES = {"county": County, "sector": Sector}


class DigitsInput(forms.TextInput):
    """A text box showing its number in the page's digits."""

    def format_value(self, value):
        value = super().format_value(value)
        return digits(value) if value else value


class DigitsIntegerField(forms.IntegerField):
    """An integer typed in Persian, Arabic-Indic or ASCII digits, in a plain text box (a number
    box refuses Persian digits in some browsers)."""

    widget = DigitsInput(attrs={"inputmode": "numeric", "size": "6", "dir": "ltr"})

    def to_python(self, value):
        return super().to_python(digits_to_ascii(value))


class ReferenceChoiceField(forms.ChoiceField):
    """A county or a sector by its code; a code that is none of them is named in the error in the
    page's digits, isolated so that a right-to-left sentence cannot move it (۱ از گزینه‌های موجود نیست)."""

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": isolated(digits(value))}) from None


class ReportFilterForm(forms.Form):
    county = ReferenceChoiceField(label=_("county"), required=False)
    sector = ReferenceChoiceField(label=_("sector"), required=False)
    year = DigitsIntegerField(label=_("year"), required=False, min_value=1300, max_value=1699,
                              help_text=_("Jalali year, such as 1404."))
    as_of = JalaliDateField(label=_("as of"), required=False, help_text=_("Empty: today."))
    days = DigitsIntegerField(label=_("expiring within (days)"), required=False, min_value=1, max_value=3650)

    all_labels = {"county": _("all counties"), "sector": _("all sectors"), "year": _("all years")}

    def __init__(self, data, *, report):
        super().__init__(data)
        self.report = report
        for name in set(self.fields) - set(report.filters):
            del self.fields[name]
        for field in self.fields.values():
            field.label = sentence(field.label)
        # One query per reference list: the choices and the records the filters resolve to.
        self.references = {}
        for name, model in REFERENCES.items():
            if name in self.fields:
                records = {record.code: record for record in model.objects.all()}
                self.references[name] = records
                self.fields[name].choices = [("", sentence(self.all_labels[name])), *alphabetical(
                    ((code, str(record)) for code, record in records.items()), lambda choice: choice[1])]
        if "year" in self.fields and report.year_default:
            self.fields["year"].widget.attrs["placeholder"] = digits(jalali.jalali_year())
        if "days" in self.fields:
            self.fields["days"].widget.attrs["placeholder"] = digits(DEFAULT_DAYS)

    def filters(self):
        """The validated filters, with a report's defaults (the year, 90 days: Report.resolve) filled
        in; a filter that is not valid is left out (the page counts without it and says why)."""
        data = self.cleaned_data
        return self.report.resolve(Filters(
            county=self.references.get("county", {}).get(data.get("county")),
            sector=self.references.get("sector", {}).get(data.get("sector")),
            year=data.get("year"),
            as_of=data.get("as_of"),
            days=data.get("days"),
        ))

    def summary(self, filters):
        """[(Column, value)] of the report's filters as asked (defaults filled in), for the printed
        page and the downloads."""
        shown = {
            "county": ("text", filters.county if filters.county is not None else sentence(self.all_labels["county"])),
            "sector": ("text", filters.sector if filters.sector is not None else sentence(self.all_labels["sector"])),
            # A report about auctions or shipments counts every year when none is asked for.
            "year": ("year", filters.year) if filters.year is not None else ("text", sentence(self.all_labels["year"])),
            "as_of": ("date", filters.as_of or jalali.today()),
            "days": ("int", filters.days),
        }
        return [(Column(name, self.fields[name].label, shown[name][0]), shown[name][1]) for name in self.report.filters]


class BulletinForm(forms.Form):
    """The bulletin's Jalali month, the last finished one unless another is asked for; a month
    that has not ended yet is refused (its figures could still move)."""

    year = DigitsIntegerField(label=_("year"), min_value=1300, max_value=1699)
    month = forms.TypedChoiceField(label=_("month"), coerce=int,
                                   choices=[(month, lazy(jalali.month_name, str)(month)) for month in range(1, 13)])

    def __init__(self, data):
        default = Period.last_finished()
        data = data.copy()
        for name, value in (("year", default.year), ("month", default.month)):
            if not data.get(name):
                data[name] = value
        super().__init__(data)
        for field in self.fields.values():
            field.label = sentence(field.label)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year") is not None and cleaned.get("month") is not None:
            period = self.period()
            if not period.finished():
                raise forms.ValidationError(
                    gettext("The bulletin is of a finished month: %(month)s %(year)s ends on %(end)s.") % {
                        "month": jalali.month_name(period.month), "year": digits(period.year),
                        "end": jalali.format_date(period.end, digits=None)},
                    code="unfinished",
                )
        return cleaned

    def period(self):
        return Period(self.cleaned_data["year"], self.cleaned_data["month"])
