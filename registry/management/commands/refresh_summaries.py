"""`python manage.py refresh_summaries`: count the products again into the counts the reports read.

The database keeps them exact by itself (registry/summaries.py); this is for after a change that
bypassed it — a TRUNCATE, a table restored on its own — and says whether anything differed.
"""

import time

from django.core.management.base import BaseCommand

from registry.summaries import rebuild


class Command(BaseCommand):
    help = "Count the products again into the product counts the reports read; say whether any differed."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows, differed = rebuild()
        elapsed = time.monotonic() - started
        self.stdout.write(f"refresh_summaries: {rows:,} day rows of product counts in {elapsed:.1f} s; "
                          f"{differed:,} differed from the counts kept.")
