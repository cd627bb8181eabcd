"""Check digits of spec section 6, with the spec's own examples."""

import pytest
from django.core.exceptions import ValidationError

from registry.validators import (
    is_valid_goods_id,
    is_valid_legal_id,
    is_valid_national_code,
    is_valid_producer_id,
    validate_goods_id,
    validate_national_id,
    validate_phone,
    validate_postal_code,
)


@pytest.mark.parametrize("code", ["0499370899", "0790419904", "0084575948"])
def test_valid_national_codes(code):
    assert is_valid_national_code(code)


@pytest.mark.parametrize("code", [
    "0499370898",  # wrong check digit
    "1111111111",  # all the same digit
    "0000000000",
    "1230000004",  # digits 4-9 all zero
    "049937089",  # too short
    "04993708990",
    "04993708a9",
])
def test_invalid_national_codes(code):
    assert not is_valid_national_code(code)


@pytest.mark.parametrize("code", ["10380284790", "10100387143"])
def test_valid_legal_ids(code):
    assert is_valid_legal_id(code)


@pytest.mark.parametrize("code", ["10380284792", "1038028479", "1038028479x"])
def test_invalid_legal_ids(code):
    assert not is_valid_legal_id(code)


@pytest.mark.parametrize("code", ["6261234567897", "4006381333931"])
def test_valid_goods_ids(code):
    assert is_valid_goods_id(code)


@pytest.mark.parametrize("code", ["6261234567890", "626123456789", "62612345678970"])
def test_invalid_goods_ids(code):
    assert not is_valid_goods_id(code)


def test_producer_id_takes_either_kind_and_persian_digits():
    assert is_valid_producer_id("10380284790")
    assert is_valid_producer_id("0499370899")
    assert is_valid_producer_id("۱۰۳۸۰۲۸۴۷۹۰")
    assert not is_valid_producer_id("10380284792")


def test_django_validators_raise_with_a_code():
    with pytest.raises(ValidationError) as error:
        validate_national_id("10380284792")
    assert error.value.code == "invalid_national_id"
    with pytest.raises(ValidationError):
        validate_goods_id("6261234567890")
    with pytest.raises(ValidationError):
        validate_postal_code("12345")
    with pytest.raises(ValidationError):
        validate_phone("9181234567")
    validate_postal_code("6617715175")
    validate_phone("09181234567")
    validate_phone("08733123456")
