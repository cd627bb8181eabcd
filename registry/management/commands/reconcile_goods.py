"""`reconcile_goods FILE [--apply] [--json] [--language fa|en]`: compare the national goods-ID list with
the registry, and with --apply bring the registry in line (spec section 9)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry import reconciliation
from registry.formatting import format_number
from registry.models import Reconciliation


class Command(BaseCommand):
    help = (
        "Classify the rows of the national goods-ID list (CSV or XLSX) against the registry; nothing is "
        "written to the registry unless --apply is given, which registers the products to register and "
        "creates the new ones in one transaction. A structurally wrong file is refused with every error "
        "and the exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The national list, CSV or XLSX.")
        parser.add_argument("--apply", action="store_true",
                            help="Register the products to register and create the new products.")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="Print the counts found (before applying) as JSON.")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE, help="The language of the messages.")

    def handle(self, *args, file, apply, as_json, language, **options):
        with translation.override(language):
            path = Path(file)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}) from error
            try:
                run = reconciliation.reconcile(data, path.name, source=Reconciliation.Source.COMMAND)
            except reconciliation.Refused as refusal:
                for issue in refusal.issues:
                    self.stderr.write(str(issue))
                if refusal.unlisted:
                    self.stderr.write(ngettext("… and %(count)s more error.", "… and %(count)s more errors.",
                                               refusal.unlisted) % {"count": refusal.unlisted})
                raise CommandError(ngettext("The list was refused: %(errors)s error.",
                                            "The list was refused: %(errors)s errors.", refusal.count)
                                   % {"errors": refusal.count}) from None
            applied = reconciliation.apply(run) if apply else None
            if as_json:
                self.stdout.write(json.dumps(run.counts()))
                return
            self.stdout.write(self._summary(run, applied))

    def _summary(self, run, applied):
        lines = [f"{_label(name)}: {format_number(count, persian=False)}" for name, count in run.counts().items()]
        if applied is None:
            lines.append(_("Nothing was written; run again with --apply to register and create."))
        else:
            lines.append(_("Applied: %(registered)s products registered and %(created)s products created.") % {
                "registered": applied.registered, "created": applied.created})
        return "\n".join(lines)


def _label(name):
    return str(Reconciliation._meta.get_field(name).verbose_name)
