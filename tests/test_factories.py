"""The test helpers build valid records (so a failing test is about the code, not the data)."""

import pytest

from registry.validators import is_valid_goods_id, is_valid_legal_id, is_valid_national_code
from tests import factories


def test_generated_identifiers_are_valid():
    assert all(is_valid_legal_id(factories.legal_id(n)) for n in range(1, 500))
    assert all(is_valid_national_code(factories.national_code(n)) for n in range(1, 500))
    assert all(is_valid_goods_id(factories.goods_id(n)) for n in range(1, 500))


@pytest.mark.django_db
def test_every_helper_builds_a_record_that_passes_full_clean():
    lot = factories.make_lot()
    records = [
        factories.make_licence(), factories.make_product(status="registered"), factories.make_smuggling_item(),
        factories.make_obligation(), factories.make_inspection(), factories.make_shipment(), lot,
        factories.make_bid(lot=lot), factories.make_handover(), factories.make_employment(),
    ]
    for record in records:
        record.full_clean()
