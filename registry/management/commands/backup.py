"""`python manage.py backup [--output FILE]`: a consistent copy of the database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from registry.backup import backup


class Command(BaseCommand):
    help = "Write a consistent copy of the database (pg_dump on PostgreSQL, the backup API on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: backups/shafaf-<time>.<dump|sqlite3>)")

    def handle(self, *args, output=None, **options):
        if output is None:
            suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / f"shafaf-{stamp}.{suffix}"
            output.parent.mkdir(exist_ok=True)
        backup(output)
        self.stdout.write(self.style.SUCCESS(f"backup written: {output}"))
