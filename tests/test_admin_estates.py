"""The clerks' screens for estates, units and handovers (registry/admin/estates.py), and the Jalali
year filter (registry/admin/filters.py)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from registry import jalali
from registry.history import describe
from registry.jalali import parse
from registry.models import Handover, Unit
from tests.factories import make_estate, make_handover, make_producer, make_unit
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registry/handover/"
# 5 Azar 1405.
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(jalali, "today", lambda: TODAY)
    return TODAY


def advance(client, *handovers):
    return client.post(CHANGELIST, {"action": "advance_stage",
                                    helpers.ACTION_CHECKBOX_NAME: [handover.pk for handover in handovers]},
                       follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_clerk_moves_an_idle_unit_from_identified_to_handed_over_in_four_steps(clerk_client, clerk):
    unit = make_unit(occupant_name="کردستان مهر 2004")
    response = clerk_client.post("/admin/registry/handover/add/", {
        "unit": unit.pk, "distribution_company": "كردستان مهر 2004", "identified_on": "۱۴۰۵/۰۹/۰۱",
        "notified_on": "", "relocated_on": "", "relocation_site": "", "handed_over_on": "", "new_producer": "",
    }, follow=True)
    assert response.redirect_chain == [("/admin/registry/handover/", 302)]
    handover = Handover.objects.get(unit=unit)
    assert (handover.identified_on, handover.current_stage) == (parse("1405/09/01"), Handover.Stage.IDENTIFIED)

    stages = []
    for _step in range(3):
        response = advance(clerk_client, handover)
        assert messages_of(response) == ["۱ واگذاری به مرحله بعد رفت."]
        handover.refresh_from_db()
        stages.append(handover.current_stage)

    assert stages == [Handover.Stage.NOTIFIED, Handover.Stage.RELOCATED, Handover.Stage.HANDED_OVER]
    assert (handover.notified_on, handover.relocated_on, handover.handed_over_on) == (TODAY, TODAY, TODAY)
    history = handover.history.order_by("history_id")
    assert [record.history_user for record in history] == [clerk] * 4
    # Stored in fixed English words, read in the reader's language (registry.history).
    reasons = [record.history_change_reason for record in history][1:]
    assert reasons == ["Moved to the stage “notified”.", "Moved to the stage “relocated”.",
                       "Moved to the stage “handed_over”."]
    with translation.override("fa"):
        assert [describe(reason) for reason in reasons] == [
            "به مرحله «ابلاغ‌شده» رفت.", "به مرحله «جابه‌جاشده» رفت.", "به مرحله «واگذارشده به صنعت» رفت."]
    with translation.override("en"):
        assert describe(reasons[2]) == "Moved to the stage “handed over”."
    entries = LogEntry.objects.filter(object_id=str(handover.pk)).order_by("pk")
    with translation.override("fa"):
        assert [entry.get_change_message() for entry in entries][1:] == [
            "تاریخ ابلاغ تغییر یافتند.", "تاریخ جابه‌جایی تغییر یافتند.", "تاریخ واگذاری تغییر یافتند."]

    response = advance(clerk_client, handover)
    assert messages_of(response) == [f"«{handover}» پیش‌تر واگذار شده است و مرحله دیگری ندارد."]
    assert handover.history.count() == 4


def test_the_action_moves_each_selected_handover_one_stage_only(clerk_client):
    identified = make_handover(identified_on=parse("1405/08/01"))
    notified = make_handover(identified_on=parse("1405/08/01"), notified_on=parse("1405/08/10"))

    response = advance(clerk_client, identified, notified)

    assert messages_of(response) == ["۲ واگذاری به مرحله بعد رفتند."]
    assert Handover.objects.get(pk=identified.pk).current_stage == Handover.Stage.NOTIFIED
    assert Handover.objects.get(pk=notified.pk).current_stage == Handover.Stage.RELOCATED


def test_the_action_refuses_a_step_that_would_put_the_dates_out_of_order(clerk_client):
    # Notified "tomorrow" by a typing slip: relocating today would come before it.
    handover = make_handover(identified_on=parse("1405/08/01"), notified_on=parse("1405/09/06"))

    response = advance(clerk_client, handover)

    assert messages_of(response) == [
        f"«{handover}» به مرحله بعد نمی‌رود: «تاریخ جابه‌جایی» نمی‌تواند پیش از «تاریخ ابلاغ» باشد.",
    ]
    handover.refresh_from_db()
    assert handover.relocated_on is None
    assert handover.history.count() == 1


def step_buttons(page):
    """The lifecycle steps a change form offers: (URL, label)."""
    return re.findall(r'<li class="step-[\w-]+">\s*<a href="([^"]+)" class="button[^"]*">([^<]+)</a>', page)


def test_the_change_form_offers_the_next_stage_as_a_declared_step_and_confirms_it(clerk_client, clerk):
    handover = make_handover(identified_on=parse("1405/08/01"))
    change_url = f"/admin/registry/handover/{handover.pk}/change/"
    notify_url = f"/admin/registry/handover/{handover.pk}/notify/"

    assert step_buttons(clerk_client.get(change_url).content.decode()) == [(notify_url, "ثبت ابلاغ با تاریخ امروز")]
    confirm = clerk_client.get(notify_url).content.decode()
    assert "تاریخ ابلاغ" in confirm and "۱۴۰۵/۰۹/۰۵" in confirm
    assert handover.history.count() == 1  # nothing written before the confirmation

    response = clerk_client.post(notify_url, follow=True)

    assert response.redirect_chain == [(change_url, 302)]
    assert messages_of(response) == ["واگذاری به مرحله بعد رفت: ابلاغ‌شده."]
    handover.refresh_from_db()
    assert handover.notified_on == TODAY
    assert handover.history.latest().history_change_reason == "Moved to the stage “notified”."
    assert handover.history.latest().history_user == clerk
    relocate_url = f"/admin/registry/handover/{handover.pk}/relocate/"
    assert step_buttons(response.content.decode()) == [(relocate_url, "ثبت جابه‌جایی با تاریخ امروز")]


def test_a_step_out_of_order_is_refused_by_the_service(clerk_client):
    handover = make_handover(identified_on=parse("1405/08/01"), notified_on=parse("1405/09/06"))
    response = clerk_client.post(f"/admin/registry/handover/{handover.pk}/relocate/", follow=True)
    assert messages_of(response) == [
        f"«{handover}» به مرحله بعد نمی‌رود: «تاریخ جابه‌جایی» نمی‌تواند پیش از «تاریخ ابلاغ» باشد.",
    ]
    handover.refresh_from_db()
    assert handover.relocated_on is None


def test_a_handed_over_case_shows_no_next_step_button(clerk_client):
    day = parse("1405/08/01")
    handover = make_handover(identified_on=day, notified_on=day, relocated_on=day, handed_over_on=day)
    page = clerk_client.get(f"/admin/registry/handover/{handover.pk}/change/").content.decode()
    assert step_buttons(page) == [] and "lifecycle-steps" not in page


def test_the_list_shows_and_filters_the_derived_stage(clerk_client):
    day = parse("1404/12/06")
    make_handover(identified_on=day)
    make_handover(identified_on=day, notified_on=day, relocated_on=day)
    make_handover(identified_on=day, notified_on=day)
    make_handover(identified_on=day, notified_on=day, relocated_on=day, handed_over_on=day)

    response = clerk_client.get(CHANGELIST, {"stage": "relocated"})
    assert [handover.stage for handover in response.context["cl"].result_list] == ["relocated"]

    response = clerk_client.get(CHANGELIST, {"o": "7"})  # the stage column (after the checkbox), in stage order
    assert [handover.stage for handover in response.context["cl"].result_list] == [
        "identified", "notified", "relocated", "handed_over"]
    assert "جابه‌جاشده" in response.content.decode()

    facets = clerk_client.get(CHANGELIST, {"_facets": "True"}).content.decode()
    with translation.override("fa"):
        # "Show counts" counts in the page's digits.
        assert [f"{label} (۱)" in facets for label in Handover.Stage.labels] == [True] * 4


def test_handovers_filter_by_the_jalali_year_of_identification(clerk_client):
    make_handover(identified_on=parse("1404/12/29"))
    make_handover(identified_on=parse("1405/01/01"))
    make_handover(identified_on=parse("1405/09/01"))

    response = clerk_client.get(CHANGELIST, {"identified_on__jalali_year": "1405"})

    assert sorted(jalali.format_date(h.identified_on) for h in response.context["cl"].result_list) == [
        "1405/01/01", "1405/09/01"]
    year_filter = next(spec for spec in response.context["cl"].filter_specs
                       if getattr(spec, "parameter_name", "") == "identified_on__jalali_year")
    assert year_filter.lookup_choices == [("1405", "۱۴۰۵"), ("1404", "۱۴۰۴")]
    assert clerk_client.get(CHANGELIST, {"identified_on__jalali_year": "۱۴۰۵x"}).status_code == 302


def test_handovers_filter_by_county_and_estate_and_search_by_company_plot_or_estate(clerk_client):
    baneh = make_estate(county="baneh", code="EST04")
    in_baneh = make_handover(unit=make_unit(estate=baneh, plot_number="246"), distribution_company="کردستان مهر")
    other = make_handover(distribution_company="البرز آریا")

    def listed(**query):
        return [h.pk for h in clerk_client.get(CHANGELIST, query).context["cl"].result_list]

    assert listed(unit__estate__county__id__exact=baneh.county_id) == [in_baneh.pk]
    assert listed(unit__estate__id__exact=other.unit.estate_id) == [other.pk]
    assert listed(q="كردستان") == [in_baneh.pk]  # Arabic kaf finds the Persian one
    assert listed(q="EST04 246") == [in_baneh.pk]


def test_the_unit_autocomplete_of_a_handover_offers_free_units_of_distribution_companies(clerk_client):
    free = make_unit(plot_number="38")
    make_handover(unit=make_unit(plot_number="39"))
    make_unit(plot_number="40", occupant_kind=Unit.OccupantKind.INDUSTRY)

    response = clerk_client.get("/admin/autocomplete/", {
        "app_label": "registry", "model_name": "handover", "field_name": "unit", "term": ""})

    assert response.json()["results"] == [{"id": str(free.pk), "text": str(free)}]


def test_the_estate_list_counts_units(clerk_client):
    estate = make_estate(code="EST01")
    units = [make_unit(estate=estate, plot_number=plot) for plot in ("1", "2", "3")]
    make_estate(code="EST02")

    response = clerk_client.get("/admin/registry/estate/")

    assert [(e.code, e.units_count) for e in response.context["cl"].result_list] == [("EST01", 3), ("EST02", 0)]
    page = clerk_client.get(f"/admin/registry/estate/{estate.pk}/change/").content.decode()
    assert all(f"/admin/registry/unit/{unit.pk}/change/" in page for unit in units)


def test_units_filter_by_county_status_and_occupant_kind(clerk_client):
    idle = make_unit(estate=make_estate(county="bijar"))
    make_unit(status=Unit.Status.VACANT, occupant_kind=Unit.OccupantKind.NONE, occupant_name="")

    def listed(**query):
        return [u.pk for u in clerk_client.get("/admin/registry/unit/", query).context["cl"].result_list]

    assert listed(estate__county__id__exact=idle.estate.county_id) == [idle.pk]
    assert listed(status__exact="idle", occupant_kind__exact="distribution") == [idle.pk]
    assert listed(q=idle.occupant_name) == [idle.pk]


def populate(rows):
    for _ in range(rows):
        estate = make_estate()
        unit = make_unit(estate=estate, producer=make_producer())
        make_handover(unit=unit, notified_on=datetime.date(2025, 2, 1), new_producer=make_producer())


@pytest.mark.parametrize(("url", "queries"), [
    # session, user, 2 × permissions, the user's counties, [filters' choices], COUNT, the page, the
    # worklist's count in the header
    ("/admin/registry/estate/", 9),      # + counties
    ("/admin/registry/unit/", 10),       # + estates, counties
    ("/admin/registry/handover/", 11),   # + counties, estates, MIN/MAX of the identification dates
])
def test_changelists_run_a_fixed_number_of_queries(clerk_client, url, queries):
    populate(1)
    assert count_queries(clerk_client, url) == queries
    populate(49)
    assert count_queries(clerk_client, url) == queries


@pytest.mark.parametrize("model", ["estate", "unit", "handover"])
def test_supervisors_read_but_cannot_add(supervisor_client, model):
    assert supervisor_client.get(f"/admin/registry/{model}/").status_code == 200
    assert supervisor_client.get(f"/admin/registry/{model}/add/").status_code == 403


def test_supervisors_cannot_move_a_handover(supervisor_client):
    handover = make_handover(identified_on=parse("1405/08/01"))

    response = supervisor_client.get(CHANGELIST)
    assert response.context["action_form"] is None
    assert step_buttons(supervisor_client.get(f"{CHANGELIST}{handover.pk}/change/").content.decode()) == []
    assert supervisor_client.post(f"{CHANGELIST}{handover.pk}/notify/").status_code == 403
    advance(supervisor_client, handover)

    handover.refresh_from_db()
    assert handover.notified_on is None


def test_areas_are_shown_grouped_in_the_form_and_read_back_in_any_digits(clerk_client):
    estate = make_estate(total_area_m2=1_250_000, industrial_area_m2=600_000)
    url = reverse("admin:registry_estate_change", args=(estate.pk,))
    html = clerk_client.get(url).content.decode()
    assert re.search(r'<input type="text" name="total_area_m2" value="۱٬۲۵۰٬۰۰۰" dir="ltr" [^>]*class="vQuantityField"', html)
    context = clerk_client.get(url).context
    form = context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    data.update(total_area_m2="۱٬۳۰۰٬۰۰۰٫۵", industrial_area_m2="600,000.25", county=estate.county_id)
    response = clerk_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    estate.refresh_from_db()
    assert (estate.total_area_m2, estate.industrial_area_m2) == (Decimal("1300000.5"), Decimal("600000.25"))
