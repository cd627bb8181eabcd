"""Import and export in the admin for every kind of record, and the import log.

django-import-export gives the change-list buttons, the URLs and the export page, which exports
the filtered change list through a Kind dressed as a resource (KindExport). The import pages are
Shafaf's own: a preview of every row (new, updated, unchanged, or why it is wrong) before
anything is written, the uploaded file kept in the database until the clerk confirms (several app
servers share one database, and the library's temporary storages know nothing of the user who
uploaded), and all-or-nothing writes through registry.importing.
"""

import functools

import tablib
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import admin as import_export_admin
from import_export import forms as import_export_forms
from import_export.fields import Field

from registry import importing, jalali, spreadsheets
from registry.formatting import EMPTY, counted, digits, file_size, identifier, persian, row_ranges, stored_value, text
from registry.importing.cells import cell_text
from registry.importing.outcome import ERROR, NEW, UNCHANGED, UPDATED
from registry.importing.template import template
from registry.models import ImportLog, PendingUpload

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The preview lists this many rows; the counts above it cover the whole file.
PREVIEW_ROWS = 1000

ACTIONS = {NEW: _("new"), UPDATED: _("updated"), UNCHANGED: _("unchanged"), ERROR: _("error")}


class ImportFileForm(forms.Form):
    import_file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX, ODS or XLS (the first sheet is read), or CSV (UTF-8 or Windows-1256, separated by , or ;)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.ods,.xls,text/csv"}),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s, larger than the limit of %(limit)s."),
                params={"size": file_size(upload.size), "limit": file_size(settings.IMPORT_MAX_UPLOAD_BYTES)},
            )
        return upload


class ConfirmImportForm(forms.Form):
    upload = forms.IntegerField(widget=forms.HiddenInput)


class ExportForm(import_export_forms.ExportForm):
    persian_labels = forms.BooleanField(label=_("Persian column headers"), required=False)


class KindExport:
    """A Kind as django-import-export's export page wants a resource class: a name, its columns,
    and a Dataset of the records of a queryset. `for_kind()` makes one per kind."""

    kind = None

    @classmethod
    @functools.cache
    def for_kind(cls, kind):
        return type(f"{kind.model.__name__}Export", (cls,), {"kind": kind})

    @classmethod
    def get_display_name(cls):
        return str(cls.kind.model._meta.verbose_name_plural)

    def __init__(self, **kwargs):
        pass

    def get_user_visible_fields(self):
        return [Field(column_name=name) for name in self.kind.columns]

    def export(self, queryset=None, **kwargs):
        form = kwargs.get("export_form")
        persian = bool(form and form.cleaned_data.get("persian_labels"))
        dataset = tablib.Dataset(headers=self.kind.export_headers(persian))
        for row in self.kind.export_rows(queryset):
            dataset.append(row)
        return dataset


