"""Text normalisation of spec section 1, and numbers typed in forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from registry.formatting import to_persian_digits
from registry.text import DecimalField, IntegerField, digits_to_ascii, normalize


def test_arabic_yeh_and_kaf_become_persian():
    assert normalize("علي كرمي") == "علی کرمی"
    assert normalize("مصطفى") == "مصطفی"


def test_persian_and_arabic_indic_digits_become_ascii():
    assert normalize("۱۴۰۳/۰۵/۱۲") == "1403/05/12"
    assert normalize("٠١٢٣٤٥٦٧٨٩") == "0123456789"


def test_spaces_are_trimmed_and_collapsed_but_zwnj_is_kept():
    assert normalize("  کارخانه   \t  می\u200cسازد \n") == "کارخانه می\u200cسازد"
    assert "\u200c" in normalize("می\u200cشود")


def test_multiline_text_keeps_its_line_breaks():
    assert normalize("خیابان  اول \r\n  پلاک ۳", multiline=True) == "خیابان اول\nپلاک 3"


def test_non_strings_pass_through():
    assert normalize(None) is None
    assert normalize(12) == 12


def test_digit_helpers():
    assert digits_to_ascii("كد ۱۲") == "كد 12"  # letters untouched
    assert to_persian_digits(1403) == "۱۴۰۳"


class TestNumberFields:
    """Numbers in forms are typed like text: in Persian digits, with the separators reports show."""

    def test_a_whole_number_in_persian_digits_with_persian_thousands(self):
        assert IntegerField().clean("۷٬۲۰۰") == 7200
        assert IntegerField().clean("٣٤") == 34
        assert IntegerField().clean(" 15 ") == 15

    def test_a_decimal_with_the_persian_decimal_point(self):
        assert DecimalField(max_digits=14, decimal_places=3).clean("۱۲۵٫۵") == Decimal("125.5")

    def test_limits_still_hold(self):
        with pytest.raises(ValidationError):
            IntegerField(min_value=0).clean("-۱")
        with pytest.raises(ValidationError):
            IntegerField().clean("۱۲الف")

    def test_the_box_is_text_that_a_persian_keyboard_can_type_into(self):
        html = IntegerField(min_value=0).widget.render("employees", 12)
        assert 'type="text"' in html and 'inputmode="numeric"' in html and 'dir="ltr"' in html
        assert 'inputmode="decimal"' in DecimalField().widget.render("capacity", None)
