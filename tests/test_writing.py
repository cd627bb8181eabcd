"""The bulk writer writes as save() would: normalised text, versions raised on update, and a history
entry for every record with the user, the reason and one moment; its COPY path too."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from registry import jalali
from registry.models import Producer, Sector, SmugglingItem
from registry.writing import BulkWriter, import_reason
from tests import factories

pytestmark = pytest.mark.django_db


def producer(n, **fields):
    return Producer(national_id=factories.legal_id(n), name=f"واحد {n}", county=factories.county(),
                    sector=factories.sector(), **fields)


def test_create_normalises_and_writes_one_history_entry_each_with_the_reason_and_the_user(clerk):
    moment = timezone.now() - datetime.timedelta(hours=1)
    writer = BulkWriter(reason=import_reason("p.csv", admin=True), user=clerk, date=moment)

    created = writer.create([producer(1, address="خيابان  يك"), producer(2)])

    assert [record.pk is not None for record in created] == [True, True]
    assert Producer.objects.get(pk=created[0].pk).address == "خیابان یک"
    assert list(Producer.history.values_list("history_type", "history_user", "history_change_reason", "history_date")) \
        == [("+", clerk.pk, "import: p.csv", moment)] * 2


def test_update_writes_the_given_fields_raises_each_version_once_and_says_why():
    first, second = factories.make_producer(employees=1), factories.make_producer(employees=2)
    names = first.name, second.name
    first.employees, second.employees, second.name = 10, 20, "نام دیگر"  # the name is not among the fields

    BulkWriter(reason="demo data (load_demo)").update([first, second], ["employees"])

    assert list(Producer.objects.order_by("pk").values_list("employees", "version", "name")) == [
        (10, 2, names[0]), (20, 2, names[1])]
    assert list(Producer.history.filter(history_type="~").values_list("history_change_reason", "version")) == [
        ("demo data (load_demo)", 2)] * 2


def test_copy_writes_rows_normalised_with_history_dated_by_a_column_in_office_hours():
    earlier = factories.make_smuggling_item()  # written before: its history stays its own
    sector = Sector.objects.get(code="food")
    columns = ("id", "version", "code", "name", "sector_id", "list_year")
    rows = [(1001, 1, "X-1", "قلم  يك", sector.pk, 1404), (1002, 1, "X-2", "قلم دو", sector.pk, 1403)]
    day = jalali.year_bounds(1404)[0]

    count = BulkWriter(reason="synthetic data (generate_data)").copy(
        SmugglingItem, columns, iter(rows), dated_by=day)

    assert count == 2
    assert list(SmugglingItem.objects.exclude(pk=earlier.pk).order_by("pk").values_list("pk", "name")) == [
        (1001, "قلم یک"), (1002, "قلم دو")]
    entries = SmugglingItem.history.exclude(id=earlier.pk).order_by("id").values_list(
        "id", "history_type", "history_date", "history_change_reason")
    tehran = zoneinfo.ZoneInfo("Asia/Tehran")
    assert [(pk, kind, stamp.astimezone(tehran).date(), 8 <= stamp.astimezone(tehran).hour < 16, reason)
            for pk, kind, stamp, reason in entries] == [
        (1001, "+", day, True, "synthetic data (generate_data)"), (1002, "+", day, True, "synthetic data (generate_data)")]
    assert earlier.history.count() == 1
