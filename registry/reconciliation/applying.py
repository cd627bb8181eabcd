"""Applying a reconciliation: the products to register get their goods IDs, the new products are
created, all in one transaction with history naming the file, through the bulk writer
(registry.writing) that imports use too."""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from registry import history
from registry.models import Product, Reconciliation
from registry.models.reconciliation import Finding
from registry.reconciliation.classifying import classify
from registry.reconciliation.runs import kept_rows
from registry.writing import BulkWriter

# What `apply()` may write; the other findings are only listed.
APPLICABLE = (Finding.TO_REGISTER, Finding.NEW_PRODUCT)


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
    """Every product write of a reconciliation, through the bulk writer (history, versions): the
    products of the `to_register` rows get their goods ID, status and registration date (and a
    declaration date no later than it); the `new_product` rows become products of their producer,
    in its sector, declared and registered on the list's day."""
    writer = BulkWriter(reason=reason, user=user)
    products = Product.objects.select_for_update().in_bulk([row.product.pk for row in to_register])
    updated = []
    for row in to_register:
        product = products[row.product.pk]
        product.goods_id, product.status = row.goods_id, Product.Status.REGISTERED
        product.registered_on = row.registered_on
        product.declared_on = min(product.declared_on, row.registered_on)
        updated.append(product)
    writer.update(updated, ("goods_id", "status", "registered_on", "declared_on"))
    created = [
        Product(producer_id=row.producer.pk, name=row.description, sector_id=row.producer.sector_id,
                goods_id=row.goods_id, status=Product.Status.REGISTERED, declared_on=row.registered_on,
                registered_on=row.registered_on)
        for row in new_products
    ]
    writer.create(created)
    return Applied(len(updated), len(created))
