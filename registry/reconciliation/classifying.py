"""Classifying the rows of a national list against the registry: each row's finding, and the
product and producer it is about, looked up in batches (a list of 100,000 rows against a million
products in a few queries per table)."""

import datetime
import re
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Lower, Replace

from registry import scoping
from registry.models import Producer, Product
from registry.models.reconciliation import Finding, ListState, Reason
from registry.text import ZWNJ, normalize


def name_key(value):
    """How a list's description is compared with a product's name: after the spec's
    normalisation (Arabic yeh and kaf are Persian), ignoring spaces and the non-joiner, and case.
    (_stored_name_key() says the same in SQL of a stored name.)"""
    return re.sub(r"\s+", "", normalize(str(value or "")).replace(ZWNJ, "")).lower()


def _stored_name_key():
    """name_key() of a product's stored name, in SQL: stored names are normalised already, but
    the letters are made Persian again for names written around the models."""
    key = F("name")
    for old, new in ((" ", ""), (ZWNJ, ""), ("ي", "ی"), ("ى", "ی"), ("ك", "ک")):
        key = Replace(key, Value(old), Value(new))
    return Lower(key)


class _Product(NamedTuple):
    pk: int
    goods_id: str | None
    producer_id: int
    county_id: int
    status: str
    name: str
    declared_on: datetime.date
    registered_on: datetime.date | None


class _Producer(NamedTuple):
    pk: int
    national_id: str
    county_id: int
    sector_id: int


PRODUCT_FIELDS = ("pk", "goods_id", "producer_id", "producer__county_id", "status", "name", "declared_on",
                  "registered_on")


def batch_size(sqlite, other):
    """SQLite limits the parameters of a statement (999 at least); PostgreSQL takes long lists well."""
    return sqlite if connection.vendor == "sqlite" else other


def _batches(values):
    size = batch_size(900, 10_000)
    values = sorted(set(values))
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _producers(national_ids):
    found = {}
    for batch in _batches(national_ids):
        for values in Producer.objects.filter(national_id__in=batch).values_list(
                "pk", "national_id", "county_id", "sector_id"):
            found[values[1]] = _Producer(*values)
    return found


def _products_by_goods_id(goods_ids):
    found = {}
    for batch in _batches(goods_ids):
        for values in Product.objects.filter(goods_id__in=batch).values_list(*PRODUCT_FIELDS):
            found[values[1]] = _Product(*values)
    return found


def _products_by_name(wanted):
    """{(producer id, name key): [its products of that name, oldest first]} for the (producer id,
    name key) pairs `wanted`. The keys are compared in the database: a province's producers of
    unknown goods IDs hold hundreds of thousands of products, of which a few have those names."""
    found = defaultdict(list)
    wanted = sorted(set(wanted))
    # Each pair costs two parameters at most (its producer and its key).
    size = batch_size(400, 5_000)
    for start in range(0, len(wanted), size):
        batch = wanted[start:start + size]
        products = (Product.objects.filter(producer_id__in={pair[0] for pair in batch})
                    .alias(key=_stored_name_key()).filter(key__in={pair[1] for pair in batch})
                    .order_by("pk").values_list(*PRODUCT_FIELDS))
        for values in products:
            product = _Product(*values)
            found[(product.producer_id, name_key(product.name))].append(product)
    return found


def classify(rows, user=None):
    """Give every row its finding (and the product and producer it is about); {finding: n}.

    A clerk assigned some counties reconciles only their producers: a row about another
    county's producer (or, for an unknown producer, another county's product) is out of scope.
    """
    producers = _producers(row.national_id for row in rows)
    by_goods_id = _products_by_goods_id(row.goods_id for row in rows)
    by_name = _products_by_name(
        (producers[row.national_id].pk, name_key(row.description)) for row in rows
        if row.state == ListState.ACTIVE and row.goods_id not in by_goods_id and row.national_id in producers)
    counties = scoping.assigned_counties(user)
    claimed, new_names = set(), set()
    for row in rows:
        row.product, row.producer = by_goods_id.get(row.goods_id), producers.get(row.national_id)
        row.reason = ""
        county = row.producer.county_id if row.producer else row.product.county_id if row.product else None
        if row.state == ListState.CANCELLED:
            registered = row.product is not None and row.product.status == Product.Status.REGISTERED
            row.finding = Finding.CANCELLED_NATIONALLY if registered else Finding.IGNORED
            county = row.product.county_id if registered else None
        elif row.product is not None:
            if row.producer is not None and row.product.producer_id == row.producer.pk:
                row.finding = (Finding.MATCHED if row.product.status == Product.Status.REGISTERED
                               else Finding.TO_REGISTER)
            else:
                row.finding, row.reason = Finding.CONFLICT, Reason.OTHER_PRODUCER
        elif row.producer is None:
            row.finding = Finding.UNKNOWN_PRODUCER
        else:
            _classify_by_name(row, by_name, claimed, new_names)
        if county is not None and counties is not None and county not in counties:
            row.finding = Finding.OUT_OF_SCOPE
    return Counter(row.finding for row in rows)


def _classify_by_name(row, by_name, claimed, new_names):
    """An unknown goods ID of a known producer: its product of the same name, or a new product."""
    key = (row.producer.pk, name_key(row.description))
    same_name = by_name.get(key, ())
    free = [product for product in same_name if product.goods_id is None and product.pk not in claimed]
    if free:
        row.finding, row.product = Finding.TO_REGISTER, free[0]
        claimed.add(free[0].pk)
    elif same_name:
        taken = same_name[0]
        row.finding, row.product = Finding.CONFLICT, taken
        row.reason = Reason.NAME_HAS_OTHER_ID if taken.goods_id else Reason.NAME_CLAIMED
    elif key in new_names:
        row.finding, row.reason = Finding.CONFLICT, Reason.NAME_CLAIMED
    else:
        row.finding = Finding.NEW_PRODUCT
        new_names.add(key)
