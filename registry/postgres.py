"""A migration operation for what only PostgreSQL has (pg_trgm indexes, SQL functions): run there,
a no-op on SQLite, which serves development and tests without them."""

from django.db import migrations


class PostgresOnly(migrations.RunSQL):
    """RunSQL on PostgreSQL; nothing elsewhere. It changes no model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
