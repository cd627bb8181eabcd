"""The reconciliation in the admin and the reports: uploading the national list from the products
list, the review and its figures, applying all or one finding, refusals, county scope, the list of
reconciliations, and the reports' figures, each followed to the list it counts."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from registry import jalali, reconciliation
from registry.models import CountyAssignment, Product, Reconciliation
from registry.models.reconciliation import Finding
from tests import factories as f
from tests.conftest import logged_in, make_user
from tests.national_lists import csv_bytes, make_registry, national_list, row
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/registry/reconciliation/add/"


def upload(client, data, name="national-1404.csv"):
    return client.post(ADD_URL, {"national_list": SimpleUploadedFile(name, data, "text/csv")})


def review_url(run):
    return f"/admin/registry/reconciliation/{run.pk}/change/"


def list_count(client, url):
    """How many records the admin list at `url` shows (and that its filters are visible)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# -- upload and review -------------------------------------------------------------------------


def test_the_products_list_leads_clerks_to_the_reconciliation(clerk_client, supervisor_client):
    assert f'href="{ADD_URL}"' in clerk_client.get("/admin/registry/product/").content.decode()
    assert ADD_URL not in supervisor_client.get("/admin/registry/product/").content.decode()
    page = clerk_client.get(ADD_URL).content.decode()
    assert "شناسه ملی تولیدکننده" in page and "وضعیت شناسه" in page


def test_an_upload_is_reviewed_with_each_finding_s_count_and_what_will_change(clerk_client):
    zagros, other, products = make_registry()
    response = upload(clerk_client, national_list(zagros, other))
    run = Reconciliation.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(run)
    assert Product.objects.filter(status="registered").count() == 5  # nothing written yet
    page = text(clerk_client.get(review_url(run)))
    counts = dict(re.findall(r'<tr class="finding-(\w+)[^"]*"> <th scope="row"><a [^>]*>[^<]*</a></th> '
                             r'<td class="number"><a [^>]*>([^<]*)</a>', page))
    assert counts == {"to_register": "۳", "new_product": "۱", "conflict": "۲", "cancelled_nationally": "۲",
                      "unknown_producer": "۱", "out_of_scope": "۰", "matched": "۱", "missing_nationally": "۳"}
    # The rows to register first, with old → new.
    assert "آب‌میوه پرتقال" in page and f.goods_id(11) in page
    assert "در انتظار" in page and "ثبت‌شده" in page
    new_products = text(clerk_client.get(review_url(run), {"finding": "new_product"}))
    assert "ماکارونی" in new_products and "صنایع غذایی" in new_products


def test_the_review_reads_in_english_with_latin_digits(clerk_client):
    zagros, other, _products = make_registry()
    run = reconciliation.reconcile(national_list(zagros, other), "national.csv")
    clerk_client.cookies["django_language"] = "en"
    page = text(clerk_client.get(review_url(run)))
    assert 'lang="en"' in page and "To register" in page and "Missing nationally" in page
    assert "Apply all: register 3 and create 1" in page
    assert "registration status:</strong> <bdi>pending</bdi> &rarr; <bdi>registered</bdi>" in page
    assert "۳" not in page


def test_the_review_runs_the_same_queries_for_1_and_for_60_rows(clerk_client):
    producer = f.make_producer()
    small = reconciliation.reconcile(csv_bytes(row(f.goods_id(100), producer, "کالا")), "one.csv")
    many = reconciliation.reconcile(
        csv_bytes(*(row(f.goods_id(200 + n), producer, f"کالای {n}") for n in range(60))), "sixty.csv")
    # Session, user, the user's permissions (2), the reconciliation, one page of its rows with
    # their products and producers; the worklist's count in the header (the clerk's counties, the count).
    assert count_queries(clerk_client, review_url(small)) == count_queries(clerk_client, review_url(many)) == 8


def test_applying_all_brings_the_registry_in_line(clerk_client, clerk):
    zagros, other, products = make_registry()
    upload(clerk_client, national_list(zagros, other))
    run = Reconciliation.objects.get()
    response = clerk_client.post(review_url(run), {"apply": "all"}, follow=True)
    assert Product.objects.filter(status="registered").count() == 9
    assert "۳ کالا ثبت و ۱ کالا ایجاد شد" in text(response)
    run.refresh_from_db()
    assert (run.status, run.registered_count, run.created_count, run.applied_by) == ("applied", 3, 1, clerk)
    assert 'name="apply"' not in response.content.decode()  # nothing left to apply
    history = clerk_client.get(f"/admin/registry/product/{products['by_name'].pk}/history/").content.decode()
    assert 'تطبیق با فهرست شناسه‌های کالای سامانه جامع: <bdi dir="ltr">national-1404.csv</bdi>' in history


