"""Import and export of every kind of record (spec sections 2 and 3), on django-import-export resources.

One base resource, RegistryResource, does what every kind shares: headers by column name or
Persian label in any order, foreign keys by natural key, choice values or their Persian labels,
yes/no words, Jalali or ISO dates, Persian digits, text normalisation, the models' own validation,
all-or-nothing writes with history, and formula-safe export. Each kind then only declares its
columns. The Persian labels are part of the file format (spec section 3), recognised whatever the
language of the user, so they are written here as data and not as translations.

django-import-export validates, looks up and saves one row at a time (a few hundred rows a
second); RegistryResource keeps its fields, widgets and export but replaces the import loop with
a chunked one: one query per referenced table and per chunk instead of per row, model validation
without its per-row queries (uniqueness and check constraints are checked for the whole chunk),
and bulk writes with bulk history.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, resources, widgets
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry import conditions, jalali, scoping, spreadsheets
from registry.models import (
    Auction,
    Bid,
    County,
    EmploymentRecord,
    Estate,
    Handover,
    ImportLog,
    Inspection,
    Licence,
    Lot,
    Mine,
    Mineral,
    Obligation,
    Office,
    Producer,
    Product,
    Sector,
    Shipment,
    SmugglingItem,
    Unit,
)
from registry.text import normalize

CHUNK_ROWS = 2000
# A file with more errors than this is wrong as a whole; the rest are counted, not listed.
MAX_LISTED_ERRORS = 1000
# SQLite's default limit on the parameters of one statement is far above this.
LOOKUP_BATCH = 900
# Django's bulk_update is one CASE per field with a branch per row, slow for long batches.
UPDATE_BATCH = 300
_AMBIGUOUS = object()
_KEEP = object()


def match_key(value):
    """How headers, choice labels and reference names are compared: normalised, case-folded,
    without spaces, underscores, hyphens and zero-width non-joiners."""
    return re.sub(r"[\s_\u200c\-]+", "", normalize(str(value)).casefold())


def _text(value, multiline=False):
    """A cell as normalised text ('' when empty); whole numbers from XLSX lose their '.0', and
    text that an export neutralised as a formula gets its own value back."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(spreadsheets.unneutralise(str(value)), multiline=multiline)


# Widgets: one cell to one Python value (clean), one value to one cell (render). A failing cell
# raises ValueError with the reason for the user.


