"""Text normalisation of spec section 1, and numbers typed in forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from registry import text
from registry.formatting import to_persian_digits
from registry.text import DecimalField, IntegerField, alphabetical, collation_key, digits_to_ascii, normalize


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


# -- alphabetical order --------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after"), [
    ("قروه", "کامیاران"),        # ق before ک, though ک (U+06A9) has the higher code point
    ("کامیاران", "مریوان"),      # ک before م, though by code point it comes after
    ("بانه", "پاوه"),            # ب before پ (U+067E, outside the Arabic letters)
    ("جوانرود", "چناره"),        # ج before چ
    ("زرینه", "ژاله"),           # ز before ژ
    ("کامیاران", "گرانیت"),      # ک before گ
    ("گرانیت", "لاشه سنگ"),      # گ before ل
    ("دهگلان", "دیواندره"),      # ه before ی
    ("آباد", "ابر"),             # alef with madda before alef
    ("سنگ آهک", "سنگ آهن"),      # ک before ن
    ("سنگ", "سنگ آهک"),          # a word before the same word followed by more
    ("شهرک ۲", "شهرک ۱۰"),       # a number by its value
    ("Saqqez", "sarvabad"),      # English: case aside
    ("Baneh", "Bijar"),
])
def test_persian_and_english_names_sort_in_their_alphabets_order(before, after):
    assert collation_key(before) < collation_key(after)


def test_arabic_letters_sort_as_their_persian_forms_and_zwnj_does_not_count():
    assert collation_key("علي")[0] == collation_key("علی")[0]
    assert collation_key("كرمان")[0] == collation_key("کرمان")[0]
    assert collation_key("می‌سازد")[0] == collation_key("میسازد")[0]
    assert collation_key("علی") < collation_key("علي")  # equal letters: the Persian form first


def test_the_counties_of_the_province_in_persian_order():
    counties = ["سنندج", "سقز", "مریوان", "بانه", "قروه", "کامیاران", "بیجار", "دیواندره", "دهگلان", "سروآباد"]
    assert alphabetical(counties) == ["بانه", "بیجار", "دهگلان", "دیواندره", "سروآباد", "سقز", "سنندج", "قروه",
                                      "کامیاران", "مریوان"]


def test_a_name_s_sort_key_is_made_once_and_the_same_whatever_its_digits():
    # Names come back on every page: their keys are cached, and Persian digits sort as their values.
    text.collation_key("شهرک ۱۰")
    before = text._collation_key.cache_info().hits
    assert text.collation_key("شهرک 10") == text.collation_key("شهرک ۱۰")
    assert text._collation_key.cache_info().hits == before + 2
    assert text.alphabetical(["شهرک ۱۰", "شهرک 2", "شهرک ۱"]) == ["شهرک ۱", "شهرک 2", "شهرک ۱۰"]
