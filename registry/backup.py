"""A consistent copy of the database and its restoration: pg_dump/pg_restore on PostgreSQL,
SQLite's online backup API on SQLite (safe while the app is running)."""

import os
import shutil
import sqlite3
import subprocess

from django.core.exceptions import ImproperlyConfigured
from django.db import connections


def _postgres_environment(settings_dict):
    environment = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            environment[name] = str(settings_dict[key])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return environment


def _tool(name):
    path = shutil.which(name) or shutil.which(name, path="/usr/lib/postgresql/15/bin:/usr/bin")
    if path is None:
        raise ImproperlyConfigured(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def backup(path, using="default"):
    """Write a consistent copy of database `using` to `path`."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(path),
             settings_dict["NAME"]],
            env=_postgres_environment(settings_dict), check=True, capture_output=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise ImproperlyConfigured(f"Backups of {connection.vendor} databases are not supported.")


def restore(path, using="default"):
    """Replace the contents of database `using` with the copy in `path`, in one transaction."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        connection.close()
        subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "--dbname", settings_dict["NAME"], str(path)],
            env=_postgres_environment(settings_dict), check=True, capture_output=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise ImproperlyConfigured(f"Restoring {connection.vendor} databases is not supported.")
