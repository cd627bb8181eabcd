"""Bad input never hurts (property-based, with hypothesis): random bytes, wrong encodings, huge
cells, formulas and scripts, fed to the import and to the admin forms. Never a server error,
never a partial write, and every refusal says where and why."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import importing
from registry.models import ImportLog, Producer
from tests.factories import county, sector

pytestmark = pytest.mark.django_db

EXAMPLES = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\tpadded", "\r=1",
                     "<script>alert(1)</script>", "'; DROP TABLE registry_producer; --", "\x00\x01\x02",
                     "سيمين كردستان", "۱۰۳۸۰۲۸۴۷۹۰", "1402/12/30", "", " ", "\u200c", "A" * 5000]),
)
COLUMNS = ("national_id", "name", "county", "sector", "status", "employees", "postal_code", "phone")


def producer_rows(cells):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(cells)
    return out.getvalue()


def assert_all_or_nothing(outcome, before):
    after = Producer.objects.count()
    if outcome.written:
        assert outcome.errors == [] and after == before + outcome.counts["new"]
    else:
        assert after == before
        assert outcome.errors, "a refusal without a reason"
        for issue in outcome.errors:
            assert str(issue.message).strip()


@EXAMPLES
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "بدون‌پسوند"]))
def test_random_bytes_are_refused_with_a_reason_and_write_nothing(data, name):
    before = Producer.objects.count()
    with transaction.atomic():
        outcome = importing.import_file("producers", data, name)
        assert_all_or_nothing(outcome, before)
        transaction.set_rollback(True)


@EXAMPLES
@given(cells=st.lists(st.lists(HOSTILE_TEXT, min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16"]))
def test_hostile_cells_in_any_encoding_are_all_or_nothing(cells, encoding):
    before = Producer.objects.count()
    data = producer_rows(cells).encode(encoding, errors="replace")
    with transaction.atomic():
        outcome = importing.import_file("producers", data, "hostile.csv")
        assert_all_or_nothing(outcome, before)
        for issue in outcome.errors:
            assert issue.row is None or 1 <= issue.row <= len(cells) + 1
        transaction.set_rollback(True)


def test_a_formula_or_script_stored_as_text_is_exported_harmless():
    data = producer_rows([["10380284790", "=HYPERLINK(\"http://x\")", "sanandaj", "food", "active", "1", "", ""],
                          ["10100387143", "<script>alert(1)</script>", "sanandaj", "food", "active", "1", "", ""]])
    assert importing.import_file("producers", data.encode(), "p.csv").written
    out = io.StringIO()
    call_command("export_records", "producers", stdout=out)
    exported = out.getvalue()
    assert "'=HYPERLINK" in exported and ',"=HYPERLINK' not in exported
    assert ImportLog.objects.filter(status=ImportLog.Status.IMPORTED).count() == 1


@EXAMPLES
@given(values=st.fixed_dictionaries({name: HOSTILE_TEXT for name in COLUMNS}))
def test_hostile_form_values_never_break_the_admin(values, admin_client_):
    data = {**values, "county": county().pk, "sector": sector().pk,
            "licences-TOTAL_FORMS": "0", "licences-INITIAL_FORMS": "0",
            "products-TOTAL_FORMS": "0", "products-INITIAL_FORMS": "0"}
    data = {key: value.replace("\x00", "") if isinstance(value, str) else value for key, value in data.items()}
    before = Producer.objects.count()
    with transaction.atomic():
        response = admin_client_.post("/admin/registry/producer/add/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert Producer.objects.count() == before
            assert response.context["adminform"].form.errors
            assert "<script>alert(1)</script>" not in response.content.decode()
        else:
            assert Producer.objects.count() == before + 1
        transaction.set_rollback(True)
