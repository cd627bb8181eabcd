"""Conditions evaluated in Python follow SQL: a comparison with NULL is unknown, and unknown passes a
CHECK (tests/test_rules.py holds every rule against the database)."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F, Q

from registry.conditions import Unsupported, compile_condition, condition_fields
from registry.models import Licence, Mine, Product, Shipment


def check(model, condition, **values):
    return compile_condition(condition, model)(model(**values))


def test_comparisons_with_null_are_unknown_and_isnull_is_not():
    expiry_after_issue = Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on"))
    day = datetime.date(2024, 1, 1)
    assert check(Licence, expiry_after_issue, issued_on=day, expires_on=None) is True
    assert check(Licence, expiry_after_issue, issued_on=day, expires_on=day) is False
    assert check(Licence, Q(expires_on__gt=F("issued_on")), issued_on=day, expires_on=None) is None


def test_negation_regex_and_expressions_with_a_timedelta():
    no_raw_export = ~Q(stage="raw", destination="export")
    assert check(Shipment, no_raw_export, stage="raw", destination="export") is False
    assert check(Shipment, no_raw_export, stage="raw", destination="domestic") is True
    assert check(Product, Q(goods_id__regex=r"^[0-9]{13}$"), goods_id="626") is False
    within = Q(licence_expires_on__lte=F("licence_issued_on") + datetime.timedelta(days=10))
    issued = datetime.date(2024, 1, 1)
    assert check(Mine, within, licence_issued_on=issued, licence_expires_on=datetime.date(2024, 1, 11)) is True
    assert check(Mine, within, licence_issued_on=issued, licence_expires_on=datetime.date(2024, 1, 12)) is False
    assert check(Mine, Q(latitude__gte=Decimal("34.5")), latitude=Decimal("34.4")) is False


def test_a_lookup_across_a_relation_is_left_to_the_database():
    with pytest.raises(Unsupported):
        compile_condition(Q(producer__county__code="baneh"), Product)


def test_condition_fields_lists_the_fields_in_order_expressions_included():
    assert condition_fields(Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on"))) == ["expires_on", "issued_on"]
    within = Q(licence_expires_on__lte=F("licence_issued_on") + datetime.timedelta(days=10))
    assert condition_fields(within) == ["licence_expires_on", "licence_issued_on"]
