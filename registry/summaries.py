"""The product counts the reports read (ProductCount), kept by the database in the same
transaction as every change to a product or to a producer's county, so they are exact whenever a
report reads them; and their rebuild from the records (`refresh_summaries`).

Migration 0009 installs the triggers written here; a change to them needs a migration that
installs them again.

PostgreSQL: a statement trigger adds the statement's changes into their days' rows, with every
`pending` row left by others, when it may fold (an advisory lock tried, never waited for); while
another transaction holds that lock it appends its changes as pending rows instead, so writers
never wait on one another's counts. A producer moving to another county takes its products'
counts with it. SQLite has one writer at a time: a row trigger adds to the day's row directly.
"""

from django.db import connection, transaction
from django.db.models import Sum

from registry.models import ProductCount

TABLE = "registry_productcount"
# Who may fold: one transaction at a time; the others leave their changes pending for it.
FOLD_LOCK = "pg_try_advisory_xact_lock(hashtext('registry_productcount'))"


def _count(rows, pending, more=""):
    """The common table expressions and the INSERT … SELECT (to follow a WITH) of the counts of
    `rows` (county_id, sector_id, declared_on, registered_on, status, sign) and of `more`
    counts: a product counts on its declaration day, and a registered one on its registration
    day as well."""
    return f"""
        changed AS ({rows}), counted AS (
            SELECT county_id, sector_id, declared_on AS day, sign AS declared, 0 AS registered FROM changed
            UNION ALL
            SELECT county_id, sector_id, registered_on, 0, sign FROM changed WHERE status = 'registered'{more}
        )
        INSERT INTO {TABLE} (county_id, sector_id, day, declared, registered, pending)
        SELECT county_id, sector_id, day, SUM(declared), SUM(registered), {pending} FROM counted
        GROUP BY county_id, sector_id, day HAVING SUM(declared) <> 0 OR SUM(registered) <> 0"""


def _pending(rows):
    """The counts of `rows` as pending rows (PostgreSQL, another transaction folding)."""
    return f"WITH {_count(rows, 'TRUE')}"


def _folded(rows):
    """The counts of `rows`, and every pending row, added into their days' rows (PostgreSQL, the
    fold lock held)."""
    return f"""
        WITH pending_rows AS (
            DELETE FROM {TABLE} WHERE pending RETURNING county_id, sector_id, day, declared, registered
        ), {_count(rows, "FALSE", " UNION ALL SELECT * FROM pending_rows")}
        ON CONFLICT (county_id, sector_id, day) WHERE NOT pending DO UPDATE
        SET declared = {TABLE}.declared + EXCLUDED.declared, registered = {TABLE}.registered + EXCLUDED.registered"""


def _count_changes(rows):
    """PL/pgSQL: the counts of `rows`, folded if this transaction may fold, else pending."""
    return f"IF {FOLD_LOCK} THEN {_folded(rows)}; ELSE {_pending(rows)}; END IF;"


def _products(source, sign):
    """Rows for _count(): the products of `source` at their producer's county, each counting `sign`."""
    return (f"SELECT producer.county_id, product.sector_id, product.declared_on, product.registered_on, "
            f"product.status, {sign} AS sign "
            f"FROM {source} product JOIN registry_producer producer ON producer.id = product.producer_id")


# What a product's counts depend on: an update that changes none of these changes no count.
COUNTED = "producer_id, sector_id, declared_on, registered_on, status"
_CHANGED = (f"(SELECT {{side}}.* FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"WHERE (o.{COUNTED.replace(', ', ', o.')}) IS DISTINCT FROM (n.{COUNTED.replace(', ', ', n.')}))")

_MOVED_PRODUCERS = """
    SELECT moved.county_id, product.sector_id, product.declared_on, product.registered_on, product.status, moved.sign
    FROM registry_product product JOIN (
        SELECT o.id, o.county_id, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.county_id IS DISTINCT FROM o.county_id
        UNION ALL
        SELECT n.id, n.county_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.county_id IS DISTINCT FROM o.county_id
    ) moved ON moved.id = product.producer_id"""

POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION registry_count_products() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {_count_changes(_products("new_rows", 1))}
        ELSIF TG_OP = 'DELETE' THEN
            {_count_changes(_products("old_rows", -1))}
        ELSE
            {_count_changes(_products(_CHANGED.format(side="o"), -1) + " UNION ALL "
                            + _products(_CHANGED.format(side="n"), 1))}
        END IF;
        RETURN NULL;
    END
    $$""",
    *(f"""CREATE TRIGGER registry_count_{name}_products AFTER {event} ON registry_product
          REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION registry_count_products()"""
      for name, event, tables in (("inserted", "INSERT", "NEW TABLE AS new_rows"),
                                  ("updated", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                  ("deleted", "DELETE", "OLD TABLE AS old_rows"))),
    f"""CREATE FUNCTION registry_count_moved_producers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.county_id IS DISTINCT FROM o.county_id)
        THEN
            -- A product written by a transaction still open was counted under the county that
            -- transaction saw: wait for such writers, and hold new ones back, so that every
            -- product of the producer is seen here and moves with it. (Counties rarely change.)
            LOCK TABLE registry_product IN SHARE MODE;
            {_count_changes(_MOVED_PRODUCERS)}
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER registry_count_moved_producers AFTER UPDATE ON registry_producer
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION registry_count_moved_producers()""",
]
POSTGRES_TRIGGERS_REMOVED = [
    "DROP TRIGGER registry_count_moved_producers ON registry_producer",
    "DROP FUNCTION registry_count_moved_producers()",
    *(f"DROP TRIGGER registry_count_{name}_products ON registry_product"
      for name in ("inserted", "updated", "deleted")),
    "DROP FUNCTION registry_count_products()",
]


def _add(county, sector, day, declared, registered, source, condition):
    """SQLite: add to the day's row (upsert) what SELECT … FROM `source` WHERE `condition` gives."""
    return (f"INSERT INTO {TABLE} (county_id, sector_id, day, declared, registered, pending) "
            f"SELECT {county}, {sector}, {day}, {declared}, {registered}, FALSE FROM {source} WHERE {condition} "
            f"ON CONFLICT (county_id, sector_id, day) WHERE NOT pending DO UPDATE "
            f"SET declared = declared + excluded.declared, registered = registered + excluded.registered;")


def _add_product(row, sign):
    """SQLite: a product (OLD or NEW in a row trigger) counted `sign` at its producer's county."""
    source, condition = "registry_producer", f"id = {row}.producer_id"
    return (_add("county_id", f"{row}.sector_id", f"{row}.declared_on", sign, 0, source, condition)
            + _add("county_id", f"{row}.sector_id", f"{row}.registered_on", 0, sign, source,
                   f"{condition} AND {row}.status = 'registered'"))


def _move_products(county, sign):
    """SQLite: the products of the producer being updated, counted `sign` at `county`."""
    source, condition = "registry_product", "producer_id = NEW.id"
    return (_add(county, "sector_id", "declared_on", f"{sign} * COUNT(*)", 0, source,
                 f"{condition} GROUP BY sector_id, declared_on")
            + _add(county, "sector_id", "registered_on", 0, f"{sign} * COUNT(*)", source,
                   f"{condition} AND status = 'registered' GROUP BY sector_id, registered_on"))


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER registry_count_inserted_product AFTER INSERT ON registry_product BEGIN "
    f"{_add_product('NEW', 1)} END",
    f"CREATE TRIGGER registry_count_updated_product AFTER UPDATE OF {COUNTED} ON registry_product "
    f"WHEN (OLD.{COUNTED.replace(', ', ', OLD.')}) IS NOT (NEW.{COUNTED.replace(', ', ', NEW.')}) BEGIN "
    f"{_add_product('OLD', -1)} {_add_product('NEW', 1)} END",
    f"CREATE TRIGGER registry_count_deleted_product AFTER DELETE ON registry_product BEGIN "
    f"{_add_product('OLD', -1)} END",
    f"CREATE TRIGGER registry_count_moved_producer AFTER UPDATE OF county_id ON registry_producer "
    f"WHEN OLD.county_id IS NOT NEW.county_id BEGIN "
    f"{_move_products('OLD.county_id', -1)} {_move_products('NEW.county_id', 1)} END",
]
SQLITE_TRIGGERS_REMOVED = [
    f"DROP TRIGGER registry_count_{name}" for name in ("inserted_product", "updated_product", "deleted_product",
                                                       "moved_producer")
]

REBUILD = f'WITH {_count(_products("registry_product", 1), "FALSE")}'


def rebuild():
    """Count every product again, replacing the counts; returns (rows written, day rows that
    differed from the counts kept). A difference means a change bypassed the triggers (a
    TRUNCATE, a table restored on its own)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # No product or county may change meanwhile (writers wait; readers do not).
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE registry_product, registry_producer IN SHARE MODE")
        kept = day_totals()
        ProductCount.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(REBUILD)
        counted = day_totals()
    differed = sum(1 for key in kept.keys() | counted.keys() if kept.get(key) != counted.get(key))
    return len(counted), differed


def day_totals():
    """{(county, sector, day): (declared, registered)} of the counts, pending rows included,
    leaving out days where nothing is counted."""
    rows = (ProductCount.objects.order_by().values_list("county", "sector", "day")
            .annotate(declared=Sum("declared"), registered=Sum("registered")))
    return {(county, sector, day): (declared, registered)
            for county, sector, day, declared, registered in rows if declared or registered}