class Text(widgets.Widget):
    def __init__(self, multiline=False):
        super().__init__()
        self.multiline = multiline

    def clean(self, value, row=None, **kwargs):
        return _text(value, self.multiline)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class Integer(widgets.Widget):
    _PATTERN = re.compile(r"[+-]?\d+(\.0*)?")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("Enter a whole number."))
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(_("Enter a whole number."))
        text = _text(value).replace("٬", "").replace(",", "")
        if not text:
            return None
        if not self._PATTERN.fullmatch(text):
            raise ValueError(_("Enter a whole number."))
        return int(text.split(".")[0])

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class Number(widgets.Widget):
    """A decimal number, rounded half-up to the places the model keeps."""

    _PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")

    def __init__(self, places):
        super().__init__()
        self.quantum = Decimal(1).scaleb(-places)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        if isinstance(value, (int, float)):
            text = repr(value)
        else:
            text = _text(value).replace("٫", ".").replace("٬", "").replace(",", "")
            if not text:
                return None
            if not self._PATTERN.fullmatch(text):
                raise ValueError(_("Enter a number."))
        try:
            return Decimal(text).quantize(self.quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YesNo(widgets.Widget):
    TRUE = {"true", "1", "yes", "y", "بله", "بلی", "آری"}
    FALSE = {"false", "0", "no", "n", "خیر", "نه"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Enter yes or no: true/false, 1/0 or بله/خیر."))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("true" if value else "false")


class Memo(widgets.Widget):
    """A widget whose cells repeat (dates, choices, codes) remembers what each text cleaned to."""

    SIZE = 10_000

    def __init__(self):
        super().__init__()
        self._memo = {}

    def clean(self, value, row=None, **kwargs):
        if not isinstance(value, str):
            return self.convert(value)
        try:
            return self._memo[value]
        except KeyError:
            result = self._memo[value] = self.convert(value)
            if len(self._memo) > self.SIZE:
                self._memo.clear()
            return result

    def convert(self, value):
        raise NotImplementedError


class JalaliDate(Memo):
    """Jalali or ISO text (Persian digits too), or a real date cell; written back as Jalali YYYY/MM/DD."""

    def convert(self, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        try:
            return jalali.parse(value.strip() if isinstance(value, str) else value)
        except jalali.InvalidDate as error:
            raise ValueError(_("«%(value)s»: %(reason)s") % {"value": value, "reason": error.message}) from None

    def render(self, value, obj=None, **kwargs):
        return jalali.format_date(value)


class Choice(Memo):
    """The value of a TextChoices (`active`) or its label in Persian (`فعال`) or English."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self._values = None

    def values(self):
        if self._values is None:
            values = {}
            for value, label in self.choices.choices:
                values[match_key(value)] = value
                for language in ("fa", "en"):
                    with translation.override(language):
                        values.setdefault(match_key(str(label)), value)
            self._values = values
        return self._values

    def convert(self, value):
        text = _text(value)
        if not text:
            return None
        try:
            return self.values()[match_key(text)]
        except KeyError:
            allowed = ", ".join(value if str(label) == value else f"{value} ({label})"
                                for value, label in self.choices.choices)
            raise ValueError(
                _("«%(value)s» is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class Ref(widgets.Widget):
    """A foreign key given by the other record's natural key (the first of `lookups` is written).

    Small reference tables are read whole, once per import, and matched by code or name loosely
    (case, spaces); other tables are read once per chunk for the keys the chunk uses, exactly.
    """

    def __init__(self, model, lookups, whole_table=False):
        super().__init__()
        self.model = model
        self.lookups = lookups
        self.whole_table = whole_table
        self._found = {}
        self._loaded = False

    def clean(self, value, row=None, **kwargs):
        return _text(value) or None

    def _key(self, text):
        return match_key(text) if self.whole_table else text

    def load(self, keys):
        """Fetch the records for `keys` (cleaned cells): one query per batch of keys."""
        if self.whole_table:
            if not self._loaded:
                records = list(self.model.objects.all())
                # A code wins over a name; two records with the same name are ambiguous.
                for lookup in self.lookups:
                    level = {}
                    for record in records:
                        key = match_key(getattr(record, lookup))
                        level[key] = record if level.get(key, record) == record else _AMBIGUOUS
                    for key, record in level.items():
                        self._found.setdefault(key, record)
                self._loaded = True
            return
        # Large tables: forget the previous chunk's records, keep memory flat.
        wanted = sorted(set(keys))
        self._found = dict.fromkeys(wanted)
        (lookup,) = self.lookups
        for start in range(0, len(wanted), LOOKUP_BATCH):
            for record in self.model.objects.filter(**{f"{lookup}__in": wanted[start:start + LOOKUP_BATCH]}):
                self._found[getattr(record, lookup)] = record

    def lookup(self, text):
        """The record for a cleaned cell; None when there is none, _AMBIGUOUS when several match."""
        return self._found.get(self._key(text))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.lookups[0])


class Column(fields.Field):
    """One column of a kind: its Persian label and widget. Its name is the attribute name on the
    resource unless `name` is given; `attribute` is the model field it fills (default: the name)."""

    def __init__(self, label, widget, attribute=None, name=None):
        super().__init__(attribute=attribute, column_name=name, widget=widget)
        self.label = label


class Relation:
    """A foreign key given by several columns: a unit by `estate` + `plot_number`, a lot by
    `auction` + `lot_number`. `columns` maps each column to the related model's field."""

    def __init__(self, field_name, **columns):
        self.field_name = field_name
        self.columns = columns

    def key(self, values):
        """The related record's key from a row's values, or None when a part is missing."""
        parts = []
        for column in self.columns:
            value = values.get(column)
            if value is None or value == "":
                return None
            parts.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(parts)

    def load(self, model, keys):
        """{key: record or None} for `keys`: one query per batch of keys."""
        related = model._meta.get_field(self.field_name).related_model
        fields = [related._meta.get_field(name) for name in self.columns.values()]
        found = dict.fromkeys(keys)
        keys = list(found)
        for start in range(0, len(keys), LOOKUP_BATCH):
            batch = keys[start:start + LOOKUP_BATCH]
            lookups = {f"{field.attname}__in": {key[i] for key in batch} for i, field in enumerate(fields)}
            select = [field.name for field in fields if field.is_relation]
            for record in related.objects.filter(**lookups).select_related(*select):
                key = tuple(getattr(record, field.attname) for field in fields)
                if key in found:
                    found[key] = record
        return found


def _compiled(condition, model):
    """A condition compiled to Python, or None when only the database can evaluate it."""
    try:
        return conditions.compile_condition(condition, model)
    except conditions.Unsupported:
        return None


def _violates(constraint, compiled, instance):
    if compiled is not None:
        return compiled(instance) is False
    try:
        constraint.validate(type(instance), instance)
    except ValidationError:
        return True
    return False


class ImportIssue:
    """One error: the row as a spreadsheet numbers it (header = 1), the column as the file names it;
    an error about the whole file has neither."""

    __slots__ = ("row", "column", "message")

    def __init__(self, row, column, message):
        self.row, self.column, self.message = row, column, str(message)

    def __str__(self):
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % values
        return _("Row %(row)s, column %(column)s: %(message)s") % values

    def __repr__(self):
        return f"ImportIssue({self.row!r}, {self.column!r}, {self.message!r})"


class ImportOutcome:
    """What an import did (or would do): counts, errors, and optionally every row's fate."""

    NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"

    def __init__(self, kind, file_name="", dry_run=False, keep_rows=False):
        self.kind, self.file_name, self.dry_run = kind, file_name, dry_run
        self.counts = {self.NEW: 0, self.UPDATED: 0, self.UNCHANGED: 0}
        self.errors = []
        self.error_count = 0
        self.rows = [] if keep_rows else None
        self.written = False

    @property
    def ok(self):
        return self.error_count == 0

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(ImportIssue(row, column, message))

    @property
    def unlisted_errors(self):
        return self.error_count - len(self.errors)

    def summary(self):
        values = {"new": self.counts[self.NEW], "updated": self.counts[self.UPDATED],
                  "unchanged": self.counts[self.UNCHANGED], "errors": self.error_count}
        if not self.ok:
            return ngettext("Nothing was imported: %(errors)s error.", "Nothing was imported: %(errors)s errors.",
                            self.error_count) % values
        if self.written:
            return _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % values
        return _("Checked, nothing written: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % values


class _Row:
    """One data row on its way in: cleaned values by column, columns that failed, its record."""

    __slots__ = ("number", "values", "failed", "keyed", "instance", "action", "new", "changed")

    def __init__(self, number):
        self.number = number
        self.values = {}
        self.failed = set()
        self.keyed = False
        self.instance = None
        self.action = None
        self.new = False
        self.changed = ()


class RegistryResource(resources.ModelResource):
    """The base of every kind; a kind declares `kind`, its Columns, and Meta (model, fields in file
    order, key: the model fields that identify a record, relations: composite foreign keys)."""

    kind = None

    @classmethod
    def setup(cls):
        """Work out, once per class, what the declarations imply."""
        if "_columns" in cls.__dict__:
            return
        model = cls._meta.model
        relations = {relation.field_name: relation for relation in getattr(cls._meta, "relations", ())}
        columns, model_fields, column_relation, headers = {}, {}, {}, {}
        for field_name in cls._meta.fields:
            column = cls.fields[field_name]
            name = column.column_name
            relation = next((relation for relation in relations.values() if name in relation.columns), None)
            if relation is not None:
                column_relation[name] = relation.field_name
                column.attribute = column.attribute or f"{relation.field_name}__{relation.columns[name]}"
            else:
                column.attribute = column.attribute or name
                model_fields[name] = model._meta.get_field(column.attribute)
            columns[name] = column
            for text in (name, column.label):
                assert headers.setdefault(match_key(text), name) == name, (cls, text)
        key = cls._meta.key
        cls._columns = columns
        cls._model_fields = model_fields
        cls._column_relation = column_relation
        cls._relations = relations
        cls._headers = headers
        cls._key_fields = [model._meta.get_field(name) for name in key]
        # Where each part of the key is found among a row's values: a column, or a relation.
        cls._key_sources = [
            field.name if field.name in relations
            else next(name for name, model_field in model_fields.items() if model_field.name == field.name)
            for field in cls._key_fields
        ]
        cls._key_columns = [
            name for name in columns
            if column_relation.get(name) in key or (name in model_fields and model_fields[name].name in key)
        ]
        cls._checks = [
            (constraint, _compiled(constraint.condition, model), conditions.condition_fields(constraint.condition))
            for constraint in model._meta.constraints if isinstance(constraint, models.CheckConstraint)
        ]
        cls._unique_rules = cls._find_unique_rules()

    @classmethod
    def _find_unique_rules(cls):
        """(fields, condition, compiled condition, message) of every uniqueness rule but the key."""
        model = cls._meta.model
        rules = [((field,), None, None) for field in model._meta.concrete_fields
                 if field.unique and not field.primary_key]
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.expressions:
                rules.append((tuple(model._meta.get_field(name) for name in constraint.fields), constraint.condition,
                              constraint.violation_error_message))
        rules += [(tuple(model._meta.get_field(name) for name in names), None, None)
                  for names in model._meta.unique_together]
        key = set(cls._key_fields)
        return [
            (fields_, condition, condition and _compiled(condition, model), message)
            for fields_, condition, message in rules if set(fields_) != key
        ]

    def __init__(self, **kwargs):
        self.setup()
        super().__init__(**kwargs)
        # Resource deep-copies self.fields: each import has its own widgets, and so its own caches.
        by_name = {field.column_name: field for field in self.fields.values()}
        self.columns = {name: by_name[name] for name in self._columns}
        self.header_text = {}

    @classmethod
    def get_display_name(cls):
        return str(cls._meta.model._meta.verbose_name_plural)

    def _field_of(self, name):
        """The model field a column fills (for a column of a relation: the relation's field)."""
        relation = self._column_relation.get(name)
        return self._meta.model._meta.get_field(relation) if relation else self._model_fields[name]

    def required_columns(self):
        """Columns a file must have: the key, and the model fields that have no default."""
        return [
            name for name in self.columns
            if name in self._key_columns
            or not (self._field_of(name).blank or self._field_of(name).null or self._field_of(name).has_default())
        ]

    def column_guide(self):
        """(name, Persian label, required) of every column, for the import page."""
        required = set(self.required_columns())
        return [(name, column.label, name in required) for name, column in self.columns.items()]

    # Export -------------------------------------------------------------------------------

    def export_headers(self, persian_labels=False):
        return [column.label if persian_labels else name for name, column in self.columns.items()]

    def select_related_paths(self):
        paths = set()
        for column in self.columns.values():
            model, path = self._meta.model, []
            for part in column.attribute.split("__"):
                field = model._meta.get_field(part)
                if not field.is_relation:
                    break
                path.append(part)
                model = field.related_model
            if path:
                paths.add("__".join(path))
        return sorted(paths)

    def export_rows(self, queryset=None):
        """The cells of every record of `queryset` (default: all, oldest first), in column order."""
        if queryset is None:
            queryset = self._meta.model.objects.order_by("pk")
        queryset = queryset.select_related(*self.select_related_paths())
        columns = list(self.columns.values())
        for instance in queryset.iterator(chunk_size=CHUNK_ROWS):
            yield [column.widget.render(column.get_value(instance)) for column in columns]

    def export(self, queryset=None, **kwargs):
        """A tablib Dataset, as django-import-export's admin export expects."""
        form = kwargs.get("export_form")
        persian = kwargs.get("persian_labels") or bool(form and form.cleaned_data.get("persian_labels"))
        dataset = tablib.Dataset(headers=self.export_headers(persian))
        for row in self.export_rows(queryset):
            dataset.append(row)
        return dataset

    # Import -------------------------------------------------------------------------------

    def match_headers(self, headers, outcome):
        """[(cell index, column name)] for the file's headers; header problems go to `outcome`."""
        present, seen = [], {}
        self._blank = []
        for index, header in enumerate(headers):
            text = _text(header)
            if not text:
                self._blank.append(index)
                continue
            name = self._headers.get(match_key(text))
            if name is None:
                outcome.add_error(1, text, _("Unknown column. The columns of %(kind)s are: %(columns)s.") % {
                    "kind": self.kind, "columns": ", ".join(self.columns)})
            elif name in seen:
                outcome.add_error(
                    1, text, _("This column appears twice (also as «%(other)s»).") % {"other": seen[name]})
            else:
                seen[name] = text
                present.append((index, name))
        for name in self.required_columns():
            if name not in seen:
                outcome.add_error(1, name, _("This required column is missing (its Persian label is «%(label)s»).") % {
                    "label": self.columns[name].label})
        self.header_text = seen
        return present

    def column_text(self, name):
        """A column as the file names it (its header), or by its name when the file lacks it."""
        return self.header_text.get(name, name)

    def field_text(self, field_name):
        """The column(s) that an error on a model field belongs to."""
        if field_name in self._relations:
            return " + ".join(self.column_text(name) for name in self._relations[field_name].columns)
        if field_name == NON_FIELD_ERRORS:
            return " + ".join(self.column_text(name) for name in self._key_columns)
        for name, field in self._model_fields.items():
            if field.name == field_name:
                return self.column_text(name)
        return field_name

    def import_table(self, table, *, dry_run=False, user=None, change_reason="", keep_rows=False, file_name=""):
        """Import a spreadsheets.Table all or nothing; returns an ImportOutcome.

        Nothing is written when any row is wrong or when `dry_run` is set: the work is done in
        one transaction that is rolled back, so that a dry run meets the same database checks.
        """
        outcome = ImportOutcome(self.kind, file_name, dry_run, keep_rows)
        present = self.match_headers(table.headers, outcome)
        if not outcome.ok:
            return outcome
        self._present = present
        self._prepare()
        self._width = len(table.headers)
        self._seen_keys = {}
        self._seen_unique = {}
        self._counties = scoping.assigned_counties(user) if scoping.county_paths(self._meta.model) else None
        self._user = user
        self._history = {"default_user": user, "default_change_reason": change_reason[:100],
                         "default_date": timezone.now()}
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
                        self._import_chunk(chunk, outcome)
                        chunk = []
                if chunk:
                    self._import_chunk(chunk, outcome)
            except spreadsheets.SpreadsheetError as error:
                outcome.add_error(rows_read + 2, "", error.message)
            if rows_read == 0 and outcome.ok:
                outcome.add_error(None, "", _("The file has a header but no rows."))
            outcome.written = outcome.ok and not dry_run
            if not outcome.written:
                transaction.set_rollback(True)
        outcome.errors.sort(key=lambda issue: issue.row or 0)
        return outcome

    def _import_chunk(self, chunk, outcome):
        rows = [self._read_row(number, cells, outcome) for number, cells in chunk]
        self._resolve_references(rows, outcome)
        self._find_existing(rows, outcome)
        for row in rows:
            if row.keyed:
                self._apply(row, outcome)
        self._check_unique(rows, outcome)
        if outcome.ok:
            self._save(rows, outcome)
        for row in rows:
            if row.action != ImportOutcome.ERROR:
                outcome.counts[row.action] += 1
            if outcome.rows is not None:
                text = str(row.instance) if row.action != ImportOutcome.ERROR else ""
                outcome.rows.append((row.number, row.action, text))

    def _fail(self, row, column_text, message, outcome):
        row.action = ImportOutcome.ERROR
        outcome.add_error(row.number, column_text, message)

    def _read_row(self, number, cells, outcome):
        row = _Row(number)
        for index in [*self._blank, *range(self._width, len(cells))]:
            if index < len(cells) and cells[index] not in (None, ""):
                self._fail(row, get_column_letter(index + 1), _("A value in a column without a header."), outcome)
                break
        for index, name in self._present:
            raw = cells[index] if index < len(cells) else None
            try:
                value = self.columns[name].widget.clean(raw)
            except ValueError as error:
                row.failed.add(name)
                self._fail(row, self.column_text(name), str(error), outcome)
                continue
            if value in (None, "") and name in self._key_columns:
                row.failed.add(name)
                self._fail(row, self.column_text(name), _("This column needs a value: it identifies the record."),
                           outcome)
                continue
            row.values[name] = value
        return row

    def _resolve_references(self, rows, outcome):
        for name, column in self.columns.items():
            if not isinstance(column.widget, Ref) or name not in self.header_text:
                continue
            column.widget.load(row.values[name] for row in rows if row.values.get(name))
            for row in rows:
                text = row.values.get(name)
                if not text:
                    continue
                record = column.widget.lookup(text)
                if record is None or record is _AMBIGUOUS:
                    message = (_("No %(model)s has the key «%(value)s».") if record is None
                               else _("Several %(model)s records match «%(value)s»; give the code."))
                    row.failed.add(name)
                    self._fail(row, self.column_text(name),
                               message % {"model": column.widget.model._meta.verbose_name, "value": text}, outcome)
                else:
                    row.values[name] = record
        model = self._meta.model
        for field_name, relation in self._relations.items():
            keys = {row.number: relation.key(row.values) for row in rows if not row.failed & set(relation.columns)}
            found = relation.load(model, {key for key in keys.values() if key is not None})
            for row in rows:
                key = keys.get(row.number)
                if key is None:
                    continue
                if found[key] is None:
                    row.failed.update(relation.columns)
                    self._fail(row, self.field_text(field_name), _("No %(model)s has the key «%(value)s».") % {
                        "model": model._meta.get_field(field_name).related_model._meta.verbose_name,
                        "value": " / ".join(str(self.columns[name].widget.render(row.values[name]))
                                            for name in relation.columns)}, outcome)
                else:
                    row.values[field_name] = found[key]

    def _find_existing(self, rows, outcome):
        """Give each row the stored record with its key, if there is one (one query per chunk)."""
        keyed = {}
        for row in rows:
            if row.failed & set(self._key_columns):
                continue
            values = [row.values.get(source) for source in self._key_sources]
            if None in values:
                continue
            key = tuple(value.pk if isinstance(value, models.Model) else value for value in values)
            first = self._seen_keys.setdefault(key, row.number)
            if first != row.number:
                self._fail(row, self.field_text(NON_FIELD_ERRORS),
                           _("Row %(row)s has the same key: a record can appear only once in a file.") % {"row": first},
                           outcome)
                continue
            keyed[row.number] = key
        # Of a composite key, the part with the fewest distinct values makes the shortest query;
        # the other parts are matched here.
        attnames = [field.attname for field in self._key_fields]
        parts = [{key[i] for key in keyed.values()} for i in range(len(attnames))]
        narrowest = min(range(len(attnames)), key=lambda i: len(parts[i]))
        values = list(parts[narrowest]) if keyed else []
        existing = {}
        for start in range(0, len(values), LOOKUP_BATCH):
            lookup = {f"{attnames[narrowest]}__in": values[start:start + LOOKUP_BATCH]}
            for record in self._meta.model.objects.filter(**lookup):
                existing[tuple(getattr(record, attname) for attname in attnames)] = record
        for row in rows:
            if row.number in keyed:
                row.keyed = True
                row.instance = existing.get(keyed[row.number])
                row.new = row.instance is None

    def _tracked_fields(self):
        """The model fields this file sets: those of its columns, and the relations."""
        tracked = [field for name, field in self._model_fields.items() if name in self.header_text]
        tracked += [self._meta.model._meta.get_field(name) for name in self._relations]
        return tracked

    def _prepare(self):
        """Per import, once the headers are known: what to set from each present column."""
        self._tracked = [field.attname for field in self._tracked_fields()]
        self._tracked_names = [field.name for field in self._tracked_fields()]
        self._setters = []
        for name, field in self._model_fields.items():
            if name not in self.header_text:
                continue
            # An empty cell of a field with a default keeps the record's value (the default for a
            # new record); otherwise it clears the field.
            if field.has_default():
                empty = _KEEP
            elif isinstance(field, (models.CharField, models.TextField)) and not field.null:
                empty = ""
            else:
                empty = None
            self._setters.append((name, field.name if field.is_relation else field.attname, empty))
        self._foreign_keys = [(field.name, field.attname) for field in self._meta.model._meta.concrete_fields
                              if field.is_relation]

    def _apply(self, row, outcome):
        """Fill the record from the row, decide new / updated / unchanged, and validate."""
        values, failed = row.values, row.failed
        # The widgets normalised every text already, as RegistryModel.normalize_text would.
        given = {}
        for name, target, empty in self._setters:
            if name in failed:
                continue
            value = values.get(name)
            if value is None or value == "":
                if empty is _KEEP:
                    continue
                value = empty
            given[target] = value
        for field_name in self._relations:
            if field_name in values:
                given[field_name] = values[field_name]
        if not row.new and not self._may_write(row, row.instance, outcome):
            return
        if row.new:
            # Given to the constructor, a value spares Django computing the field's default.
            row.instance = instance = self._meta.model(**given)
            before = None
        else:
            instance = row.instance
            before = [getattr(instance, attname) for attname in self._tracked]
            for target, value in given.items():
                setattr(instance, target, value)
        if before is not None:
            after = [getattr(instance, attname) for attname in self._tracked]
            if after == before:
                if row.action is None:
                    row.action = ImportOutcome.UNCHANGED
                return
            row.changed = tuple(name for name, old, new in zip(self._tracked_names, before, after) if old != new)
        # Foreign keys were read from the database a moment ago; Django would query each again.
        exclude = {name for name, attname in self._foreign_keys if getattr(instance, attname) is not None}
        if failed:
            # Cells that could not be read are reported; the other cells still get their checks,
            # but not the rules between fields, which would only repeat the same problem.
            exclude |= {self._field_of(name).name for name in failed}
            try:
                instance.clean_fields(exclude=exclude)
            except ValidationError as error:
                self._report(row, error, outcome)
            return
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._report(row, error, outcome)
            return
        for constraint, compiled, names in self._checks:
            if _violates(constraint, compiled, instance):
                self._fail(row, self.field_text(names[0] if names else NON_FIELD_ERRORS),
                           constraint.get_violation_error_message(), outcome)
        if not self._may_write(row, instance, outcome):
            return
        if row.action is None:
            row.action = ImportOutcome.NEW if row.new else ImportOutcome.UPDATED

    def _may_write(self, row, instance, outcome):
        """A clerk assigned some counties writes only records of those counties (registry.scoping)."""
        if self._counties is None or scoping.in_scope(instance, self._user):
            return True
        first_step = scoping.county_paths(type(instance))[0].split("__")[0]
        names = sorted(str(county) for county in County.objects.filter(pk__in=self._counties))
        self._fail(row, self.field_text(first_step),
                   _("This record belongs to a county you do not work in (yours: %(counties)s).")
                   % {"counties": "، ".join(names)}, outcome)
        return False

    def _report(self, row, error, outcome):
        for field_name, messages in error.message_dict.items():
            for message in messages:
                self._fail(row, self.field_text(field_name), message, outcome)

    def _check_unique(self, rows, outcome):
        """Uniqueness other than the key, for a whole chunk: within the file and against the database."""
        writing = [row for row in rows if row.action in (ImportOutcome.NEW, ImportOutcome.UPDATED)]
        if not writing:
            return
        model = self._meta.model
        for index, (unique_fields, condition, compiled, message) in enumerate(self._unique_rules):
            attnames = [field.attname for field in unique_fields]
            column = " + ".join(self.field_text(field.name) for field in unique_fields)
            seen = self._seen_unique.setdefault(index, {})
            candidates = {}
            for row in writing:
                values = tuple(getattr(row.instance, attname) for attname in attnames)
                if row.action == ImportOutcome.ERROR or None in values:
                    continue
                # A condition only the database can evaluate is left to the database.
                if condition is not None and (compiled is None or compiled(row.instance) is not True):
                    continue
                first = seen.setdefault(values, row.number)
                if first != row.number:
                    self._fail(row, column, _("Row %(row)s of this file has the same %(columns)s.") % {
                        "row": first, "columns": column}, outcome)
                else:
                    candidates[values] = row
            queryset = model.objects.all() if condition is None else model.objects.filter(condition)
            values_list = list(candidates)
            for start in range(0, len(values_list), LOOKUP_BATCH):
                batch = values_list[start:start + LOOKUP_BATCH]
                lookups = {f"{attname}__in": {values[i] for values in batch} for i, attname in enumerate(attnames)}
                for pk, *values in queryset.filter(**lookups).values_list("pk", *attnames):
                    row = candidates.get(tuple(values))
                    if row is not None and row.instance.pk != pk:
                        text = message or row.instance.unique_error_message(
                            model, [f.name for f in unique_fields]).messages[0]
                        self._fail(row, column, text, outcome)

    def _save(self, rows, outcome):
        """Write a chunk in bulk, with its history; when the database refuses, find the rows."""
        model = self._meta.model
        created = [row for row in rows if row.action == ImportOutcome.NEW]
        updated = [row for row in rows if row.action == ImportOutcome.UPDATED]
        # Django's bulk_update costs a CASE per field and row: each group of rows that changed
        # the same fields updates only those.
        groups = {}
        for row in updated:
            row.instance.version += 1
            groups.setdefault(row.changed + ("version",), []).append(row.instance)
        try:
            with transaction.atomic():
                if created:
                    bulk_create_with_history([row.instance for row in created], model, **self._history)
                for fields_, instances in groups.items():
                    bulk_update_with_history(instances, model, list(fields_), batch_size=UPDATE_BATCH, **self._history)
        except DatabaseError:
            self._find_refused_rows(created + updated, outcome)

    def _find_refused_rows(self, rows, outcome):
        """After a bulk write failed, write row by row (all rolled back later) to name the rows."""
        model = self._meta.model
        messages = {constraint.name: constraint.get_violation_error_message() for constraint in model._meta.constraints}
        for row in rows:
            try:
                with transaction.atomic():
                    if row.new:
                        row.instance.pk = None
                        model.objects.bulk_create([row.instance])
                    else:
                        model.objects.bulk_update([row.instance], row.changed + ("version",))
            except DatabaseError as error:
                reason = next((message for name, message in messages.items() if name in str(error)), None)
                self._fail(row, self.field_text(NON_FIELD_ERRORS),
                           reason or _("The database refused this row: %(error)s") % {"error": error}, outcome)
        if outcome.ok:
            # Each row went in alone, so the rows were refused together.
            outcome.add_error(rows[0].number, self.field_text(NON_FIELD_ERRORS),
                              _("The database refused these rows together; nothing was imported."))


# The kinds ----------------------------------------------------------------------------------


def _reference(model, lookups=("code", "name_fa", "name_en")):
    return Ref(model, lookups, whole_table=True)


def _producer():
    return Ref(Producer, ("national_id",))


class ReferenceResource(RegistryResource):
    code = Column("کد", Text())
    name_fa = Column("نام فارسی", Text())
    name_en = Column("نام انگلیسی", Text())


class CountyResource(ReferenceResource):
    kind = "counties"
    population = Column("جمعیت", Integer())
    census_year = Column("سال سرشماری", Integer())

    class Meta:
        model = County
        fields = ("code", "name_fa", "name_en", "population", "census_year")
        key = ("code",)


class SectorResource(ReferenceResource):
    kind = "sectors"
    smuggling_prone = Column("مشمول قاچاق", YesNo())

    class Meta:
        model = Sector
        fields = ("code", "name_fa", "name_en", "smuggling_prone")
        key = ("code",)


class MineralResource(ReferenceResource):
    kind = "minerals"
    group = Column("طبقه معدنی", Integer())
    rubble_stone = Column("لاشه سنگ", YesNo())

    class Meta:
        model = Mineral
        fields = ("code", "name_fa", "name_en", "group", "rubble_stone")
        key = ("code",)


class OfficeResource(ReferenceResource):
    kind = "offices"
    is_self = Column("همین اداره کل", YesNo())

    class Meta:
        model = Office
        fields = ("code", "name_fa", "name_en", "is_self")
        key = ("code",)


class ProducerResource(RegistryResource):
    kind = "producers"
    national_id = Column("شناسه ملی", Text())
    name = Column("نام واحد", Text())
    county = Column("شهرستان", _reference(County))
    sector = Column("حوزه", _reference(Sector))
    isic_code = Column("کد آیسیک", Text())
    status = Column("وضعیت", Choice(Producer.Status))
    employees = Column("تعداد کارکنان", Integer())
    postal_code = Column("کد پستی", Text())
    phone = Column("تلفن", Text())
    address = Column("نشانی", Text(multiline=True))
    estate = Column("شهرک صنعتی", Ref(Estate, ("code",)))

    class Meta:
        model = Producer
        fields = ("national_id", "name", "county", "sector", "isic_code", "status", "employees", "postal_code",
                  "phone", "address", "estate")
        key = ("national_id",)


class LicenceResource(RegistryResource):
    kind = "licences"
    number = Column("شماره پروانه", Text())
    producer = Column("شناسه ملی واحد", _producer())
    kind_ = Column("نوع", Choice(Licence.Kind), attribute="kind", name="kind")
    issued_on = Column("تاریخ صدور", JalaliDate())
    expires_on = Column("تاریخ انقضا", JalaliDate())
    capacity = Column("ظرفیت", Text())

    class Meta:
        model = Licence
        fields = ("number", "producer", "kind_", "issued_on", "expires_on", "capacity")
        key = ("number",)


class ProductResource(RegistryResource):
    kind = "products"
    producer = Column("شناسه ملی واحد", _producer())
    name = Column("نام کالا", Text())
    sector = Column("حوزه", _reference(Sector))
    goods_id = Column("شناسه کالا", Text())
    status = Column("وضعیت ثبت", Choice(Product.Status))
    declared_on = Column("تاریخ اظهار", JalaliDate())
    registered_on = Column("تاریخ ثبت", JalaliDate())
    smuggling_item = Column("کد قلم قاچاق", Ref(SmugglingItem, ("code",)))

    class Meta:
        model = Product
        fields = ("producer", "name", "sector", "goods_id", "status", "declared_on", "registered_on", "smuggling_item")
        key = ("producer", "name")


class SmugglingItemResource(RegistryResource):
    kind = "smuggling_items"
    code = Column("کد قلم", Text())
    name = Column("نام قلم", Text())
    sector = Column("حوزه", _reference(Sector))
    list_year = Column("سال فهرست", Integer())

    class Meta:
        model = SmugglingItem
        fields = ("code", "name", "sector", "list_year")
        key = ("code",)


class ObligationResource(RegistryResource):
    kind = "obligations"
    producer = Column("شناسه ملی واحد", _producer())
    sector = Column("حوزه", _reference(Sector))
    notified_on = Column("تاریخ ابلاغ", JalaliDate())
    deadline = Column("مهلت", JalaliDate())

    class Meta:
        model = Obligation
        fields = ("producer", "sector", "notified_on", "deadline")
        key = ("producer", "sector")


class MineResource(RegistryResource):
    kind = "mines"
    licence_number = Column("شماره پروانه بهره‌برداری", Text())
    name = Column("نام معدن", Text())
    county = Column("شهرستان", _reference(County))
    mineral = Column("ماده معدنی", _reference(Mineral))
    status = Column("وضعیت", Choice(Mine.Status))
    operator_name = Column("بهره‌بردار", Text())
    operator_national_id = Column("شناسه ملی بهره‌بردار", Text())
    licence_issued_on = Column("تاریخ صدور پروانه", JalaliDate())
    licence_expires_on = Column("تاریخ انقضای پروانه", JalaliDate())
    capacity_tonnes = Column("ظرفیت سالانه (تن)", Number(3))
    employees = Column("تعداد کارکنان", Integer())
    latitude = Column("عرض جغرافیایی", Number(6))
    longitude = Column("طول جغرافیایی", Number(6))

    class Meta:
        model = Mine
        fields = ("licence_number", "name", "county", "mineral", "status", "operator_name", "operator_national_id",
                  "licence_issued_on", "licence_expires_on", "capacity_tonnes", "employees", "latitude", "longitude")
        key = ("licence_number",)


class AuctionResource(RegistryResource):
    kind = "auctions"
    number = Column("شماره مزایده", Text())
    title = Column("عنوان", Text())
    announced_on = Column("تاریخ آگهی", JalaliDate())
    bid_deadline = Column("مهلت ارائه پیشنهاد", JalaliDate())
    opening_on = Column("تاریخ بازگشایی", JalaliDate())
    deposit_rials = Column("سپرده (ریال)", Integer())
    status = Column("وضعیت", Choice(Auction.Status))

    class Meta:
        model = Auction
        fields = ("number", "title", "announced_on", "bid_deadline", "opening_on", "deposit_rials", "status")
        key = ("number",)


class LotResource(RegistryResource):
    kind = "lots"
    auction = Column("شماره مزایده", Ref(Auction, ("number",)))
    lot_number = Column("شماره قطعه", Integer())
    mine = Column("شماره پروانه معدن", Ref(Mine, ("licence_number",)))
    base_price_rials = Column("قیمت پایه (ریال)", Integer())

    class Meta:
        model = Lot
        fields = ("auction", "lot_number", "mine", "base_price_rials")
        key = ("auction", "lot_number")


class BidResource(RegistryResource):
    kind = "bids"
    auction = Column("شماره مزایده", Ref(Auction, ("number",)))
    lot_number = Column("شماره قطعه", Integer())
    bidder_national_id = Column("شناسه ملی پیشنهاددهنده", Text())
    bidder_name = Column("نام پیشنهاددهنده", Text())
    amount_rials = Column("مبلغ پیشنهاد (ریال)", Integer())
    deposit_paid = Column("سپرده پرداخت شده", YesNo())
    submitted_on = Column("تاریخ ارائه", JalaliDate())

    class Meta:
        model = Bid
        fields = ("auction", "lot_number", "bidder_national_id", "bidder_name", "amount_rials", "deposit_paid",
                  "submitted_on")
        key = ("lot", "bidder_national_id")
        relations = (Relation("lot", auction="auction", lot_number="lot_number"),)


class ShipmentResource(RegistryResource):
    kind = "shipments"
    number = Column("شماره", Text())
    shipped_on = Column("تاریخ", JalaliDate())
    mine = Column("شماره پروانه معدن", Ref(Mine, ("licence_number",)))
    processor = Column("شناسه ملی واحد فرآوری", _producer())
    mineral = Column("ماده معدنی", _reference(Mineral))
    stage = Column("مرحله", Choice(Shipment.Stage))
    quantity_tonnes = Column("مقدار (تن)", Number(3))
    destination = Column("مقصد", Choice(Shipment.Destination))
    destination_country = Column("کشور مقصد", Text())
    goods_id = Column("شناسه کالا", Text())

    class Meta:
        model = Shipment
        fields = ("number", "shipped_on", "mine", "processor", "mineral", "stage", "quantity_tonnes", "destination",
                  "destination_country", "goods_id")
        key = ("number",)


class EstateResource(RegistryResource):
    kind = "estates"
    code = Column("کد شهرک", Text())
    name = Column("نام شهرک", Text())
    county = Column("شهرستان", _reference(County))
    total_area_m2 = Column("مساحت کل (مترمربع)", Number(2))
    industrial_area_m2 = Column("مساحت صنعتی (مترمربع)", Number(2))

    class Meta:
        model = Estate
        fields = ("code", "name", "county", "total_area_m2", "industrial_area_m2")
        key = ("code",)


class UnitResource(RegistryResource):
    kind = "units"
    estate = Column("کد شهرک", Ref(Estate, ("code",)))
    plot_number = Column("شماره قطعه زمین", Text())
    area_m2 = Column("مساحت (مترمربع)", Number(2))
    status = Column("وضعیت", Choice(Unit.Status))
    occupant_kind = Column("نوع بهره‌بردار", Choice(Unit.OccupantKind))
    occupant_name = Column("نام بهره‌بردار", Text())
    producer = Column("شناسه ملی واحد", _producer())

    class Meta:
        model = Unit
        fields = ("estate", "plot_number", "area_m2", "status", "occupant_kind", "occupant_name", "producer")
        key = ("estate", "plot_number")


class HandoverResource(RegistryResource):
    kind = "handovers"
    estate = Column("کد شهرک", Ref(Estate, ("code",)))
    plot_number = Column("شماره قطعه زمین", Text())
    distribution_company = Column("شرکت پخش", Text())
    identified_on = Column("تاریخ شناسایی", JalaliDate())
    notified_on = Column("تاریخ ابلاغ", JalaliDate())
    relocated_on = Column("تاریخ جابه‌جایی", JalaliDate())
    relocation_site = Column("محل استقرار جدید", Text())
    handed_over_on = Column("تاریخ واگذاری", JalaliDate())
    new_producer = Column("شناسه ملی واحد جدید", _producer())

    class Meta:
        model = Handover
        fields = ("estate", "plot_number", "distribution_company", "identified_on", "notified_on", "relocated_on",
                  "relocation_site", "handed_over_on", "new_producer")
        key = ("unit",)
        relations = (Relation("unit", estate="estate", plot_number="plot_number"),)


class EmploymentResource(RegistryResource):
    kind = "employment"
    reference = Column("شماره مرجع", Text())
    office = Column("دستگاه", _reference(Office))
    year = Column("سال", Integer())
    month = Column("ماه", Integer())
    county = Column("شهرستان", _reference(County))
    producer = Column("شناسه ملی واحد", _producer())
    jobs = Column("تعداد شغل", Integer())
    verified = Column("تأییدشده", YesNo())

    class Meta:
        model = EmploymentRecord
        fields = ("reference", "office", "year", "month", "county", "producer", "jobs", "verified")
        key = ("reference",)


class InspectionResource(RegistryResource):
    kind = "inspections"
    reference = Column("شماره مرجع", Text())
    held_on = Column("تاریخ برگزاری", JalaliDate())
    producer = Column("شناسه ملی واحد", _producer())
    kind_ = Column("نوع", Choice(Inspection.Kind), attribute="kind", name="kind")
    sector = Column("حوزه", _reference(Sector))
    finding = Column("یافته", Text(multiline=True))

    class Meta:
        model = Inspection
        fields = ("reference", "held_on", "producer", "kind_", "sector", "finding")
        key = ("reference",)


RESOURCES = {
    resource.kind: resource
    for resource in (
        CountyResource, SectorResource, MineralResource, OfficeResource, ProducerResource, LicenceResource,
        ProductResource, SmugglingItemResource, ObligationResource, MineResource, AuctionResource, LotResource,
        BidResource, ShipmentResource, EstateResource, UnitResource, HandoverResource, EmploymentResource,
        InspectionResource,
    )
}


def resource_for_model(model):
    """The resource class of a model, or None for a model that is not an import kind."""
    return next((resource for resource in RESOURCES.values() if resource._meta.model is model), None)


def import_file(kind, data, file_name, *, user=None, source=ImportLog.Source.COMMAND, dry_run=False, keep_rows=False):
    """Read `data` (the bytes of a CSV or XLSX file), import it as `kind`, log it; an ImportOutcome."""
    outcome = ImportOutcome(kind, file_name, dry_run, keep_rows)
    reason = ("import: " if source == ImportLog.Source.ADMIN else "import_records: ") + file_name
    try:
        table = spreadsheets.read(data, file_name)
    except spreadsheets.SpreadsheetError as error:
        outcome.add_error(None, "", error.message)
    else:
        outcome = RESOURCES[kind]().import_table(
            table, dry_run=dry_run, user=user, change_reason=reason, keep_rows=keep_rows, file_name=file_name,
        )
    ImportLog.objects.create(
        user=user, source=source, kind=kind, file_name=file_name[:255], dry_run=dry_run,
        status=(ImportLog.Status.REFUSED if not outcome.ok
                else ImportLog.Status.IMPORTED if outcome.written else ImportLog.Status.CHECKED),
        new_count=outcome.counts[ImportOutcome.NEW], updated_count=outcome.counts[ImportOutcome.UPDATED],
        unchanged_count=outcome.counts[ImportOutcome.UNCHANGED], error_count=outcome.error_count,
        errors="\n".join(str(issue) for issue in outcome.errors[:50]),
    )
    return outcome
