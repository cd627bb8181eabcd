"""The import benchmark (bench/import_products.py: 100,000 products through the real import path,
against plain bulk_create as the floor) in a fresh database of its own, `<name>_import`, created
and migrated for the run and dropped after it, so that it neither disturbs the large registry nor
is slowed by it. Its own process, so that its peak memory is the import's."""

import json
import os
import subprocess
import sys
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from django.db import connection

from bench.measure import ROOT, Result, at_most, info

ROWS_PER_S_TARGET = 5000
PEAK_MEMORY_MB_TARGET = 500


def _database(url, suffix):
    """(name, url) of the database named like `url`'s plus `suffix`."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/")) + suffix
    return name, urlunsplit(parts._replace(path="/" + quote(name)))


def _run(args, url):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, check=True,
                          capture_output=True, text=True).stdout


def measure(bench):
    name, url = _database(bench.database_url, "_import")
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quoted}")
    try:
        _run(["manage.py", "migrate", "--no-input", "-v", "0"], url)
        figures = json.loads(_run(["bench/import_products.py", "--json"], url).strip().splitlines()[-1])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    rows = f"{figures['rows']:,}"
    return [
        Result(f"import: {rows} products with validation and history (fresh database)", figures["rows_per_s"],
               "rows/s", f"≥ {ROWS_PER_S_TARGET:,} rows/s", figures["rows_per_s"] >= ROWS_PER_S_TARGET),
        at_most("import: peak memory of the importing process", figures["peak_memory_mb"], PEAK_MEMORY_MB_TARGET,
                "MB"),
        info(f"import: {rows} products by plain bulk_create (the floor)", figures["bulk_create_rows_per_s"],
             "rows/s"),
        info(f"import: the same {rows} again, all unchanged", figures["unchanged_rows_per_s"], "rows/s"),
        info("import: their 10,000 producers first", figures["producers_rows_per_s"], "rows/s"),
    ]
