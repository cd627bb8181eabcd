"""Benchmark: 100,000 products (with their 10,000 producers, imported first) through the real import
path (reading the CSV, full model validation, history), against plain bulk_create as the floor.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_products.py [--products N] [--json]

Prints rows/s and the process's peak memory (with --json, last, the figures as one JSON line:
`make bench` runs it in a fresh database of its own, bench/imports.py). The rows it writes are
deleted again at the end.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from registry import jalali  # noqa: E402
from registry.importing import KINDS, import_file  # noqa: E402
from registry.models import ImportLog, Producer, Product, Sector  # noqa: E402
from registry.spreadsheets import write_csv  # noqa: E402
from registry.writing import import_reason  # noqa: E402
from tests.factories import goods_id, legal_id  # noqa: E402

NAME_PREFIX = "بنچ"
FILE_NAMES = ("bench_producers.csv", "bench_products.csv")
PRODUCTS_PER_PRODUCER = 10
COUNTIES = ("sanandaj", "saqqez", "marivan", "baneh", "qorveh")
SECTORS = ("home_appliances", "auto_parts", "food", "textiles")


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def producers_csv(count):
    rows = ([legal_id(900_000 + n), f"{NAME_PREFIX} {n}", COUNTIES[n % 5], SECTORS[n % 4], "", "active", n % 50,
             "", "", "", ""] for n in range(count))
    return write_csv(["national_id", "name", "county", "sector", "isic_code", "status", "employees", "postal_code",
                      "phone", "address", "estate"], rows)


def product_rows(count):
    """(producer national ID, name, sector, goods ID, status, declared, registered): half registered."""
    for n in range(count):
        producer = n // PRODUCTS_PER_PRODUCER
        registered = n % 2 == 0
        yield (legal_id(900_000 + producer), f"کالا {n}", SECTORS[producer % 4],
               goods_id(500_000_000 + n) if registered else "", "registered" if registered else "pending",
               "1403/01/15", "1403/06/20" if registered else "")


def cleanup():
    producers = Producer.objects.filter(name__startswith=NAME_PREFIX)
    Product.objects.filter(producer__in=producers).delete()
    producers.delete()
    for model in (Product, Producer):
        reasons = [import_reason(name, admin=False) for name in FILE_NAMES]
        model.history.filter(history_change_reason__in=reasons).delete()
    ImportLog.objects.filter(file_name__in=FILE_NAMES).delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON, last")
    options = parser.parse_args()
    count = options.products
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    if connection.vendor != "postgresql":
        print("note: the target figures are for PostgreSQL")
    cleanup()

    producers = producers_csv(count // PRODUCTS_PER_PRODUCER)
    products = write_csv(KINDS["products"].export_headers(), product_rows(count))
    # The benchmark file is larger than a clerk's upload may be; the limit is not what is measured.
    settings.IMPORT_MAX_UPLOAD_BYTES = max(settings.IMPORT_MAX_UPLOAD_BYTES, len(products), len(producers))
    print(f"files: {len(producers):,} bytes of producers, {len(products):,} bytes of products")

    started = time.perf_counter()
    outcome = import_file("producers", producers, FILE_NAMES[0])
    elapsed = time.perf_counter() - started
    assert outcome.ok, [str(issue) for issue in outcome.errors[:5]]
    rows = outcome.counts["new"]
    figures = {"producers_rows_per_s": rows / elapsed}
    print(f"producers: {rows:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s")

    memory_before = peak_memory_mb()
    started = time.perf_counter()
    outcome = import_file("products", products, FILE_NAMES[1])
    elapsed = time.perf_counter() - started
    assert outcome.ok, [str(issue) for issue in outcome.errors[:5]]
    assert Product.history.filter(history_change_reason=import_reason(FILE_NAMES[1], admin=False)).count() == count
    import_rate = count / elapsed
    figures.update(rows=count, rows_per_s=import_rate, peak_memory_mb=peak_memory_mb())
    print(f"products, import with validation and history: {count:,} rows in {elapsed:.1f} s "
          f"= {import_rate:,.0f} rows/s; peak memory {peak_memory_mb():,.0f} MB "
          f"(before the products: {memory_before:,.0f} MB)")

    started = time.perf_counter()
    outcome = import_file("products", products, FILE_NAMES[1])
    elapsed = time.perf_counter() - started
    assert outcome.counts["unchanged"] == count
    figures["unchanged_rows_per_s"] = count / elapsed
    print(f"products, the same file again (all unchanged): {count / elapsed:,.0f} rows/s")

    Product.objects.filter(producer__name__startswith=NAME_PREFIX).delete()
    by_national_id = dict(Producer.objects.filter(name__startswith=NAME_PREFIX).values_list("national_id", "pk"))
    sectors = dict(Sector.objects.values_list("code", "pk"))
    objects = [
        Product(producer_id=by_national_id[national_id], name=name, sector_id=sectors[sector], goods_id=goods or None,
                status=status, declared_on=jalali.parse(declared), registered_on=jalali.parse(registered))
        for national_id, name, sector, goods, status, declared, registered in product_rows(count)
    ]
    started = time.perf_counter()
    Product.objects.bulk_create(objects, batch_size=2000)
    elapsed = time.perf_counter() - started
    print(f"products, plain bulk_create (the floor: no reading, no validation, no history): "
          f"{count / elapsed:,.0f} rows/s")
    print(f"import / bulk_create: {import_rate / (count / elapsed):.0%}")
    figures["bulk_create_rows_per_s"] = count / elapsed
    cleanup()
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
