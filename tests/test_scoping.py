"""County offices: a clerk assigned counties sees, chooses and edits only their records."""

import pytest
from django.test import Client

from registry import scoping
from registry.models import CountyAssignment, Producer, Product
from tests.conftest import make_user
from tests.factories import county, make_licence, make_producer, make_product, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def baneh_clerk():
    user = make_user("baneh_clerk", "clerk")
    CountyAssignment.objects.create(user=user, county=county("baneh"))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def producers():
    return {"baneh": make_producer(county="baneh", name="واحد بانه"),
            "sanandaj": make_producer(county="sanandaj", name="واحد سنندج")}


def listed(client, url):
    return list(client.get(url).context["cl"].result_list)


def test_a_clerk_sees_only_the_records_of_their_counties(baneh_clerk, producers):
    user, client = baneh_clerk
    make_product(producer=producers["baneh"])
    make_product(producer=producers["sanandaj"])
    make_licence(producer=producers["sanandaj"])
    assert listed(client, "/admin/registry/producer/") == [producers["baneh"]]
    assert [p.producer for p in listed(client, "/admin/registry/product/")] == [producers["baneh"]]
    assert listed(client, "/admin/registry/licence/") == []
    hidden = client.get(f"/admin/registry/producer/{producers['sanandaj'].pk}/change/")
    assert hidden.status_code == 302  # "does not exist" for this clerk


def test_other_counties_cannot_be_chosen(baneh_clerk, producers):
    user, client = baneh_clerk
    form = client.get("/admin/registry/producer/add/").context["adminform"].form
    assert [c.code for c in form.fields["county"].queryset] == ["baneh"]
    response = client.post("/admin/registry/product/add/", {
        "producer": producers["sanandaj"].pk, "name": "کالا", "sector": sector().pk, "status": "pending",
        "goods_id": "", "declared_on": "1403/05/01", "initial-declared_on": "1403/05/01", "registered_on": "",
        "smuggling_item": "",
    })
    assert response.status_code == 200
    assert "producer" in response.context["adminform"].form.errors
    assert not Product.objects.exists()
    autocomplete = client.get("/admin/autocomplete/", {"term": "واحد", "app_label": "registry",
                                                       "model_name": "product", "field_name": "producer"})
    assert [r["id"] for r in autocomplete.json()["results"]] == [str(producers["baneh"].pk)]


def test_a_clerk_without_assignment_and_administrators_work_province_wide(clerk_client, admin_client_, producers):
    assert len(listed(clerk_client, "/admin/registry/producer/")) == 2
    assert len(listed(admin_client_, "/admin/registry/producer/")) == 2


def test_in_scope_checks_records_built_outside_forms(baneh_clerk, producers):
    user, _client = baneh_clerk
    assert scoping.in_scope(Product(producer=producers["baneh"]), user)
    assert not scoping.in_scope(Product(producer=producers["sanandaj"]), user)
    assert scoping.in_scope(Producer(county=county("baneh")), user)
    assert scoping.in_scope(make_product().smuggling_item or sector(), user)  # province-wide kinds


def test_a_clerk_imports_only_records_of_their_counties(baneh_clerk, producers):
    from registry import importing

    user, _client = baneh_clerk
    content = ("national_id,name,county,sector\n"
               f"{producers['sanandaj'].national_id},واحد سنندج تغییر,sanandaj,food\n"
               "10380284790,واحد تازه,sanandaj,food\n"
               "10100387143,واحد تازه بانه,baneh,food\n").encode()
    outcome = importing.import_file("producers", content, "p.csv", user=user)
    assert [(issue.row, issue.column) for issue in outcome.errors] == [(2, "county"), (3, "county")]
    assert not outcome.written
    assert Producer.objects.count() == 2 and Producer.objects.get(pk=producers["sanandaj"].pk).name == "واحد سنندج"

    fine = "national_id,name,county,sector\n10100387143,واحد تازه بانه,baneh,food\n".encode()
    assert importing.import_file("producers", fine, "p.csv", user=user).written
