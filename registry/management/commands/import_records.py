"""`import_records KIND FILE [--dry-run] [--language fa|en]`: import a CSV or XLSX file, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.importing import KINDS, import_file
from registry.models import ImportLog


class Command(BaseCommand):
    help = (
        "Import a CSV (UTF-8 or Windows-1256) or XLSX file of one kind of record. Nothing is written "
        "when any row is wrong; every error is printed with its row and column, and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="The kind of record (spec section 3).")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE, help="The language of the messages.")

    def handle(self, *args, kind, file, dry_run, language, **options):
        with translation.override(language):
            path = Path(file)
            try:
                size = path.stat().st_size
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}) from error
            if size > settings.IMPORT_MAX_UPLOAD_BYTES:
                raise CommandError(_("The file is larger than the limit of %(limit)s bytes.") % {
                    "limit": f"{settings.IMPORT_MAX_UPLOAD_BYTES:,}"})
            outcome = import_file(kind, path.read_bytes(), path.name, source=ImportLog.Source.COMMAND, dry_run=dry_run)
            if not outcome.ok:
                for issue in outcome.errors:
                    self.stderr.write(str(issue))
                if outcome.unlisted_errors:
                    self.stderr.write(ngettext("… and %(count)s more error.", "… and %(count)s more errors.",
                                               outcome.unlisted_errors) % {"count": outcome.unlisted_errors})
                raise CommandError(outcome.summary())
            self.stdout.write(outcome.summary())
