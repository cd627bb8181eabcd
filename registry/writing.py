"""Writing many records at once, the one way: text normalised as save() would, the version of an
updated record raised by one, and a history entry for every record naming the user and the reason.

Imports, `load_demo` and `generate_data` write through a BulkWriter; a single record goes through
its own save(). The reasons they leave in the history are registry/history.py's, like every other.
"""

import math

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from registry import history
from registry.models.base import normalized, text_fields


def import_reason(file_name, *, admin):
    """The history's reason for a record an import wrote: the page or the command, and the file."""
    return history.reason(history.IMPORTED if admin else history.IMPORTED_BY_COMMAND, file=file_name)


# Records an UPDATE … FROM (VALUES …) writes at once on PostgreSQL (SQLite: as many as its
# parameters allow).
UPDATE_BATCH = 2000
BULK_CREATE_BATCH = 1000


class BulkWriter:
    """Writes records in bulk for one `reason` and `user` (None: a command), every history entry
    dated at the same moment (`date`, default now)."""

    def __init__(self, *, reason, user=None, date=None):
        self.reason, self.user = reason[:100], user
        self.date = date or timezone.now()

    def _history(self):
        return {"default_user": self.user, "default_change_reason": self.reason, "default_date": self.date}

    def create(self, instances):
        """Insert new records of one model, each with its "+" history entry; returns them with their ids."""
        if not instances:
            return []
        for instance in instances:
            instance.normalize_text()
        return bulk_create_with_history(instances, type(instances[0]), **self._history())

    def update(self, instances, fields):
        """Write `fields` of stored records of one model, each with its "~" history entry and its
        version raised. Group records by the fields they change: each statement sets those only."""
        if not instances:
            return
        for instance in instances:
            instance.normalize_text()
            instance.version += 1
        model = type(instances[0])
        with transaction.atomic(savepoint=False):
            _update(model, instances, [model._meta.get_field(name) for name in (*fields, "version")])
            model.history.bulk_history_create(instances, update=True, **self._history())

    def copy(self, model, columns, rows, *, dated_by):
        """New records given as rows of column values (attnames `columns`, the id among them), for
        millions of records: COPY on PostgreSQL, bulk_create elsewhere; their "+" entries are then
        copied by the database from the rows with ids from the lowest to the highest written (so
        those ids must be new to the table). `dated_by` (a date column, or a date) dates each
        entry on its day, in office hours in Tehran. Returns how many rows were written."""
        texts = {index: model._meta.get_field(name) for index, name in enumerate(columns)}
        texts = {index: field for index, field in texts.items() if field in text_fields(model)}
        rows = (_normalised(row, texts) for row in rows)
        write = _copy if connection.vendor == "postgresql" else _bulk_create
        ids = write(model, columns, rows, columns.index(model._meta.pk.attname))
        if ids.count:
            self._copy_history(model, ids.first, ids.last, dated_by)
        return ids.count

    def _copy_history(self, model, first, last, dated_by):
        history = model.history.model
        quote = connection.ops.quote_name
        fields = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
        pk = quote(model._meta.pk.column)
        if isinstance(dated_by, str):
            day, params = quote(model._meta.get_field(dated_by).column), []
        else:
            day, params = "%s", [dated_by]
        if connection.vendor == "postgresql":
            day = day if isinstance(dated_by, str) else "%s::date"
            stamp = (f"(({day} + TIME '08:00') AT TIME ZONE 'Asia/Tehran') + ({pk} %% 480) * INTERVAL '1 minute'"
                     f" + ({pk} %% 59) * INTERVAL '1 second'")
        else:
            # 08:00 in Tehran is 04:30 UTC (no daylight saving since 2022); SQLite stores UTC text.
            stamp = (f"datetime({day}, '+270 minutes', '+' || ({pk} %% 480) || ' minutes', "
                     f"'+' || ({pk} %% 59) || ' seconds')")
        sql = (f"INSERT INTO {quote(history._meta.db_table)} ({fields}, history_date, history_type, "
               f"history_change_reason, history_user_id) "
               f"SELECT {fields}, {stamp}, '+', %s, %s FROM {quote(model._meta.db_table)} "
               f"WHERE {pk} BETWEEN %s AND %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, self.reason, self.user and self.user.pk, first, last])


def _update(model, instances, fields):
    """Write `fields` of `instances` as they hold them: one UPDATE … FROM (VALUES …) a batch, the
    new values joined as a table. Django's bulk_update writes a CASE with a branch per row for
    each field, six times slower on a batch of thousands."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), model._meta.pk
    columns = [pk, *fields]
    names = ", ".join(quote(field.column) for field in columns)
    assignments = ", ".join(f"{quote(field.column)} = changed.{quote(field.column)}" for field in fields)
    if connection.vendor == "postgresql":
        # A VALUES list has no column types of its own: a column of NULLs would be text.
        row = "(" + ", ".join(f"%s::{field.cast_db_type(connection)}" for field in columns) + ")"
        size = UPDATE_BATCH
    else:
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        size = min(UPDATE_BATCH, connection.features.max_query_params // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(instances), size):
            batch = instances[start:start + size]
            params = [field.get_db_prep_save(getattr(instance, field.attname), connection)
                      for instance in batch for field in columns]
            cursor.execute(
                f"WITH changed ({names}) AS (VALUES {', '.join([row] * len(batch))}) UPDATE {table} "
                f"SET {assignments} FROM changed WHERE {table}.{quote(pk.column)} = changed.{quote(pk.column)}",
                params)


def _normalised(row, texts):
    if not texts:
        return row
    row = list(row)
    for index, field in texts.items():
        row[index] = normalized(field, row[index])
    return row


class _Ids:
    """The lowest and highest id of the rows written, for the history to copy those rows only."""

    def __init__(self):
        self.count, self.first, self.last = 0, math.inf, -math.inf

    def add(self, pk):
        self.count += 1
        self.first, self.last = min(self.first, pk), max(self.last, pk)


def _copy(model, columns, rows, pk_index):
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    ids = _Ids()
    with connection.cursor() as cursor, cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            ids.add(row[pk_index])
    return ids


def _bulk_create(model, columns, rows, pk_index):
    ids, instances = _Ids(), []
    for row in rows:
        instances.append(model(**dict(zip(columns, row, strict=True))))
        ids.add(row[pk_index])
        if len(instances) == BULK_CREATE_BATCH:
            model._default_manager.bulk_create(instances)
            instances = []
    model._default_manager.bulk_create(instances)
    return ids