class ImportExportMixin(import_export_admin.ImportExportMixin):
    """Import and export for a RegistryModelAdmin whose model is an import kind."""

    import_template_name = "admin/registry/import.html"
    export_form_class = ExportForm

    @property
    def formats(self):
        return spreadsheets.EXPORT_FORMATS

    @property
    def import_kind(self):
        return importing.kind_for_model(self.model)

    def get_resource_classes(self, request):
        return [KindExport.for_kind(self.import_kind)] if self.import_kind else []

    def has_import_permission(self, request):
        return self.import_kind is not None and super().has_import_permission(request)

    def has_export_permission(self, request):
        return self.import_kind is not None and super().has_export_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        date = jalali.format_date(jalali.today()).replace("/", "-")
        return f"{self.import_kind.name}-{date}.{file_format.get_extension()}"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [path("import/template/", self.admin_site.admin_view(self.import_template),
                     name="%s_%s_import_template" % info), *super().get_urls()]

    def import_template(self, request):
        """The kind's template: Persian headers, a sample row, the values each column allows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(template(self.import_kind), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.import_kind.name}-template.xlsx"'
        return response

    def import_action(self, request, **kwargs):
        """Upload → preview (a dry run, nothing written) → a confirm button when every row is right."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportFileForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._render_import(request, form)
        upload = form.cleaned_data["import_file"]
        data = upload.read()
        outcome = importing.import_file(
            self.import_kind.name, data, upload.name, user=request.user, source=ImportLog.Source.ADMIN,
            dry_run=True, keep_rows=True,
        )
        confirm = None
        if outcome.ok:
            PendingUpload.discard_expired()
            pending = PendingUpload.objects.create(
                owner=request.user, kind=self.import_kind.name, file_name=upload.name, data=data,
            )
            confirm = ConfirmImportForm(initial={"upload": pending.pk})
        return self._render_import(request, ImportFileForm(), outcome, confirm)

    def process_import(self, request, **kwargs):
        """The clerk confirmed a preview: import the kept file, all or nothing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ConfirmImportForm(request.POST)
        kind = self.import_kind.name
        pending = form.is_valid() and PendingUpload.live().filter(
            pk=form.cleaned_data["upload"], owner=request.user, kind=kind,
        ).first()
        if not pending:
            messages.error(request, gettext("This preview has expired or was already imported; upload the file again."))
            return HttpResponseRedirect(self._url("import"))
        data, name = bytes(pending.data), pending.file_name
        pending.delete()
        outcome = importing.import_file(kind, data, name, user=request.user, source=ImportLog.Source.ADMIN)
        if not outcome.ok:
            return self._render_import(request, ImportFileForm(), outcome)
        messages.success(request, digits(outcome.summary()))
        return HttpResponseRedirect(self._url("changelist"))

    def _preview_row(self, row):
        """A row of the preview: its number, fate and record, the values it writes (a new record's
        filled fields; an updated one's changes, before and after) or, refused, the values it had,
        and what was put right."""
        opts, kind = self.opts, self.import_kind
        values = []
        for name, (before, after) in row.changes.items() if row.action in (NEW, UPDATED) else ():
            if row.action == NEW and after in (None, ""):
                continue
            field = opts.get_field(name)
            values.append((field.verbose_name, None if row.action == NEW else stored_value(field, before),
                           stored_value(field, after)))
        if row.action == ERROR:
            values = [(kind.column_title(name), None, self._cell(name, row.values, raw))
                      for name, raw in row.cells.items()]
        notes = [note._replace(column=kind.column_title(note.column)) for note in row.notes]
        return {"number": row.number, "action": row.action, "label": ACTIONS[row.action],
                "record": text(row.record), "values": values, "notes": notes}

    def _cell(self, name, values, raw):
        """A cell of a refused row: the value read from it as a page shows a field's value, or the cell
        as the file has it when it could not be read (or names a record of a relation or of the file)."""
        value = values.get(name)
        field = self.import_kind.model_fields.get(name)
        if field is None or value is None or (field.is_relation and not isinstance(value, Model)):
            return text(cell_text(raw))
        return stored_value(field, value)

    def _url(self, name):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}")

    def _render_import(self, request, form, outcome=None, confirm_form=None):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import %(records)s") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "form": form,
            "outcome": outcome,
            "confirm_form": confirm_form,
            "columns": self.import_kind.column_guide(),
            "limit": file_size(settings.IMPORT_MAX_UPLOAD_BYTES),
            "media": self.media + form.media,
        }
        if outcome is not None:
            kind = self.import_kind
            context["error_groups"] = [
                (counted(len(group.rows), gettext("row"), gettext("rows")) if len(group.rows) > 1 else "",
                 row_ranges(group.rows) if group.rows[0] is not None else "",
                 group._replace(column=kind.column_title(group.column)))
                for group in outcome.error_groups()]
            # A refused file writes nothing: its rows that were right are counted as such, not as new.
            context["right_rows"] = sum(outcome.counts.values())
        if outcome is not None and outcome.rows is not None:
            context["rows"] = [self._preview_row(row) for row in outcome.rows[:PREVIEW_ROWS]]
            context["more_rows"] = max(len(outcome.rows) - PREVIEW_ROWS, 0)
            # Before → after, in the direction the page reads.
            context["arrow"] = "←" if persian() else "→"
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template_name, context)


class ImportKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = ImportLog.objects.order_by().values_list("kind", flat=True).distinct()
        return sorted(((kind, ImportLog.kind_name(kind)) for kind in kinds), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    """Who imported which file, when, and what came of it; written by the application only."""

    list_display = ("created_at", "kind_name", "file", "user", "source", "status", "new_count", "updated_count",
                    "unchanged_count", "error_count")
    list_display_links = ("created_at", "file")
    list_filter = ("status", "source", "dry_run", ImportKindFilter)
    list_select_related = ("user",)
    search_fields = ("file_name",)
    show_full_result_count = False
    list_per_page = 50
    fields = ("created_at", "user", "source", "kind_name", "file", "dry_run", "status", "new_count", "updated_count",
              "unchanged_count", "error_count", "first_errors")
    readonly_fields = fields

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, entry):
        return ImportLog.kind_name(entry.kind)

    @admin.display(description=_("file name"), ordering="file_name")
    def file(self, entry):
        return identifier(entry.file_name)

    @admin.display(description=_("first errors"))
    def first_errors(self, entry):
        # One error a line, as the importer wrote them: in the language of whoever imported, which
        # sets the line's direction.
        lines = ((line,) for line in entry.errors.splitlines())
        return format_html_join("", '<div dir="auto">{}</div>', lines) or EMPTY

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
