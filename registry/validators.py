"""Check-digit validators for the identifiers of spec section 6.

`is_valid_*` answer yes/no for any code path (imports, services); the `validate_*` callables are
Django validators with a Persian message, attached to the model fields.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.text import digits_to_ascii

_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17)


def _digits(value, length):
    value = digits_to_ascii(str(value or "")).strip()
    return value if len(value) == length and value.isascii() and value.isdigit() else None


def is_valid_national_code(value):
    """Personal national code (کد ملی), 10 digits."""
    code = _digits(value, 10)
    if code is None or len(set(code)) == 1 or code[3:9] == "000000":
        return False
    remainder = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = remainder if remainder < 2 else 11 - remainder
    return int(code[9]) == check


def is_valid_legal_id(value):
    """Legal-entity national ID (شناسه ملی), 11 digits."""
    code = _digits(value, 11)
    if code is None:
        return False
    offset = int(code[9]) + 2
    total = sum((int(code[i]) + offset) * _LEGAL_ID_WEIGHTS[i % 5] for i in range(10))
    remainder = total % 11
    return (0 if remainder == 10 else remainder) == int(code[10])


def is_valid_goods_id(value):
    """Goods ID (شناسه کالا): a GTIN-13 with its GS1 check digit."""
    code = _digits(value, 13)
    if code is None:
        return False
    total = sum(int(code[i]) * (3 if i % 2 else 1) for i in range(12))
    return (10 - total % 10) % 10 == int(code[12])


def is_valid_producer_id(value):
    """A producer is a legal entity (11 digits) or a sole trader (10-digit national code)."""
    value = digits_to_ascii(str(value or "")).strip()
    return is_valid_legal_id(value) if len(value) == 11 else is_valid_national_code(value)


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