def test_applying_one_finding_only(clerk_client):
    zagros, other, _products = make_registry()
    upload(clerk_client, national_list(zagros, other))
    run = Reconciliation.objects.get()
    clerk_client.post(review_url(run), {"apply": Finding.NEW_PRODUCT})
    assert Product.objects.filter(goods_id=f.goods_id(14)).exists()
    assert Product.objects.get(pk=_products["by_name"].pk).goods_id is None
    page = clerk_client.get(review_url(run)).content.decode()
    assert 'value="to_register"' in page and 'value="new_product"' not in page
    # The one finding left is applied by the page's main button, which says so («only» of what?).
    [button] = re.findall(r'<button type="submit" name="apply"[^>]*>[^<]*</button>', page)
    assert button == '<button type="submit" name="apply" value="to_register" class="default">اعمال: ثبت ۳ کالا</button>'


def test_supervisors_read_the_review_but_cannot_apply(supervisor_client):
    zagros, other, _products = make_registry()
    run = reconciliation.reconcile(national_list(zagros, other), "national.csv")
    page = supervisor_client.get(review_url(run)).content.decode()
    assert "ماکارونی" not in page and 'name="apply"' not in page
    assert supervisor_client.post(review_url(run), {"apply": "all"}).status_code == 403
    assert supervisor_client.get(ADD_URL).status_code == 403
    assert Product.objects.filter(status="registered").count() == 5


def test_a_refused_list_shows_every_error_by_row_and_column_in_persian(clerk_client):
    producer = f.make_producer()
    response = upload(clerk_client, csv_bytes(row("6261234567890", producer, "یک"),
                                              row(f.goods_id(50), producer, "دو", "1402/12/30")))
    page = text(response)
    assert response.status_code == 200
    assert "فهرست پذیرفته نشد" in page
    assert re.search(r"<td class=\"number\">۲</td><td><bdi>شناسه کالا</bdi></td><td>«6261234567890» شناسه کالای", page)
    assert re.search(r"<td class=\"number\">۳</td><td><bdi>تاریخ ثبت</bdi></td>", page)
    assert Reconciliation.objects.get().status == Reconciliation.Status.REFUSED


def test_a_county_clerk_sees_other_counties_rows_as_out_of_scope(client):
    zagros, other, products = make_registry()
    saqqez_clerk = make_user("saqqez_clerk", "clerk")
    CountyAssignment.objects.create(user=saqqez_clerk, county=f.county("saqqez"))
    client = logged_in(saqqez_clerk)
    upload(client, national_list(zagros, other))
    run = Reconciliation.objects.get()
    page = text(client.get(review_url(run), {"finding": "out_of_scope"}))
    assert "رب گوجه فرنگی" in page and "سقز" in page
    assert 'name="apply"' not in page  # nothing of Saqqez to register or create
    client.post(review_url(run), {"apply": "all"})
    assert Product.objects.filter(status="registered").count() == 5


def test_every_reconciliation_is_listed_with_who_when_file_and_counts(clerk_client, supervisor_client):
    zagros, other, _products = make_registry()
    upload(clerk_client, national_list(zagros, other), "first.csv")
    upload(clerk_client, csv_bytes(row("6261234567890", zagros, "یک")), "bad.csv")
    page = text(supervisor_client.get("/admin/registry/reconciliation/"))
    assert "first.csv" in page and "bad.csv" in page and "clerk1" in page
    assert supervisor_client.get("/admin/registry/reconciliation/").context["cl"].result_count == 2


# -- the products missing nationally -------------------------------------------------------------


def test_the_review_s_missing_figure_leads_to_exactly_those_products(clerk_client):
    zagros, other, _products = make_registry()
    run = reconciliation.reconcile(national_list(zagros, other), "national.csv")
    page = clerk_client.get(review_url(run)).content.decode()
    url = reconciliation.missing_url(run).replace("&", "&amp;")
    assert f'href="{url}"' in page
    assert list_count(clerk_client, reconciliation.missing_url(run)) == run.missing_nationally == 3
    # The filter shows in the list's filter panel, chosen.
    listed = text(clerk_client.get(reconciliation.missing_url(run)))
    assert re.search(r'<li class="selected"> <a href="\?missing_nationally=\d+"[^>]*>در تطبیق', listed)


