"""A clerk imports the spreadsheets the offices send: a Persian CSV is previewed row by row, then
confirmed, and its records are found; a file with one wrong row is refused whole, the row named;
the preview shows the values each row writes, an update's changes, what was put right in a file
LibreOffice saved, and errors that repeat said once with a hint."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import login

pytestmark = pytest.mark.browser

# Copies of ../shared/samples, the files clerks send.
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# Files LibreOffice Calc saved (tests/libreoffice.py).
CALC = SAMPLES / "calc" / "libreoffice"


def upload(page, model, sample):
    """From the change list's import button to the page that answers the uploaded file."""
    page.goto(f"/admin/registry/{model}/")
    page.locator(f'.object-tools a[href^="/admin/registry/{model}/import/"]').click()
    page.locator("input[type=file][name=import_file]").set_input_files(SAMPLES / sample)
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()


def import_confirmed(page, model, sample, rows):
    upload(page, model, sample)
    expect(page.locator("#content-main h2").first).to_have_text("پیش‌نمایش")
    expect(page.locator("table.import-rows tbody tr")).to_have_count(rows)
    expect(page.locator("table.import-errors")).to_have_count(0)
    confirm = page.locator("input[name=confirm]")
    expect(confirm).to_have_value("تأیید ورود")
    confirm.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page).to_have_url(f"/admin/registry/{model}/")


def search(page, model, term):
    page.goto(f"/admin/registry/{model}/")
    page.locator("#searchbar").fill(term)
    page.locator("#searchbar").press("Enter")
    return page.locator("#result_list tbody tr")


def test_clerk_imports_persian_csv_after_a_preview(page):
    login(page, "clerk")

    # Producers name their industrial estates, so the estates come first.
    import_confirmed(page, "estate", "02_estates.csv", rows=12)
    import_confirmed(page, "producer", "03_producers.csv", rows=150)

    estate = search(page, "estate", "EST01")
    expect(estate).to_have_count(1)
    # Stored with ASCII digits, a number in a Persian name reads in Persian digits on a Persian page.
    expect(estate.first).to_contain_text("شهرک صنعتی سنندج ۱")
    # Typed in Persian digits in the file, with Arabic-keyboard letters in its name.
    producer = search(page, "producer", "۶۰۳۰۸۲۴۶۲۸۰")
    expect(producer).to_have_count(1)
    expect(producer.locator(".field-name")).to_have_text("سیمین کردستان ۰")
    expect(producer.locator(".field-county")).to_have_text("سقز")


def test_a_file_with_a_wrong_row_is_refused_whole_with_the_row_named(page):
    login(page, "clerk")

    upload(page, "producer", "bad_producers_checksum.csv")
    expect(page.locator("#content-main h2").first).to_have_text("هیچ ردیفی وارد نشد")
    error = page.locator("table.import-errors tbody tr")
    expect(error).to_have_count(1)
    # Row 7 as the spreadsheet numbers it (the header is row 1): the ID with a wrong check digit.
    expect(error.locator("td").nth(0)).to_have_text("۷")
    expect(error).to_contain_text("49407744135")
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    # All or nothing: the five good rows were not written either (looked up in another tab, so
    # that the screenshot keeps the errors).
    expect(search(page.context.new_page(), "producer", "پیشرو کاشی 5000")).to_have_count(0)


def preview_row(page, number):
    """The preview's row for the file's row `number`."""
    return page.locator("table.import-rows tbody tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(f"^{number}$")))


def test_clerk_reads_what_a_file_saved_by_libreoffice_will_write_before_confirming(page):
    """The producers and products a clerk opened and saved in LibreOffice Calc: identifiers that lost
    their leading zeros and Jalali dates taken for Gregorian ones, put right and said so."""
    login(page, "clerk")
    page.goto("/admin/registry/producer/import/")
    expect(page.locator(".import-template a")).to_have_text("دریافت فایل نمونه (XLSX)")
    page.locator("input[type=file][name=import_file]").set_input_files(CALC / "producers.xlsx")
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    expect(page.locator("#content-main h2").first).to_have_text("پیش‌نمایش")
    first = preview_row(page, "۲")
    expect(first).to_contain_text("شناسه ملی: 02415920663")
    expect(first).to_contain_text("تلفن: 09183951415")
    expect(first).to_contain_text("صفر ابتدایی بازگردانده شد: 2415920663 ← 02415920663")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("۴ جدید")

    page.goto("/admin/registry/product/import/")
    page.locator("input[type=file][name=import_file]").set_input_files(CALC / "products.ods")
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    second = preview_row(page, "۳")
    expect(second).to_contain_text("شناسه کالا: 0012345678905")
    expect(second).to_contain_text("تاریخ ثبت: ۱۴۰۰/۰۲/۲۹")
    expect(second).to_contain_text("تاریخ شمسی خوانده شد: 1400-02-29 ← 1400/02/29")
    page.screenshot(path=ARTIFACTS / "import-preview-fa-clerk.png", full_page=True)
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("۴ جدید")


def test_an_english_clerk_reads_an_updates_changes_and_grouped_errors(page, tmp_path):
    login(page, "clerk")
    page.locator("#user-tools .language-switch button").click()
    new = factories.legal_id(987_001)
    lines = ["national_id;name;county;sector;employees;estate",
             f"{new};Zagros Textiles;baneh;textiles;12;"]
    lines += [f"{factories.legal_id(987_100 + n)};Unit {n};sanandaj;food;1;EST99" for n in range(5)]
    refused = tmp_path / "producers.csv"
    refused.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto("/admin/registry/producer/import/")
    page.locator("input[type=file][name=import_file]").set_input_files(refused)
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    error = page.locator("table.import-errors tbody tr")
    expect(error).to_have_count(1)
    expect(error.locator("td").nth(0)).to_have_text("5 rows: 3–7")
    expect(error).to_contain_text("Import the industrial estates first")
    page.screenshot(path=ARTIFACTS / "import-errors-en-clerk.png", full_page=True)

    good = tmp_path / "producers-good.csv"
    good.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    page.locator("input[type=file][name=import_file]").set_input_files(good)
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    expect(preview_row(page, "2")).to_contain_text("employees: 12")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 new")

    good.write_text("\n".join([lines[0], lines[1].replace(";12;", ";15;")]) + "\n", encoding="utf-8")
    page.goto("/admin/registry/producer/import/")
    page.locator("input[type=file][name=import_file]").set_input_files(good)
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    updated = preview_row(page, "2")
    expect(updated).to_contain_text("updated")
    expect(updated).to_contain_text("employees: 12 → 15")
    page.screenshot(path=ARTIFACTS / "import-preview-en-clerk.png", full_page=True)
