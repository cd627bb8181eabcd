"""Employment records (registry/models/employment.py): jobs > 0, month 1–12, no month that has
not begun (Jalali), and the jobs of each office in a year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from registry import jalali
from registry.models import EmploymentRecord
from tests.factories import county, make_employment, office

pytestmark = pytest.mark.django_db

# 5 Azar 1405, a day of the ninth Jalali month.
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(jalali, "today", lambda: TODAY)
    return TODAY


@pytest.mark.parametrize("values", [{"jobs": 0}, {"month": 0}, {"month": 13}, {"year": 2026}],
                         ids=["no-jobs", "month-0", "month-13", "gregorian-year"])
def test_the_database_refuses_impossible_jobs_months_and_years(values):
    record = make_employment()
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentRecord.objects.filter(pk=record.pk).update(**values)


@pytest.mark.parametrize(("year", "month"), [(1405, 10), (1405, 12), (1406, 1)])
def test_a_month_that_has_not_begun_is_refused(today, year, month):
    record = EmploymentRecord(reference="EMP-1", office=office(), year=year, month=month, county=county("baneh"),
                              jobs=5)
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert refused.value.message_dict == {"month": ["اشتغال را نمی‌توان برای ماهی که هنوز آغاز نشده ثبت کرد."]}


@pytest.mark.parametrize(("year", "month"), [(1405, 9), (1405, 1), (1404, 12)])
def test_the_current_month_and_earlier_ones_are_accepted(today, year, month):
    make_employment(year=year, month=month).full_clean()


def test_jobs_by_office_for_a_year_add_up_each_office_highest_first(today):
    make_employment(office="imt", year=1405, jobs=40)
    make_employment(office="imt", year=1405, month=2, jobs=2)
    make_employment(office="imt", year=1404, jobs=500)
    make_employment(office="coop", year=1405, jobs=30)
    make_employment(office="agri", year=1405, jobs=42)

    totals = [(row["office"], row["jobs"]) for row in EmploymentRecord.objects.for_year().jobs_by_office()]

    assert totals == sorted([(office("imt").pk, 42), (office("agri").pk, 42), (office("coop").pk, 30)],
                            key=lambda row: (-row[1], row[0]))
