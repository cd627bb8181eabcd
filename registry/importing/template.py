"""A file to start an import from: an XLSX with a kind's Persian headers and one sample row, which
imports as it is, and a second sheet of the values each choice, yes/no and reference column
allows (spec section 3: a choice by its value or Persian label, a reference by the other record's
key). Identifier columns are formatted as text, so that a spreadsheet keeps their leading zeros.
"""

import datetime
import io

import openpyxl
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from registry import jalali
from registry.formatting import number
from registry.importing.cells import Choice, Identifier, Integer, JalaliDate, Number, Reference, YesNo
from registry.importing.kind import EXPORT_CHUNK

# A reference to a large table lists this many of its keys, and says how many more there are.
ALLOWED_KEYS = 1000
TEXT_FORMAT = "@"


def template(kind):
    """The XLSX bytes of `kind`'s template."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = str(kind.model._meta.verbose_name_plural)[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.append([column.label for column in kind.columns.values()])
    sheet.append(sample_row(kind))
    for index, column in enumerate(kind.columns.values(), start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.label) + 4)
        if _as_text(column.widget):
            # The whole column as text: what a clerk types there keeps its zeros.
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            sheet.cell(row=2, column=index).number_format = TEXT_FORMAT
    allowed = book.create_sheet(_("Allowed values")[:31])
    allowed.sheet_view.rightToLeft = True
    allowed.append([_("Column"), _("Value"), _("Meaning")])
    for row in allowed_values(kind):
        allowed.append(row)
    for letter, width in zip("ABC", (24, 24, 40), strict=True):
        allowed.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_text(widget):
    return isinstance(widget, Identifier) or isinstance(widget, Reference) and isinstance(widget.cell, Identifier)


def sample_row(kind):
    """A row that imports as it is: every required column filled, identifiers with valid examples,
    dates a day apart in column order (each date that must follow another does), references to
    the first record on file."""
    today, dates = jalali.today(), 0
    # A foreign key given by several columns (a handover's estate and plot): the first record's.
    related = {field: kind.model._meta.get_field(field).related_model.objects.order_by("pk").first()
               for field in kind.relations}
    row = []
    for name, column in kind.columns.items():
        widget, value = column.widget, None
        relation = kind.relation_of.get(name)
        if relation is not None:
            record = related[relation.field]
            value = record and widget.render(getattr(record, relation.columns[name]))
        elif isinstance(widget, Identifier):
            value = widget.example
        elif isinstance(widget, Reference):
            # A record of the same kind (a lot's previous lot) is left out: any first one would do
            # only by chance.
            value = None if widget.model is kind.model else _first_key(widget)
        elif isinstance(widget, Choice):
            with translation.override("fa"):
                value = str(widget.choices.choices[0][1])
        elif isinstance(widget, YesNo):
            value = "خیر"
        elif isinstance(widget, JalaliDate):
            value = jalali.format_date(today + datetime.timedelta(days=dates))
            dates += 1
        elif name not in kind.required:
            value = None
        elif isinstance(widget, Integer):
            value = jalali.jalali_year() if name.endswith("year") else 1
        elif isinstance(widget, Number):
            value = 1
        elif isinstance(kind.model_fields[name], models.SlugField):
            value = "sample"
        else:
            value = f"{column.label} 1"
        row.append(value)
    return row


def _first_key(widget):
    if widget.whole_table:
        return widget.model.objects.order_by("pk").values_list(widget.lookups[1], flat=True).first()
    record = widget.model.objects.select_related(*widget.related).order_by("pk").first()
    return record and widget.render_key(widget.key_of(record))


def allowed_values(kind):
    """(column's Persian label, value, meaning) for every value a choice, yes/no or reference column
    takes; a reference to a large table lists its first ALLOWED_KEYS keys and says how many more."""
    rows = []
    with translation.override("fa"):
        for column in kind.columns.values():
            widget = column.widget
            if isinstance(widget, Choice):
                rows += [(column.label, value, str(label)) for value, label in widget.choices.choices]
            elif isinstance(widget, YesNo):
                rows += [(column.label, "بله", "true / 1"), (column.label, "خیر", "false / 0")]
            elif isinstance(widget, Reference):
                rows += _reference_keys(column.label, widget)
    return rows


def _reference_keys(label, widget):
    records = widget.model.objects.select_related(*widget.related).order_by(*widget.lookups)
    rows = [(label, widget.render_key(widget.key_of(record)), _meaning(record))
            for record in records[:ALLOWED_KEYS].iterator(chunk_size=EXPORT_CHUNK)]
    if len(rows) == ALLOWED_KEYS:
        more = records.count() - ALLOWED_KEYS
        if more:
            rows.append((label, "…", _("and %(count)s more on file") % {"count": number(more)}))
    return rows


def _meaning(record):
    """What a key stands for: the record's name (in Persian where it has two), or how it reads."""
    for name in ("name_fa", "name", "title"):
        if getattr(record, name, None):
            return getattr(record, name)
    return str(record)
