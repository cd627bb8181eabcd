"""`make bench`: how fast Shafaf is on a province-sized registry, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shafaf_bench make bench
    .venv/bin/python bench/run.py [--only admin_pages] [--runs 7] [--warmup 2] [--load-seconds 60]

Migrates the database and, when it holds no products, fills it (generate_data: 30,000 producers,
a million products and the rest in proportion); prepares a small database beside it
(`<name>_small`) whose pages give the query counts to compare with; collects the static files;
then runs every measure of MEASURES with production settings (DEBUG off) and prints a table —
measure, median, target, met? — ending with `bench: N/M targets met`. Exits 1 when a target is
missed, 2 when the database is not PostgreSQL.
"""

import argparse
import importlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each names a module of bench/ with measure(bench) -> [Result] (bench/measure.py).
MEASURES = ["bench.admin_pages", "bench.reports", "bench.imports", "bench.load", "bench.reconciliation"]
GENERATE_TARGET_S = 180
# The small database: a handful of every record, so that every measured page exists there too.
SMALL_SIZES = ["--producers", "20", "--products", "100", "--mines", "10", "--shipments", "100", "--estates", "1",
               "--units", "4", "--employment", "5", "--inspections", "5", "--items", "4"]


def production_environment(static_root):
    """Settings as a deployment has them (DEBUG off), on plain HTTP on this machine."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    })
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


def database_url(settings, suffix=""):
    """A postgres:// URL for the database of `settings` (a DATABASES entry), its name + `suffix`."""
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    options = f"?{urlencode(settings['OPTIONS'])}" if settings.get("OPTIONS") else ""
    return f"postgres://{user}{password}@{settings['HOST'] or ''}{port}/{quote(settings['NAME'] + suffix)}{options}"


def prepare_small_database(url):
    """Create `<name>_small` if missing, migrate it and give it a handful of records."""
    import subprocess

    from django.db import connection

    name = unquote(urlsplit(url).path.lstrip("/"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    env = {**os.environ, "DATABASE_URL": url}
    for command in (["migrate", "--no-input", "-v", "0"], ["generate_data", "--if-empty", "-v", "0", *SMALL_SIZES]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)


def print_table(results):
    rows = [("measure", "median", "target", "met?")]
    rows += [(r.measure, r.shown_value(), r.target, "" if r.met is None else "yes" if r.met else "NO")
             for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for index, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def main():
    parser = argparse.ArgumentParser(description="Shafaf's benchmark on PostgreSQL (bench/README.md).")
    parser.add_argument("--only", action="append", help="run only this measure (e.g. admin_pages); repeatable")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--small-figures", help=argparse.SUPPRESS)  # child process: figures of the small database
    options = parser.parse_args()

    from bench.measure import Bench, Result, at_most, info

    if options.small_figures:  # the child process: settings and static files are the parent's
        import django

        django.setup()
        module = importlib.import_module(options.small_figures)
        bench = Bench("", "", Path(os.environ["STATIC_ROOT"]))
        print(json.dumps(module.small_database_figures(bench)))
        return 0

    static_root = Path(tempfile.mkdtemp(prefix="shafaf-bench-static-"))
    production_environment(static_root)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from registry.models import Product

    if connection.vendor != "postgresql":
        shutil.rmtree(static_root, ignore_errors=True)
        print("make bench measures PostgreSQL only: its targets are for a province-sized registry there, "
              f"and this database is {connection.vendor}.\n"
              "Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/shafaf_bench make bench",
              file=sys.stderr)
        return 2
    url, small_url = database_url(connection.settings_dict), database_url(connection.settings_dict, "_small")
    # Every figure is wall time on a machine shared with other work: the table says how busy it was.
    results = [info("machine: load average (1 min) when the bench started", os.getloadavg()[0])]
    try:
        call_command("migrate", interactive=False, verbosity=0)
        if Product.objects.exists():
            results.append(info("generate_data: the database already held its data", "skipped"))
        else:
            print("bench: generating the registry (generate_data) …", flush=True)
            started = time.monotonic()
            call_command("generate_data", verbosity=0)
            results.append(at_most("generate_data (30,000 producers, 1,000,000 products)",
                                   time.monotonic() - started, GENERATE_TARGET_S, "s"))
        print("bench: preparing the small database and the static files …", flush=True)
        prepare_small_database(small_url)
        call_command("collectstatic", interactive=False, verbosity=0)
        bench = Bench(url, small_url, static_root, runs=options.runs, warmup=options.warmup,
                      load_seconds=options.load_seconds)
        for name in MEASURES:
            if options.only and name.rpartition(".")[2] not in options.only:
                continue
            print(f"bench: {name} …", flush=True)
            try:
                results += importlib.import_module(name).measure(bench)
            except Exception as error:  # one broken measure still leaves the others' figures
                results.append(Result(name, f"failed: {error!r}"[:120], "", "runs", False))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    results.append(info("machine: load average (1 min) when the bench ended", os.getloadavg()[0]))
    print()
    print_table(results)
    counted = [result for result in results if result.met is not None]
    met = sum(result.met for result in counted)
    print(f"\nbench: {met}/{len(counted)} targets met")
    return 0 if met == len(counted) else 1


if __name__ == "__main__":
    sys.exit(main())
