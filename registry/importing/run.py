"""One file imported as one kind, all or nothing (spec section 3).

A run reads the file a batch of rows at a time and takes each batch through its steps: read the
cells (registry.importing.cells), resolve the records they refer to (references), match each
row to the stored record with its key, validate the record it would write (the model's own
full_clean() and rules, the clerk's counties, uniqueness), and write the batch through the bulk
writer with its history. Nothing is written when any row is wrong, nor in a dry run: everything
happens in one transaction that is then rolled back, so that a dry run meets the database's
checks too.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from registry import rules, scoping, spreadsheets
from registry.importing.cells import Identifier, restored
from registry.importing.header import Header
from registry.importing.kind import LOOKUP_BATCH
from registry.importing.kinds import KINDS
from registry.importing.outcome import ERROR, NEW, UNCHANGED, UPDATED, Note, Outcome, RowOutcome
from registry.importing.references import References
from registry.importing.uniqueness import Uniqueness
from registry.models import County, ImportLog
from registry.writing import BulkWriter, import_reason

CHUNK_ROWS = 2000
# Converted texts a column remembers (dates, choices and codes repeat from row to row).
MEMO_SIZE = 10_000
_KEEP = object()


def import_file(kind, data, file_name, *, user=None, source=ImportLog.Source.COMMAND, dry_run=False, keep_rows=False):
    """Read `data` (the bytes of a CSV or XLSX file), import it as `kind` (a name of KINDS) and log
    it in the import log; returns the Outcome."""
    run = ImportRun(KINDS[kind], user=user, dry_run=dry_run, keep_rows=keep_rows, file_name=file_name,
                    reason=import_reason(file_name, admin=source == ImportLog.Source.ADMIN))
    try:
        table = spreadsheets.read(data, file_name)
    except spreadsheets.SpreadsheetError as error:
        run.outcome.add_error(None, "", error.message)
    else:
        run.execute(table)
    outcome = run.outcome
    ImportLog.objects.create(
        user=user, source=source, kind=kind, file_name=file_name[:255], dry_run=dry_run,
        status=(ImportLog.Status.REFUSED if not outcome.ok
                else ImportLog.Status.IMPORTED if outcome.written else ImportLog.Status.CHECKED),
        new_count=outcome.counts[NEW], updated_count=outcome.counts[UPDATED],
        unchanged_count=outcome.counts[UNCHANGED], error_count=outcome.error_count,
        errors="\n".join(str(issue) for issue in outcome.errors[:50]),
    )
    return outcome


class Row:
    """One data row on its way in: its values by column, the columns that failed, the record it
    writes, what it does to it (`action`) and the fields it changes."""

    __slots__ = ("number", "values", "cells", "failed", "keyed", "instance", "action", "new", "changed", "changes",
                 "notes")

    def __init__(self, number):
        self.number = number
        self.values, self.cells, self.failed, self.changes, self.notes = {}, {}, set(), {}, []
        self.keyed = self.new = False
        self.instance = self.action = None
        self.changed = ()


class ImportRun:
    """One import: its kind, its user and its writer, and what it has found so far."""

    def __init__(self, kind, *, user=None, reason="", dry_run=False, keep_rows=False, file_name=""):
        self.kind, self.user, self.dry_run = kind, user, dry_run
        self.outcome = Outcome(kind.name, file_name, dry_run, keep_rows)
        self.writer = BulkWriter(reason=reason, user=user)
        self.counties = scoping.assigned_counties(user) if scoping.county_paths(kind.model) else None
        self.seen_keys = {}  # key: the row that has it

    def execute(self, table):
        """Import a spreadsheets.Table; the Outcome says what came of it."""
        outcome = self.outcome
        self.header = Header(self.kind, table.headers, outcome)
        if not outcome.ok:
            return outcome
        self.references = References(self.kind, self.header)
        self.uniqueness = Uniqueness(self.kind, self.header)
        self._plan()
        rows_read = 0
        with transaction.atomic():
            try:
                chunk = []
                for number, cells in table.rows:
                    if all(cell is None or str(cell).strip() == "" for cell in cells):
                        continue
                    chunk.append((number, cells))
                    rows_read += 1
                    if len(chunk) == CHUNK_ROWS:
                        self._batch(chunk)
                        chunk = []
                if chunk:
                    self._batch(chunk)
            except spreadsheets.SpreadsheetError as error:
                outcome.add_error(rows_read + 2, "", error.message)
            if rows_read == 0 and outcome.ok:
                outcome.add_error(None, "", _("The file has a header but no rows."))
            outcome.written = outcome.ok and not self.dry_run
            if not outcome.written:
                transaction.set_rollback(True)
        outcome.errors.sort(key=lambda issue: issue.row or 0)
        return outcome

    def _plan(self):
        """Once the header is known: how each present column is read, and what it sets."""
        kind, header = self.kind, self.header
        self.readers = [(index, name, kind.columns[name].widget, {} if kind.columns[name].widget.repeats else None)
                        for index, name in header.present]
        tracked = [field for name, field in kind.model_fields.items() if name in header]
        tracked += [kind.model._meta.get_field(name) for name in kind.relations]
        self.tracked = [(field.attname, field.name) for field in tracked]
        # A preview shows the records a row refers to, before and after: read with the stored records.
        related = [field.name for field in tracked if field.is_relation] if self.outcome.rows is not None else []
        # (select_related() without names would follow every foreign key.)
        self.stored = kind.model.objects.select_related(*related) if related else kind.model.objects.all()
        self.setters = []
        for name, field in kind.model_fields.items():
            if name not in header:
                continue
            # An empty cell of a field with a default keeps the record's value (the default for a
            # new record); otherwise it clears the field.
            if field.has_default():
                empty = _KEEP
            elif isinstance(field, (models.CharField, models.TextField)) and not field.null:
                empty = ""
            else:
                empty = None
            self.setters.append((name, field.name if field.is_relation else field.attname, empty))
        self.foreign_keys = [(field.name, field.attname) for field in kind.model._meta.concrete_fields
                             if field.is_relation]
        # References to records of the same kind (a lot's previous lot), which may be new in the file.
        self.own_references = [field for field in kind.model._meta.concrete_fields
                               if field.is_relation and field.related_model is kind.model]
        # A key of one identifier column, whose zeros a spreadsheet may have dropped.
        key_widget = kind.columns[kind.key_columns[0]].widget if len(kind.key_columns) == 1 else None
        self.shortened_key = ((kind.key_columns[0], key_widget) if isinstance(key_widget, Identifier)
                              and key_widget.check is not None else None)

    def _batch(self, chunk):
        rows = [self.read(number, cells) for number, cells in chunk]
        self.references.resolve(rows, self.fail)
        self.match(rows)
        for row in rows:
            if row.keyed:
                self.validate(row)
        self.uniqueness.check([row for row in rows if row.action in (NEW, UPDATED)], self.fail)
        if self.outcome.ok:
            self.write(rows)
        for row in rows:
            if row.action != ERROR:
                self.outcome.counts[row.action] += 1
            if self.outcome.rows is not None:
                record = str(row.instance) if row.action != ERROR else ""
                self.outcome.rows.append(RowOutcome(row.number, row.action, record, row.changes, row.notes,
                                                    row.values, row.cells))

    def fail(self, row, column, message, hint=None):
        row.action = ERROR
        self.outcome.add_error(row.number, column, message, hint)

    # Read -----------------------------------------------------------------------------------

    def read(self, number, cells):
        row = Row(number)
        header = self.header
        for index in [*header.blank, *range(header.width, len(cells))]:
            if index < len(cells) and cells[index] not in (None, ""):
                self.fail(row, get_column_letter(index + 1), _("A value in a column without a header."))
                break
        for index, name, widget, memo in self.readers:
            raw = cells[index] if index < len(cells) else None
            if self.outcome.rows is not None and raw not in (None, ""):
                row.cells[name] = raw
            try:
                if memo is None or not isinstance(raw, str):
                    value = widget.clean(raw)
                elif raw in memo:
                    value = memo[raw]
                else:
                    if len(memo) == MEMO_SIZE:
                        memo.clear()
                    value = memo[raw] = widget.clean(raw)
            except ValueError as error:
                row.failed.add(name)
                self.fail(row, header.column_text(name), str(error))
                continue
            if value in (None, "") and name in self.kind.key_columns:
                row.failed.add(name)
                self.fail(row, header.column_text(name), _("This column needs a value: it identifies the record."))
                continue
            row.values[name] = value
            if self.outcome.rows is not None and raw is not None:
                note = widget.note(raw, value)
                if note:
                    row.notes.append(Note(header.column_text(name), *note))
        return row

    # Match ----------------------------------------------------------------------------------

    def match(self, rows):
        """Give each row the stored record with its key, if there is one (one query per batch); a
        key that an earlier row of the file has is an error."""
        kind, keyed = self.kind, {}
        key_columns = set(kind.key_columns)
        for row in rows:
            if row.failed & key_columns:
                continue
            values = [row.values.get(source) for source in kind.key_sources]
            if None in values:
                continue
            key = tuple(value.pk if isinstance(value, models.Model) else value for value in values)
            first = self.seen_keys.setdefault(key, row.number)
            if first != row.number:
                self.fail(row, self.header.field_text(NON_FIELD_ERRORS),
                          _("Row %(row)s has the same key: a record can appear only once in a file.") % {"row": first})
                continue
            keyed[row.number] = key
        # Of a composite key, the part with the fewest distinct values makes the shortest query;
        # the other parts are matched here.
        attnames = [field.attname for field in kind.key_fields]
        parts = [{key[i] for key in keyed.values()} for i in range(len(attnames))]
        narrowest = min(range(len(attnames)), key=lambda i: len(parts[i]))
        values = list(parts[narrowest]) if keyed else []
        stored = {}
        for start in range(0, len(values), LOOKUP_BATCH):
            lookup = {f"{attnames[narrowest]}__in": values[start:start + LOOKUP_BATCH]}
            for record in self.stored.filter(**lookup):
                stored[tuple(getattr(record, attname) for attname in attnames)] = record
        if self.shortened_key is not None:
            self._match_shortened(rows, keyed, stored)
        for row in rows:
            if row.number in keyed:
                row.keyed = True
                row.instance = stored.get(keyed[row.number])
                row.new = row.instance is None

    def _match_shortened(self, rows, keyed, stored):
        """An identifier key that is complete as read but on no record, while one of its zero-padded
        forms is (a spreadsheet dropped the zeros of a legal ID that then reads as a national
        code), is that record: the same file imported again changes nothing."""
        name, widget = self.shortened_key
        attname = self.kind.key_fields[0].attname
        wanted = {}
        for number, (text,) in keyed.items():
            if (text,) not in stored:
                for alternative in widget.alternatives(text):
                    wanted.setdefault(alternative, []).append(number)
        found, alternatives = {}, list(wanted)
        for start in range(0, len(alternatives), LOOKUP_BATCH):
            lookup = {f"{attname}__in": alternatives[start:start + LOOKUP_BATCH]}
            for record in self.stored.filter(**lookup):
                for number in wanted[getattr(record, attname)]:
                    found.setdefault(number, []).append(record)
        by_number = {row.number: row for row in rows}
        for number, records in found.items():
            if len(records) == 1:
                row, text = by_number[number], getattr(records[0], attname)
                if self.outcome.rows is not None:
                    row.notes.append(Note(self.header.column_text(name), *restored(row.values[name], text)))
                row.values[name] = text
                keyed[number] = (text,)
                stored[(text,)] = records[0]

    # Validate -------------------------------------------------------------------------------

    def validate(self, row):
        """Fill the record from the row, tell new from updated from unchanged, and check it as a
        form would: the model's full_clean() and its rules (registry.rules), each error placed on
        its column."""
        given = self._given(row)
        if not row.new and not self._may_write(row, row.instance):
            return
        if row.new:
            # Given to the constructor, a value spares Django computing the field's default.
            row.instance = instance = self.kind.model(**given)
            if self.outcome.rows is not None:
                row.changes = {name: (None, value) for name, value in self._shown(instance).items()}
        else:
            instance = row.instance
            before = self._tracked(instance)
            shown = self._shown(instance) if self.outcome.rows is not None else None
            for target, value in given.items():
                setattr(instance, target, value)
            after = self._tracked(instance)
            if after == before:
                if row.action is None:
                    row.action = UNCHANGED
                return
            changes = {name: (old, new) for (_attname, name), old, new in zip(self.tracked, before, after)
                       if old != new}
            row.changed = tuple(changes)
            if shown is not None:
                after = self._shown(instance)
                row.changes = {name: (shown[name], after[name]) for name in changes}
        if not self._clean(row, instance) or not self._may_write(row, instance):
            return
        if row.action is None:
            row.action = NEW if row.new else UPDATED

    def _tracked(self, instance):
        """The values of the tracked fields of `instance`; a reference to a record new in this batch
        (which has no id yet) is that record."""
        if not self.own_references:
            return [getattr(instance, attname) for attname, _name in self.tracked]
        values = {attname: getattr(instance, attname) for attname, _name in self.tracked}
        for field in self.own_references:
            if values.get(field.attname, 0) is None:
                values[field.attname] = field.get_cached_value(instance, None)
        return list(values.values())

    def _shown(self, instance):
        """{field: value} of the fields the file sets, a foreign key as its record (one new in this
        batch too), for a preview."""
        shown = {}
        for attname, name in self.tracked:
            if getattr(instance, attname) is not None:
                shown[name] = getattr(instance, name)
            else:
                field = instance._meta.get_field(name)
                shown[name] = field.get_cached_value(instance, None) if field.is_relation else None
        return shown

    def _given(self, row):
        """{attribute: value} the row sets. The cells were normalised as RegistryModel.normalize_text would."""
        values, failed, given = row.values, row.failed, {}
        for name, target, empty in self.setters:
            if name in failed:
                continue
            value = values.get(name)
            if isinstance(value, Row):  # an earlier row's record (References), unless it was refused
                value = value.instance
                if value is None:
                    continue
            if value is None or value == "":
                if empty is _KEEP:
                    continue
                value = empty
            given[target] = value
        for field_name in self.kind.relations:
            if field_name in values:
                given[field_name] = values[field_name]
        return given

    def _clean(self, row, instance):
        """The model's validation and rules, without the queries: the foreign keys were read a
        moment ago, and uniqueness is checked for the whole batch (Uniqueness). False when refused."""
        errors = self.outcome.error_count
        exclude = {name for name, attname in self.foreign_keys if getattr(instance, attname) is not None}
        if row.failed:
            # Cells that could not be read are reported; the other cells still get their checks,
            # but not the rules between fields, which would only repeat the same problem.
            exclude |= {self.kind.field_of(name).name for name in row.failed}
            try:
                instance.clean_fields(exclude=exclude)
            except ValidationError as error:
                self._report(row, error)
            return False
        try:
            rules.validate(instance, trusted=exclude)
        except ValidationError as error:
            self._report(row, error)
        return self.outcome.error_count == errors

    def _report(self, row, error):
        for field_name, messages in error.message_dict.items():
            for message in messages:
                self.fail(row, self.header.field_text(field_name), message)

    def _may_write(self, row, instance):
        """A clerk assigned some counties writes only records of those counties (registry.scoping)."""
        if self.counties is None or scoping.in_scope(instance, self.user):
            return True
        first_step = scoping.county_paths(type(instance))[0].split("__")[0]
        names = sorted(str(county) for county in County.objects.filter(pk__in=self.counties))
        self.fail(row, self.header.field_text(first_step),
                  _("This record belongs to a county you do not work in (yours: %(counties)s).")
                  % {"counties": "، ".join(names)})
        return False

    # Write ----------------------------------------------------------------------------------

    def write(self, rows):
        """Write a batch in bulk, with its history; when the database refuses, name the rows."""
        created = [row for row in rows if row.action == NEW]
        updated = [row for row in rows if row.action == UPDATED]
        # Each group of rows that changed the same fields updates only those.
        groups = {}
        for row in updated:
            groups.setdefault(row.changed, []).append(row.instance)
        try:
            with transaction.atomic():
                for wave in self._waves([row.instance for row in created]):
                    self.writer.create(wave)
                for fields, instances in groups.items():
                    self.writer.update(instances, fields)
        except DatabaseError:
            self._name_refused_rows(created + updated)

    def _waves(self, instances):
        """New records in the order they can be written: a record that refers to another new one (a
        lot offered again, to the lot it repeats) after it, once it has its id."""
        while instances:
            waiting = [instance for instance in instances if any(
                getattr(field.get_cached_value(instance, None), "pk", 0) is None for field in self.own_references)]
            if not waiting or len(waiting) == len(instances):
                yield instances
                return
            kept = {id(instance) for instance in waiting}
            yield [instance for instance in instances if id(instance) not in kept]
            instances = waiting

    def _name_refused_rows(self, rows):
        """After a bulk write failed, write row by row (all rolled back later) to name the rows."""
        model = self.kind.model
        messages = {constraint.name: constraint.get_violation_error_message() for constraint in model._meta.constraints}
        for row in rows:
            try:
                with transaction.atomic():
                    if row.new:
                        row.instance.pk = None
                        model.objects.bulk_create([row.instance])
                    else:
                        model.objects.bulk_update([row.instance], (*row.changed, "version"))
            except DatabaseError as error:
                reason = next((message for name, message in messages.items() if name in str(error)), None)
                self.fail(row, self.header.field_text(NON_FIELD_ERRORS),
                          reason or _("The database refused this row: %(error)s") % {"error": error})
        if self.outcome.ok:
            # Each row went in alone, so the rows were refused together.
            self.outcome.add_error(rows[0].number, self.header.field_text(NON_FIELD_ERRORS),
                                   _("The database refused these rows together; nothing was imported."))
