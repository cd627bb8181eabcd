"""The records a batch of rows refers to, found in one query per table and batch instead of one per
row: small reference tables (counties, sectors…) read whole once per import and matched loosely
by code or name; other tables by the keys the batch uses, exactly; foreign keys given by several
columns (a bid's auction and lot number) through their Relation.

A record of the kind being imported may be named by a later row of the same file (a lot offered
again names the lot it repeats): when the database does not have it yet, the earlier row of the
batch that brings it stands for it until the run writes them both, the earlier first."""

from django.utils.translation import gettext as _

from registry.importing.cells import Ambiguous, Reference, match_key, restored
from registry.importing.kind import LOOKUP_BATCH
from registry.importing.outcome import Note

_AMBIGUOUS = object()


class References:
    def __init__(self, kind, header):
        self.kind, self.header = kind, header
        self.columns = [(name, column.widget) for name, column in kind.columns.items()
                        if isinstance(column.widget, Reference) and name in header]
        self.whole_tables = {}  # column name: {match key: record or _AMBIGUOUS}

    def resolve(self, rows, fail):
        """Replace each reference's key text in the rows' values with its record; `fail(row, column,
        message)` for a key that finds none, or several."""
        for name, widget in self.columns:
            found = self._whole_table(name, widget) if widget.whole_table else self._find(
                widget, {row.values[name] for row in rows if row.values.get(name)})
            earlier = self._rows_by_key(widget, rows)
            for row in rows:
                key = row.values.get(name)
                if not key:
                    continue
                record = found.get(match_key(key) if widget.whole_table else key)
                if record is None and key in earlier and earlier[key].number < row.number:
                    record = earlier[key]  # a Row: its record is written before this row's
                if record is None and not widget.whole_table:
                    record = self._shortened(row, name, widget, key, found)
                if record is None or record is _AMBIGUOUS:
                    message = (_("No %(model)s has the key «%(value)s».") if record is None
                               else _("Several %(model)s records match «%(value)s»; give the code.")
                               if widget.whole_table else str(Ambiguous(key, widget.alternatives(key))))
                    row.failed.add(name)
                    fail(row, self.header.column_text(name),
                         message % {"model": widget.model._meta.verbose_name, "value": widget.render_key(key)},
                         _missing_hint(widget.model) if record is None and not widget.whole_table else None)
                else:
                    row.values[name] = record
        for relation in self.kind.relations.values():
            self._resolve_relation(relation, rows, fail)

    def _rows_by_key(self, widget, rows):
        """{key: row} of the rows of the batch that bring a record `widget` may name (of the kind
        imported), for references to them that the database cannot answer yet."""
        if widget.model is not self.kind.model or not hasattr(widget, "key_in"):
            return {}
        return {widget.key_in(row.values): row for row in rows}

    def _whole_table(self, name, widget):
        if name not in self.whole_tables:
            records, found = list(widget.model.objects.all()), {}
            # A code wins over a name; two records with the same name are ambiguous.
            for lookup in widget.lookups:
                level = {}
                for record in records:
                    key = match_key(getattr(record, lookup))
                    level[key] = record if level.get(key, record) == record else _AMBIGUOUS
                for key, record in level.items():
                    found.setdefault(key, record)
            self.whole_tables[name] = found
        return self.whole_tables[name]

    def _shortened(self, row, name, widget, text, found):
        """The record of the one zero-padded form of `text` on record (an identifier a spreadsheet
        shortened), noted on the row; _AMBIGUOUS when several are; None when none is."""
        records = [found[key] for key in widget.alternatives(text) if key in found]
        if len(records) != 1:
            return _AMBIGUOUS if records else None
        row.notes.append(Note(self.header.column_text(name), *restored(text, getattr(records[0], widget.lookups[0]))))
        return records[0]

    @staticmethod
    def _find(widget, keys):
        """{key: record} of `keys`, given in cells of `widget`, and of the zero-padded forms of an
        identifier a spreadsheet shortened: one query per batch of keys."""
        keys = {alternative for key in keys for alternative in widget.alternatives(key)} | set(keys)
        keys, found = sorted(keys), {}
        for start in range(0, len(keys), LOOKUP_BATCH):
            batch = keys[start:start + LOOKUP_BATCH]
            parts = zip(*batch, strict=True) if isinstance(batch[0], tuple) else (batch,)
            lookups = {f"{lookup}__in": set(part) for lookup, part in zip(widget.lookups, parts, strict=True)}
            for record in widget.model.objects.filter(**lookups).select_related(*widget.related):
                found[widget.key_of(record)] = record
        return found

    def _resolve_relation(self, relation, rows, fail):
        parts = set(relation.columns)
        keys = {row.number: relation.key(row.values) for row in rows if not row.failed & parts}
        found = relation.load(self.kind.model, {key for key in keys.values() if key is not None})
        related = self.kind.model._meta.get_field(relation.field).related_model
        for row in rows:
            key = keys.get(row.number)
            if key is None:
                continue
            if found[key] is None:
                row.failed.update(parts)
                fail(row, self.header.field_text(relation.field), _("No %(model)s has the key «%(value)s».") % {
                    "model": related._meta.verbose_name,
                    "value": " / ".join(str(self.kind.columns[name].widget.render(row.values[name]))
                                        for name in relation.columns)}, _missing_hint(related))
            else:
                row.values[relation.field] = found[key]


def _missing_hint(model):
    """What to do about a key that finds no record of `model`: import that kind first."""
    return _("Import the %(records)s first (their file comes before this one), or correct the key.") % {
        "records": model._meta.verbose_name_plural}
