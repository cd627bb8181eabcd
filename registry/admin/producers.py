"""The clerks' main screens: producers with their licences and products, licences, inspections."""

from django.contrib import admin
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry import formatting, jalali
from registry.admin.base import LatestRowsInline, RegistryInline, RegistryModelAdmin
from registry.admin.filters import (
    ExpiringWithinFilter,
    LicensedFilter,
    ObligationSectorFilter,
    UnitObligationStateFilter,
    WorklistFilter,
    as_of_filter,
    jalali_year_filter,
    requested_as_of,
)
from registry.models import Inspection, Licence, Obligation, Producer, Product


class LicenceInline(RegistryInline):
    model = Licence
    fields = ("number", "kind", "issued_on", "expires_on", "capacity")


class ProductInline(LatestRowsInline):
    """The producer's ten latest products, and a link to the list of all of them."""

    model = Product
    total_from = "products_count"  # ProducerAdmin's queryset counts them
    verbose_name_plural = _("latest products")
    ordering = ("-declared_on", "-pk")
    fields = ("name", "sector", "goods_id", "status", "declared_on", "registered_on", "smuggling_item")
    # The national list has hundreds of items: a select of all of them in every row made the page
    # of a producer with 20 products 1 MB of HTML and 1.7 s of rendering.
    autocomplete_fields = ("smuggling_item",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("smuggling_item")


@admin.register(Producer)
class ProducerAdmin(RegistryModelAdmin):
    list_display = ("national_id", "name", "county", "sector", "status", "licensed", "products_count",
                    "registered_count")
    list_display_links = ("national_id", "name")
    list_select_related = ("county", "sector")
    list_filter = (WorklistFilter, "county", "sector", "status", LicensedFilter, UnitObligationStateFilter,
                   ObligationSectorFilter, as_of_filter())
    search_fields = ("name", "national_id__exact")
    inlines = (LicenceInline, ProductInline)
    readonly_fields = ("compliance_summary",)
    fieldsets = (
        (None, {"fields": ("national_id", "name", "county", "sector", "isic_code", "status", "employees")}),
        (_("Contact"), {"fields": ("postal_code", "phone", "address", "estate")}),
        (_("Compliance"), {"fields": ("compliance_summary",)}),
    )

    def get_queryset(self, request):
        # Licensed on the day the list is counted at (a report's link may name one).
        return super().get_queryset(request).with_licensed(requested_as_of(request)).with_product_counts()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj else fieldsets[:-1]

    @admin.display(boolean=True, description=_("licensed"), ordering="licensed")
    def licensed(self, producer):
        return producer.licensed

    @admin.display(description=_("products"), ordering="products_count")
    def products_count(self, producer):
        return producer.products_count

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered_count(self, producer):
        return producer.registered_count

    @admin.display(description=_("compliance summary"))
    def compliance_summary(self, producer):
        """What a clerk checks first: licence, goods IDs, obligations, the last visit."""
        if producer.pk is None:
            return formatting.EMPTY
        statuses = dict(producer.products.order_by().values_list("status").annotate(n=Count("pk")))
        obligations = producer.obligations.with_state().select_related("sector").order_by("deadline")
        licence = producer.licences.operating().valid_on().order_by("-expires_on").first()
        last_visit = producer.inspections.order_by("-held_on").first()
        total = sum(statuses.values())
        registered = statuses.get(Product.Status.REGISTERED, 0)
        return render_to_string("registry/admin/compliance_summary.html", {
            "licensed": producer.licensed,
            "licence": licence,
            "products": total,
            "registered": registered,
            "pending": statuses.get(Product.Status.PENDING, 0),
            "rejected": statuses.get(Product.Status.REJECTED, 0),
            "percent": round(100 * registered / total, 1) if total else None,
            "obligations": [(obligation, Obligation.State(obligation.state).label) for obligation in obligations],
            "last_visit": last_visit,
            "products_url": f"{reverse('admin:registry_product_changelist')}?producer__id__exact={producer.pk}",
        })


class LicenceValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return (("valid", _("valid today")), ("expiring", _("expiring within 90 days")), ("expired", _("expired")))

    def queryset(self, request, queryset):
        today = jalali.today()
        if self.value() == "valid":
            return queryset.valid_on(today)
        if self.value() == "expiring":
            return queryset.expiring_within(90, today)
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        return queryset


@admin.register(Licence)
class LicenceAdmin(RegistryModelAdmin):
    list_display = ("number", "producer", "kind", "issued_on", "expires_on", "capacity")
    list_select_related = ("producer",)
    list_filter = (WorklistFilter, "kind", LicenceValidityFilter, "producer__county", "producer__sector",
                   jalali_year_filter("issued_on", _("year of issue")), ExpiringWithinFilter, as_of_filter())
    search_fields = ("=number", "producer__name_contains", "producer__key")
    autocomplete_fields = ("producer",)


@admin.register(Inspection)
class InspectionAdmin(RegistryModelAdmin):
    list_display = ("reference", "held_on", "producer", "kind", "sector")
    list_select_related = ("producer", "sector")
    list_filter = ("kind", "sector", "producer__county", jalali_year_filter("held_on"))
    search_fields = ("=reference", "producer__name_contains", "producer__key")
    autocomplete_fields = ("producer",)

