"""The employment list (registry/admin/employment.py): Jalali months and years, filters, and each
office's jobs in the selected year above the list."""

import datetime

import pytest

from registry import jalali
from tests.factories import make_employment, make_producer, office
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registry/employmentrecord/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    # 5 Azar 1405.
    monkeypatch.setattr(jalali, "today", lambda: datetime.date(2026, 11, 26))


@pytest.fixture
def records():
    return [
        make_employment(reference="EMP-1", office="imt", year=1405, month=1, jobs=40),
        make_employment(reference="EMP-2", office="imt", year=1405, month=9, jobs=2, county="baneh"),
        make_employment(reference="EMP-3", office="agri", year=1405, month=3, jobs=45, verified=False),
        make_employment(reference="EMP-4", office="coop", year=1404, month=12, jobs=30),
        make_employment(reference="EMP-5", office="imt", year=1404, month=2, jobs=7),
    ]


def totals(response):
    context = response.context
    return context["totals_year"], [(o.code, o.jobs) for o in context["office_totals"]], context["jobs_total"]


def test_the_list_shows_each_office_s_jobs_in_the_current_jalali_year_by_default(clerk_client, records):
    response = clerk_client.get(CHANGELIST)

    assert totals(response) == (1405, [("agri", 45), ("imt", 42)], 87)
    page = response.content.decode()
    assert "اشتغال هر دستگاه در سال ۱۴۰۵" in page
    # The total reads as one: its own row under the offices, its figure under the jobs heading.
    assert '<th scope="col" class="number">اشتغال</th>' in page
    assert '<tr><th scope="row">جهاد کشاورزی</th><td class="number">۴۵</td></tr>' in page
    assert '<tr class="total"><th scope="row">همه دستگاه‌ها</th><td class="number">۸۷</td></tr>' in page
    assert len(response.context["cl"].result_list) == 5  # the list itself is not narrowed


def test_the_totals_follow_the_year_filter(clerk_client, records):
    response = clerk_client.get(CHANGELIST, {"year": "1404"})

    assert totals(response) == (1404, [("coop", 30), ("imt", 7)], 37)
    assert sorted(record.reference for record in response.context["cl"].result_list) == ["EMP-4", "EMP-5"]


def test_a_year_without_jobs_says_so(clerk_client, records):
    response = clerk_client.get(CHANGELIST, {"year": "1403"})

    assert totals(response) == (1403, [], 0)
    assert "برای این سال اشتغالی ثبت نشده است." in response.content.decode()


def test_the_year_filter_offers_the_years_present_and_months_show_by_name(clerk_client, records):
    response = clerk_client.get(CHANGELIST, {"office__id__exact": office("imt").pk,
                                             "county__id__exact": records[1].county_id})

    assert [record.reference for record in response.context["cl"].result_list] == ["EMP-2"]
    year_filter = next(spec for spec in response.context["cl"].filter_specs
                       if getattr(spec, "parameter_name", "") == "year")
    assert year_filter.lookup_choices == [("1405", "۱۴۰۵"), ("1404", "۱۴۰۴")]
    assert "آذر" in response.content.decode()


def test_records_filter_by_verification_and_search_by_reference(clerk_client, records):
    def listed(**query):
        return [record.reference for record in clerk_client.get(CHANGELIST, query).context["cl"].result_list]

    assert listed(verified__exact="0") == ["EMP-3"]
    assert listed(q="emp-4") == ["EMP-4"]


def test_the_changelist_runs_a_fixed_number_of_queries(clerk_client):
    def populate(rows):
        for _ in range(rows):
            make_employment(year=1405, producer=make_producer())

    # session, user, 2 × permissions, offices, counties, years, COUNT, the page, the totals, the
    # worklist's count in the header
    populate(1)
    assert count_queries(clerk_client, CHANGELIST) == 12
    populate(49)
    assert count_queries(clerk_client, CHANGELIST) == 12


def test_supervisors_read_but_cannot_add(supervisor_client, records):
    assert supervisor_client.get(CHANGELIST).status_code == 200
    assert supervisor_client.get(f"{CHANGELIST}add/").status_code == 403
    assert supervisor_client.post(f"{CHANGELIST}{records[0].pk}/change/", {"jobs": 1}).status_code == 403
