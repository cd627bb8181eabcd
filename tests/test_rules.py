"""Every rule is declared once (registry.rules) and holds alike in the three places it comes out:
the database refuses what full_clean() refuses, on the rule's own field, and an import refuses it
on that field's column. Each rule is tried on a record that breaks it and on one that just keeps
it, on SQLite and on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from registry import rules, spreadsheets
from registry.importing import import_file, kind_for_model
from registry.models import County, Mineral
from registry.rules import Rule
from tests import factories

pytestmark = pytest.mark.django_db

day = datetime.date


def export_shipment():
    registered = factories.make_product(status="registered")
    return factories.make_shipment(stage="crushed", destination="export", destination_country="IQ",
                                   goods_id=registered.goods_id)


def located_mine():
    return factories.make_mine(licence_issued_on=day(2000, 3, 20), licence_expires_on=day(2010, 3, 20),
                               latitude=Decimal("35.3"), longitude=Decimal("46.9"),
                               operator_national_id=factories.national_code(5))


RECORDS = {
    "County": lambda: County.objects.get(code="baneh"),
    "Mineral": lambda: Mineral.objects.get(code="gypsum"),
    "Producer": factories.make_producer,
    "Licence": factories.make_licence,
    "Inspection": factories.make_inspection,
    "SmugglingItem": factories.make_smuggling_item,
    "Product": lambda: factories.make_product(status="registered"),
    "Obligation": factories.make_obligation,
    "Mine": located_mine,
    "Shipment": export_shipment,
    "Auction": factories.make_auction,
    "Lot": factories.make_lot,
    "Bid": factories.make_bid,
    "Estate": factories.make_estate,
    "Unit": factories.make_unit,
    "Handover": factories.make_handover,
    "EmploymentRecord": factories.make_employment,
}

# rule: (values that break it, values that just keep it), each given to a valid record of RECORDS;
# a value may be a function of that record (a lot that names itself).
EXAMPLES = {
    "registry_county_population_positive": ({"population": 0}, {"population": 1}),
    "registry_mineral_group_1_6": ({"group": 7}, {"group": 6}),
    "registry_producer_national_id_digits": ({"national_id": "123"}, {"national_id": factories.national_code(9)}),
    "registry_producer_status_valid": ({"status": "asleep"}, {"status": "closed"}),
    "registry_producer_postal_code_digits": ({"postal_code": "66123"}, {"postal_code": "6612345678"}),
    "registry_producer_isic_digits": ({"isic_code": "151"}, {"isic_code": "1511"}),
    "registry_producer_phone_digits": ({"phone": "091812345"}, {"phone": "09181234567"}),
    "registry_licence_expiry_after_issue": ({"expires_on": day(2020, 1, 1)}, {"expires_on": day(2020, 1, 2)}),
    "registry_licence_kind_valid": ({"kind": "temporary"}, {"kind": "establishment"}),
    "registry_inspection_kind_valid": ({"kind": "audit"}, {"kind": "awareness"}),
    "registry_smugglingitem_list_year_jalali": ({"list_year": 2024}, {"list_year": 1699}),
    "registry_product_goods_id_digits": ({"goods_id": "626123"}, {"goods_id": factories.goods_id(99_999)}),
    "registry_product_registered_has_goods_id": ({"goods_id": None}, {"goods_id": None, "status": "pending"}),
    "registry_product_registered_has_date": ({"registered_on": None}, {"registered_on": None, "status": "rejected"}),
    "registry_product_registered_after_declared": ({"registered_on": day(2024, 12, 31)},
                                                   {"registered_on": day(2025, 1, 1)}),
    "registry_product_status_valid": ({"status": "lost"}, {"status": "registered"}),
    "registry_obligation_deadline_after_notice": ({"deadline": day(2024, 12, 31)}, {"deadline": day(2025, 1, 1)}),
    "registry_mine_status_valid": ({"status": "flooded"}, {"status": "revoked"}),
    "registry_mine_capacity_non_negative": ({"capacity_tonnes": Decimal("-0.001")}, {"capacity_tonnes": 0}),
    "registry_mine_operator_id_digits": ({"operator_national_id": "12345"}, {"operator_national_id": ""}),
    "registry_mine_licence_expiry_after_issue": ({"licence_expires_on": day(2000, 3, 20)},
                                                 {"licence_expires_on": day(2000, 3, 21)}),
    "registry_mine_licence_at_most_25_years": ({"licence_expires_on": day(2025, 3, 22)},
                                               {"licence_expires_on": day(2025, 3, 21)}),
    "registry_mine_latitude_needs_longitude": ({"longitude": None}, {"latitude": None, "longitude": None}),
    "registry_mine_longitude_needs_latitude": ({"latitude": None}, {"latitude": None, "longitude": None}),
    "registry_mine_latitude_in_province": ({"latitude": Decimal("34.499999")}, {"latitude": Decimal("34.5")}),
    "registry_mine_longitude_in_province": ({"longitude": Decimal("48.400001")}, {"longitude": Decimal("48.4")}),
    "registry_shipment_no_raw_export": ({"stage": "raw"}, {"stage": "processed"}),
    "registry_shipment_quantity_positive": ({"quantity_tonnes": 0}, {"quantity_tonnes": Decimal("0.001")}),
    "registry_shipment_export_has_country": ({"destination_country": ""}, {"destination_country": "TR"}),
    "registry_shipment_export_has_goods_id": ({"goods_id": ""},
                                              {"goods_id": "", "destination": "domestic", "destination_country": ""}),
    "registry_shipment_domestic_no_country": ({"destination": "domestic", "goods_id": ""},
                                              {"destination": "domestic", "goods_id": "", "destination_country": ""}),
    "registry_shipment_stage_valid": ({"stage": "molten"}, {"stage": "crushed"}),
    "registry_shipment_destination_valid": ({"destination": "abroad"}, {"destination": "export"}),
    "registry_shipment_goods_id_digits": ({"destination": "domestic", "destination_country": "", "goods_id": "626"},
                                          {"destination": "domestic", "destination_country": "",
                                           "goods_id": factories.goods_id(99_998)}),
    "registry_shipment_country_code": ({"destination_country": "IR"}, {"destination_country": "AF"}),
    "registry_auction_deadline_after_announcement": ({"bid_deadline": day(2024, 12, 31)},
                                                     {"bid_deadline": day(2025, 1, 1)}),
    "registry_auction_opening_after_deadline": ({"opening_on": day(2025, 1, 31)}, {"opening_on": day(2025, 2, 1)}),
    "registry_auction_status_valid": ({"status": "postponed"}, {"status": "cancelled"}),
    "registry_lot_contract_needs_winner": ({"contract_signed_on": day(2025, 3, 1)}, {"contract_signed_on": None}),
    "registry_lot_not_its_own_previous": ({"previous_lot": lambda lot: lot}, {"previous_lot": None}),
    "registry_bid_amount_positive": ({"amount_rials": 0}, {"amount_rials": 1}),
    "registry_bid_bidder_id_digits": ({"bidder_national_id": "103802847"}, {"bidder_national_id": "10380284790"}),
    "registry_bid_forfeit_reason_valid": ({"forfeited_on": day(2025, 3, 1), "forfeit_reason": "vanished"},
                                          {"forfeited_on": day(2025, 3, 1), "forfeit_reason": "not_signed"}),
    "registry_bid_forfeiture_dated_with_reason": ({"forfeited_on": day(2025, 3, 1)},
                                                  {"forfeited_on": day(2025, 3, 1), "forfeit_reason": "withdrew"}),
    "registry_bid_forfeited_deposit_paid": (
        {"forfeited_on": day(2025, 3, 1), "forfeit_reason": "withdrew", "deposit_paid": False},
        {"forfeited_on": day(2025, 3, 1), "forfeit_reason": "withdrew", "deposit_paid": True}),
    "registry_estate_total_area_non_negative": ({"total_area_m2": -1, "industrial_area_m2": -1},
                                                {"total_area_m2": 0, "industrial_area_m2": 0}),
    "registry_estate_industrial_area_non_negative": ({"industrial_area_m2": Decimal("-0.01")},
                                                     {"industrial_area_m2": 0}),
    "registry_estate_industrial_within_total": ({"industrial_area_m2": Decimal("100000.01")},
                                                {"industrial_area_m2": 100_000}),
    "registry_unit_area_non_negative": ({"area_m2": Decimal("-0.01")}, {"area_m2": 0}),
    "registry_unit_status_valid": ({"status": "ruined"}, {"status": "producing"}),
    "registry_unit_occupant_kind_valid": ({"occupant_kind": "state"}, {"occupant_kind": "industry"}),
    "registry_unit_vacant_without_occupant": ({"status": "vacant"}, {"status": "vacant", "occupant_kind": "none"}),
    "registry_handover_notified_after_identified": ({"notified_on": day(2025, 1, 9)}, {"notified_on": day(2025, 1, 10)}),
    "registry_handover_relocated_needs_notified": ({"relocated_on": day(2025, 2, 1)},
                                                   {"notified_on": day(2025, 1, 20), "relocated_on": day(2025, 2, 1)}),
    "registry_handover_relocated_after_notified": ({"notified_on": day(2025, 1, 20), "relocated_on": day(2025, 1, 19)},
                                                   {"notified_on": day(2025, 1, 20), "relocated_on": day(2025, 1, 20)}),
    "registry_handover_handed_over_needs_relocated": (
        {"notified_on": day(2025, 1, 20), "handed_over_on": day(2025, 3, 1)},
        {"notified_on": day(2025, 1, 20), "relocated_on": day(2025, 2, 1), "handed_over_on": day(2025, 3, 1)}),
    "registry_handover_handed_over_after_relocated": (
        {"notified_on": day(2025, 1, 20), "relocated_on": day(2025, 2, 1), "handed_over_on": day(2025, 1, 31)},
        {"notified_on": day(2025, 1, 20), "relocated_on": day(2025, 2, 1), "handed_over_on": day(2025, 2, 1)}),
    "registry_employment_jobs_positive": ({"jobs": 0}, {"jobs": 1}),
    "registry_employment_month_1_12": ({"month": 13}, {"month": 12}),
    "registry_employment_year_jalali": ({"year": 1299}, {"year": 1300}),
}

ALL_RULES = [(model, rule) for model in apps.get_app_config("registry").get_models() for rule in rules.rules_of(model)]


def ids(value):
    return value.name if isinstance(value, Rule) else value.__name__


def record_with(model, values):
    record = RECORDS[model.__name__]()
    for name, value in given(record, values).items():
        setattr(record, name, value)
    return record


def given(record, values):
    return {name: value(record) if callable(value) else value for name, value in values.items()}


def errors_of(validation):
    """{field: messages} of what `validation` (full_clean, or clean_fields: the fields' own
    validators and choices, before any rule) refuses."""
    try:
        validation()
    except ValidationError as error:
        return error.message_dict
    return {}


def database_refusal(record, values):
    """The name of the constraint the database gives when `values` are written to `record`'s row
    (with no Python in the way), or None when it accepts them."""
    try:
        with transaction.atomic():
            type(record).objects.filter(pk=record.pk).update(**given(record, values))
    except IntegrityError as error:
        return next(rule.name for rule in rules.rules_of(type(record)) if rule.name in str(error))
    return None


def test_every_check_constraint_is_a_rule_with_an_example():
    checks = [(model, constraint) for model in apps.get_app_config("registry").get_models()
              for constraint in model._meta.constraints if isinstance(constraint, models.CheckConstraint)]
    assert all(isinstance(constraint, Rule) for _model, constraint in checks)
    assert sorted(EXAMPLES) == sorted(rule.name for _model, rule in ALL_RULES)


@pytest.mark.parametrize(("model", "rule"), ALL_RULES, ids=ids)
def test_the_database_refuses_what_full_clean_refuses_on_the_rules_field(model, rule):
    breaking, keeping = EXAMPLES[rule.name]

    record = record_with(model, breaking)
    assert rule in rules.broken(record)
    errors = errors_of(record.full_clean)
    assert rule.field in errors
    if rule.field not in errors_of(record.clean_fields):
        # Unless the field's own validation caught the value first, the error is the rule's.
        assert errors[rule.field] == [rule.get_violation_error_message()]
    assert database_refusal(record, breaking) in {broken.name for broken in rules.broken(record)}

    record = record_with(model, keeping)
    assert rules.broken(record) == []
    assert errors_of(record.full_clean) == {}
    assert database_refusal(record, keeping) is None


IMPORTED_RULES = [(model, rule) for model, rule in ALL_RULES
                  if any(field.name == rule.field for field in kind_for_model(model).model_fields.values())]


@pytest.mark.parametrize(("model", "rule"), IMPORTED_RULES, ids=ids)
def test_an_import_refuses_what_full_clean_refuses_on_the_rules_column(model, rule):
    kind = kind_for_model(model)
    record = record_with(model, EXAMPLES[rule.name][0])
    errors = errors_of(record.full_clean)[rule.field]
    data = spreadsheets.write_csv(kind.export_headers(), [kind.cells(record)])

    outcome = import_file(kind.name, data, "rule.csv")

    column = next(name for name, field in kind.model_fields.items() if field.name == rule.field)
    refused = [(issue.row, issue.column) for issue in outcome.errors]
    assert (2, column) in refused and not outcome.written
    if rule.field not in errors_of(record.clean_fields):
        assert [issue.message for issue in outcome.errors if issue.column == column] == errors
