"""One ModelAdmin for every Shafaf record: Jalali dates, normalised search, history, cheap lists,
import and export.

Supervisors read everything without changing it because they hold only view permissions;
clerks add and change; deleting needs a permission only administrators have. Importing and
exporting need the import_<model> / export_<model> permissions (registry.roles).
"""

import datetime
import decimal

from django import forms
from django.contrib import admin
from django.contrib.admin import actions as admin_actions
from django.contrib.admin import helpers, utils
from django.contrib.admin import options as admin_options
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from registry import countries, formatting, jalali, lookups, text  # noqa: F401 (importing lookups registers `fk__key`)
from registry.admin.imports import ImportExportMixin
from registry.admin.pagination import EstimatedCountPaginator
from registry.scoping import assigned_counties, county_paths, scope

# Django's admin shows a field's value through admin.utils.display_for_field, which knows only the
# Gregorian calendar and Latin digits, and offers no hook. Every read-only value (change lists,
# read-only forms of supervisors, inlines, history) passes through it, so wrapping it is the one
# place that makes all of them read as a Persian clerk reads: Jalali dates, numbers in the page's
# digits with one thousands separator (a year without one), codes and identifiers isolated left
# to right. The wrapper defers to Django for everything else.
_display_for_field = utils.display_for_field
_display_for_value = utils.display_for_value
_NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    if value is not None and not getattr(field, "flatchoices", None):
        if isinstance(field, models.DateTimeField) and isinstance(value, datetime.datetime):
            return jalali.format_datetime(value)
        if isinstance(field, models.DateField) and isinstance(value, datetime.date):
            return jalali.format_date(value, digits=None)
        if isinstance(field, _NUMBER_FIELDS) and not isinstance(value, bool):
            # A year or a record's number is read digit by digit, never grouped.
            is_name = field.primary_key or field.name == "year" or field.name.endswith("_year")
            return formatting.digits(value) if is_name else formatting.number(value)
        if isinstance(field, countries.CountryField) and value not in field.empty_values:
            return countries.name(value)  # the code is for files and programs
        if isinstance(field, models.CharField) and value not in field.empty_values:
            return formatting.text(value)
    return _display_for_field(value, field, empty_value_display, *args, **kwargs)


def display_for_value(value, empty_value_display, boolean=False):
    """A computed column's value (a count, a sum): numbers as display_for_field shows them."""
    if not boolean and isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return formatting.number(value)
    return _display_for_value(value, empty_value_display, boolean)


def model_ngettext(obj, n=None):
    """Django's "N objects" noun (actions, messages, confirmations), with the singular after a
    number in Persian (formatting.noun_after)."""
    if isinstance(obj, models.QuerySet):
        n = obj.count() if n is None else n
        obj = obj.model
    names = utils.model_format_dict(obj)
    return formatting.noun_after(n, names["verbose_name"], names["verbose_name_plural"])


for _module in (utils, helpers, admin_list):
    _module.display_for_field = display_for_field
    _module.display_for_value = display_for_value
for _module in (utils, admin_options, admin_actions):
    _module.model_ngettext = model_ngettext


class JalaliFormMixin:
    """Every DateField of a form is typed and shown in Jalali, with the calendar picker; every
    number can be typed in Persian digits (registry.text.NumberInput says why it is a text box), and
    an amount of rials (a field named *_rials), an area (*_m2) or a tonnage (*_tonnes) is grouped by
    thousands as it is typed."""

    formfield_overrides = {
        models.DateField: {"form_class": jalali.JalaliDateField, "widget": jalali.JalaliDateInput},
        # Django's admin gives both integer kinds a number box of their own; the first match counts.
        models.IntegerField: {"form_class": text.IntegerField, "widget": text.NumberInput({"class": "vIntegerField"})},
        models.BigIntegerField: {"form_class": text.IntegerField,
                                 "widget": text.NumberInput({"class": "vBigIntegerField"})},
        models.DecimalField: {"form_class": text.DecimalField},
        countries.CountryField: {"form_class": countries.CountryFormField, "widget": None},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name.endswith("_rials"):
            kwargs = {"form_class": text.MoneyField, "widget": text.MoneyInput, **kwargs}
        elif db_field.name.endswith(("_m2", "_tonnes")):
            kwargs = {"form_class": text.QuantityField, "widget": text.QuantityInput, **kwargs}
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)
                and field.choices and field.choices[0][0] == ""):
            # Nothing chosen reads as every empty value does ("—"), not as Django's "---------".
            field.choices = [("", formatting.EMPTY), *field.choices[1:]]
        return field


class AlphabeticalChoiceIterator(forms.models.ModelChoiceIterator):
    """A foreign key's choices in the alphabetical order of their names in the page's language
    (registry.text.collation_key): counties, sectors, offices and minerals sort by their Persian
    names in Persian and their English ones in English, not by code; the empty choice stays first."""

    def __iter__(self):
        choices = iter(super().__iter__())
        if self.field.empty_label is not None:
            yield next(choices)
        yield from text.alphabetical(choices, lambda choice: choice[1])


