"""Reconciling the registry with the national goods-ID list (spec section 9).

The national comprehensive trade system (سامانه جامع تجارت) gives the province the goods IDs its
producers hold. `reconcile()` reads that list (CSV or XLSX through registry.spreadsheets, headers
in Persian or English in any order), refuses it whole when a row is structurally wrong, sorts
every row into a finding against the registry, and keeps the run with its rows; `apply()` then
registers what is `to_register` and creates what is `new_product`, in one transaction, each
change in the product's history naming the file. The review page, the command and the reports
read what is kept here, so that the products missing nationally can be listed after the run.

The list's six columns are read here rather than through the import resources: a row of the list
is not a record to write but a claim to compare, and most rows change nothing.
"""

import dataclasses
import datetime
import re
from collections import Counter, defaultdict
from typing import NamedTuple

import jdatetime
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry import jalali, scoping, spreadsheets
from registry.models import MissingNationally, Producer, Product, Reconciliation, ReconciliationRow
from registry.models.reconciliation import Finding, ListState, Reason
from registry.text import ZWNJ, normalize
from registry.validators import (
    is_valid_goods_id,
    is_valid_producer_id,
    validate_goods_id,
    validate_national_id,
)

# What `apply()` may write; the other findings are only listed.
APPLICABLE = (Finding.TO_REGISTER, Finding.NEW_PRODUCT)
# The findings counted on a Reconciliation (and printed by the command's --json, in its order).
COUNTED = ("matched", "to_register", "new_product", "conflict", "unknown_producer", "cancelled_nationally")
# A file with more errors than this is wrong as a whole; the rest are counted, not listed.
MAX_LISTED_ERRORS = 1000
# Errors kept with a refused run in the list of reconciliations.
KEPT_ERRORS = 50
HISTORY_PREFIX = "reconcile_goods: "
NAME_LIMIT = 255
STORE_BATCH = 2000
UPDATE_BATCH = 300
# The product list's filter by the products missing nationally at a reconciliation.
MISSING_PARAMETER = "missing_nationally"


class Column(NamedTuple):
    name: str
    label: str  # the Persian header of the national system's download: part of the file format
    required: bool


COLUMNS = (
    Column("goods_id", "شناسه کالا", True),
    Column("producer", "شناسه ملی تولیدکننده", True),
    Column("producer_name", "نام تولیدکننده", False),
    Column("description", "شرح کالا", True),
    Column("registered_on", "تاریخ ثبت", True),
    # A row is active unless it says it is cancelled.
    Column("state", "وضعیت شناسه", False),
)


def match_key(value):
    """How headers and state words are compared: normalised, case-folded, without spaces,
    underscores, hyphens and zero-width non-joiners."""
    return re.sub(r"[\s_\u200c\-]+", "", normalize(str(value)).casefold())


def name_key(value):
    """How a list's description is compared with a product's name: after the spec's
    normalisation (Arabic yeh and kaf are Persian), ignoring spaces and the non-joiner."""
    return re.sub(r"\s+", "", normalize(str(value or "")).replace(ZWNJ, "").casefold())


HEADERS = {match_key(text): column for column in COLUMNS for text in (column.name, column.label)}
STATES = {match_key(word): state for state, words in (
    (ListState.ACTIVE, ("active", "فعال")),
    (ListState.CANCELLED, ("cancelled", "canceled", "ابطال‌شده", "ابطال", "باطل‌شده")),
) for word in words}


# Reading the list --------------------------------------------------------------------------------


