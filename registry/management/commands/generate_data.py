"""`python manage.py generate_data`: fill an empty registry with realistic, valid records in bulk.

The rows come from registry.synthetic. On PostgreSQL they stream through COPY (psycopg 3), each
record's "+" history entry is copied server-side (INSERT … SELECT) so that history pages and the
audit trail work, and the tables are vacuumed and analysed so that the planner and the estimated
counts of large lists see them at once. Elsewhere (SQLite, in tests) bulk_create writes the same
rows. Everything is written in one transaction: a failed run leaves the registry as it was.
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from registry.models import County, Mineral, Office, Product, ProductCount, Sector
from registry.synthetic import REASON, TABLES, Generator, Reference, Sizes

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
        postgres = connection.vendor == "postgresql"
        writer = write_copy if postgres else write_bulk
        started = time.monotonic()
        written = []
        with transaction.atomic():
            for table in generator.tables():
                model = apps.get_model("registry", table.model_name)
                step = time.monotonic()
                count = writer(model, table)
                write_history(model, table.entered_on, generator.start)
                written.append(model)
                if verbosity:
                    self.stdout.write(f"{model._meta.db_table}: {count:,} rows and their history "
                                      f"({time.monotonic() - step:.1f} s)")
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), written):
                    cursor.execute(sql)
        if postgres:
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


def _columns(model, attnames):
    quote = connection.ops.quote_name
    return ", ".join(quote(model._meta.get_field(name).column) for name in attnames)


def write_copy(model, table):
    """COPY the rows in (PostgreSQL); returns how many."""
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({_columns(model, table.columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in table.rows:
                copy.write_row(row)
                count += 1
    return count


def write_bulk(model, table, batch=1000):
    """bulk_create the rows (any database); returns how many."""
    count, instances = 0, []
    for row in table.rows:
        instances.append(model(**dict(zip(table.columns, row, strict=True))))
        if len(instances) == batch:
            model._default_manager.bulk_create(instances)
            count, instances = count + batch, []
    model._default_manager.bulk_create(instances)
    return count + len(instances)


def write_history(model, entered_on, start):
    """A "+" history entry for every row of `model`, copied in the database: dated on the day the
    record's `entered_on` column names (or the period's `start`), in office hours, Tehran time."""
    history = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    day, params = (quote(entered_on), []) if entered_on else ("%s", [start])
    pk = quote(model._meta.pk.column)
    if connection.vendor == "postgresql":
        day = day if entered_on else "%s::date"
        stamp = (f"(({day} + TIME '08:00') AT TIME ZONE 'Asia/Tehran') + ({pk} %% 480) * INTERVAL '1 minute'"
                 f" + ({pk} %% 59) * INTERVAL '1 second'")
    else:
        # 08:00 in Tehran is 04:30 UTC (no daylight saving since 2022); SQLite stores UTC text.
        stamp = (f"datetime({day}, '+270 minutes', '+' || ({pk} %% 480) || ' minutes', "
                 f"'+' || ({pk} %% 59) || ' seconds')")
    sql = (f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_type, "
           f"history_change_reason, history_user_id) "
           f"SELECT {columns}, {stamp}, '+', %s, NULL FROM {quote(model._meta.db_table)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, REASON])


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