class AlphabeticalModelChoiceField(forms.ModelChoiceField):
    iterator = AlphabeticalChoiceIterator


class AlphabeticalChoicesMixin:
    """Every foreign key's drop-down lists its records alphabetically (AlphabeticalChoiceIterator)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", AlphabeticalModelChoiceField)
        kwargs.setdefault("empty_label", formatting.EMPTY)  # not Django's "---------"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CountyScopeMixin:
    """A clerk assigned some counties sees and can choose only their records (registry.scoping)."""

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if "queryset" not in kwargs and county_paths(related) and assigned_counties(request.user) is not None:
            db = kwargs.get("using")
            queryset = self.get_field_queryset(db, db_field, request) or related._default_manager.using(db).all()
            kwargs["queryset"] = scope(queryset, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NormalisedSearchMixin:
    """Search terms are normalised like the stored text (علي finds علی, ۱۲۳ finds 123)."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, text.normalize(search_term))


class RegistryModelForm(forms.ModelForm):
    """Refuses to save over a change that someone else saved after this form was opened.

    The form carries the record's version; on save the row is locked and its current version
    compared, so of two clerks editing the same record the second is told what changed, by
    whom and when, instead of silently overwriting it.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("edit_version")
        if self.instance.pk is None or seen is None:
            return cleaned
        model = type(self.instance)
        with transaction.atomic(using=self.instance._state.db):
            current = (model._default_manager.select_for_update().filter(pk=self.instance.pk)
                       .values_list("version", flat=True).first())
        if current is not None and current != seen:
            raise ValidationError(stale_record_message(self.instance, seen), code="stale")
        return cleaned


def stale_record_message(instance, seen_version):
    """Who changed the record after version `seen_version`, when, and which fields."""
    records = instance.history.filter(version__gte=seen_version).order_by("history_date")
    first, last = records.first(), records.last()
    fields = []
    if first is not None and last is not None and first != last:
        names = {change.field for change in last.diff_against(first).changes}
        fields = [str(instance._meta.get_field(name).verbose_name) for name in sorted(names)]
    return _("Someone else saved this record while you were editing it: %(user)s, at %(time)s "
             "(changed: %(fields)s). Nothing of yours was saved; open the record again to see the "
             "current values, then make your change there.") % {
        "user": getattr(last, "history_user", None) or _("unknown user"),
        "time": jalali.format_datetime(last.history_date) if last else "-",
        "fields": "، ".join(fields) or "-",
    }


class ReadableChanges(HistoricalRecordContextHelper):
    """The changes on a record's history page as the record's own pages show its values: a choice's
    label, a Jalali date, numbers in the page's digits, the related record's name, yes or no, and a
    dash for nothing (simple-history shows the stored values: `active`, `None`, `True`, 2024-08-02)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        # (simple-history gives an empty foreign key as a "deleted" record without an id.)
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return formatting.EMPTY
        if isinstance(field, models.BooleanField):
            return gettext("yes") if value else gettext("no")
        if field.is_relation:
            return formatting.text(str(value))
        return display_for_field(value, field, formatting.EMPTY)

    def stringify_delta_change_values(self, change, old, new):
        # Whole values: shortening would cut through the markup that isolates an identifier.
        return conditional_escape(old), conditional_escape(new)


