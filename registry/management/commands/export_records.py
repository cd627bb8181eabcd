"""`export_records KIND [--format csv|xlsx] [--output FILE] [--labels fa]`: every record of a kind, as
a file that imports back unchanged."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry import spreadsheets
from registry.importing import KINDS

WRITERS = {"csv": spreadsheets.write_csv, "xlsx": spreadsheets.write_xlsx}


class Command(BaseCommand):
    help = (
        "Export every record of one kind: column names (or Persian labels) as headers, Jalali dates, "
        "CSV in UTF-8 with BOM, formula-safe cells. CSV goes to standard output without --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="The kind of record (spec section 3).")
        parser.add_argument("--format", choices=sorted(WRITERS), default="csv")
        parser.add_argument("--output", help="The file to write (default: standard output, CSV only).")
        parser.add_argument("--labels", choices=["fa"], help="Write the Persian labels as headers.")

    def handle(self, *args, kind, format, output, labels, **options):
        if output is None and format != "csv":
            raise CommandError(_("An XLSX export needs --output FILE."))
        data = WRITERS[format](KINDS[kind].export_headers(persian_labels=labels == "fa"), KINDS[kind].export_rows())
        if output is None:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        Path(output).write_bytes(data)
