"""What an import did, or would do: its counts, its errors (each naming its row and column), and on
request every row's fate with the changes it brings."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A file with more errors than this is wrong as a whole; the rest are counted, not listed.
MAX_LISTED_ERRORS = 1000

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"


class Issue:
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
        return f"Issue({self.row!r}, {self.column!r}, {self.message!r})"


class RowOutcome:
    """One data row's fate: `action` (new, updated, unchanged or error), the record it writes, the
    `changes` it brings ({field: (before, after)}; before is None for a new record), and `notes`
    on what was read (such as a value put right)."""

    __slots__ = ("number", "action", "record", "changes", "notes")

    def __init__(self, number, action, record="", changes=None, notes=()):
        self.number, self.action, self.record = number, action, record
        self.changes, self.notes = changes or {}, list(notes)


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

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(Issue(row, column, message))

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
