"""A supervisor reads the reports: from the dashboard to each of the ten, filtered by county, and
takes each away as CSV (with the BOM that makes Excel show Persian) and as XLSX."""

import csv
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.steps import login

pytestmark = pytest.mark.browser

SLUGS = ("transparency", "obligations", "smuggling", "mining", "auctions", "shipments", "industrial-space",
         "handovers", "employment", "licences")
PERSIAN = re.compile(r"[\u0600-\u06ff]")


def download(page, link):
    """The file behind a download link: (its name, its bytes)."""
    with page.expect_download() as started:
        page.locator(".report-downloads a", has_text=link).click()
    with open(started.value.path(), "rb") as file:
        return started.value.suggested_filename, file.read()


def test_supervisor_reads_every_report_by_county_and_downloads_csv_and_xlsx(page):
    login(page, "supervisor")
    page.locator("#user-tools a", has_text="گزارش‌ها").click()
    expect(page).to_have_url("/reports/")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    links = page.locator(".dashboard-card h2 a")
    expect(links).to_have_count(len(SLUGS))
    reports = [(link.get_attribute("href"), link.inner_text()) for link in links.all()]
    assert sorted(href for href, _title in reports) == sorted(f"/reports/{slug}/" for slug in SLUGS)

    for href, title in reports:
        page.goto("/reports/")
        page.locator(f".dashboard-card h2 a[href=\"{href}\"]").click()
        expect(page.locator("#content h1")).to_have_text(title)
        page.locator(".report-filters select[name=county]").select_option(label="سقز")
        page.locator(".report-filters [type=submit]").click()
        expect(page).to_have_url(re.compile(re.escape(href) + r"\?.*county=saqqez"))
        expect(page.locator(".report-printed")).to_contain_text("سقز")
        expect(page.locator(".report-totals dt").first).to_be_visible()

        name, content = download(page, "CSV")
        assert name.endswith(".csv")
        assert content.startswith(b"\xef\xbb\xbf"), f"{href}: the CSV has no BOM"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[0] == [title], href
        assert ["شهرستان", "سقز"] in rows, href

        name, content = download(page, "Excel")
        assert name.endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
        assert cells[0] == title, href
        assert "سقز" in cells, href
        assert PERSIAN.search(" ".join(cells[1:])), href