class RegistryModelAdmin(ImportExportMixin, AlphabeticalChoicesMixin, CountyScopeMixin, JalaliFormMixin,
                         NormalisedSearchMixin, SimpleHistoryAdmin):
    list_per_page = 50
    list_max_show_all = 500
    # COUNT(*) of a whole table on every page is the slowest query of a large change list: the
    # paginator counts exactly only what is small, and no second count of the whole table is made.
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    save_on_top = True
    form = RegistryModelForm

    class Media:
        js = ("registry/js/numbers.js",)  # the action bar's count in the page's digits

    def get_queryset(self, request):
        # Change lists apply their own ordering; autocomplete and actions page through this one.
        queryset = super().get_queryset(request)
        return queryset if queryset.ordered else queryset.order_by(*(self.ordering or ("-pk",)))

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, [("", _("Choose an action"))])

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if "selection_note" in context:
            # Django writes the action bar's counts with Latin digits (registry/js/numbers.js keeps them
            # in the page's digits as the clerk ticks rows).
            changelist = context["cl"]
            context["selection_note"] = gettext("0 of %(cnt)s selected") % {
                "cnt": formatting.number(len(changelist.result_list))}
            context["selection_note_all"] = ngettext(
                "%(total_count)s selected", "All %(total_count)s selected", changelist.result_count,
            ) % {"total_count": formatting.number(changelist.result_count)}
        return response

    # A record's name in the titles of its pages, isolated (formatting.isolated): the name of a lot
    # (KD-AU-003 / 1), a unit (KD-E01 / A-1) would otherwise be reordered by the Persian around it.
    def history_view_title(self, request, obj):
        return super().history_view_title(request, obj).replace(str(obj), formatting.isolated(obj))

    def history_form_view_title(self, request, obj):
        return super().history_form_view_title(request, obj).replace(str(obj), formatting.isolated(obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and context.get("subtitle"):
            context["subtitle"] = formatting.isolated(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history hides the Revert button when revert_disabled() says so, yet saves a POST
        # all the same: a view-only supervisor could change a record. Refuse it here.
        obj = self.get_object(request, utils.unquote(object_id))
        if request.method == "POST" and self.revert_disabled(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that shows its current choice from the record it belongs to.

    Django's looks the chosen record up again for every box it draws: one query per row of an
    inline. When the row's record already holds the related one (select_related in the inline's
    queryset), InlineForm hands its label here and no query is made.
    """

    known = None  # (value, label) of the current choice

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known is None or chosen != [self.known[0]]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, self.known[0], self.known[1], set(chosen), len(options)))
        return [(None, options, 0)]


class InlineForm(forms.ModelForm):
    """An inline row whose autocomplete boxes are labelled from its record (LabelledAutocompleteSelect)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the add/change-link wrapper
            if not isinstance(widget, LabelledAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            related = model_field.get_cached_value(self.instance, None)
            if related is not None:
                widget.known = (str(getattr(related, field.to_field_name or "pk")), field.label_from_instance(related))


class SharedChoicesMixin:
    """Every form of an inline formset reads a foreign key's choices from one list per request,
    and its autocomplete boxes show their choice without a query (InlineForm).

    Django copies a ModelChoiceField into each form with a fresh queryset, so a formset of 30
    rows would run the same choices query 30 times.
    """

    form = InlineForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not isinstance(field.widget, AutocompleteSelect) and request is not None:
            shared = request.__dict__.setdefault("_shafaf_choices", {})
            key = (self.model, db_field.name)
            if key not in shared:
                shared[key] = list(field.choices)
            field.choices = shared[key]
        return field


class RegistryInlineFormSet(BaseInlineFormSet):
    """On a save, the rows nobody changed are not validated again: they are not saved either, and
    their constraint checks were a query each (about 200 queries for a producer's ten products)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound and i < self.initial_form_count():
            form.empty_permitted = True  # Form.full_clean() skips a form so marked when unchanged
        return form


class LatestRowsFormSet(RegistryInlineFormSet):
    """An inline of only the first `shown` rows of its ordering, for records that can have hundreds
    of them (a producer's products): every row drawn costs the page about 5 ms.

    A save covers exactly the rows the page was shown with, even when newer rows have come
    since; without that, a row pushed out of the window would be skipped without a word.
    """

    shown = 10
    total_from = None  # set by LatestRowsInline

    @cached_property
    def total(self):
        """How many rows the parent record has in all."""
        if self.total_from and hasattr(self.instance, self.total_from):
            return getattr(self.instance, self.total_from)
        return super().get_queryset().count()

    def full_list(self):
        """A link to the change list of all the parent record's rows, saying how many there are."""
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        query = urlencode({f"{self.fk.name}__{self.fk.target_field.name}__exact": self.instance.pk})
        return format_html('<a href="{}?{}">{}</a>', url, query,
                           formatting.counted(self.total, opts.verbose_name, opts.verbose_name_plural))

    def get_queryset(self):
        if not hasattr(self, "_shown_rows"):
            rows = super().get_queryset()
            self._shown_rows = rows.filter(pk__in=self._posted_pks()) if self.is_bound else rows[: self.shown]
        return self._shown_rows

    def _posted_pks(self):
        pk = self.model._meta.pk
        to_python = self._get_to_python(pk)
        pks = []
        for index in range(self.initial_form_count()):
            try:
                pks.append(to_python(self.data.get(f"{self.add_prefix(index)}-{pk.name}")))
            except ValidationError:
                continue
        return pks


class RegistryInline(SharedChoicesMixin, AlphabeticalChoicesMixin, CountyScopeMixin, JalaliFormMixin,
                     admin.TabularInline):
    formset = RegistryInlineFormSet
    extra = 0
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A row is one line: the related record's add, change and view icons made a second one
        # under every row (the record is a click away through the row's change link).
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_add_related = field.widget.can_change_related = field.widget.can_view_related = False
        return field


class LatestRowsInline(RegistryInline):
    """An inline of a record's latest rows only (LatestRowsFormSet), under which a line says how
    many there are in all, linked to the list of all of them."""

    formset = LatestRowsFormSet
    template = "admin/edit_inline/latest_tabular.html"
    # The parent record's annotation counting all its rows, if its admin's queryset has one.
    total_from = None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.total_from = self.total_from
        return formset

