"""Uniqueness other than the key (a goods ID, one office that is this directorate), checked a batch
of rows at a time: within the file, and against the database in one query per rule and batch,
where Django's validate_unique() would ask once per row."""

from django.utils.translation import gettext as _

from registry.importing.kind import LOOKUP_BATCH
from registry.importing.outcome import ERROR


class Uniqueness:
    def __init__(self, kind, header):
        self.kind, self.header = kind, header
        self.seen = [{} for _rule in kind.unique]  # per rule: {values: the first row that has them}

    def check(self, rows, fail):
        """`fail(row, column, message)` for each row of `rows` (those to be written) whose values
        another row of the file or another stored record has."""
        model = self.kind.model
        for rule, seen in zip(self.kind.unique, self.seen):
            attnames = [field.attname for field in rule.fields]
            column = " + ".join(self.header.field_text(field.name) for field in rule.fields)
            candidates = {}
            for row in rows:
                values = tuple(getattr(row.instance, attname) for attname in attnames)
                if row.action == ERROR or None in values:
                    continue
                # A condition that only the database could evaluate is left to the database.
                if rule.condition is not None and (rule.holds is None or rule.holds(row.instance) is not True):
                    continue
                first = seen.setdefault(values, row.number)
                if first != row.number:
                    fail(row, column, _("Row %(row)s of this file has the same %(columns)s.") % {
                        "row": first, "columns": column})
                else:
                    candidates[values] = row
            stored = model.objects.all() if rule.condition is None else model.objects.filter(rule.condition)
            values_list = list(candidates)
            for start in range(0, len(values_list), LOOKUP_BATCH):
                batch = values_list[start:start + LOOKUP_BATCH]
                lookups = {f"{attname}__in": {values[i] for values in batch} for i, attname in enumerate(attnames)}
                for pk, *values in stored.filter(**lookups).values_list("pk", *attnames):
                    row = candidates.get(tuple(values))
                    if row is not None and row.instance.pk != pk:
                        fail(row, column, rule.message or row.instance.unique_error_message(
                            model, [field.name for field in rule.fields]).messages[0])
