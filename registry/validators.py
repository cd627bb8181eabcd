"""Validators for the identifiers of spec section 6 (their algorithms: registry.checkdigits).

`is_valid_*` answer yes/no for a value as typed (Persian digits, spaces around it) for any code
path (imports, services); the `validate_*` callables are Django validators with a Persian
message, attached to the model fields.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry import checkdigits
from registry.text import digits_to_ascii


def _digits(value, length):
    value = digits_to_ascii(str(value or "")).strip()
    return value if len(value) == length and value.isascii() and value.isdigit() else None


def is_valid_national_code(value):
    """Personal national code (کد ملی), 10 digits."""
    return checkdigits.is_national_code(_digits(value, 10))


def is_valid_legal_id(value):
    """Legal-entity national ID (شناسه ملی), 11 digits."""
    return checkdigits.is_legal_id(_digits(value, 11))


def is_valid_goods_id(value):
    """Goods ID (شناسه کالا): a GTIN-13 with its GS1 check digit."""
    return checkdigits.is_goods_id(_digits(value, 13))


def is_valid_producer_id(value):
    """A producer is a legal entity (11 digits) or a sole trader (10-digit national code)."""
    value = digits_to_ascii(str(value or "")).strip()
    return is_valid_legal_id(value) if len(value) == 11 else is_valid_national_code(value)


def is_valid_mobile(value):
    """A mobile number: 11 digits starting with 09."""
    value = _digits(value, 11)
    return value is not None and value.startswith("09")


def validate_national_id(value):
    if not is_valid_producer_id(value):
        raise ValidationError(
            _("%(value)s is not a valid national ID: an 11-digit legal-entity ID or a 10-digit "
              "national code, with a correct check digit."),
            code="invalid_national_id",
            params={"value": value},
        )


def validate_goods_id(value):
    if not is_valid_goods_id(value):
        raise ValidationError(
            _("%(value)s is not a valid goods ID: 13 digits with a correct GS1 check digit."),
            code="invalid_goods_id",
            params={"value": value},
        )


def validate_postal_code(value):
    if _digits(value, 10) is None:
        raise ValidationError(_("A postal code has exactly 10 digits."), code="invalid_postal_code")


def validate_phone(value):
    phone = _digits(value, 11)
    if phone is None or not phone.startswith("0"):
        raise ValidationError(
            _("A phone number has 11 digits: 09xxxxxxxxx for a mobile, or a landline with its area code."),
            code="invalid_phone",
        )


def validate_isic_code(value):
    if _digits(value, 4) is None:
        raise ValidationError(_("An ISIC code has exactly 4 digits."), code="invalid_isic")
