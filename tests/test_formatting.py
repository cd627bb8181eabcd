"""Numbers, digits and identifiers as a person reads them, in Persian and in English."""

from decimal import Decimal

import pytest
from django.utils import translation

from registry import formatting


@pytest.mark.parametrize(("value", "decimals", "persian", "expected"), [
    (7200, None, True, "۷٬۲۰۰"),
    (7200, None, False, "7,200"),
    (2100000000, None, True, "۲٬۱۰۰٬۰۰۰٬۰۰۰"),
    (Decimal("12500.50"), None, True, "۱۲٬۵۰۰٫۵"),
    (Decimal("0.79"), 2, True, "۰٫۷۹"),
    (20.0, 1, False, "20.0"),
    (0, None, True, "۰"),
    (None, None, True, ""),
])
def test_format_number(value, decimals, persian, expected):
    assert formatting.format_number(value, decimals, persian=persian) == expected


@pytest.mark.parametrize(("language", "expected"), [("fa", ("۱۴۰۵", "۷٬۲۰۰", "۲۰٫۰٪", "—")),
                                                    ("en", ("1405", "7,200", "20.0%", "—"))])
def test_the_page_language_chooses_the_digits(language, expected):
    with translation.override(language):
        assert (formatting.digits(1405), formatting.number(7200), formatting.figure(20.0, 1, "%"),
                formatting.figure(None)) == expected


def test_an_identifier_is_one_left_to_right_unit_with_its_ascii_digits():
    assert formatting.identifier("03_producers.csv") == '<bdi dir="ltr">03_producers.csv</bdi>'
    assert formatting.identifier("<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'
    assert formatting.identifier(None) == ""


def test_an_enumeration_takes_the_page_language_s_separator():
    with translation.override("fa"):
        assert formatting.enumeration(["سقز", "بانه"]) == "سقز، بانه"
    with translation.override("en"):
        assert formatting.enumeration(["Saqqez", "Baneh"]) == "Saqqez, Baneh"
