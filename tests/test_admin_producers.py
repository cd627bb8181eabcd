"""The clerks' producer and product screens: lists, search, filters, forms, permissions, queries."""

import datetime

import pytest
from django.utils import translation

from registry.formatting import to_persian_digits
from registry.models import Licence, Obligation, Producer, Product
from tests.factories import (
    county,
    goods_id,
    legal_id,
    make_inspection,
    make_licence,
    make_obligation,
    make_producer,
    make_product,
    make_smuggling_item,
    sector,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

CHANGELISTS = ["producer", "licence", "product", "smugglingitem", "obligation", "inspection"]


def producer_form(**overrides):
    """POST data for the producer add form, with empty licence and product inlines."""
    data = {
        "national_id": "10380284790", "name": "کاشی زاگرس", "county": county("baneh").pk,
        "sector": sector("construction_materials").pk, "isic_code": "", "status": "active", "employees": "12",
        "postal_code": "", "phone": "", "address": "", "estate": "",
        "licences-TOTAL_FORMS": "0", "licences-INITIAL_FORMS": "0",
        "products-TOTAL_FORMS": "0", "products-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def product_form(producer, **overrides):
    """POST data for the product add form: a registered product of `producer`."""
    data = {"producer": producer.pk, "name": "یخچال", "sector": sector().pk, "status": "registered",
            "goods_id": "6261234567897", "declared_on": "1403/05/01", "initial-declared_on": "1403/05/01",
            "registered_on": "1403/05/12", "smuggling_item": ""}
    data.update(overrides)
    return data


def make_full_producer():
    producer = make_producer()
    make_licence(producer=producer)
    make_product(producer=producer, status=Product.Status.REGISTERED)
    make_product(producer=producer)
    make_obligation(producer=producer)
    make_inspection(producer=producer)
    return producer


class TestChangelists:
    def test_producer_list_shows_licensed_and_counts(self, clerk_client):
        producer = make_full_producer()
        html = clerk_client.get("/admin/registry/producer/").content.decode()
        assert producer.national_id in html
        assert 'class="field-products_count">۲<' in html
        assert 'class="field-registered_count">۱<' in html
        assert "icon-yes" in html

    @pytest.mark.parametrize("model", CHANGELISTS)
    def test_query_count_is_the_same_for_1_and_50_rows(self, clerk_client, model):
        make_full_producer()
        one = count_queries(clerk_client, f"/admin/registry/{model}/")
        for _ in range(49):
            make_full_producer()
        fifty = count_queries(clerk_client, f"/admin/registry/{model}/")
        assert one == fifty

    def test_pinned_query_counts(self, clerk_client):
        for _ in range(3):
            make_full_producer()
        counts = {model: count_queries(clerk_client, f"/admin/registry/{model}/") for model in CHANGELISTS}
        # 4 for the session, the user and their permissions; 1 for the counties the user works in
        # (for the worklist's count if not for the list: the national smuggling list); 1 per
        # related-field filter (its choices); 1 per Jalali-year filter (MIN/MAX) or filter of
        # reference records (producers: the sectors of obligations; smuggling list: the counties of
        # production); 1 COUNT for the paginator; 1 for the page's rows; 1 for the worklist's count
        # in the header.
        assert counts == {"producer": 11, "licence": 11, "product": 12, "smugglingitem": 11, "obligation": 11,
                          "inspection": 11}

    def test_search_by_name_is_normalised(self, clerk_client):
        make_producer(name="صنایع علی")
        make_producer(name="صنایع رضا")
        html = clerk_client.get("/admin/registry/producer/", {"q": "علي"}).content.decode()
        assert "صنایع علی" in html and "صنایع رضا" not in html

    def test_search_by_national_id_typed_in_persian_digits(self, clerk_client):
        producer = make_producer(national_id="10380284790")
        make_producer()
        response = clerk_client.get("/admin/registry/producer/", {"q": "۱۰۳۸۰۲۸۴۷۹۰"})
        assert list(response.context["cl"].result_list) == [producer]

    def test_filters_licensed_and_obligation_state(self, clerk_client):
        licensed = make_licence(expires_on=None).producer
        unlicensed = make_producer()
        overdue = make_obligation(producer=unlicensed, notified_on=datetime.date(2019, 6, 1),
                                  deadline=datetime.date(2020, 1, 31)).producer

        def listed(**params):
            return set(clerk_client.get("/admin/registry/producer/", params).context["cl"].result_list)

        assert listed(licensed="yes") == {licensed}
        assert listed(licensed="no") == {unlicensed}
        assert listed(obligation_state="overdue") == {overdue}
        assert listed(obligation_state="met") == set()

    def test_product_search_by_goods_id_and_filter_by_jalali_year(self, clerk_client):
        early = make_product(status=Product.Status.REGISTERED, declared_on=datetime.date(2024, 1, 1),
                             registered_on=datetime.date(2024, 3, 19))  # 1402/12/29
        late = make_product(status=Product.Status.REGISTERED, declared_on=datetime.date(2024, 1, 1),
                            registered_on=datetime.date(2024, 3, 20))  # 1403/01/01
        response = clerk_client.get("/admin/registry/product/", {"q": late.goods_id})
        assert list(response.context["cl"].result_list) == [late]
        response = clerk_client.get("/admin/registry/product/", {"registered_on__jalali_year": "1402"})
        assert list(response.context["cl"].result_list) == [early]
        html = clerk_client.get("/admin/registry/product/").content.decode()
        assert "۱۴۰۲/۱۲/۲۹" in html and "۱۴۰۳/۰۱/۰۱" in html

    def test_obligation_list_shows_and_filters_state(self, clerk_client):
        overdue = make_obligation(notified_on=datetime.date(2019, 6, 1), deadline=datetime.date(2020, 1, 31))
        make_obligation(deadline=datetime.date(2099, 1, 1))
        response = clerk_client.get("/admin/registry/obligation/", {"state": "overdue"})
        assert list(response.context["cl"].result_list) == [Obligation.objects.get(pk=overdue.pk)]
        assert "معوق" in response.content.decode()

    def test_smuggling_items_show_local_production(self, clerk_client):
        item = make_smuggling_item()
        make_smuggling_item()
        make_product(smuggling_item=item, sector="auto_parts")
        response = clerk_client.get("/admin/registry/smugglingitem/", {"produced_locally": "yes"})
        assert [i.code for i in response.context["cl"].result_list] == [item.code]


class TestForms:
    def test_a_valid_producer_is_added_with_a_licence_dated_in_jalali(self, clerk_client):
        response = clerk_client.post("/admin/registry/producer/add/", producer_form(**{
            "licences-TOTAL_FORMS": "1", "licences-0-number": "OP-9001", "licences-0-kind": "operating",
            "licences-0-issued_on": "۱۴۰۳/۰۵/۱۲", "licences-0-expires_on": "1408/05/12", "licences-0-capacity": "",
        }))
        assert response.status_code == 302, response.context["errors"]
        producer = Producer.objects.get(national_id="10380284790")
        licence = producer.licences.get()
        assert licence.issued_on == datetime.date(2024, 8, 2)
        assert producer.history.get().history_user.username == "clerk1"

    def test_numbers_are_typed_in_persian_digits(self, clerk_client):
        """A number box would drop what a Persian keyboard types: the admin's are text boxes."""
        html = clerk_client.get("/admin/registry/producer/add/").content.decode()
        assert 'type="text" name="employees"' in html and 'type="number"' not in html
        response = clerk_client.post("/admin/registry/producer/add/", producer_form(employees="۱٬۲۵۰"))
        assert response.status_code == 302
        assert Producer.objects.get().employees == 1250

    def test_a_wrong_national_id_is_refused_in_persian_naming_the_field(self, clerk_client):
        response = clerk_client.post("/admin/registry/producer/add/", producer_form(national_id="10380284792"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<strong>شناسه ملی</strong>" in html
        assert "«10380284792» شناسه ملی معتبری نیست" in html
        assert not Producer.objects.exists()

    def test_an_expiry_before_issue_saves_nothing(self, clerk_client):
        response = clerk_client.post("/admin/registry/producer/add/", producer_form(**{
            "licences-TOTAL_FORMS": "1", "licences-0-number": "OP-9001", "licences-0-kind": "operating",
            "licences-0-issued_on": "1403/05/12", "licences-0-expires_on": "1403/05/01", "licences-0-capacity": "",
        }))
        assert response.status_code == 200
        assert "تاریخ انقضا باید پس از تاریخ صدور باشد." in response.content.decode()
        assert not Producer.objects.exists() and not Licence.objects.exists()

    def test_an_impossible_jalali_date_is_refused(self, clerk_client):
        response = clerk_client.post("/admin/registry/producer/add/", producer_form(**{
            "licences-TOTAL_FORMS": "1", "licences-0-number": "OP-9001", "licences-0-kind": "operating",
            "licences-0-issued_on": "1402/12/30", "licences-0-expires_on": "", "licences-0-capacity": "",
        }))
        assert "«1402/12/30» تاریخ معتبری نیست" in response.content.decode()
        assert not Producer.objects.exists()

    def test_a_registered_product_without_goods_id_is_refused_on_that_field(self, clerk_client):
        producer = make_producer()
        response = clerk_client.post("/admin/registry/product/add/", product_form(producer, goods_id=""))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert list(errors) == ["goods_id"]
        with translation.override("fa"):
            assert errors["goods_id"] == ["کالای ثبت‌شده باید شناسه کالا داشته باشد."]
        assert not Product.objects.exists()

    def test_a_registered_product_is_saved_with_normalised_text(self, clerk_client):
        producer = make_producer()
        response = clerk_client.post("/admin/registry/product/add/", product_form(
            producer, name="  يخچال   كوچك ", goods_id="۶۲۶۱۲۳۴۵۶۷۸۹۷", registered_on="2024-08-02"))
        assert response.status_code == 302
        product = Product.objects.get()
        assert (product.name, product.goods_id, product.registered_on) == \
            ("یخچال کوچک", "6261234567897", datetime.date(2024, 8, 2))

    def test_change_page_shows_the_compliance_summary_in_jalali(self, clerk_client):
        producer = make_full_producer()
        html = clerk_client.get(f"/admin/registry/producer/{producer.pk}/change/").content.decode()
        assert "۱ از ۲ کالا ثبت شده" in html
        assert "۱۴۰۸/۱۰/۱۲" in html  # licence valid until 2030-01-01
        assert "compliance-summary" in html

    @pytest.mark.parametrize(("language", "expected"), [("fa", "— ۵۰٪"), ("en", "— 50%")])
    def test_the_compliance_summary_writes_its_percentage_as_the_language_does(self, clerk_client, language,
                                                                                expected):
        producer = make_full_producer()
        clerk_client.cookies["django_language"] = language
        html = clerk_client.get(f"/admin/registry/producer/{producer.pk}/change/").content.decode()
        summary = html.split('class="compliance-summary"')[1].split("</dl>")[0]
        assert expected in summary
        assert ("٪" in summary) == (language == "fa") and ("%" in summary) == (language == "en")
        licence = producer.licences.get()
        assert f'<bdi dir="ltr">{licence.number}</bdi>' in summary

    def test_autocomplete_finds_producers_by_normalised_name(self, clerk_client):
        make_producer(name="کارخانه علی")
        response = clerk_client.get("/admin/autocomplete/", {
            "term": "علي", "app_label": "registry", "model_name": "product", "field_name": "producer"})
        assert [result["text"] for result in response.json()["results"]][0].startswith("کارخانه علی")


class TestPermissions:
    def test_supervisor_reads_but_cannot_change(self, supervisor_client):
        producer = make_full_producer()
        assert supervisor_client.get("/admin/registry/producer/").status_code == 200
        html = supervisor_client.get(f"/admin/registry/producer/{producer.pk}/change/").content.decode()
        assert 'name="name"' not in html and to_persian_digits(producer.name) in html
        assert supervisor_client.post(f"/admin/registry/producer/{producer.pk}/change/",
                                      producer_form(name="x")).status_code == 403
        assert supervisor_client.get("/admin/registry/producer/add/").status_code == 403
        assert supervisor_client.get("/admin/registry/product/add/").status_code == 403

    def test_clerk_adds_and_changes_but_cannot_delete(self, clerk_client):
        producer = make_producer()
        assert clerk_client.get("/admin/registry/producer/add/").status_code == 200
        assert clerk_client.get(f"/admin/registry/producer/{producer.pk}/change/").status_code == 200
        assert clerk_client.get(f"/admin/registry/producer/{producer.pk}/delete/").status_code == 403
        assert clerk_client.post(f"/admin/registry/producer/{producer.pk}/delete/", {"post": "yes"}).status_code == 403
        assert Producer.objects.filter(pk=producer.pk).exists()

    def test_administrator_deletes(self, admin_client_):
        producer = make_producer()
        response = admin_client_.post(f"/admin/registry/producer/{producer.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not Producer.objects.filter(pk=producer.pk).exists()
        assert producer.history.filter(history_type="-").count() == 1


def test_generated_goods_ids_are_unique():
    assert len({goods_id(n) for n in range(100)}) == 100 and legal_id(1) != legal_id(2)


def test_producer_change_page_costs_the_same_for_1_and_20_products(clerk_client):
    producer = make_full_producer()
    make_product(producer=producer, smuggling_item=make_smuggling_item(), sector="auto_parts")
    url = f"/admin/registry/producer/{producer.pk}/change/"
    few = count_queries(clerk_client, url)
    for _ in range(18):
        make_product(producer=producer, smuggling_item=make_smuggling_item(), sector="auto_parts")
        make_licence(producer=producer)
    assert count_queries(clerk_client, url) == few


def test_a_record_s_name_reads_in_persian_digits_in_its_title_breadcrumbs_history_and_inline_rows(clerk_client):
    """One rule wherever a record's name is shown in a Persian page (formatting.text / isolated): a
    number that is a word of the name in Persian digits, the identifier beside it as it is."""
    producer = make_producer(national_id="14000000018", name="لوازم خانگی سقز 1")
    make_product(producer=producer, name="کولر آبی مدل 22")
    page = clerk_client.get(f"/admin/registry/producer/{producer.pk}/change/").content.decode()
    name = "لوازم خانگی سقز ۱ (14000000018)"
    assert f"<title>\u2068{name}\u2069 | تغییر واحد تولیدی | شفاف</title>" in page
    assert f"<h2>\u2068{name}\u2069</h2>" in page
    assert f"&rsaquo; <bdi>{name}</bdi>\n</div>" in page
    assert "<bdi>کولر آبی مدل ۲۲</bdi>" in page and "مدل 22" not in page.split('name="products-0-name"')[0]
    history = clerk_client.get(f"/admin/registry/producer/{producer.pk}/history/").content.decode()
    assert f'/change/"><bdi>{name}</bdi></a>\n&rsaquo; تاریخچه' in history
    assert f"<title>تاریخچه تغییرات: \u2068{name}\u2069 | شفاف</title>" in history
