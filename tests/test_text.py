"""Text normalisation of spec section 1."""

from registry.text import digits_to_ascii, normalize, to_persian_digits


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
