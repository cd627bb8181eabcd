"""Migration operations for SQL that only one database has (pg_trgm indexes, SQL functions, each
database's own trigger syntax): run there, a no-op elsewhere."""

from django.db import migrations


class _OnlyOn(migrations.RunSQL):
    """RunSQL on the database `vendor` only. It changes no model state."""

    vendor = None

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresOnly(_OnlyOn):
    vendor = "postgresql"


class SqliteOnly(_OnlyOn):
    vendor = "sqlite"
