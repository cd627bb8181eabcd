"""The reconciliation with the national goods-ID list in the admin (spec section 9): the clerk
uploads the list from the products list ("Reconcile with the national system"), reads the review
(each finding's count, its rows and what will change, old → new), and applies everything or one
finding; every reconciliation is listed with who, when, which file and what it found. The
product list filters by the products missing nationally at a reconciliation."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import jalali, reconciliation
from registry.formatting import enumeration, file_size, identifier, number
from registry.models import Product, Reconciliation
from registry.models.reconciliation import Finding

# Rows of one finding on one page of the review.
REVIEW_PAGE_ROWS = 100
# The order the review shows the findings in: what applying changes first.
SHOWN = (Finding.TO_REGISTER, Finding.NEW_PRODUCT, Finding.CONFLICT, Finding.CANCELLED_NATIONALLY,
         Finding.UNKNOWN_PRODUCER, Finding.OUT_OF_SCOPE, Finding.MATCHED)
EXPLAINED = {
    Finding.MATCHED: _("On a registered product of the same producer here."),
    Finding.TO_REGISTER: _("On a product of the same producer that is not registered here, or the producer has a "
                           "product of that name without a goods ID: applying registers it."),
    Finding.NEW_PRODUCT: _("The producer is here but has no product of that name: applying creates it."),
    Finding.CONFLICT: _("The goods ID, or the product's name, is taken here by another record: only listed."),
    Finding.UNKNOWN_PRODUCER: _("No producer here has that national ID: only listed."),
    Finding.CANCELLED_NATIONALLY: _("Cancelled nationally, registered here: only listed, for you to decide."),
    Finding.OUT_OF_SCOPE: _("Producers of counties you do not work in: only listed."),
}
APPLY_CHOICES = {"all": reconciliation.APPLICABLE, Finding.TO_REGISTER: (Finding.TO_REGISTER,),
                 Finding.NEW_PRODUCT: (Finding.NEW_PRODUCT,)}


def may_reconcile(user):
    """Reconciling writes products: it takes the clerk's right to add and change them."""
    return user.has_perm("registry.add_product") and user.has_perm("registry.change_product")


class NationalListForm(forms.Form):
    national_list = forms.FileField(
        label=_("National goods-ID list"),
        help_text=_("The list of the province's goods IDs downloaded from the comprehensive trade system: "
                    "CSV (UTF-8 or Windows-1256), or XLSX, ODS or XLS (the first sheet)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.ods,.xls,text/csv"}),
    )

    def clean_national_list(self):
        upload = self.cleaned_data["national_list"]
        if upload.size > settings.NATIONAL_LIST_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s, larger than the limit of %(limit)s."),
                params={"size": file_size(upload.size), "limit": file_size(settings.NATIONAL_LIST_MAX_UPLOAD_BYTES)},
            )
        return upload


def count_column(name):
    """A list column of one of a reconciliation's counts, in the page's digits."""
    def column(self, run):
        return number(getattr(run, name))
    return admin.display(description=Reconciliation._meta.get_field(name).verbose_name)(column)


class ApplyForm(forms.Form):
    apply = forms.ChoiceField(choices=[(choice, choice) for choice in APPLY_CHOICES])


