"""Reading and writing files safely: encodings, limits, zip bombs, safe XML, formula-safe exports."""

import datetime
import io
import random
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.test import override_settings
from django.utils import translation

from registry import spreadsheets
from registry.spreadsheets import SpreadsheetError

HEADER = "national_id,name,county\n"
# Arabic yeh and kaf, as Windows-1256 has them (the import normalises them to Persian letters).
ROW = "10380284790,سيمين كردستان,بانه\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def rows(table):
    return [(number, list(cells)) for number, cells in table.rows]


def xlsx(*sheets):
    """An XLSX file with one sheet per list of rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, sheet_rows in enumerate(sheets):
        sheet = book.create_sheet(f"Sheet{index}")
        for row in sheet_rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("encoded", [
    (HEADER + ROW).encode("utf-8"),
    (HEADER + ROW).encode("utf-8-sig"),
    (HEADER + ROW).encode("cp1256"),
], ids=["utf-8", "utf-8 with BOM", "windows-1256"])
def test_csv_in_utf8_with_or_without_bom_and_in_windows_1256_reads_the_same(encoded):
    table = spreadsheets.read(encoded)
    assert table.headers == ["national_id", "name", "county"]
    assert rows(table) == [(2, ["10380284790", "سيمين كردستان", "بانه"])]


def test_utf16_is_refused_with_a_clear_message():
    with pytest.raises(SpreadsheetError, match="UTF-16"):
        spreadsheets.read((HEADER + ROW).encode("utf-16"))


def test_random_bytes_are_refused_as_neither_utf8_nor_windows_1256():
    noise = random.Random(6).randbytes(600).replace(b"\x00", b"\x01")
    with pytest.raises(SpreadsheetError, match="neither UTF-8 nor Windows-1256"):
        spreadsheets.read(noise)


@pytest.mark.parametrize("data", [b"", b"  \r\n\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(SpreadsheetError, match="empty"):
        spreadsheets.read(data)


def test_semicolon_and_tab_separated_files_are_read():
    assert rows(spreadsheets.read(b"code;name\nEST01;a\n")) == [(2, ["EST01", "a"])]
    assert rows(spreadsheets.read(b"code\tname\nEST01\ta\n")) == [(2, ["EST01", "a"])]


def test_row_numbers_are_those_a_spreadsheet_shows_even_with_line_breaks_inside_a_cell():
    table = spreadsheets.read(b'code,address\nA,"line 1\nline 2"\nB,x\n')
    assert [number for number, _cells in table.rows] == [2, 3]


@override_settings(IMPORT_MAX_UPLOAD_BYTES=100)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    with pytest.raises(SpreadsheetError, match="larger than the limit of 100 bytes"):
        spreadsheets.read(HEADER.encode() + ROW.encode() * 5)


def test_xlsx_reads_the_first_sheet_with_real_date_cells():
    data = xlsx([["number", "issued_on"], ["OP-1", datetime.datetime(2024, 8, 2)]], [["other"], ["x"]])
    table = spreadsheets.read(data, "licences.xlsx")
    assert table.headers == ["number", "issued_on"]
    assert rows(table) == [(2, ["OP-1", datetime.datetime(2024, 8, 2)])]


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("the archive was handed to openpyxl")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 20_000_000 + b"/>")
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(SpreadsheetError, match="would unpack to 19.1 MB"):
        spreadsheets.read(data, "bomb.xlsx")


@override_settings(IMPORT_MAX_UNPACKED_BYTES=10_000)
def test_an_xlsx_that_unpacks_beyond_the_setting_is_refused():
    with pytest.raises(SpreadsheetError, match="would unpack"):
        spreadsheets.read(xlsx([["code"]] + [[f"row {n}"] for n in range(500)]), "big.xlsx")


@pytest.mark.parametrize(("data", "name", "format_name"), [
    (b"PK\x03\x04 not really a zip", "x.xlsx", "XLSX"),
    (b"PK\x03\x04 not really a zip", "x.ods", "ODS"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.xls", "XLS"),
])
def test_a_damaged_file_is_refused_naming_its_format(data, name, format_name):
    with pytest.raises(SpreadsheetError, match=f"not a readable {format_name} file"):
        spreadsheets.read(data, name)


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_is_neutralised_and_read_back_unchanged(text):
    assert spreadsheets.neutralise(text) == "'" + text
    assert spreadsheets.unneutralise(spreadsheets.neutralise(text)) == text


def test_numbers_and_plain_text_are_not_neutralised():
    assert spreadsheets.neutralise(Decimal("-5.5")) == Decimal("-5.5")
    assert spreadsheets.neutralise("سیمین") == "سیمین"
    assert spreadsheets.unneutralise("'quoted") == "'quoted"


def test_csv_export_has_a_bom_and_neutralised_cells():
    data = spreadsheets.write_csv(["name", "amount"], [["=HYPERLINK(\"x\")", Decimal("-2.5")], [None, True]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["name,amount", '"\'=HYPERLINK(""x"")",-2.5', ",true"]


def test_xlsx_export_keeps_formula_text_as_text_and_numbers_as_numbers():
    data = spreadsheets.write_xlsx(["name", "amount"], [["=1+2", Decimal("-2.5")]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.sheet_view.rightToLeft is True
    name, amount = sheet["A2"], sheet["B2"]
    assert (name.value, name.data_type) == ("'=1+2", "s")
    assert (amount.value, amount.data_type) == (-2.5, "n")
