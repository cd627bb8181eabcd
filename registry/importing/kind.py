"""What a kind of record looks like in a file: its columns in order, the key that identifies a record,
and what the model's declarations imply for an import (required columns, uniqueness to check);
and its export, which writes the same columns back."""

from typing import NamedTuple

from django.db import models

from registry.conditions import Unsupported, compile_condition
from registry.formatting import persian
from registry.importing.cells import match_key

# SQLite's default limit on the parameters of one statement is far above this.
LOOKUP_BATCH = 900
EXPORT_CHUNK = 2000


class Column:
    """One column: its name (the English header), its Persian label (the Persian header; the labels
    are part of the file format, recognised whatever the user's language, so they are data here
    and not translations), its widget (registry.importing.cells), and the model field it fills
    (`field`, by default the name)."""

    def __init__(self, name, label, widget, field=None):
        self.name, self.label, self.widget, self.field = name, label, widget, field or name


class Relation:
    """A foreign key given by several columns: a bid's lot by `auction` + `lot_number`, a handover's
    unit by `estate` + `plot_number`. `columns` maps each column to the related model's field."""

    def __init__(self, field, **columns):
        self.field = field
        self.columns = columns

    def key(self, values):
        """The related record's key from a row's values: None when a part is missing."""
        parts = []
        for column in self.columns:
            value = values.get(column)
            if value is None or value == "":
                return None
            parts.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(parts)

    def load(self, model, keys):
        """{key: record or None} for `keys`: one query per batch of keys."""
        related = model._meta.get_field(self.field).related_model
        fields = [related._meta.get_field(name) for name in self.columns.values()]
        found = dict.fromkeys(keys)
        keys = list(found)
        select = [field.name for field in fields if field.is_relation]
        for start in range(0, len(keys), LOOKUP_BATCH):
            batch = keys[start:start + LOOKUP_BATCH]
            lookups = {f"{field.attname}__in": {key[i] for key in batch} for i, field in enumerate(fields)}
            for record in related.objects.filter(**lookups).select_related(*select):
                key = tuple(getattr(record, field.attname) for field in fields)
                if key in found:
                    found[key] = record
        return found


class Unique(NamedTuple):
    """A uniqueness rule other than the key, which an import checks a batch of rows at a time."""

    fields: tuple
    condition: object  # a Q, or None
    holds: object  # the condition in Python (registry.conditions), or None
    message: object  # None: Django's own message


class Kind:
    """One kind of record of spec sections 2 and 3, declared by `name`, `model`, `key` (the model
    fields that identify a record), `columns` (in file order) and `relations` (foreign keys given
    by several columns); the rest is worked out from the model once."""

    def __init__(self, name, model, *, key, columns, relations=()):
        self.name, self.model = name, model
        self.relations = {relation.field: relation for relation in relations}
        self.columns, self.model_fields, self.relation_of, self.headers = {}, {}, {}, {}
        for column in columns:
            relation = next((relation for relation in relations if column.name in relation.columns), None)
            if relation is not None:
                self.relation_of[column.name] = relation
                column.field = f"{relation.field}__{relation.columns[column.name]}"
            else:
                self.model_fields[column.name] = model._meta.get_field(column.field)
            self.columns[column.name] = column
            for text in (column.name, column.label):
                assert self.headers.setdefault(match_key(text), column.name) == column.name, (name, text)
        self.key_fields = [model._meta.get_field(field) for field in key]
        # Where each part of the key is found among a row's values: a column, or a relation.
        by_field = {field.name: column for column, field in self.model_fields.items()}
        self.key_sources = [field.name if field.name in self.relations else by_field[field.name]
                            for field in self.key_fields]
        self.key_columns = [column for column in self.columns
                            if (self.relation_of[column].field if column in self.relation_of
                                else self.model_fields[column].name) in key]
        self.unique = self._unique_rules()
        self._cells = [(column.field.split("__"), column.widget) for column in self.columns.values()]
        self.required = [column for column in self.columns
                         if column in self.key_columns or not self._optional(self.field_of(column))]

    def __repr__(self):
        return f"<Kind {self.name}>"

    def field_of(self, column):
        """The model field a column fills (for a column of a relation: the relation's field)."""
        relation = self.relation_of.get(column)
        return self.model._meta.get_field(relation.field) if relation else self.model_fields[column]

    def column_title(self, text):
        """A column as a file names it (by name or Persian label; several joined by ' + ') as the
        page's language calls it: its Persian label on a Persian page, its name on an English one. A
        text that names no column (a cell's letter, an unknown header) stays as it is."""
        names = [self.headers.get(match_key(part)) for part in text.split(" + ")] if text else [None]
        if None in names:
            return text
        return " + ".join(self.columns[name].label if persian() else name for name in names)

    @staticmethod
    def _optional(field):
        return field.blank or field.null or field.has_default()

    def _unique_rules(self):
        opts = self.model._meta
        rules = [((field,), None, None) for field in opts.concrete_fields if field.unique and not field.primary_key]
        for constraint in opts.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.expressions:
                rules.append((tuple(opts.get_field(name) for name in constraint.fields), constraint.condition,
                              constraint.violation_error_message))
        rules += [(tuple(opts.get_field(name) for name in names), None, None) for names in opts.unique_together]
        return [Unique(fields, condition, condition and self._compiled(condition), message)
                for fields, condition, message in rules if set(fields) != set(self.key_fields)]

    def _compiled(self, condition):
        try:
            return compile_condition(condition, self.model)
        except Unsupported:
            return None

    def column_guide(self):
        """(name, Persian label, required) of every column, for the import page."""
        return [(name, column.label, name in self.required) for name, column in self.columns.items()]

    # Export --------------------------------------------------------------------------------

    def export_headers(self, persian_labels=False):
        return [column.label if persian_labels else name for name, column in self.columns.items()]

    def export_rows(self, queryset=None):
        """The cells of every record of `queryset` (default: all, oldest first), in column order."""
        if queryset is None:
            queryset = self.model.objects.order_by("pk")
        for instance in queryset.select_related(*self._related_paths()).iterator(chunk_size=EXPORT_CHUNK):
            yield self.cells(instance)

    def cells(self, instance):
        """A record's cells as an export writes them, in column order."""
        return [widget.render(_follow(instance, path)) for path, widget in self._cells]

    def _related_paths(self):
        paths = set()
        for column in self.columns.values():
            model, path = self.model, []
            for part in column.field.split("__"):
                field = model._meta.get_field(part)
                if not field.is_relation:
                    break
                path.append(part)
                model = field.related_model
            if path:
                paths.add("__".join(path))
                # and what the cell is written from (a lot's previous lot: its auction's number)
                paths.update("__".join((*path, related)) for related in getattr(column.widget, "related", ()))
        return sorted(paths)


def _follow(instance, path):
    for name in path:
        if instance is None:
            return None
        instance = getattr(instance, name)
    return instance
