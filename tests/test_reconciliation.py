"""Reconciling the registry with the national goods-ID list (spec section 9): every finding on a
hand-built registry and list, name matching, refusals, applying in one transaction with history,
idempotence, county scope, and the products missing nationally."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from registry import history, reconciliation
from registry.models import CountyAssignment, Product, Reconciliation
from registry.models.reconciliation import Finding, Reason
from registry.writing import BulkWriter
from tests import factories as f
from tests.conftest import make_user
from tests.national_lists import csv_bytes, make_registry, national_list, row

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def registry():
    return make_registry()


def run(data, name="list.csv", **kwargs):
    return reconciliation.reconcile(data, name, **kwargs)


# -- findings -----------------------------------------------------------------------------------


def test_every_finding_is_counted_exactly(registry):
    zagros, other, products = registry
    result = run(national_list(zagros, other))
    assert result.counts() == {"matched": 1, "to_register": 3, "new_product": 1, "conflict": 2,
                               "unknown_producer": 1, "cancelled_nationally": 2, "missing_nationally": 3}
    assert (result.rows, result.out_of_scope, result.status) == (11, 0, Reconciliation.Status.REVIEWED)
    findings = {row.goods_id: (row.finding, row.reason, row.product_id)
                for row in result.list_rows.all()}
    assert findings[f.goods_id(1)] == (Finding.MATCHED, "", products["matched"].pk)
    assert findings[f.goods_id(2)] == (Finding.TO_REGISTER, "", products["pending_with_id"].pk)
    assert findings[f.goods_id(11)] == (Finding.TO_REGISTER, "", products["by_name"].pk)
    assert findings[f.goods_id(12)] == (Finding.TO_REGISTER, "", products["arabic_name"].pk)
    assert findings[f.goods_id(13)] == (Finding.CONFLICT, Reason.NAME_HAS_OTHER_ID, products["other_id"].pk)
    assert findings[f.goods_id(14)] == (Finding.NEW_PRODUCT, "", None)
    assert findings[f.goods_id(4)] == (Finding.CONFLICT, Reason.OTHER_PRODUCER, products["others"].pk)
    assert findings[f.goods_id(15)] == (Finding.UNKNOWN_PRODUCER, "", None)
    assert findings[f.goods_id(5)] == (Finding.CANCELLED_NATIONALLY, "", products["cancelled"].pk)
    assert findings[f.goods_id(16)] == (Finding.IGNORED, "", None)
    # Registered here and on no active row: the one the list lacks and the two it cancels. Another
    # producer's product is on an active row (a conflict), so it is not missing.
    missing = set(reconciliation.missing_products(result).values_list("name", flat=True))
    assert missing == {"کولر", "اجاق", "سس مایونز"}


def test_classifying_writes_nothing_to_the_registry(registry):
    zagros, other, _products = registry
    before = list(Product.objects.order_by("pk").values())
    history = Product.history.count()
    run(national_list(zagros, other))
    assert list(Product.objects.order_by("pk").values()) == before
    assert Product.history.count() == history


def test_a_name_matches_across_arabic_letters_spaces_and_the_non_joiner(db):
    producer = f.make_producer()
    product = f.make_product(producer, name="کیک شکلاتی‌ کوچک")
    result = run(csv_bytes(row(f.goods_id(20), producer, "كيك  شكلاتي\u200cكوچك")))
    assert list(result.list_rows.values_list("finding", "product_id")) == [(Finding.TO_REGISTER, product.pk)]


def test_a_name_is_matched_once_and_a_new_name_created_once(db):
    producer = f.make_producer()
    product = f.make_product(producer, name="پنیر")
    result = run(csv_bytes(row(f.goods_id(21), producer, "پنیر"), row(f.goods_id(22), producer, "پنیر"),
                           row(f.goods_id(23), producer, "ماست"), row(f.goods_id(24), producer, "ما ست")))
    assert list(result.list_rows.order_by("number").values_list("finding", "reason", "product_id")) == [
        (Finding.TO_REGISTER, "", product.pk), (Finding.CONFLICT, Reason.NAME_CLAIMED, product.pk),
        (Finding.NEW_PRODUCT, "", None), (Finding.CONFLICT, Reason.NAME_CLAIMED, None)]


def test_english_headers_in_any_order_xlsx_and_a_list_without_a_state_column(db):
    producer = f.make_producer()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ردیف", "registered_on", "description", "producer", "goods_id"])
    sheet.append([1, D(2025, 3, 1), "دوغ", int(producer.national_id), int(f.goods_id(30))])
    # A date cell whose year is below 1700 is the Jalali date it shows.
    sheet.append([2, D(1404, 2, 1), "ماست", int(producer.national_id), int(f.goods_id(31))])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(buffer.getvalue(), "list.xlsx")
    assert result.counts()["new_product"] == 2
    assert list(result.list_rows.order_by("number").values_list("registered_on", flat=True)) == [
        D(2025, 3, 1), D(2025, 4, 21)]


def test_leading_zeros_a_spreadsheet_dropped_come_back(db):
    producer = f.make_producer(national_id="0499370899")
    result = run(csv_bytes(row(f.goods_id(32), "499370899", "دوغ")))
    assert result.list_rows.get().producer_id == producer.pk


# -- refusals -----------------------------------------------------------------------------------


def refusal(data, language="fa"):
    with translation.override(language), pytest.raises(reconciliation.Refused) as caught:
        run(data)
    return caught.value


def test_a_structurally_bad_list_is_refused_whole_with_every_error_by_row_and_column(db):
    producer = f.make_producer()
    bad = refusal(csv_bytes(
        row(f.goods_id(40), producer, "یک"),
        row("6261234567890", producer, "دو"),                     # check digit
        row(f.goods_id(41), producer, "سه", "1402/12/30"),        # no such day
        row(f.goods_id(40), producer, "چهار"),                    # the goods ID of row 2 again
        row(f.goods_id(42), "10380284792", "پنج"),                # the producer's check digit
        row(f.goods_id(43), producer, "شش", state="معلق"),       # no such state
    ), language="en")
    assert [(issue.row, issue.column) for issue in bad.issues] == [
        (3, "شناسه کالا"), (4, "تاریخ ثبت"), (5, "شناسه کالا"), (6, "شناسه ملی تولیدکننده"), (7, "وضعیت شناسه")]
    assert "Row 2 has the same goods ID" in bad.issues[2].message
    with translation.override("en"):
        assert str(bad.issues[0]).startswith("Row 3, column شناسه کالا: 6261234567890 is not a valid goods ID")
    assert Reconciliation.objects.get().status == Reconciliation.Status.REFUSED
    assert Reconciliation.objects.get().error_count == 5


def test_a_missing_column_is_named_in_persian(db):
    bad = refusal(csv_bytes(header="شناسه کالا,شناسه ملی تولیدکننده,شرح کالا"))
    assert [(issue.row, issue.column) for issue in bad.issues] == [(1, "registered_on")]
    assert bad.issues[0].message == "این ستون الزامی در فایل نیست (عنوان فارسی آن «تاریخ ثبت» است)."


def test_an_active_row_needs_its_description_and_date(db):
    producer = f.make_producer()
    bad = refusal(csv_bytes(row(f.goods_id(44), producer, "", ""), row(f.goods_id(45), producer, "", "", "ابطال‌شده")))
    assert [(issue.row, issue.column) for issue in bad.issues] == [(2, "شرح کالا"), (2, "تاریخ ثبت")]


# -- applying -----------------------------------------------------------------------------------


def test_applying_registers_and_creates_with_history_naming_the_file(registry, clerk):
    zagros, other, products = registry
    result = run(national_list(zagros, other), "national-1404-08.csv", user=clerk)
    applied = reconciliation.apply(result, user=clerk)
    assert applied == reconciliation.Applied(registered=3, created=1)
    pending = Product.objects.get(pk=products["pending_with_id"].pk)
    assert (pending.status, pending.registered_on, pending.declared_on) == ("registered", D(2025, 4, 4), D(2025, 4, 4))
    by_name = Product.objects.get(pk=products["by_name"].pk)
    assert (by_name.goods_id, by_name.status, by_name.registered_on, by_name.declared_on) == (
        f.goods_id(11), "registered", D(2025, 4, 21), D(2025, 1, 1))
    assert Product.objects.get(pk=products["arabic_name"].pk).goods_id == f.goods_id(12)
    created = Product.objects.get(goods_id=f.goods_id(14))
    assert (created.producer, created.name, created.sector.code, created.status, created.declared_on,
            created.registered_on) == (zagros, "ماکارونی", "food", "registered", D(2025, 4, 21), D(2025, 4, 21))
    # Nothing else moved.
    assert Product.objects.get(pk=products["others"].pk).producer == other
    assert Product.objects.get(pk=products["other_id"].pk).goods_id == f.goods_id(3)
    changed = Product.history.filter(history_change_reason="reconcile_goods: national-1404-08.csv")
    assert sorted(changed.values_list("history_type", "goods_id", "history_user")) == sorted([
        ("~", f.goods_id(2), clerk.pk), ("~", f.goods_id(11), clerk.pk), ("~", f.goods_id(12), clerk.pk),
        ("+", f.goods_id(14), clerk.pk)])
    assert Product.objects.get(pk=products["by_name"].pk).version == 2
    result.refresh_from_db()
    assert (result.status, result.registered_count, result.created_count, result.applied_by) == (
        Reconciliation.Status.APPLIED, 3, 1, clerk)


def test_the_history_reason_is_shown_in_the_reader_s_language():
    reason = reconciliation.history_reason("national.csv")
    assert reason == "reconcile_goods: national.csv"
    with translation.override("en"):
        assert history.describe(reason) == 'Reconciled with the national goods-ID list: <bdi dir="ltr">national.csv</bdi>'
    with translation.override("fa"):
        assert history.describe(reason) == ('تطبیق با فهرست شناسه‌های کالای سامانه جامع: '
                                            '<bdi dir="ltr">national.csv</bdi>')


def test_reconciling_again_after_applying_finds_nothing_left(registry):
    zagros, other, _products = registry
    data = national_list(zagros, other)
    reconciliation.apply(run(data))
    again = run(data)
    assert again.counts() == {"matched": 5, "to_register": 0, "new_product": 0, "conflict": 2,
                              "unknown_producer": 1, "cancelled_nationally": 2, "missing_nationally": 3}
    assert reconciliation.apply(again) == (0, 0)


def test_applying_one_finding_leaves_the_other(registry):
    zagros, other, _products = registry
    result = run(national_list(zagros, other))
    assert reconciliation.apply(result, findings=[Finding.NEW_PRODUCT]) == (0, 1)
    result.refresh_from_db()
    assert (result.registered_count, result.created_count) == (None, 1)
    assert reconciliation.apply(result, findings=[Finding.TO_REGISTER]) == (3, 0)


def test_a_failure_in_the_middle_of_applying_leaves_nothing(registry, monkeypatch):
    zagros, other, _products = registry
    result = run(national_list(zagros, other))
    before = list(Product.objects.order_by("pk").values())
    history = Product.history.count()

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    # The registrations are written first, then the new products: the second write fails.
    monkeypatch.setattr(BulkWriter, "create", fail)
    with pytest.raises(RuntimeError):
        reconciliation.apply(result)
    assert list(Product.objects.order_by("pk").values()) == before
    assert Product.history.count() == history
    result.refresh_from_db()
    assert (result.status, result.registered_count) == (Reconciliation.Status.REVIEWED, None)


# -- county scope -------------------------------------------------------------------------------


def test_a_county_clerk_reconciles_only_their_counties(registry):
    zagros, other, products = registry
    clerk = make_user("saqqez_clerk", "clerk")
    CountyAssignment.objects.create(user=clerk, county=f.county("saqqez"))
    result = run(national_list(zagros, other), user=clerk)
    assert result.counts() == {"matched": 0, "to_register": 0, "new_product": 0, "conflict": 0,
                               "unknown_producer": 1, "cancelled_nationally": 1, "missing_nationally": 2}
    assert (result.out_of_scope, result.province_wide) == (8, False)
    assert reconciliation.apply(result, user=clerk) == (0, 0)
    assert Product.objects.get(pk=products["by_name"].pk).goods_id is None
    assert set(reconciliation.missing_products(result).values_list("name", flat=True)) == {"اجاق", "کولر"}


# -- the command --------------------------------------------------------------------------------


def test_the_command_prints_the_counts_as_json_and_applies(registry, tmp_path, capsys):
    zagros, other, _products = registry
    path = tmp_path / "list.csv"
    path.write_bytes(national_list(zagros, other))
    call_command("reconcile_goods", str(path), "--json")
    first = json.loads(capsys.readouterr().out)
    assert first == {"matched": 1, "to_register": 3, "new_product": 1, "conflict": 2, "unknown_producer": 1,
                     "cancelled_nationally": 2, "missing_nationally": 3}
    assert Product.objects.filter(status="registered").count() == 5
    call_command("reconcile_goods", str(path), "--apply", "--json")
    assert json.loads(capsys.readouterr().out) == first  # the counts found before applying
    assert Product.objects.filter(status="registered").count() == 9
    call_command("reconcile_goods", str(path), "--json")
    after = json.loads(capsys.readouterr().out)
    assert (after["to_register"], after["new_product"], after["matched"]) == (0, 0, 5)


def test_the_command_refuses_a_bad_file_with_exit_status_1(db, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(row("6261234567890", f.legal_id(1), "یک")))
    with pytest.raises(CommandError) as caught:
        call_command("reconcile_goods", str(path), "--json", "--language", "en")
    assert caught.value.returncode == 1
    assert "Row 2, column شناسه کالا" in capsys.readouterr().err
