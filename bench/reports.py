"""The supervisors' reports on the large registry: the dashboard, every report's page and its JSON
(as opened, and some with filters or as of a day a year ago), the director general's monthly
bulletin (every dated report counted at three days), each page's median time (in-process, DEBUG
off, a supervisor) and query count against the same page on the small database; and for each
report the floor: its queries run directly (the query function of registry/reports/queries.py
called, without the view, the form, the template or the charts), and their SQL alone (the
statements it sends, run again through a cursor)."""

import datetime
import sys
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.measure import Result, median_ms, page_queries, page_time, same_queries
from registry import jalali
from registry.reports import bulletin, queries
from registry.reports.catalogue import BY_SLUG, REPORTS
from registry.reports.forms import BulletinForm, ReportFilterForm

TARGET_MS = 300
# A page may take half as long again as its queries run directly, or its queries and 20 ms where
# that is more: what a report page costs here besides its queries — its frame (session, user,
# permissions, the filter form, the admin's header: 8–9 ms, the industrial-space page whose
# queries take under a millisecond) and drawing up to 400 table rows and the charts (5–10 ms).
# Without it, a report whose queries take 2 ms would have to be served in 3.
RATIO, ALLOWANCE_MS = 1.5, 20


def pages():
    """[(name, report slug, or None for the dashboard, or "bulletin"; query string)] of the measured
    pages."""
    year_ago = jalali.format_date(jalali.today() - datetime.timedelta(days=365))
    listed = [("dashboard", None, {}), ("bulletin", "bulletin", {}), ("bulletin JSON", "bulletin", {"format": "json"})]
    for report in REPORTS:
        listed += [(report.slug, report.slug, {}), (f"{report.slug} JSON", report.slug, {"format": "json"})]
    # The summaries serve filters as well: a county, a sector, a day a year ago; and every other
    # report as of a day counts by its own rule (issue 18).
    listed += [
        ("transparency, Sanandaj, food, a year ago", "transparency",
         {"county": "sanandaj", "sector": "food", "as_of": year_ago}),
        ("obligations, a year ago", "obligations", {"as_of": year_ago}),
        # An item is produced in a county when a product of a producer there names it: the
        # smuggling report for a county reads products, not counts (an index serves it).
        ("smuggling, Sanandaj", "smuggling", {"county": "sanandaj"}),
        *((f"{slug}, a year ago", slug, {"as_of": year_ago})
          for slug in ("smuggling", "auctions", "shipments", "handovers", "employment", "licences")),
    ]
    return listed


def url(slug, params):
    path = "/reports/" if slug is None else f"/reports/{slug}/"
    return f"{path}?{urlencode(params)}" if params else path


def report_query(slug, params):
    """The report's query function with these filters, as the page calls it (the dashboard's for
    None, the bulletin's for "bulletin"): it returns lists and dicts, so calling it runs all its SQL."""
    if slug is None:
        return queries.dashboard
    if slug == "bulletin":
        form = BulletinForm(params)
        if not form.is_valid():
            raise RuntimeError(f"bulletin: {form.errors.as_text()}")
        return lambda: bulletin.bulletin(form.period())
    report = BY_SLUG[slug]
    form = ReportFilterForm(params, report=report)
    if not form.is_valid():
        raise RuntimeError(f"{slug}: {form.errors.as_text()}")
    filters = form.filters()
    return lambda: report.query(filters)


def run_sql(statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def floors(bench, slug, params):
    """(the report's queries run directly, their SQL alone) in ms: the query function called, and
    the statements it sends run again through a cursor."""
    query = report_query(slug, params)
    with CaptureQueriesContext(connection) as captured:
        query()
    statements = [captured_query["sql"] for captured_query in captured.captured_queries]
    return (median_ms(query, bench.runs, bench.warmup)[0],
            median_ms(lambda: run_sql(statements), bench.runs, bench.warmup)[0])


def small_database_figures(bench):
    client = bench.client("supervisor")
    return {name: page_queries(client, url(slug, params)) for name, slug, params in pages()}


def measure(bench):
    client = bench.client("supervisor")
    small = bench.small_database_figures(sys.modules[__name__])
    results, measured = [], {}
    for name, slug, params in pages():
        page = url(slug, params)
        label = f"reports: {name}"
        filters = tuple(sorted((key, value) for key, value in params.items() if key != "format"))
        if (slug, filters) not in measured:
            measured[slug, filters] = floors(bench, slug, dict(filters))
        floor, sql = measured[slug, filters]
        row, ms = page_time(label, bench, client, page, TARGET_MS)
        results.append(row)
        if ms is None:
            continue
        limit, rule = max((RATIO * floor, f"{RATIO} × queries"), (floor + ALLOWANCE_MS, f"queries + {ALLOWANCE_MS} ms"))
        results.append(Result(f"{label}, against its queries run directly ({floor:,.1f} ms; SQL alone {sql:,.1f})",
                              ms, "ms", f"≤ {limit:,.1f} ms ({rule})", ms <= limit))
        results.append(same_queries(label, page_queries(client, page), small[name]))
    return results
