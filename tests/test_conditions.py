"""Constraint conditions evaluated in Python agree with what the database enforces."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q

from registry.conditions import Unsupported, compile_condition, condition_fields
from registry.models import Licence, Mine, Product, Shipment
from tests import factories


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


def test_condition_fields_lists_the_fields_in_order():
    assert condition_fields(Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on"))) == ["expires_on", "issued_on"]


def test_every_check_constraint_of_every_model_compiles():
    """So an import never falls back to one query per row and constraint."""
    for model in apps.get_app_config("registry").get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                compile_condition(constraint.condition, model)


@pytest.mark.django_db
def test_the_python_answer_matches_the_database_for_a_raw_export():
    shipment = factories.make_shipment()
    condition = next(c.condition for c in Shipment._meta.constraints if c.name == "registry_shipment_no_raw_export")
    shipment.stage, shipment.destination = "raw", "export"
    assert compile_condition(condition, Shipment)(shipment) is False
    with pytest.raises(IntegrityError), transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(stage="raw", destination="export", destination_country="IQ",
                                                       goods_id="6261234567897")
