"""A clerk keeps the producers: logs in to a Persian, right-to-left admin, adds a producer with a
licence dated in the Jalali picker, and is told in Persian when a national ID is wrong."""

import datetime

import pytest
from playwright.sync_api import expect

from registry import jalali
from registry.formatting import to_persian_digits
from registry.text import digits_to_ascii
from tests.browser.steps import login, typed_date
from tests.factories import legal_id

pytestmark = pytest.mark.browser


def month_title(year, month):
    """The picker's heading for a month, as the server names it."""
    return f"{jalali.MONTHS_FA[month - 1]} {to_persian_digits(year)}"


def months_back(year, month, count):
    index = year * 12 + (month - 1) - count
    return index // 12, index % 12 + 1


def fill_producer(page, national_id, name):
    page.locator("#id_national_id").fill(national_id)
    page.locator("#id_name").fill(name)
    page.locator("#id_county").select_option(label="مریوان")
    page.locator("#id_sector").select_option(label="لوازم خانگی")
    page.locator("#id_employees").fill("۲۵")


def test_clerk_logs_in_and_adds_a_producer_with_a_licence_dated_in_the_jalali_picker(page):
    page.goto("/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    expect(page.locator("#login-form [type=submit]")).to_have_value("ورود")
    login(page, "clerk")
    expect(page.locator("#site-name")).to_have_text("شفاف — صنعت، معدن و تجارت کردستان")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    national_id = legal_id(700_001)
    page.goto("/admin/registry/producer/add/")
    fill_producer(page, national_id, "کارگاه آزمون تقویم")
    page.locator("#licences-group .add-row a").click()
    licence = page.locator("#licences-0")
    licence.locator(".field-number input").fill("OP-BROWSER-A")
    licence.locator(".field-kind select").select_option("operating")

    # The picker opens on this month; three months back, then one forward, then a day.
    now = jalali.to_jalali(jalali.today())
    licence.locator(".field-issued_on").get_by_role("button", name="تقویم").click()
    picker = page.locator(".jdp-popup")
    expect(picker.locator(".jdp-title")).to_have_text(month_title(now.year, now.month))
    for _ in range(3):
        picker.locator(".jdp-prev").click()
    expect(picker.locator(".jdp-title")).to_have_text(month_title(*months_back(now.year, now.month, 3)))
    picker.locator(".jdp-next").click()
    year, month = months_back(now.year, now.month, 2)
    expect(picker.locator(".jdp-title")).to_have_text(month_title(year, month))
    picker.locator(f'.jdp-day[data-date="{year}/{month:02d}/10"]').click()
    expect(picker).to_have_count(0)
    chosen = f"{year}/{month:02d}/10"
    expect(licence.locator(".field-issued_on input")).to_have_value(to_persian_digits(chosen))
    # Typing stays possible, in Persian digits as a Persian keyboard gives them.
    licence.locator(".field-expires_on input").fill(typed_date(jalali.today() + datetime.timedelta(days=5 * 365)))

    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("کارگاه آزمون تقویم")
    page.locator("#searchbar").fill(to_persian_digits(national_id))
    page.locator("#searchbar").press("Enter")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".field-name")).to_have_text("کارگاه آزمون تقویم")
    expect(row.locator(".field-county")).to_have_text("مریوان")

    # The server kept the day the clerk clicked: the licence shows it when the producer reopens.
    row.locator(".field-name a").click()
    issued = page.locator("#id_licences-0-issued_on")
    expect(issued).not_to_have_value("")
    assert digits_to_ascii(issued.input_value()) == chosen


def test_wrong_national_id_is_refused_with_a_persian_error_next_to_the_field(page):
    login(page, "clerk")
    page.goto("/admin/registry/producer/add/")
    # A typo in the last digit of spec section 6's valid ID, typed in Persian digits.
    fill_producer(page, "۱۰۳۸۰۲۸۴۷۹۲", "کارگاه شناسه نادرست")
    page.locator("input[name=_save]").first.click()

    message = "«10380284792» شناسه ملی معتبری نیست: شناسه ملی ۱۱ رقمی شخص حقوقی یا کد ملی ۱۰ رقمی، با رقم کنترل درست."
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".form-row.field-national_id .errorlist")).to_have_text(message)
    expect(page.locator("#id_national_id")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".error-summary li")).to_have_text(f"شناسه ملی: {message}")
    # Only that field is wrong; what the clerk typed elsewhere is still there.
    expect(page.locator(".form-row.errors")).to_have_count(1)
    expect(page.locator("#id_name")).to_have_value("کارگاه شناسه نادرست")
