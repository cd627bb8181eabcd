"""`python manage.py generate_data`: fill an empty registry with realistic, valid records in bulk.

The rows come from registry.synthetic and are written by the bulk writer (registry.writing): on
PostgreSQL they stream through COPY (psycopg 3) and each record's "+" history entry is copied
server-side, so that history pages and the audit trail work; elsewhere (SQLite, in tests)
bulk_create writes the same rows. The tables are then vacuumed and analysed so that the planner
and the estimated counts of large lists see them at once. Everything is written in one
transaction: a failed run leaves the registry as it was.
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from registry import history
from registry.models import County, Mineral, Office, Product, ProductCount, Sector
from registry.synthetic import TABLES, Generator, Reference, Sizes
from registry.writing import BulkWriter

# The largest share of products one producer may hold (registry.synthetic caps each at 500).
MAX_PRODUCTS_PER_PRODUCER = 500


class Command(BaseCommand):
    help = ("Fill an empty registry with realistic, valid records: producers, products, mines, auctions, "
            "shipments, estates, jobs, inspections (COPY on PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument("--producers", type=int, default=30_000)
        parser.add_argument("--products", type=int, default=1_000_000)
        for name in ("mines", "shipments", "estates", "units", "employment", "inspections", "items"):
            parser.add_argument(f"--{name}", type=int, help="default: in proportion to --producers/--products")
        parser.add_argument("--seed", type=int, default=1405, help="the same seed gives the same records")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (successfully) when the registry already holds products")

    def handle(self, *args, producers, products, seed, if_empty, verbosity=1, **options):
        if products > producers * MAX_PRODUCTS_PER_PRODUCER:
            raise CommandError(f"At most {MAX_PRODUCTS_PER_PRODUCER} products per producer: give more producers.")
        if if_empty and Product.objects.exists():
            self.stdout.write("generate_data: the registry already holds products; nothing done.")
            return
        sizes = Sizes(producers=producers, products=products,
                      **{name: options[name] for name in ("mines", "shipments", "estates", "units", "employment",
                                                          "inspections", "items")})
        generator = Generator(sizes, load_reference(), seed=seed)
        models = [apps.get_model("registry", name) for name in TABLES]
        full = [model._meta.db_table for model in models if model._default_manager.exists()]
        if full:
            raise CommandError(f"generate_data fills an empty registry; these tables have rows: {', '.join(full)}")
        writer = BulkWriter(reason=history.reason(history.SYNTHETIC_DATA))
        started = time.monotonic()
        written = []
        with transaction.atomic():
            for table in generator.tables():
                model = apps.get_model("registry", table.model_name)
                step = time.monotonic()
                count = writer.copy(model, table.columns, table.rows, dated_by=table.entered_on or generator.start)
                written.append(model)
                if verbosity:
                    self.stdout.write(f"{model._meta.db_table}: {count:,} rows and their history "
                                      f"({time.monotonic() - step:.1f} s)")
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), written):
                    cursor.execute(sql)
        if connection.vendor == "postgresql":
            step = time.monotonic()
            analyse(written)
            if verbosity:
                self.stdout.write(f"vacuum and analyse ({time.monotonic() - step:.1f} s)")
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"generate_data: done in {time.monotonic() - started:.1f} s"))


def load_reference():
    counties = {county.code: (county.pk, county.name_fa, county.population) for county in County.objects.all()}
    minerals = list(Mineral.objects.all())
    return Reference(
        counties=counties,
        sectors=dict(Sector.objects.values_list("code", "pk")),
        minerals={mineral.code: mineral.pk for mineral in minerals},
        mineral_names={mineral.code: mineral.name_fa for mineral in minerals},
        offices=dict(Office.objects.values_list("code", "pk")),
    )


def analyse(models):
    """VACUUM (ANALYZE) the written tables: fresh statistics for the planner and the estimated
    counts, and visibility maps that let counts and searches read indexes only. Inside a
    transaction (a test) VACUUM cannot run: ANALYZE alone then."""
    quote = connection.ops.quote_name
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    tables = [table for model in models for table in (model._meta.db_table, model.history.model._meta.db_table)]
    # And the product counts the database wrote with the products (registry/summaries.py).
    tables.append(ProductCount._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {quote(table)}")
