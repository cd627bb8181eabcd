"""The import_records and export_records commands: exit status, messages in the user's language,
dry runs, limits, and files that import back unchanged."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from registry.models import Estate, ImportLog, Producer
from tests import factories

SAMPLES = Path(__file__).resolve().parent / "samples"


def import_records(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_records", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def export_records(*args):
    stdout = io.StringIO()
    call_command("export_records", *map(str, args), stdout=stdout)
    return stdout.getvalue()


@pytest.mark.django_db
def test_an_import_prints_its_counts_and_logs_the_command():
    out, _err = import_records("estates", SAMPLES / "02_estates.csv", "--language", "en")
    assert out == "Imported: 12 new, 0 updated, 0 unchanged.\n"
    out, _err = import_records("estates", SAMPLES / "02_estates.csv")
    assert out == "وارد شد: 0 جدید، 0 به‌روزشده، 12 بدون تغییر.\n"
    log = ImportLog.objects.order_by("created_at").first()
    assert (log.source, log.user, log.kind, log.file_name, log.status, log.new_count) == (
        "command", None, "estates", "02_estates.csv", "imported", 12)


@pytest.mark.django_db
def test_a_bad_file_exits_non_zero_naming_every_error_in_persian_by_default():
    with pytest.raises(CommandError, match="هیچ ردیفی وارد نشد: 1 خطا") as raised:
        import_records("producers", SAMPLES / "bad_producers_checksum.csv")
    assert raised.value.returncode == 1
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_errors_go_to_standard_error_in_english_under_language_en(tmp_path):
    bad = tmp_path / "two_bad.csv"
    bad.write_text("national_id,name,county,sector\n10380284790,الف,tehran,food\n10380284792,ب,baneh,food\n",
                   encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 2 errors."):
        call_command("import_records", "producers", str(bad), "--language", "en", stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "Row 2, column county: No county has the key «tehran».",
        "Row 3, column national_id: 10380284792 is not a valid national ID: an 11-digit legal-entity ID or a "
        "10-digit national code, with a correct check digit.",
    ]


@pytest.mark.django_db
def test_an_error_about_the_whole_file_names_no_row(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 error."):
        call_command("import_records", "producers", str(empty), "--language", "en", stderr=stderr)
    assert stderr.getvalue() == "The file is empty.\n"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing():
    out, _err = import_records("estates", SAMPLES / "02_estates.csv", "--dry-run", "--language", "en")
    assert out == "Checked, nothing written: 12 new, 0 updated, 0 unchanged.\n"
    assert ImportLog.objects.get().dry_run is True
    assert Estate.objects.count() == 0


@pytest.mark.django_db
@override_settings(IMPORT_MAX_UPLOAD_BYTES=100)
def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(CommandError, match="larger than the limit of 100 bytes"):
        import_records("estates", SAMPLES / "02_estates.csv", "--language", "en")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_records("estates", tmp_path / "nothing.csv", "--language", "en")


@pytest.mark.django_db
def test_csv_export_goes_to_standard_output_with_a_bom_and_imports_back_unchanged(tmp_path):
    import_records("estates", SAMPLES / "02_estates.csv")
    text = export_records("estates")
    assert text.startswith("\ufeffcode,name,county,total_area_m2,industrial_area_m2\r\n")
    assert "EST01,شهرک صنعتی سنندج 1,sanandaj,489563.00,338865.00\r\n" in text
    exported = tmp_path / "estates.csv"
    exported.write_bytes(text.encode("utf-8"))
    out, _err = import_records("estates", exported, "--language", "en")
    assert out == "Imported: 0 new, 0 updated, 12 unchanged.\n"


@pytest.mark.django_db
def test_xlsx_export_with_persian_labels_to_a_file(tmp_path):
    factories.make_licence(number="OP-1", issued_on="2024-08-02", expires_on=None)
    target = tmp_path / "licences.xlsx"
    assert export_records("licences", "--format", "xlsx", "--labels", "fa", "--output", target) == ""
    sheet = openpyxl.load_workbook(target).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("شماره پروانه", "شناسه ملی واحد", "نوع", "تاریخ صدور", "تاریخ انقضا", "ظرفیت")
    assert rows[1][0] == "OP-1" and rows[1][2:5] == ("operating", "1403/05/12", None)


def test_an_xlsx_export_needs_an_output_file():
    with pytest.raises(CommandError, match="--output"):
        call_command("export_records", "producers", "--format", "xlsx")


@pytest.mark.django_db
def test_a_formula_cell_is_neutralised_in_the_export():
    import_records("producers", SAMPLES / "formula_producer.csv")
    assert '"\'=HYPERLINK(""http://example.invalid"",""x"")"' in export_records("producers")
