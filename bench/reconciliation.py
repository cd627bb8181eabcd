"""The reconciliation with the national goods-ID list on the million-product registry: a list of
100,000 goods IDs drawn from the registry (most of them matching, the rest in every other
finding, 10,000 of them changes to apply) is read, classified and kept, then applied, each timed
once; then the dashboard and the transparency report are timed with that reconciliation as their
last. Everything runs in one transaction that is rolled back, so the registry stays as generated
for the other measures and the next run."""

import csv
import io
import time

from django.db import transaction

from bench.measure import Result, at_most, get_page, info, median_ms
from registry import reconciliation
from registry.models import Producer, Product
from registry.models.reconciliation import Finding
from registry.validators import is_valid_goods_id, is_valid_legal_id

ROWS = 100_000
CHANGES = 10_000
CLASSIFY_TARGET_S = 60
APPLY_TARGET_S = 30
PAGE_TARGET_MS = 300
# Of the list: registering 5,000 pending products by name and creating 5,000 new ones are the
# changes; the other rows are listed only.
SHARES = {"to_register": CHANGES // 2, "new_product": CHANGES // 2, "conflict": 2_000, "unknown_producer": 2_000,
          "cancelled": 6_000}
SHARES["matched"] = ROWS - sum(SHARES.values())
HEADERS = ["goods_id", "producer", "producer_name", "description", "registered_on", "state"]
# The pages that show the last reconciliation, timed before it and after.
PAGES = (("dashboard", "/reports/"), ("transparency", "/reports/transparency/"),
         ("transparency, Sanandaj, food", "/reports/transparency/?county=sanandaj&sector=food"))


def _with_check_digit(body, is_valid):
    return next(body + digit for digit in "0123456789" if is_valid(body + digit))


def _new_goods_ids():
    """Valid goods IDs the registry does not hold (the bench's registry writes 626…)."""
    number = 0
    while True:
        number += 1
        yield _with_check_digit(f"629{number:09d}", is_valid_goods_id)


def national_list():
    """The CSV bytes of the list, and {finding: rows} as it was drawn."""
    registered = list(Product.objects.filter(status=Product.Status.REGISTERED).order_by("?")
                      .values_list("goods_id", "producer__national_id", "name", "registered_on")
                      [:SHARES["matched"] + SHARES["conflict"] + SHARES["cancelled"]])
    pending = list(Product.objects.filter(status=Product.Status.PENDING, goods_id__isnull=True).order_by("?")
                   .values_list("producer__national_id", "name", "declared_on")[:SHARES["to_register"]])
    producers = list(Producer.objects.order_by("?").values_list("national_id", flat=True)[:SHARES["new_product"]])
    new_ids = _new_goods_ids()
    rows = []
    matched = registered[:SHARES["matched"]]
    conflicts = registered[SHARES["matched"]:SHARES["matched"] + SHARES["conflict"]]
    cancelled = registered[SHARES["matched"] + SHARES["conflict"]:]
    rows += [(goods_id, producer, "", name, day, "فعال") for goods_id, producer, name, day in matched]
    # Another producer's goods ID: each conflict names the producer of the next one.
    rows += [(goods_id, conflicts[(i + 1) % len(conflicts)][1], "", name, day, "فعال")
             for i, (goods_id, _producer, name, day) in enumerate(conflicts)]
    rows += [(goods_id, producer, "", name, day, "ابطال‌شده") for goods_id, producer, name, day in cancelled]
    # The names as the national system writes them: Arabic yeh and kaf, no non-joiner.
    rows += [(next(new_ids), producer, "", name.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " "), day,
              "فعال") for producer, name, day in pending]
    rows += [(next(new_ids), producer, "", f"کالای تازه {i}", "1404/01/15", "فعال")
             for i, producer in enumerate(producers)]
    rows += [(next(new_ids), _with_check_digit(f"19{i:08d}", is_valid_legal_id), "واحد ناشناخته", f"کالای {i}",
              "1404/01/15", "فعال") for i in range(SHARES["unknown_producer"])]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8"), len(rows)


def page_ms(client, url, bench):
    return median_ms(lambda: get_page(client, url), bench.runs, bench.warmup)[0]


def measure(bench):
    results = []
    supervisor = bench.client("supervisor")
    with transaction.atomic():
        before = {name: page_ms(supervisor, url, bench) for name, url in PAGES}
        started = time.monotonic()
        data, rows = national_list()
        results.append(info(f"reconciliation: drawing the list of {rows:,} goods IDs from the registry (setup)",
                            time.monotonic() - started, "s"))
        started = time.monotonic()
        run = reconciliation.reconcile(data, "bench-national-list.csv")
        classify_s = time.monotonic() - started
        results.append(at_most(f"reconciliation: read, classify and keep {rows:,} goods IDs "
                               f"({len(data) / 1e6:.1f} MB)", classify_s, CLASSIFY_TARGET_S, "s"))
        found = ", ".join(f"{name} {count:,}" for name, count in run.counts().items())
        results.append(info("reconciliation: what it found", found))
        changes = run.to_register + run.new_product
        started = time.monotonic()
        applied = reconciliation.apply(run, findings=(Finding.TO_REGISTER, Finding.NEW_PRODUCT))
        apply_s = time.monotonic() - started
        results.append(at_most(f"reconciliation: apply {changes:,} changes ({applied.registered:,} registered, "
                               f"{applied.created:,} created) with history", apply_s, APPLY_TARGET_S, "s"))
        for name, url in PAGES:
            results.append(at_most(f"reports: {name}, after this reconciliation (before: {before[name]:.1f} ms)",
                                   page_ms(supervisor, url, bench), PAGE_TARGET_MS))
        transaction.set_rollback(True)
    results.append(Result("reconciliation: rolled back, the registry is as generated", "yes", "", "", None))
    return results
