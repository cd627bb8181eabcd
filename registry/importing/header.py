"""The header row of a file, matched to a kind's columns: which cell holds which column, and the
words the file uses for each, so that every error names the column as the clerk wrote it."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from registry.importing.cells import cell_text, match_key


class Header:
    def __init__(self, kind, cells, outcome):
        """Match `cells` (the first row) to `kind`'s columns; what is wrong goes to `outcome`, at row 1."""
        self.kind = kind
        self.width = len(cells)
        self.present = []  # (cell index, column name)
        self.blank = []  # indices of cells without a header
        self.texts = {}  # column name: its header in the file
        for index, cell in enumerate(cells):
            text = cell_text(cell)
            if not text:
                self.blank.append(index)
                continue
            name = kind.headers.get(match_key(text))
            if name is None:
                outcome.add_error(1, text, _("Unknown column. The columns of %(kind)s are: %(columns)s.") % {
                    "kind": kind.name, "columns": ", ".join(kind.columns)})
            elif name in self.texts:
                outcome.add_error(
                    1, text, _("This column appears twice (also as «%(other)s»).") % {"other": self.texts[name]})
            else:
                self.texts[name] = text
                self.present.append((index, name))
        for name in kind.required:
            if name not in self.texts:
                outcome.add_error(1, name, _("This required column is missing (its Persian label is «%(label)s»).") % {
                    "label": kind.columns[name].label})

    def __contains__(self, name):
        return name in self.texts

    def column_text(self, name):
        """A column as the file names it, or by its name when the file lacks it."""
        return self.texts.get(name, name)

    def field_text(self, field_name):
        """The column(s) that an error on model field `field_name` belongs to; an error about the
        record as a whole belongs to its key."""
        kind = self.kind
        if field_name in kind.relations:
            return " + ".join(self.column_text(name) for name in kind.relations[field_name].columns)
        if field_name == NON_FIELD_ERRORS:
            return " + ".join(self.column_text(name) for name in kind.key_columns)
        for name, field in kind.model_fields.items():
            if field.name == field_name:
                return self.column_text(name)
        return field_name
