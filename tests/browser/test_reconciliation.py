"""A clerk reconciles the registry with the national goods-ID list: uploads the list from the
products list, reads the review, applies it in one click, and the transparency report then
counts what the national system holds."""

import pytest
from playwright.sync_api import expect

from registry.formatting import format_number
from tests.browser.seed import RECONCILED_PRODUCER_ID, RECONCILED_PRODUCTS
from tests.browser.steps import login
from tests.factories import goods_id, legal_id

pytestmark = pytest.mark.browser

TRANSPARENCY = "/reports/transparency/?county=baneh&sector=food"


def national_list(path):
    """The list as the national system gives it: Persian headers, Arabic-keyboard letters, a
    Jalali date in Persian digits."""
    producer = legal_id(RECONCILED_PRODUCER_ID)
    rows = [
        (goods_id(700_001), producer, "دوغ محلي آزمون", "۱۴۰۴/۰۲/۰۱", "فعال"),      # registers the pending product
        (goods_id(700_002), producer, "پنير كوزه اي آزمون", "1404/02/10", "فعال"),   # the same, without the non-joiner
        (goods_id(700_003), producer, "ماست پرچرب آزمون", "1404/03/01", "فعال"),     # a new product
        (goods_id(700_004), legal_id(700_004), "کالای ناشناس", "1404/03/01", "فعال"),  # an unknown producer
    ]
    lines = ["شناسه کالا,شناسه ملی تولیدکننده,شرح کالا,تاریخ ثبت,وضعیت شناسه", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def transparency_totals(page):
    return page.request.get(TRANSPARENCY + "&format=json").json()["totals"]


def test_clerk_reconciles_with_the_national_list_and_transparency_follows(page, tmp_path):
    login(page, "clerk")
    before = transparency_totals(page)

    page.goto("/admin/registry/product/")
    page.locator(".object-tools a.reconcile-link").click()
    expect(page.locator("#content h1")).to_have_text("تطبیق با سامانه جامع")
    page.locator("input[type=file][name=national_list]").set_input_files(national_list(tmp_path / "national.csv"))
    page.locator("form[enctype='multipart/form-data'] [type=submit]").click()

    # The review: each finding's count, the rows to register first, with what will change.
    expect(page.locator("#content h1")).to_have_text("تطبیق با فهرست سامانه جامع")
    counts = page.locator("table.reconciliation-counts")
    expect(counts.locator("tr.finding-to_register td.number")).to_have_text("۲")
    expect(counts.locator("tr.finding-new_product td.number")).to_have_text("۱")
    expect(counts.locator("tr.finding-unknown_producer td.number")).to_have_text("۱")
    rows = page.locator("table.reconciliation-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(RECONCILED_PRODUCTS[0])
    expect(rows.first).to_contain_text("در انتظار")
    expect(rows.first).to_contain_text(goods_id(700_001))
    assert transparency_totals(page) == before  # nothing written before the clerk applies

    # One click brings the registry in line (in a second tab: the first keeps the review).
    applying = page.context.new_page()
    applying.goto(page.url)
    applying.locator("button[name=apply][value=all]").click()
    expect(applying.locator(".messagelist .success")).to_have_text("اعمال شد: ۲ کالا ثبت و ۱ کالا ایجاد شد.")
    expect(applying.locator("button[name=apply]")).to_have_count(0)

    after = transparency_totals(page)
    assert (after["products"], after["registered"]) == (before["products"] + 1, before["registered"] + 3)

    report = page.context.new_page()
    report.goto(TRANSPARENCY)
    registered = report.locator(".report-totals div", has_text="ثبت‌شده").locator("dd")
    expect(registered.first).to_have_text(format_number(after["registered"]))
    status = report.locator(".reconciliation-status")
    expect(status).to_contain_text("آخرین تطبیق با سامانه جامع")
    # The products of Baneh's food producers registered here but not on the list: the demo's.
    missing = status.locator("a").nth(1)
    shown = missing.inner_text().split()[0]
    # Followed in a tab of its own, so that the report stays on screen.
    listed = page.context.new_page()
    listed.goto(missing.get_attribute("href"))
    expect(listed.locator("#changelist-filter li.selected", has_text="در تطبیق")).to_be_visible()
    expect(listed.locator("#changelist-filter li.selected", has_text="بانه")).to_be_visible()
    expect(listed.locator(".paginator")).to_contain_text(f"{shown} کالا")
