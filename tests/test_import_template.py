"""Each kind's import template (spec section 3, issue 14): an XLSX with the Persian headers, a
sample row that imports as it is, and a sheet of the values every choice, yes/no and reference
column allows."""

import io

import openpyxl
import pytest
from django.utils import translation

from registry.importing import KINDS, import_file
from registry.importing.template import template
from tests import factories

pytestmark = pytest.mark.django_db


def open_template(kind):
    return openpyxl.load_workbook(io.BytesIO(template(KINDS[kind])))


def prerequisites():
    """One record of every kind another kind refers to."""
    producer = factories.make_producer()
    factories.make_smuggling_item()
    factories.make_estate()
    lot = factories.make_lot(lot_number=1)
    factories.make_unit(plot_number="A-1")
    return producer, lot


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_template_of_every_kind_imports_back_as_it_is(kind):
    prerequisites()
    data = template(KINDS[kind])
    outcome = import_file(kind, data, f"{kind}-template.xlsx")
    assert outcome.ok, [str(issue) for issue in outcome.errors]
    assert outcome.counts["new"] + outcome.counts["updated"] + outcome.counts["unchanged"] == 1


def test_the_template_has_the_persian_headers_a_sample_row_and_text_identifier_columns():
    estate = factories.make_estate(code="EST01")
    with translation.override("fa"):
        book = open_template("producers")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.label for column in KINDS["producers"].columns.values()]
    sample = dict(zip(headers, (cell.value for cell in sheet[2]), strict=True))
    assert sample == {
        "شناسه ملی": "10380284790", "نام واحد": "نام واحد 1", "شهرستان": "سنندج", "حوزه": "لوازم خانگی",
        "کد آیسیک": "1511", "وضعیت": "فعال", "تعداد کارکنان": None, "کد پستی": "6616714111", "تلفن": "09181234567",
        "نشانی": None, "شهرک صنعتی": estate.code}
    # Identifier cells are text, so a spreadsheet keeps the zeros a clerk types there.
    assert sheet["A2"].number_format == sheet["I2"].number_format == "@"
    assert sheet.sheet_view.rightToLeft is True


def test_the_allowed_values_sheet_lists_every_choice_and_reference_value():
    factories.make_estate(code="EST01", name="شهرک یک")
    with translation.override("fa"):
        sheet = open_template("producers").worksheets[1]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert sheet.title == "مقادیر مجاز" and rows[0] == ("ستون", "مقدار", "معنا")
    assert ("وضعیت", "active", "فعال") in rows and ("وضعیت", "idle", "راکد") in rows
    assert ("وضعیت", "closed", "تعطیل") in rows
    assert ("شهرستان", "sanandaj", "سنندج") in rows and ("حوزه", "food", "صنایع غذایی") in rows
    assert ("شهرک صنعتی", "EST01", "شهرک یک") in rows
    counties = [row for row in rows if row[0] == "شهرستان"]
    assert len(counties) == 10


def test_a_reference_to_a_large_table_lists_its_first_keys_and_says_how_many_more(monkeypatch):
    monkeypatch.setattr("registry.importing.template.ALLOWED_KEYS", 2)
    for number in range(1, 5):
        factories.make_producer(national_id=factories.legal_id(number))
    with translation.override("fa"):
        rows = [tuple(cell.value for cell in row) for row in open_template("licences").worksheets[1].iter_rows()]
    producers = [row for row in rows if row[0] == "شناسه ملی واحد"]
    assert [row[1] for row in producers] == sorted(factories.legal_id(n) for n in range(1, 5))[:2] + ["…"]
    assert producers[-1][2] == "و ۲ مورد دیگر در سامانه"
