"""Importing and exporting in the admin: a preview that writes nothing, a confirmation that writes
everything or nothing, the file kept in the database in between, permissions, filtered exports."""

import datetime
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.models import County, ImportLog, PendingUpload, Producer, Product
from tests import factories
from tests.conftest import make_user
from tests.querycount import count_queries

SAMPLES = Path(__file__).resolve().parent / "samples"
IMPORT = "/admin/registry/producer/import/"
CONFIRM = "/admin/registry/producer/process_import/"
PRODUCERS = "national_id,name,county,sector\n10380284790,سيمين كردستان,بانه,food\n10100387143,تابان,saqqez,food\n"

pytestmark = pytest.mark.django_db
# The session, the user and their permissions, then the import's own (tests/test_admin_import.py).
PREVIEW_QUERIES = 22
TEMPLATE_QUERIES = 10


def upload(client, content, name="producers.csv", url=IMPORT):
    return client.post(url, {"import_file": SimpleUploadedFile(name, content)})


class _Table(HTMLParser):
    """The text of each cell of the body of the table with class `css_class`."""

    def __init__(self, css_class):
        super().__init__()
        self.css_class, self.inside, self.rows, self.cell = css_class, False, [], None

    def handle_starttag(self, tag, attrs):
        if self.cell is not None and tag in ("div", "span"):
            self.cell.append(" ")
        if tag == "table" and self.css_class in (dict(attrs).get("class") or "").split():
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(page, css_class):
    parser = _Table(css_class)
    parser.feed(page)
    return [row for row in parser.rows if row]


def pending_id(response):
    match = re.search(r'name="upload" value="(\d+)"', response.content.decode())
    return match and int(match.group(1))


def test_the_change_list_offers_import_and_export_to_a_clerk_and_only_export_to_a_supervisor(
        clerk_client, supervisor):
    page = clerk_client.get("/admin/registry/producer/").content.decode()
    assert "/admin/registry/producer/import/" in page and "/admin/registry/producer/export/" in page
    clerk_client.force_login(supervisor)
    page = clerk_client.get("/admin/registry/producer/").content.decode()
    assert "/admin/registry/producer/import/" not in page and "/admin/registry/producer/export/" in page
    assert clerk_client.get(IMPORT).status_code == 403
    assert clerk_client.post(CONFIRM, {"upload": 1}).status_code == 403


def test_the_import_page_is_persian_and_lists_the_columns(clerk_client):
    page = clerk_client.get(IMPORT).content.decode()
    assert "ورود واحدهای تولیدی از فایل" in page
    assert "<code>national_id</code></td><td>شناسه ملی</td>" in page


