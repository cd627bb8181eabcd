"""A clerk imports the spreadsheets the offices send: a Persian CSV is previewed row by row, then
confirmed, and its records are found; a file with one wrong row is refused whole, the row named."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import login

pytestmark = pytest.mark.browser

# Copies of ../shared/samples, the files clerks send.
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


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
    expect(estate.first).to_contain_text("شهرک صنعتی سنندج 1")
    # Typed in Persian digits in the file, with Arabic-keyboard letters in its name.
    producer = search(page, "producer", "۶۰۳۰۸۲۴۶۲۸۰")
    expect(producer).to_have_count(1)
    expect(producer.locator(".field-name")).to_have_text("سیمین کردستان 0")
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
