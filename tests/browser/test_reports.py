"""A supervisor reads the reports: from the dashboard to each of the ten, filtered by county, and
takes each away as CSV (with the BOM that makes Excel show Persian) and as XLSX; the director
general's office prints last month's bulletin."""

import csv
import io
import re
import unicodedata

import openpyxl
import pytest
from playwright.sync_api import expect

from registry.text import digits_to_ascii
from tests.browser.conftest import ARTIFACTS
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
        expect(page.locator(".letterhead-filters")).to_contain_text("سقز")
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


def last_number(text):
    """The last number of a text, read in Persian or Latin digits (a list's count in its paginator)."""
    return int(re.findall(r"\d+", digits_to_ascii(text).replace("٬", "").replace(",", ""))[-1])


def test_supervisor_lands_on_the_dashboard_and_follows_a_county_s_figures_to_their_records(page):
    login(page, "supervisor")
    expect(page).to_have_url("/reports/")
    page.locator("#site-name a").click()
    expect(page).to_have_url("/reports/")

    # The second column of each report's table "by county": mines, products.
    for slug in ("mining", "transparency"):
        page.goto("/reports/")
        page.locator(f'.dashboard-card h2 a[href="/reports/{slug}/"]').click()
        row = page.locator(".report-table:has(h2:text-is('به تفکیک شهرستان')) tbody tr",
                           has=page.locator("td", has_text="بانه"))
        figure = row.locator("td:nth-child(2) a")
        count = last_number(figure.inner_text())
        assert count > 0, slug
        figure.click()
        expect(page).to_have_url(re.compile(r"/admin/registry/\w+/\?"))
        # The list holds exactly that many records, and says for which county.
        assert last_number(page.locator("p.paginator").inner_text()) == count, slug
        expect(page.locator("#changelist-filter li.selected", has_text="بانه")).to_be_visible()


def pdf_pages(content):
    """The lines of each page of a PDF, with the presentation forms PDFs keep for Arabic script
    made letters again."""
    import pypdf

    return [unicodedata.normalize("NFKC", pdf_page.extract_text()).splitlines()
            for pdf_page in pypdf.PdfReader(io.BytesIO(content)).pages]


def reads(lines, phrase):
    """Whether a line holds the words of `phrase` in a row: in reading order, or in the drawing
    order a PDF may keep right-to-left text in."""
    wanted = phrase.split()
    for line in lines:
        words = line.split()
        for candidate in (wanted, wanted[::-1]):
            if any(words[i:i + len(candidate)] == candidate for i in range(len(words) - len(candidate) + 1)):
                return True
    return False


def test_a_printed_report_carries_the_letterhead_and_numbered_pages(page):
    login(page, "supervisor")
    page.goto("/reports/mining/?county=saqqez")
    expect(page.locator(".print-button")).to_have_text("چاپ")
    pages = pdf_pages(page.pdf(format="A4", prefer_css_page_size=True))
    assert len(pages) >= 2
    first = pages[0]
    assert reads(first, "اداره کل صنعت، معدن و تجارت استان کردستان"), first[:8]
    assert reads(first, "زمان چاپ"), first[:8]
    assert "معادن" in first and "سقز" in " ".join(first[:6]), first[:8]
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    for number, lines in enumerate(pages, start=1):
        assert reads(lines, f"صفحه {number} از {len(pages)}".translate(persian)), lines


