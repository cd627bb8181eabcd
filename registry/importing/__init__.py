"""Import and export of every kind of record (spec sections 2 and 3).

    cells.py       one cell to one value and back: a widget per kind of column
    kind.py        a kind's columns, key and relations, what its model implies, and its export
    kinds.py       the nineteen kinds (KINDS)
    header.py      a file's header row matched to a kind's columns
    run.py         ImportRun: read → resolve (references.py) → match → validate (and
                   uniqueness.py) → write (registry.writing), a batch of rows at a time;
                   import_file(), which the admin and `import_records` call
    outcome.py     what a run did: counts, errors by row and column, each row's fate
    template.py    each kind's file template: Persian headers, a sample row, the allowed values

A run keeps its state (the header, records found, keys seen) on itself, so nothing of one import
lingers in another. The rules a row must keep are the model's own: full_clean() and the Rules of
registry.rules, whose errors land on the columns of their fields.

From django-import-export, Shafaf takes the admin side: the import and export buttons of the
change lists, their URLs, the export page, which exports the filtered change list, and the file
formats it writes (registry.spreadsheets). It does not use the library's resources, fields,
widgets, import loop or results: they look up, validate and save one row at a time (a few
hundred rows a second, where an import must write thousands with their history), know neither
Jalali dates, Persian headers nor Windows-1256, report errors without the column a clerk
needs, keep the upload in storages that know nothing of the user, and keep each import's state
on the resource. registry.admin.imports gives the admin export a resource-like face for a Kind.

Files that passed through a spreadsheet are read as the clerk meant them: an identifier that lost
its leading zeros gets them back (the Identifier widget; a reference or a key also finds the one
zero-padded form on record), a Jalali date stored as a date cell is read as Jalali (JalaliDate);
what was put right is said in the row's RowOutcome.notes. The preview of what a row writes reads
RowOutcome.changes ({field: (before, after)}), errors said once for many rows
Outcome.error_groups(), and each kind's file template (template.py) Kind.columns and their
widgets. A foreign key given by two columns (a bid's lot) is a Relation of its kind; one given in
a single cell by two fields (a lot's previous lot, «KD-AU-003 / 2») a CompositeReference, which
may name a record an earlier row of the same file brings.
"""

from registry.importing.kinds import KINDS, kind_for_model
from registry.importing.outcome import Issue, Outcome, RowOutcome
from registry.importing.run import ImportRun, import_file

__all__ = ["KINDS", "ImportRun", "Issue", "Outcome", "RowOutcome", "import_file", "kind_for_model"]
