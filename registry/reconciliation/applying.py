"""Applying a reconciliation: the products to register get their goods IDs, the new products are
created, all in one transaction with history naming the file. write_products() holds every
product write, so that it can move onto a shared bulk writer."""

from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from registry import history
from registry.models import Product, Reconciliation
from registry.models.reconciliation import Finding
from registry.reconciliation.classifying import batch_size, classify
from registry.reconciliation.runs import kept_rows

# What `apply()` may write; the other findings are only listed.
APPLICABLE = (Finding.TO_REGISTER, Finding.NEW_PRODUCT)
CREATE_BATCH = 2000


class Applied(NamedTuple):
    registered: int
    created: int


def apply(reconciliation, *, user=None, findings=APPLICABLE):
    """Register the `to_register` and create the `new_product` products of a reconciliation (or
    those of `findings` only), all in one transaction; Applied(registered, created).

    The rows the review showed of those findings are classified again against the registry as it
    is now, so that applying twice, or after someone changed a product by hand, writes only what
    still differs.
    """
    findings = [finding for finding in APPLICABLE if finding in findings]
    with transaction.atomic():
        reconciliation = Reconciliation.objects.select_for_update().get(pk=reconciliation.pk)
        if reconciliation.status == Reconciliation.Status.REFUSED:
            raise ValueError("a refused list cannot be applied")
        rows = kept_rows(reconciliation, findings)
        classify(rows, user)
        chosen = {finding: [row for row in rows if row.finding == finding] for finding in findings}
        applied = write_products(chosen.get(Finding.TO_REGISTER, ()), chosen.get(Finding.NEW_PRODUCT, ()),
                                 user=user, reason=history_reason(reconciliation.file_name))
        if Finding.TO_REGISTER in chosen:
            reconciliation.registered_count = (reconciliation.registered_count or 0) + applied.registered
        if Finding.NEW_PRODUCT in chosen:
            reconciliation.created_count = (reconciliation.created_count or 0) + applied.created
        reconciliation.status = Reconciliation.Status.APPLIED
        reconciliation.applied_at, reconciliation.applied_by = timezone.now(), user
        reconciliation.save()
    return applied


def history_reason(file_name):
    """What a product's history says of a change made by reconciling with `file_name`."""
    return history.reason(history.RECONCILED, file=file_name)


def write_products(to_register, new_products, *, user, reason):
    """Every product write of a reconciliation, in bulk with history: the products of the
    `to_register` rows get their goods ID, status and registration date (and a declaration date
    no later than it); the `new_product` rows become products of their producer, in its sector,
    declared and registered on the list's day."""
    history = {"default_user": user, "default_change_reason": reason, "default_date": timezone.now()}
    products = Product.objects.select_for_update().in_bulk([row.product.pk for row in to_register])
    updated = []
    for row in to_register:
        product = products[row.product.pk]
        product.goods_id, product.status = row.goods_id, Product.Status.REGISTERED
        product.registered_on = row.registered_on
        product.declared_on = min(product.declared_on, row.registered_on)
        product.version += 1
        updated.append(product)
    # Five parameters a product; SQLite allows 999 a statement.
    size = batch_size(190, 2_000)
    for start in range(0, len(updated), size):
        _register(updated[start:start + size])
    Product.history.bulk_history_create(updated, update=True, **history)
    created = [
        Product(producer_id=row.producer.pk, name=row.description, sector_id=row.producer.sector_id,
                goods_id=row.goods_id, status=Product.Status.REGISTERED, declared_on=row.registered_on,
                registered_on=row.registered_on)
        for row in new_products
    ]
    if created:
        bulk_create_with_history(created, Product, batch_size=CREATE_BATCH, **history)
    return Applied(len(updated), len(created))


def _register(products):
    """Write the registration of `products` (as their instances hold it) in one statement.
    Django's bulk_update writes a CASE with a branch per row for each field: six times slower
    here than joining the new values as a table."""
    columns = ("id", "goods_id", "registered_on", "declared_on", "version")
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(products))
    params = [value for product in products for value in (product.pk, product.goods_id, product.registered_on,
                                                          product.declared_on, product.version)]
    table = Product._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH changed ({', '.join(columns)}) AS (VALUES {values}) "
            f"UPDATE {table} SET status = %s, "
            + ", ".join(f"{column} = changed.{column}" for column in columns[1:])
            + f" FROM changed WHERE {table}.id = changed.id",
            [*params, Product.Status.REGISTERED],
        )