@admin.register(Reconciliation)
class ReconciliationAdmin(admin.ModelAdmin):
    """Written by the application only: uploading a list adds one, applying it is the review's button."""

    # Every count on one line, without a filter panel beside it: a handful of lists a month.
    list_display = ("created_at", "list_file", "user", "status", "count_matched", "count_to_register",
                    "count_new_product", "count_conflict", "count_unknown_producer", "count_cancelled_nationally",
                    "count_missing_nationally", "applied")
    list_display_links = ("created_at", "list_file")
    list_select_related = ("user",)
    search_fields = ("file_name",)
    show_full_result_count = False
    list_per_page = 50

    count_matched = count_column("matched")
    count_to_register = count_column("to_register")
    count_new_product = count_column("new_product")
    count_conflict = count_column("conflict")
    count_unknown_producer = count_column("unknown_producer")
    count_cancelled_nationally = count_column("cancelled_nationally")
    count_missing_nationally = count_column("missing_nationally")

    @admin.display(description=_("file name"), ordering="file_name")
    def list_file(self, run):
        return identifier(run.file_name)

    @admin.display(description=_("applied"))
    def applied(self, run):
        if run.registered_count is None and run.created_count is None:
            return "—"
        return _("%(registered)s registered, %(created)s created") % {
            "registered": number(run.registered_count or 0), "created": number(run.created_count or 0)}

    def has_add_permission(self, request):
        return may_reconcile(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Upload the national list: it is read and classified at once, and kept for the review."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NationalListForm(request.POST or None, request.FILES or None)
        refusal = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["national_list"]
            try:
                run = reconciliation.reconcile(upload.read(), upload.name, user=request.user,
                                               source=Reconciliation.Source.ADMIN)
            except reconciliation.Refused as refused:
                refusal = refused
            else:
                return HttpResponseRedirect(self._url("change", run.pk))
        return self._render(request, "admin/registry/reconciliation/upload.html", {
            "title": gettext("Reconcile with the national system"),
            "form": form,
            "refusal": refusal,
            "columns": reconciliation.COLUMNS,
            "limit": file_size(settings.NATIONAL_LIST_MAX_UPLOAD_BYTES),
            "media": self.media + form.media,
        })

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review of one reconciliation; its POST applies it."""
        run = self.get_object(request, unquote(object_id))
        if run is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        if request.method == "POST":
            return self._apply(request, run)
        return self._render(request, "admin/registry/reconciliation/review.html", self._review(request, run))

    def _apply(self, request, run):
        if not may_reconcile(request.user):
            raise PermissionDenied
        form = ApplyForm(request.POST)
        if not form.is_valid() or run.status == Reconciliation.Status.REFUSED:
            messages.error(request, gettext("Choose what to apply."))
            return HttpResponseRedirect(self._url("change", run.pk))
        try:
            applied = reconciliation.apply(run, user=request.user, findings=APPLY_CHOICES[form.cleaned_data["apply"]])
        except IntegrityError:
            messages.error(request, gettext(
                "The registry changed while the list was being applied, and nothing was written. Apply again."))
        else:
            messages.success(request, gettext(
                "Applied: %(registered)s products registered and %(created)s products created.") % {
                "registered": number(applied.registered), "created": number(applied.created)})
        return HttpResponseRedirect(self._url("change", run.pk))

    def _review(self, request, run):
        finding = request.GET.get("finding")
        counts = {name: getattr(run, name) for name in SHOWN}
        if finding not in counts:
            finding = next((name for name in SHOWN if counts[name]), Finding.TO_REGISTER)
        try:
            page = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        start = (page - 1) * REVIEW_PAGE_ROWS
        rows = list(run.list_rows.filter(finding=finding).order_by("number")
                    .select_related("product__producer", "product__sector", "producer__county", "producer__sector")
                    [start:start + REVIEW_PAGE_ROWS])
        may_apply = may_reconcile(request.user) and run.status != Reconciliation.Status.REFUSED
        return {
            "title": gettext("Reconciliation with the national list"),
            "original": run,
            "counties": enumeration(run.counties.all()) if not run.province_wide else "",
            "findings": [{"name": name, "label": Finding(name).label, "count": counts[name],
                          "explained": EXPLAINED[name], "url": "?" + urlencode({"finding": name})}
                         for name in SHOWN],
            "finding": Finding(finding),
            "rows": [ReviewRow(row) for row in rows],
            "page": page,
            "previous_url": "?" + urlencode({"finding": finding, "page": page - 1}) if page > 1 else None,
            "next_url": ("?" + urlencode({"finding": finding, "page": page + 1})
                         if start + REVIEW_PAGE_ROWS < counts[finding] else None),
            "first_row": start + 1,
            "missing_url": reconciliation.missing_url(run),
            "can_register": may_apply and run.registered_count is None and run.to_register > 0,
            "can_create": may_apply and run.created_count is None and run.new_product > 0,
        }

    def _render(self, request, template, context):
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request), "opts": self.opts, "changelist_url": self._url("changelist"),
            **context,
        })

    def _url(self, name, *args):
        return reverse(f"admin:registry_reconciliation_{name}", args=args, current_app=self.admin_site.name)


class ReviewRow:
    """A row of the review: the list's row, the record it is about, and what applying changes."""

    def __init__(self, row):
        self.row = row
        self.product = row.product
        self.producer = row.producer
        self.reason = row.get_reason_display() if row.reason else ""
        self.changes = self._changes()

    @property
    def product_url(self):
        return reverse("admin:registry_product_change", args=(self.product.pk,)) if self.product else None

    def _changes(self):
        """[(field, old, new)] that applying writes."""
        row, product = self.row, self.product
        field = Product._meta.get_field
        registered = Product.Status.REGISTERED.label
        if row.finding == Finding.TO_REGISTER and product is not None:
            changes = [
                (field("goods_id").verbose_name, product.goods_id or "", row.goods_id),
                (field("status").verbose_name, product.get_status_display(), registered),
                (field("registered_on").verbose_name, jalali.format_date(product.registered_on, None),
                 jalali.format_date(row.registered_on, None)),
            ]
            if product.declared_on > row.registered_on:
                changes.append((field("declared_on").verbose_name, jalali.format_date(product.declared_on, None),
                                jalali.format_date(row.registered_on, None)))
            return [change for change in changes if change[1] != change[2]]
        if row.finding == Finding.NEW_PRODUCT and self.producer is not None:
            day = jalali.format_date(row.registered_on, None)
            return [(field("name").verbose_name, "", row.description),
                    (field("sector").verbose_name, "", str(self.producer.sector)),
                    (field("status").verbose_name, "", registered),
                    (field("declared_on").verbose_name, "", day), (field("registered_on").verbose_name, "", day)]
        return []


class MissingNationallyFilter(admin.SimpleListFilter):
    """Products that were registered here and missing nationally when a list was compared. It is
    reached from a reconciliation's review and from the reports, and shown once chosen (so the
    plain product list pays no query for it)."""

    title = _("missing nationally")
    parameter_name = reconciliation.MISSING_PARAMETER

    def lookups(self, request, model_admin):
        run = self._chosen()
        return [] if run is None else [(str(run.pk), _label(run))]

    def _chosen(self):
        if self.value() is None:
            return None
        if not hasattr(self, "_run"):
            try:
                self._run = Reconciliation.objects.exclude(status=Reconciliation.Status.REFUSED).get(
                    pk=int(self.value()))
            except (ValueError, Reconciliation.DoesNotExist):
                raise IncorrectLookupParameters(self.value()) from None
        return self._run

    def queryset(self, request, queryset):
        run = self._chosen()
        return queryset if run is None else reconciliation.missing_products(run, queryset)


def _label(run):
    return _("at the reconciliation of %(day)s") % {"day": jalali.format_date(run.created_at, None)}
