"""Fast searches, counts and year filters on a province-sized registry (bench/README.md).

Date indexes serve the Jalali-year filters (their MIN/MAX and their range). On PostgreSQL only,
trigram indexes let a name search (`icontains`, which Django writes as UPPER(col::text) LIKE
UPPER('%term%')) read an index instead of a million rows, indexes on UPPER(col) do the same
for case-insensitive references (`iexact`), and shafaf_count_estimate() gives the
change lists' paginator the planner's row estimate of a large filtered list
(registry/admin/pagination.py).
"""

from django.db import migrations, models

from registry.postgres import PostgresOnly

TRIGRAM_INDEXES = {
    # index name: (table, column)
    "registry_prod_name_trgm": ("registry_product", "name"),
    "registry_producer_name_trgm": ("registry_producer", "name"),
    "registry_ship_number_trgm": ("registry_shipment", "number"),
}

# Case-insensitive exact searches ("=reference", which Django writes UPPER(col::text) = UPPER(…)).
UPPER_INDEXES = {
    "registry_insp_reference_upper": ("registry_inspection", "reference"),
    "registry_lic_number_upper": ("registry_licence", "number"),
}

COUNT_ESTIMATE = """
CREATE OR REPLACE FUNCTION shafaf_count_estimate(query text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_import_log_and_pending_uploads")]

    operations = [
        migrations.AddIndex("product", models.Index(fields=["registered_on", "id"], name="registry_prod_registered_on")),
        migrations.AddIndex("product", models.Index(fields=["declared_on", "id"], name="registry_prod_declared_on")),
        migrations.AddIndex("product", models.Index(fields=["name", "id"], name="registry_prod_name")),
        migrations.AddIndex("licence", models.Index(fields=["issued_on"], name="registry_lic_issued_on")),
        migrations.AddIndex("inspection", models.Index(fields=["held_on"], name="registry_insp_held_on")),
        migrations.AddIndex("shipment", models.Index(fields=["goods_id"], name="registry_ship_goods_id")),
        # pg_trgm is a trusted extension: the database's owner may create it.
        PostgresOnly("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        *(PostgresOnly(f"CREATE INDEX {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)",
                       f"DROP INDEX {name}")
          for name, (table, column) in TRIGRAM_INDEXES.items()),
        *(PostgresOnly(f"CREATE INDEX {name} ON {table} ((UPPER({column}::text)))", f"DROP INDEX {name}")
          for name, (table, column) in UPPER_INDEXES.items()),
        PostgresOnly(COUNT_ESTIMATE, "DROP FUNCTION shafaf_count_estimate(text)"),
    ]
