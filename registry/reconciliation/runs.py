"""Keeping a reconciliation: the run (who, when, which file, what it found), its rows as they
were classified, and the products that were registered here but missing nationally; and what the
reports read of the last one."""

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from registry import scoping
from registry.formatting import enumeration
from registry.models import MissingNationally, Product, Reconciliation, ReconciliationRow
from registry.models.reconciliation import Finding, ListState
from registry.reconciliation.classifying import classify
from registry.reconciliation.reading import ListRow, Refused, read_list

# The findings counted on a Reconciliation (and printed by the command's --json, in its order).
COUNTED = ("matched", "to_register", "new_product", "conflict", "unknown_producer", "cancelled_nationally")
# Errors kept with a refused run in the list of reconciliations.
KEPT_ERRORS = 50
STORE_BATCH = 2000
# The product list's filter by the products missing nationally at a reconciliation.
MISSING_PARAMETER = "missing_nationally"


def reconcile(data, file_name, *, user=None, source=Reconciliation.Source.COMMAND):
    """Read, classify and keep a national list; the Reconciliation (nothing in the registry is
    written). Refused (its run kept as refused) when the file is structurally wrong."""
    try:
        rows = read_list(data, file_name)
    except Refused as refusal:
        refusal.reconciliation = Reconciliation.objects.create(
            user=user, source=source, file_name=file_name[:255], status=Reconciliation.Status.REFUSED,
            error_count=refusal.count, errors="\n".join(str(issue) for issue in refusal.issues[:KEPT_ERRORS]),
        )
        raise
    counts = classify(rows, user)
    counties = scoping.assigned_counties(user)
    with transaction.atomic():
        reconciliation = Reconciliation.objects.create(
            user=user, source=source, file_name=file_name[:255], status=Reconciliation.Status.REVIEWED,
            province_wide=counties is None, rows=len(rows), out_of_scope=counts[Finding.OUT_OF_SCOPE],
            **{name: counts[name] for name in COUNTED},
        )
        if counties is not None:
            reconciliation.counties.set(counties)
        _store_rows(reconciliation, rows)
        reconciliation.missing_nationally = _keep_missing(reconciliation, counties)
        reconciliation.save(update_fields=["missing_nationally"])
    return reconciliation


STORED_COLUMNS = ("reconciliation_id", "number", "goods_id", "producer_national_id", "producer_name", "description",
                  "registered_on", "state", "finding", "reason", "product_id", "producer_id")


def _store_rows(reconciliation, rows):
    """Keep the classified rows: COPY on PostgreSQL (a list of 100,000 rows in a second or two,
    where bulk_create takes ten), bulk_create elsewhere."""
    values = ((reconciliation.pk, row.number, row.goods_id, row.national_id, row.producer_name, row.description,
               row.registered_on, row.state, row.finding, row.reason, row.product.pk if row.product else None,
               row.producer.pk if row.producer else None) for row in rows)
    if connection.vendor == "postgresql":
        table = ReconciliationRow._meta.db_table
        with connection.cursor() as cursor, cursor.copy(
                f"COPY {table} ({', '.join(STORED_COLUMNS)}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
        return
    stored = [ReconciliationRow(**dict(zip(STORED_COLUMNS, value, strict=True))) for value in values]
    ReconciliationRow.objects.bulk_create(stored, batch_size=STORE_BATCH)


def kept_rows(reconciliation, findings):
    """The kept rows the classification found of `findings`, in file order."""
    fields = ("number", "goods_id", "producer_national_id", "producer_name", "description", "registered_on", "state")
    rows = reconciliation.list_rows.filter(finding__in=findings).order_by("number").values_list(*fields)
    return [ListRow(*values) for values in rows]


def _keep_missing(reconciliation, counties):
    """Keep the products registered here whose goods ID is on no active row of the list (within
    `counties`, None: all), with their county and sector; how many. One INSERT … SELECT: on a
    province-sized registry there are hundreds of thousands."""
    on_list = ReconciliationRow.objects.filter(reconciliation=reconciliation.pk, state=ListState.ACTIVE,
                                               goods_id=OuterRef("goods_id"))
    products = Product.objects.filter(status=Product.Status.REGISTERED).exclude(Exists(on_list))
    if counties is not None:
        products = products.filter(producer__county__in=counties)
    rows = products.order_by().values_list(Value(reconciliation.pk), "pk", "producer__county_id", "sector_id")
    select, params = rows.query.sql_with_params()
    table = MissingNationally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (reconciliation_id, product_id, county_id, sector_id) {select}", params)
        return cursor.rowcount


def missing_products(reconciliation, products=None):
    """Of `products` (default: all), those missing nationally when `reconciliation` compared its list."""
    products = Product.objects.all() if products is None else products
    return products.filter(pk__in=MissingNationally.objects.filter(reconciliation=reconciliation.pk)
                           .values("product_id"))


def latest():
    """The last reconciliation that read its list (refused files aside), or None."""
    return Reconciliation.objects.exclude(status=Reconciliation.Status.REFUSED).first()


def missing_url(run, **filters):
    """The product list of the products missing nationally at `run` (and `filters` of that list)."""
    query = {MISSING_PARAMETER: run.pk, **filters}
    return reverse("admin:registry_product_changelist") + "?" + urlencode(query)


def report_status(county=None, sector=None):
    """For the reports: the day of the last reconciliation and how many products (of `county` and
    `sector`) it found missing nationally, each with the admin list it counts."""
    run = latest()
    if run is None:
        return {"run": None}
    missing, filters = run.missing_nationally, {}
    if county is not None or sector is not None:
        rows = run.missing_products.all()
        if county is not None:
            rows, filters["producer__county__id__exact"] = rows.filter(county=county), county.pk
        if sector is not None:
            rows, filters["sector__id__exact"] = rows.filter(sector=sector), sector.pk
        missing = rows.count()
    return {
        "run": run,
        "day": timezone.localdate(run.created_at),
        "counties": "" if run.province_wide else enumeration(run.counties.all()),
        "missing": missing,
        "missing_url": missing_url(run, **filters),
        "list_url": reverse("admin:registry_reconciliation_changelist"),
    }
