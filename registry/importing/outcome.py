"""What an import did, or would do: its counts, its errors (each naming its row and column), and on
request every row's fate with the changes it brings."""

from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A file with more errors than this is wrong as a whole; the rest are counted, not listed.
MAX_LISTED_ERRORS = 1000

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"


class Issue:
    """One error: the row as a spreadsheet numbers it (header = 1), the column as the file names it
    (an error about the whole file has neither), and a `hint` where the likely cause is known."""

    __slots__ = ("row", "column", "message", "hint")

    def __init__(self, row, column, message, hint=None):
        self.row, self.column, self.message = row, column, str(message)
        self.hint = str(hint) if hint else ""

    def __str__(self):
        message = f"{self.message} {self.hint}" if self.hint else self.message
        values = {"row": self.row, "column": self.column, "message": message}
        if self.row is None:
            return message
        if not self.column:
            return _("Row %(row)s: %(message)s") % values
        return _("Row %(row)s, column %(column)s: %(message)s") % values

    def __repr__(self):
        return f"Issue({self.row!r}, {self.column!r}, {self.message!r})"


class ErrorGroup(NamedTuple):
    """Errors of several rows that say the same thing of the same column."""

    rows: list
    column: str
    message: str
    hint: str


class Note(NamedTuple):
    """What a run put right in a cell that a spreadsheet had mangled (registry.importing.cells)."""

    column: str
    what: str
    before: str
    after: str

    def __str__(self):
        return f"{self.column}: {self.what}: {self.before} → {self.after}"


class RowOutcome:
    """One data row's fate: `action` (new, updated, unchanged or error), the record it writes, the
    `changes` it brings ({field: (before, after)}; before is None for a new record), `notes`
    on what was read (such as a value put right), and what its cells held ({column: value read},
    {column: the cell as the file has it}), for showing a refused row as the file has it."""

    __slots__ = ("number", "action", "record", "changes", "notes", "values", "cells")

    def __init__(self, number, action, record="", changes=None, notes=(), values=None, cells=None):
        self.number, self.action, self.record = number, action, record
        self.changes, self.notes = changes or {}, list(notes)
        self.values, self.cells = values or {}, cells or {}


class Outcome:
    def __init__(self, kind, file_name="", dry_run=False, keep_rows=False):
        self.kind, self.file_name, self.dry_run = kind, file_name, dry_run
        self.counts = {NEW: 0, UPDATED: 0, UNCHANGED: 0}
        self.errors = []
        self.error_count = 0
        self.rows = [] if keep_rows else None
        self.written = False

    @property
    def ok(self):
        return self.error_count == 0

    def add_error(self, row, column, message, hint=None):
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(Issue(row, column, message, hint))

    def error_groups(self):
        """The listed errors, those that say the same of the same column as one group, in the order
        the groups first appear (42 rows whose estate EST03 is not found: one group)."""
        groups = {}
        for issue in self.errors:
            key = (issue.column, issue.message, issue.hint)
            groups.setdefault(key, []).append(issue.row)
        return [ErrorGroup(rows, *key) for key, rows in groups.items()]

    @property
    def unlisted_errors(self):
        return self.error_count - len(self.errors)

    def summary(self):
        values = {"new": self.counts[NEW], "updated": self.counts[UPDATED], "unchanged": self.counts[UNCHANGED],
                  "errors": self.error_count}
        if not self.ok:
            return ngettext("Nothing was imported: %(errors)s error.", "Nothing was imported: %(errors)s errors.",
                            self.error_count) % values
        if self.written:
            return _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % values
        return _("Checked, nothing written: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % values