class Issue(NamedTuple):
    """An error: the row as a spreadsheet numbers it (header = 1) and the column as the file names
    it; an error about the whole file has neither."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % values
        return _("Row %(row)s, column %(column)s: %(message)s") % values


class Refused(Exception):
    """A list refused whole: `issues` (the first MAX_LISTED_ERRORS), `count` of all of them, and
    the run kept to say so (once `reconcile()` has logged it)."""

    def __init__(self, issues, count):
        super().__init__(f"{count} errors")
        self.issues, self.count = issues, count
        self.reconciliation = None

    @property
    def unlisted(self):
        return self.count - len(self.issues)


class _Issues:
    def __init__(self):
        self.listed, self.count = [], 0

    def add(self, row, column, message):
        self.count += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(Issue(row, column, str(message)))

    def refuse_if_any(self):
        if self.count:
            raise Refused(sorted(self.listed, key=lambda issue: issue.row or 0), self.count)


class CellError(ValueError):
    pass


@dataclasses.dataclass(slots=True)
class ListRow:
    """A row of the national list, and what the classification found for it."""

    number: int
    goods_id: str
    national_id: str
    producer_name: str = ""
    description: str = ""
    registered_on: datetime.date | None = None
    state: str = ListState.ACTIVE
    finding: str = ""
    reason: str = ""
    product: object = None  # a _Product
    producer: object = None  # a _Producer


def read_list(data, file_name=""):
    """The rows of the national list in `data` (bytes); Refused with every error by row and column."""
    issues = _Issues()
    rows = []
    try:
        table = spreadsheets.read(data, file_name, limit=settings.NATIONAL_LIST_MAX_UPLOAD_BYTES)
        columns = _match_headers(table.headers, issues)
        issues.refuse_if_any()
        rows = _read_rows(table, columns, issues)
    except spreadsheets.SpreadsheetError as error:
        issues.add(None, "", error.message)
    if not rows and not issues.count:
        issues.add(None, "", _("The file has a header but no rows."))
    issues.refuse_if_any()
    return rows


def _match_headers(headers, issues):
    """{cell index: (Column, header as the file writes it)}; header problems go to `issues`."""
    found, seen = {}, {}
    for index, header in enumerate(headers):
        text = normalize(str(header)) if header is not None else ""
        column = HEADERS.get(match_key(text)) if text else None
        if column is None:
            continue  # the national system's other columns (row numbers, units) are not needed
        if column.name in seen:
            issues.add(1, text, _("This column appears twice (also as «%(other)s»).") % {"other": seen[column.name]})
            continue
        seen[column.name] = text
        found[index] = (column, text)
    for column in COLUMNS:
        if column.required and column.name not in seen:
            issues.add(1, column.name, _("This required column is missing (its Persian label is «%(label)s»).")
                       % {"label": column.label})
    return found


def _read_rows(table, columns, issues):
    rows, first_row = [], {}
    header = {column.name: text for column, text in columns.values()}
    for number, cells in table.rows:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        values, failed = {}, False
        for index, (column, text) in columns.items():
            try:
                values[column.name] = READERS[column.name](cells[index] if index < len(cells) else None)
            except CellError as error:
                issues.add(number, text, str(error))
                failed = True
        goods_id = values.get("goods_id")
        first = first_row.setdefault(goods_id, number) if goods_id else number
        if first != number:
            issues.add(number, header["goods_id"], _(
                "Row %(row)s has the same goods ID: a goods ID appears only once in the list.") % {"row": first})
            failed = True
        if values.get("state", ListState.ACTIVE) == ListState.ACTIVE:
            for name in ("description", "registered_on"):
                if name in values and not values[name]:
                    issues.add(number, header[name], _("An active goods ID needs a value here."))
                    failed = True
        if not failed:
            rows.append(ListRow(number, goods_id, values["producer"], values.get("producer_name", ""),
                                values["description"], values["registered_on"], values.get("state", ListState.ACTIVE)))
    return rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _identifier(value, lengths, is_valid, validate):
    """An identifier of one of `lengths` digits with a valid check digit. A spreadsheet that read
    it as a number dropped its leading zeros: they come back when exactly one length makes it
    valid, and otherwise the cell is refused, saying so."""
    text = _cell_text(value)
    if not text:
        raise CellError(_("This column needs a value."))
    if text.isascii() and text.isdigit():
        if len(text) in lengths and is_valid(text):
            return text
        padded = [text.zfill(length) for length in lengths if length > len(text)]
        valid = [candidate for candidate in padded if is_valid(candidate)]
        if len(valid) == 1:
            return valid[0]
        if valid:
            raise CellError(_("%(value)s lost its leading zeros in a spreadsheet and could be %(choices)s; "
                              "write it as text, with its zeros.") % {"value": text, "choices": " / ".join(valid)})
    try:
        validate(text)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return text


def _goods_id(value):
    return _identifier(value, (13,), is_valid_goods_id, validate_goods_id)


def _national_id(value):
    return _identifier(value, (10, 11), is_valid_producer_id, validate_national_id)


def _text(value):
    text = _cell_text(value)
    if len(text) > NAME_LIMIT:
        raise CellError(_("At most %(limit)s characters.") % {"limit": NAME_LIMIT})
    return text


def _date(value):
    """Jalali or ISO text, or a date cell; a date cell whose year is below 1700 is the Jalali date it shows."""
    try:
        if isinstance(value, (datetime.date, datetime.datetime)) and value.year < jalali.JALALI_YEAR_LIMIT:
            try:
                return jdatetime.date(value.year, value.month, value.day).togregorian()
            except ValueError:
                raise jalali.InvalidDate(_("This date does not exist in the calendar."), value) from None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _cell_text(value)
        return jalali.parse(value.strip() if isinstance(value, str) else value)
    except jalali.InvalidDate as error:
        raise CellError(_("«%(value)s»: %(reason)s") % {"value": value, "reason": error.message}) from None


def _state(value):
    text = _cell_text(value)
    if not text:
        return ListState.ACTIVE
    try:
        return STATES[match_key(text)]
    except KeyError:
        raise CellError(_("«%(value)s» is not one of: %(allowed)s.") % {
            "value": text, "allowed": "active (فعال), cancelled (ابطال‌شده)"}) from None


READERS = {"goods_id": _goods_id, "producer": _national_id, "producer_name": _text, "description": _text,
           "registered_on": _date, "state": _state}


# Classifying -------------------------------------------------------------------------------------


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


def _batches(values):
    # SQLite limits the parameters of a statement; PostgreSQL takes long lists well.
    size = 900 if connection.vendor == "sqlite" else 10_000
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


def _products_by_name(producer_ids):
    """{(producer id, name key): [its products of that name, oldest first]}."""
    found = defaultdict(list)
    for batch in _batches(producer_ids):
        for values in (Product.objects.filter(producer_id__in=batch).order_by("pk")
                       .values_list(*PRODUCT_FIELDS)):
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
    unknown = [row for row in rows if row.state == ListState.ACTIVE and row.goods_id not in by_goods_id
               and row.national_id in producers]
    by_name = _products_by_name(producers[row.national_id].pk for row in unknown)
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


# Keeping the run ---------------------------------------------------------------------------------


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
        for start in range(0, len(rows), STORE_BATCH):
            ReconciliationRow.objects.bulk_create(
                [_stored(reconciliation, row) for row in rows[start:start + STORE_BATCH]])
        reconciliation.missing_nationally = _keep_missing(reconciliation, counties)
        reconciliation.save(update_fields=["missing_nationally"])
    return reconciliation


def _stored(reconciliation, row):
    return ReconciliationRow(
        reconciliation=reconciliation, number=row.number, goods_id=row.goods_id,
        producer_national_id=row.national_id, producer_name=row.producer_name, description=row.description,
        registered_on=row.registered_on, state=row.state, finding=row.finding, reason=row.reason,
        product_id=row.product.pk if row.product else None, producer_id=row.producer.pk if row.producer else None,
    )


def _kept_rows(reconciliation):
    fields = ("number", "goods_id", "producer_national_id", "producer_name", "description", "registered_on", "state")
    return [ListRow(*values) for values in reconciliation.list_rows.order_by("number").values_list(*fields)]


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
        "counties": [] if run.province_wide else list(run.counties.all()),
        "missing": missing,
        "missing_url": missing_url(run, **filters),
        "list_url": reverse("admin:registry_reconciliation_changelist"),
    }


# Applying ----------------------------------------------------------------------------------------


class Applied(NamedTuple):
    registered: int
    created: int


def apply(reconciliation, *, user=None, findings=APPLICABLE):
    """Register the `to_register` and create the `new_product` products of a reconciliation (or
    those of `findings` only), all in one transaction; Applied(registered, created).

    The kept rows are classified again against the registry as it is now, so that applying twice,
    or after someone changed a product by hand, writes only what still differs.
    """
    findings = [finding for finding in APPLICABLE if finding in findings]
    with transaction.atomic():
        reconciliation = Reconciliation.objects.select_for_update().get(pk=reconciliation.pk)
        if reconciliation.status == Reconciliation.Status.REFUSED:
            raise ValueError("a refused list cannot be applied")
        rows = _kept_rows(reconciliation)
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
    return (HISTORY_PREFIX + file_name)[:100]


def write_products(to_register, new_products, *, user, reason):
    """Every product write of a reconciliation, in bulk with history: the products of the
    `to_register` rows get their goods ID, status and registration date (and a declaration date
    no later than it); the `new_product` rows become products of their producer, in its sector,
    declared and registered on the list's day."""
    history = {"default_user": user, "default_change_reason": reason, "default_date": timezone.now()}
    products = Product.objects.in_bulk([row.product.pk for row in to_register])
    updated = []
    for row in to_register:
        product = products[row.product.pk]
        product.goods_id, product.status = row.goods_id, Product.Status.REGISTERED
        product.registered_on = row.registered_on
        product.declared_on = min(product.declared_on, row.registered_on)
        product.version += 1
        updated.append(product)
    if updated:
        bulk_update_with_history(updated, Product, ["goods_id", "status", "registered_on", "declared_on", "version"],
                                 batch_size=UPDATE_BATCH, **history)
    created = [
        Product(producer_id=row.producer.pk, name=row.description, sector_id=row.producer.sector_id,
                goods_id=row.goods_id, status=Product.Status.REGISTERED, declared_on=row.registered_on,
                registered_on=row.registered_on)
        for row in new_products
    ]
    if created:
        bulk_create_with_history(created, Product, batch_size=STORE_BATCH, **history)
    return Applied(len(updated), len(created))
