"""Reconciling the registry with the national goods-ID list (spec section 9).

The national comprehensive trade system (سامانه جامع تجارت) gives the province the goods IDs its
producers hold. `reconcile()` reads that list (reading: CSV, XLSX, ODS or XLS, headers in Persian or English
in any order), refuses it whole when a row is structurally wrong, sorts every row into a finding
against the registry (classifying), and keeps the run with its rows and the products missing
nationally (runs); `apply()` then registers what is `to_register` and creates what is
`new_product`, in one transaction, each change in the product's history naming the file
(applying). The review page, the command and the reports read what is kept.

The list's six columns are read here rather than by an import run (registry.importing): a row of
the list is not a record to write but a claim to compare, and most rows change nothing. Its cells
are read by the importer's widgets all the same, and applying writes through its bulk writer.
"""

from registry.reconciliation.applying import APPLICABLE, Applied, apply, history_reason, write_products
from registry.reconciliation.classifying import classify
from registry.reconciliation.reading import COLUMNS, Issue, ListRow, Refused, read_list
from registry.reconciliation.runs import (
    MISSING_PARAMETER,
    latest,
    missing_products,
    missing_url,
    reconcile,
    report_status,
)

__all__ = [
    "APPLICABLE",
    "COLUMNS",
    "MISSING_PARAMETER",
    "Applied",
    "Issue",
    "ListRow",
    "Refused",
    "apply",
    "classify",
    "history_reason",
    "latest",
    "missing_products",
    "missing_url",
    "read_list",
    "reconcile",
    "report_status",
    "write_products",
]
