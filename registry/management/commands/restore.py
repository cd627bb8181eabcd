"""`python manage.py restore FILE [--no-input]`: put a backup back in place of the database."""

from django.core.management.base import BaseCommand, CommandError

from registry.backup import restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, file, interactive=True, **options):
        if interactive:
            answer = input(f"Replace everything in the database with {file}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        restore(file)
        self.stdout.write(self.style.SUCCESS(f"restored from {file}"))