def test_a_preview_writes_nothing_and_keeps_the_file_in_the_database(clerk_client, clerk):
    response = upload(clerk_client, PRODUCERS.encode("utf-8"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "بررسی شد و چیزی ثبت نشد: ۲ جدید، ۰ به‌روزشده، ۰ بدون تغییر." in page
    assert "سیمین کردستان (10380284790)" in page and "تأیید ورود" in page
    assert Producer.objects.count() == 0 and Producer.history.count() == 0
    pending = PendingUpload.objects.get(pk=pending_id(response))
    assert (pending.owner, pending.kind, pending.file_name, bytes(pending.data)) == (
        clerk, "producers", "producers.csv", PRODUCERS.encode("utf-8"))
    assert ImportLog.objects.get().dry_run is True


def test_confirming_imports_every_row_with_history_naming_the_clerk_and_the_file(clerk_client, clerk):
    preview = upload(clerk_client, PRODUCERS.encode("cp1256"), "producers_1256.csv")
    response = clerk_client.post(CONFIRM, {"upload": pending_id(preview)}, follow=True)
    assert response.redirect_chain == [("/admin/registry/producer/", 302)]
    assert "وارد شد: ۲ جدید، ۰ به‌روزشده، ۰ بدون تغییر." in response.content.decode()
    assert sorted(Producer.objects.values_list("name", flat=True)) == ["تابان", "سیمین کردستان"]
    assert {(entry.history_user, entry.history_change_reason) for entry in Producer.history.all()} == {
        (clerk, "import: producers_1256.csv")}
    assert PendingUpload.objects.count() == 0
    assert ImportLog.objects.filter(dry_run=False, status="imported", user=clerk, new_count=2).count() == 1
    assert clerk_client.post(CONFIRM, {"upload": pending_id(preview)}).status_code == 302  # twice: refused
    assert Producer.objects.count() == 2


def test_a_file_with_one_wrong_row_shows_its_row_and_reason_and_offers_no_confirmation(clerk_client):
    content = (SAMPLES / "bad_producers_checksum.csv").read_bytes()
    page = upload(clerk_client, content).content.decode()
    assert "هیچ ردیفی وارد نشد: ۱ خطا." in page
    assert table(page, "import-errors") == [["۷", "شناسه ملی", "«49407744135» شناسه ملی معتبری نیست: شناسه ملی ۱۱ "
                                                              "رقمی شخص حقوقی یا کد ملی ۱۰ رقمی، با رقم کنترل درست."]]
    # Nothing was written, so no row is counted as new; the refused row shows what it held.
    assert table(page, "import-counts") == [] and "۵ ردیف درست است؛ هیچ‌کدام وارد نشد." in page
    assert table(page, "import-rows")[-1] == [
        "۷", "خطا", "", "شناسه ملی: 49407744135 نام واحد: واحد نادرست شهرستان: سنندج حوزه: صنایع غذایی کد آیسیک: 1511 "
        "وضعیت: فعال تعداد کارکنان: ۳ کد پستی: 8996332701"]
    assert "process_import" not in page and PendingUpload.objects.count() == 0
    assert Producer.objects.count() == 0


def test_an_english_page_gets_english_reasons(clerk_client):
    content = (SAMPLES / "bad_unknown_county.csv").read_bytes()
    clerk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    page = clerk_client.post(IMPORT, {"import_file": SimpleUploadedFile("c.csv", content)}).content.decode()
    assert "Nothing was imported: 1 error." in page and "1 row is right; it was not imported either." not in page
    assert table(page, "import-errors") == [["2", "county", "No county has the key «tehran»."]]


def test_nobody_else_can_confirm_a_clerks_preview(client, clerk):
    client.force_login(clerk)
    preview = upload(client, PRODUCERS.encode("utf-8"))
    client.force_login(make_user("clerk2", "clerk"))
    response = client.post(CONFIRM, {"upload": pending_id(preview)}, follow=True)
    assert "مهلت این پیش‌نمایش گذشته" in response.content.decode()
    assert Producer.objects.count() == 0


def test_an_expired_preview_cannot_be_confirmed_and_is_cleaned_up(clerk_client):
    preview = upload(clerk_client, PRODUCERS.encode("utf-8"))
    PendingUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    assert clerk_client.post(CONFIRM, {"upload": pending_id(preview)}).status_code == 302
    assert Producer.objects.count() == 0
    upload(clerk_client, PRODUCERS.encode("utf-8"))
    assert PendingUpload.objects.count() == 1  # the expired one went when the next file came


def test_a_confirmation_is_still_all_or_nothing(clerk_client):
    preview = upload(clerk_client, PRODUCERS.encode("utf-8"))
    factories.make_producer(national_id="90000000006", name="دیگر")  # unrelated; must stay alone
    PendingUpload.objects.update(data=(PRODUCERS + "10380284792,بد,baneh,food\n").encode("utf-8"))
    page = clerk_client.post(CONFIRM, {"upload": pending_id(preview)}).content.decode()
    assert "هیچ ردیفی وارد نشد" in page
    assert list(Producer.objects.values_list("name", flat=True)) == ["دیگر"]


@override_settings(IMPORT_MAX_UPLOAD_BYTES=50)
def test_an_upload_over_the_size_limit_is_refused(clerk_client):
    assert len(PRODUCERS.encode("utf-8")) == 118
    page = upload(clerk_client, PRODUCERS.encode("utf-8")).content.decode()
    assert "حجم فایل ۱۱۸ بایت است، بیش از حد مجاز ۵۰ بایت." in page
    assert PendingUpload.objects.count() == 0 and ImportLog.objects.count() == 0


def test_an_oversized_xlsx_is_refused_in_the_admin(clerk_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 30_000_000)
    page = upload(clerk_client, buffer.getvalue(), "bomb.xlsx").content.decode()
    assert "فایل پس از بازشدن ۲۸٫۶ مگابایت می‌شود" in page


def test_export_honours_the_change_list_filters_and_writes_jalali_dates(supervisor_client):
    factories.make_product(name="ثبت‌شده", status="registered", declared_on=datetime.date(2024, 8, 2))
    factories.make_product(name="در انتظار", status="pending")
    url = "/admin/registry/product/export/?status__exact=registered"
    assert "عنوان ستون‌ها به فارسی" in supervisor_client.get(url).content.decode()
    response = supervisor_client.post(url, {"format": "0", "resource": "0"})
    assert response["Content-Disposition"].startswith('attachment; filename="products-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].split(",")[1:6:4] == ["ثبت‌شده", "1403/05/12"]


def test_export_can_write_persian_headers(supervisor_client):
    factories.make_producer()
    response = supervisor_client.post("/admin/registry/producer/export/", {"format": "1", "resource": "0",
                                                                             "persian_labels": "on"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "شناسه ملی" and Product.objects.count() == 0


def test_the_import_log_is_read_only_for_clerks_and_supervisors(clerk_client, supervisor):
    ImportLog.objects.create(source="command", kind="producers", file_name="a.csv", status="refused", error_count=3)
    log = ImportLog.objects.get()
    assert clerk_client.get("/admin/registry/importlog/").status_code == 200
    page = clerk_client.get(f"/admin/registry/importlog/{log.pk}/change/").content.decode()
    assert 'name="file_name"' not in page and "a.csv" in page
    assert clerk_client.get("/admin/registry/importlog/add/").status_code == 403
    clerk_client.force_login(supervisor)
    assert clerk_client.get("/admin/registry/importlog/").status_code == 200


def test_importing_reference_data_is_for_administrators(clerk_client, administrator):
    assert clerk_client.get("/admin/registry/county/import/").status_code == 403
    clerk_client.force_login(administrator)
    data = "code,name_fa,name_en,population,census_year\nbaneh,بانه,Baneh,160000,1395\n".encode()
    preview = upload(clerk_client, data, "counties.csv", url="/admin/registry/county/import/")
    response = clerk_client.post("/admin/registry/county/process_import/", {"upload": pending_id(preview)})
    assert response.status_code == 302
    assert County.objects.get(code="baneh").population == 160_000


def log_entry(**fields):
    values = {"source": "command", "kind": "producers", "file_name": "03_producers.csv", "status": "imported",
              "new_count": 1250, "updated_count": 0, "unchanged_count": 3, "error_count": 0}
    return ImportLog.objects.create(**{**values, **fields})


def row_cells(html):
    """The cells of the import log's rows, markup inside them kept."""
    return [re.findall(r'<t[dh] class="field-([a-z_]+)[^"]*"[^>]*>(.*?)</t[dh]>', row, re.DOTALL)
            for row in re.findall(r"<tr>(.*?)</tr>", html.split('id="result_list"')[1], re.DOTALL)[1:]]


@pytest.mark.parametrize(("language", "kind", "source", "status", "new"), [
    ("fa", "واحدهای تولیدی", "خط فرمان", "وارد شد", "۱٬۲۵۰"),
    ("en", "Producers", "command line", "imported", "1,250"),
])
def test_the_import_log_reads_in_each_language_with_the_file_name_isolated(clerk_client, language, kind, source,
                                                                            status, new):
    log_entry()
    clerk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    [cells] = row_cells(clerk_client.get("/admin/registry/importlog/").content.decode())
    shown = dict(cells)
    assert (shown["kind_name"], shown["source"], shown["status"], shown["new_count"]) == (kind, source, status, new)
    assert re.fullmatch(r'<a href="[^"]+"><bdi dir="ltr">03_producers.csv</bdi></a>', shown["file"])
    assert [name for name, _value in cells] == ["created_at", "kind_name", "file", "user", "source", "status",
                                                "new_count", "updated_count", "unchanged_count", "error_count"]


def test_an_import_log_entry_lists_its_errors_one_a_line(clerk_client):
    entry = log_entry(status="refused", new_count=0, unchanged_count=0, error_count=2,
                      errors="ردیف 2، ستون county: هیچ شهرستان با کلید «tehran» وجود ندارد.\nردیف 3، ستون sector: <b>")
    html = clerk_client.get(f"/admin/registry/importlog/{entry.pk}/change/").content.decode()
    assert ('<div dir="auto">ردیف 2، ستون county: هیچ شهرستان با کلید «tehran» وجود ندارد.</div>'
            '<div dir="auto">ردیف 3، ستون sector: &lt;b&gt;</div>') in html
    assert "واحدهای تولیدی" in html and '<bdi dir="ltr">03_producers.csv</bdi>' in html


def test_the_import_log_is_filtered_by_kind_by_its_persian_name(clerk_client):
    log_entry()
    log_entry(kind="estates", file_name="02_estates.csv")
    html = clerk_client.get("/admin/registry/importlog/").content.decode()
    assert re.search(r'<a href="\?kind=estates">شهرک‌های صنعتی</a>', html)
    filtered = clerk_client.get("/admin/registry/importlog/", {"kind": "estates"}).context["cl"]
    assert [entry.file_name for entry in filtered.result_list] == ["02_estates.csv"]


def test_the_import_log_costs_the_same_queries_for_1_entry_or_20(clerk_client, clerk):
    log_entry(user=clerk)
    one = count_queries(clerk_client, "/admin/registry/importlog/")
    for _ in range(19):
        log_entry(user=clerk)
    assert count_queries(clerk_client, "/admin/registry/importlog/") == one


def test_errors_that_repeat_are_said_once_with_their_rows_and_a_hint(clerk_client):
    lines = ["national_id,name,county,sector,estate"]
    lines += [f"{factories.legal_id(n)},واحد {n},sanandaj,food,EST03" for n in range(1, 43)]
    lines += [f"{factories.legal_id(50)},واحد ۵۰,tehran,food,"]
    page = upload(clerk_client, ("\n".join(lines) + "\n").encode()).content.decode()
    assert "هیچ ردیفی وارد نشد: ۴۳ خطا." in page
    assert table(page, "import-errors") == [
        ["۴۲ ردیف: ۲–۴۳", "شهرک صنعتی",
         "هیچ شهرک صنعتی با کلید «EST03» وجود ندارد. نخست شهرک‌های صنعتی را وارد کنید (فایل آن‌ها پیش از این فایل "
         "می‌آید)، یا کلید را درست کنید."],
        ["۴۴", "شهرستان", "هیچ شهرستان با کلید «tehran» وجود ندارد."],
    ]


def test_the_preview_shows_the_values_each_row_writes_and_an_updates_changes(clerk_client):
    producer = factories.make_producer(name="قدیم", employees=5, county="sanandaj")
    data = (f"national_id,name,county,sector,employees,phone\n"
            f"{producer.national_id},جدید,sanandaj,{producer.sector.code},7,\n"
            "10380284790,تازه,baneh,food,1200,9183951415\n").encode()
    page = upload(clerk_client, data).content.decode()
    assert table(page, "import-rows") == [
        ["۲", "به‌روزشده", f"جدید ({producer.national_id})", "نام واحد: قدیم ← جدید تعداد کارکنان: ۵ ← ۷"],
        ["۳", "جدید", "تازه (10380284790)",
         "شناسه ملی: 10380284790 نام واحد: تازه شهرستان: بانه حوزه: صنایع غذایی تعداد کارکنان: ۱٬۲۰۰ تلفن: 09183951415 "
         "تلفن: صفر ابتدایی بازگردانده شد: 9183951415 ← 09183951415"],
    ]


def test_the_preview_runs_the_same_queries_for_1_row_and_50(clerk_client):
    def preview(rows):
        lines = ["national_id,name,county,sector,estate"]
        lines += [f"{factories.legal_id(n)},واحد {n},sanandaj,food,EST01" for n in range(1, rows + 1)]
        with CaptureQueriesContext(connection) as context:
            assert upload(clerk_client, ("\n".join(lines) + "\n").encode()).status_code == 200
        return len(context.captured_queries)

    factories.make_estate(code="EST01")
    factories.make_producer(national_id=factories.legal_id(1))  # one row updates a stored record
    assert preview(2) == preview(50) == PREVIEW_QUERIES


def test_each_kinds_import_page_offers_its_template(clerk_client, supervisor_client):
    page = clerk_client.get(IMPORT).content.decode()
    assert 'href="/admin/registry/producer/import/template/"' in page
    response = clerk_client.get("/admin/registry/producer/import/template/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="producers-template.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["شناسه ملی", "نام واحد", "شهرستان"]
    assert supervisor_client.get("/admin/registry/producer/import/template/").status_code == 403
    assert count_queries(clerk_client, "/admin/registry/producer/import/template/") == TEMPLATE_QUERIES


def test_the_export_page_reads_persian(supervisor_client):
    page = supervisor_client.get("/admin/registry/producer/export/").content.decode()
    assert "این فایل خروجی این ستون‌ها را دارد:" in page
    assert "This exporter" not in page