def shown_missing(page):
    """The figure of products missing nationally that a report page shows."""
    found = re.search(r"(\S+) کالای ثبت‌شده در شفاف، در فهرست سامانه جامع نبود", text_of(page))
    return int(found.group(1).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")).replace("٬", ""))


def text_of(page):
    return re.sub(r"<[^>]+>", "", re.sub(r"\s+", " ", page))


def test_the_reports_show_the_last_reconciliation_and_the_products_missing_nationally(supervisor_client):
    zagros, other, _products = make_registry()
    for url in ("/reports/", "/reports/transparency/"):
        assert "شفاف هنوز با سامانه جامع تطبیق داده نشده است" in text(supervisor_client.get(url))
    run = reconciliation.reconcile(national_list(zagros, other), "national.csv")
    county, sector = "producer__county__id__exact", "sector__id__exact"
    for url, missing, filters in (
        ("/reports/", 3, {}),
        ("/reports/transparency/", 3, {}),
        ("/reports/transparency/?county=saqqez", 2, {county: f.county("saqqez").pk}),
        ("/reports/transparency/?sector=food", 0, {sector: f.sector("food").pk}),
        ("/reports/transparency/?county=sanandaj&sector=home_appliances", 1,
         {county: f.county("sanandaj").pk, sector: f.sector("home_appliances").pk}),
    ):
        page = supervisor_client.get(url).content.decode()
        link = reconciliation.missing_url(run, **filters)
        assert f'href="{link.replace("&", "&amp;")}"' in page, url
        assert shown_missing(page) == list_count(supervisor_client, link) == missing, url
        day = jalali.format_date(timezone.localdate(run.created_at), "persian")
        assert f'<a href="/admin/registry/reconciliation/">{day}</a>' in page, url
    assert list_count(supervisor_client, "/admin/registry/reconciliation/") == 1


def test_a_county_clerk_s_reconciliation_says_which_counties_it_covered(supervisor_client):
    zagros, other, _products = make_registry()
    saqqez_clerk = make_user("saqqez_clerk", "clerk")
    CountyAssignment.objects.create(user=saqqez_clerk, county=f.county("saqqez"))
    run = reconciliation.reconcile(national_list(zagros, other), "saqqez.csv", user=saqqez_clerk)
    page = supervisor_client.get("/reports/").content.decode()
    assert "</a> (سقز)." in page
    assert shown_missing(page) == list_count(supervisor_client, reconciliation.missing_url(run)) == 2
    supervisor_client.cookies["django_language"] = "en"
    assert "</a> (Saqqez)." in supervisor_client.get("/reports/").content.decode()


def test_the_transparency_figure_follows_an_applied_list(clerk_client, supervisor_client):
    zagros, other, _products = make_registry()
    before = supervisor_client.get("/reports/transparency/?format=json").json()["totals"]
    upload(clerk_client, national_list(zagros, other))
    clerk_client.post(review_url(Reconciliation.objects.get()), {"apply": "all"})
    after = supervisor_client.get("/reports/transparency/?format=json").json()["totals"]
    assert (before["products"], before["registered"]) == (8, 5)
    assert (after["products"], after["registered"]) == (9, 9)


@pytest.mark.parametrize(("url", "queries"), [
    ("/reports/", 18), ("/reports/transparency/", 10), ("/reports/transparency/?county=saqqez", 11)])
def test_the_reports_read_the_last_reconciliation_in_one_query_and_count_a_filter_in_one_more(
        supervisor_client, url, queries):
    zagros, other, _products = make_registry()
    reconciliation.reconcile(national_list(zagros, other), "national.csv")
    assert count_queries(supervisor_client, url) == queries


def test_a_product_s_history_names_the_list_in_the_reader_s_language_once(clerk_client):
    zagros, other, products = make_registry()
    reconciliation.apply(reconciliation.reconcile(national_list(zagros, other), "national-1404.csv"))
    url = f"/admin/registry/product/{products['by_name'].pk}/history/"
    page = clerk_client.get(url).content.decode()
    assert page.count("national-1404.csv") == 1
    assert 'تطبیق با فهرست شناسه‌های کالای سامانه جامع: <bdi dir="ltr">national-1404.csv</bdi>' in page
    clerk_client.cookies["django_language"] = "en"
    assert ('Reconciled with the national goods-ID list: <bdi dir="ltr">national-1404.csv</bdi>'
            in clerk_client.get(url).content.decode())


def test_the_list_of_reconciliations_and_the_upload_page_run_a_fixed_number_of_queries(clerk_client):
    producer = f.make_producer()
    reconciliation.reconcile(csv_bytes(row(f.goods_id(300), producer, "کالا")), "one.csv")
    # Session, user, the user's permissions (2), the page's count and rows (with their users); the
    # worklist's count in the header (the clerk's counties, the count).
    one = count_queries(clerk_client, "/admin/registry/reconciliation/")
    for n in range(4):
        reconciliation.reconcile(csv_bytes(row(f.goods_id(301 + n), producer, f"کالا {n}")), f"{n}.csv")
    assert count_queries(clerk_client, "/admin/registry/reconciliation/") == one == 8
    # Session, user, the user's permissions (2); the worklist's count in the header (2).
    assert count_queries(clerk_client, ADD_URL) == 6


def test_the_upload_page_isolates_codes_and_writes_no_latin_digit_in_persian_prose(clerk_client):
    html = clerk_client.get(ADD_URL).content.decode()
    main = html.split('id="content-main"')[1].split("</form>")[1]
    assert '<bdi dir="ltr"><code>goods_id</code></bdi>' in main
    assert "مانند ۱۴۰۳/۰۵/۱۲" in main and "\u20662024-08-02\u2069" in main
    # What is left once isolated codes are taken out reads in Persian digits.
    prose = re.sub(r"<bdi[^>]*>.*?</bdi>|\u2066.*?\u2069|<[^>]+>", " ", main)
    assert re.findall(r"[0-9]", prose) == []
