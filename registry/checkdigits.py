"""The check-digit algorithms of spec section 6, once: whether an identifier is valid, and the check
digit that completes a body. The validators, the synthetic data, the demo and the tests' factories
all build and check identifiers here."""

_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17)


def national_code_digit(body):
    """The tenth digit of a national code (کد ملی) whose first nine are `body`."""
    remainder = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return str(remainder if remainder < 2 else 11 - remainder)


def legal_id_digit(body):
    """The eleventh digit of a legal-entity national ID (شناسه ملی) whose first ten are `body`."""
    offset = int(body[9]) + 2
    remainder = sum((int(body[i]) + offset) * _LEGAL_ID_WEIGHTS[i % 5] for i in range(10)) % 11
    return str(0 if remainder == 10 else remainder)


def goods_id_digit(body):
    """The GS1 check digit of a GTIN-13 goods ID (شناسه کالا) whose first twelve digits are `body`."""
    total = sum(int(body[i]) * (3 if i % 2 else 1) for i in range(12))
    return str((10 - total % 10) % 10)


def _digits(code, length):
    return isinstance(code, str) and len(code) == length and code.isascii() and code.isdigit()


def is_national_code(code):
    """A valid 10-digit national code: its check digit, and never digits 4–9 all zero nor one digit
    repeated ten times (numbers that are never issued)."""
    return (_digits(code, 10) and len(set(code)) > 1 and code[3:9] != "000000"
            and code[9] == national_code_digit(code))


def is_legal_id(code):
    return _digits(code, 11) and code[10] == legal_id_digit(code)


def is_goods_id(code):
    return _digits(code, 13) and code[12] == goods_id_digit(code)