def test_a_printed_chart_writes_at_the_body_s_size_whatever_the_window(page):
    login(page, "supervisor")
    page.goto("/reports/obligations/?county=sanandaj")
    page.emulate_media(media="print")
    for width in (703, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        # A label is 12 of the chart's 640 units across; the body prints at 10pt (13.33 px).
        label, body = page.evaluate("""() => [12 * document.querySelector('svg.report-chart').getBoundingClientRect()
            .width / 640, parseFloat(getComputedStyle(document.body).fontSize)]""")
        assert abs(label - body) < 0.5, (width, label, body)


def test_the_filters_stand_on_one_line_with_the_calendar_beside_its_box(page):
    login(page, "supervisor")
    page.goto("/reports/transparency/")
    boxes = [page.locator(f"#id_{name}").bounding_box() for name in ("county", "sector", "year", "as_of")]
    labels = [page.locator(f"label[for=id_{name}]").bounding_box() for name in ("county", "sector", "year", "as_of")]
    assert len({round(label["y"]) for label in labels}) == 1, labels
    assert max(box["y"] for box in boxes) - min(box["y"] for box in boxes) < 4, boxes
    button, date = page.locator(".jdp-open").bounding_box(), boxes[3]
    # Beside the date box (to its left in Persian), within its height.
    assert date["y"] <= button["y"] and button["y"] + button["height"] <= date["y"] + date["height"], (button, date)
    assert button["x"] + button["width"] <= date["x"], (button, date)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_report_fits_an_a4_page_when_printed(new_page, language):
    page = new_page(locale="fa-IR" if language == "fa" else "en-US")
    login(page, "supervisor")
    if language == "en":
        page.locator("#user-tools .language-switch button").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(media="print")
    # A4 less its side margins (210 − 2 × 12 mm) at 96 px to the inch.
    page.set_viewport_size({"width": 703, "height": 1000})
    for url in ["/reports/", "/reports/bulletin/", *(f"/reports/{slug}/" for slug in SLUGS)]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (url, overflow)
        expect(page.locator(".letterhead-authority")).to_be_visible()
        expect(page.locator(".print-button")).to_be_hidden()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_screenshots_of_every_report(new_page, language):
    """A supervisor's view of the dashboard and each report with data, in each language
    (artifacts/browser/report-<slug>-<language>.png), and a clerk's dashboard."""
    for username in ("supervisor", "clerk"):
        page = new_page(locale="fa-IR" if language == "fa" else "en-US")
        login(page, username)
        if language == "en":
            page.locator("#user-tools .language-switch button").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        for slug in ("dashboard", "bulletin", *SLUGS) if username == "supervisor" else ("dashboard", "bulletin"):
            page.goto("/reports/" if slug == "dashboard" else f"/reports/{slug}/")
            expect(page.locator(".letterhead h1")).to_be_visible()
            page.screenshot(path=ARTIFACTS / f"report-{slug}-{language}-{username}.png", full_page=True)
        page.close()


def test_the_director_general_s_office_prints_last_month_s_bulletin_with_the_reports_figures(page):
    """Last month is picked from the dashboard and printed: two to four A4 pages under the
    letterhead, numbered; a figure on paper is the one its report gives for the month's last day."""
    login(page, "supervisor")
    title = page.locator(".dashboard-bulletin a")
    expect(title).to_contain_text("گزارش ماهانه مدیرکل")
    month = title.inner_text().split(": ")[1]
    title.click()
    expect(page).to_have_url("/reports/bulletin/")
    expect(page.locator("#content h1")).to_have_text(f"گزارش ماهانه مدیرکل: {month}")
    # The same month asked for through the form.
    page.locator(".report-filters [type=submit]").click()
    expect(page.locator("#content h1")).to_have_text(f"گزارش ماهانه مدیرکل: {month}")

    pages = pdf_pages(page.pdf(format="A4", prefer_css_page_size=True))
    assert 2 <= len(pages) <= 4, len(pages)
    first = pages[0]
    assert reads(first, "اداره کل صنعت، معدن و تجارت استان کردستان"), first[:8]
    assert any("گزارش ماهانه مدیرکل" in line for line in first), first[:8]
    assert reads(first, "زمان چاپ"), first[:8]
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    for number, lines in enumerate(pages, start=1):
        assert reads(lines, f"صفحه {number} از {len(pages)}".translate(persian)), lines

    # The transparency figure as of the month's end, and the report it leads to at that day.
    group = page.locator(".bulletin-group a", has_text="شفافیت کالا")
    row = page.locator(".bulletin-figures tbody tr", has=page.locator("th", has_text="شفافیت (٪)"))
    printed = row.locator("td").first.inner_text()
    # (A PDF may keep a right-to-left line in drawing order, where a number reads backwards.)
    assert any(printed in line or printed[::-1] in line for line in first if "شفافیت" in line), printed
    group.click()
    expect(page).to_have_url(re.compile(r"/reports/transparency/\?.*as_of="))
    expect(page.locator(".report-totals div", has_text="شفافیت (٪)").locator("dd")).to_have_text(printed)
