"""Numbers, digits and identifiers as a person reads them, in Persian and in English."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from registry import formatting
from registry.models import Producer


@pytest.mark.parametrize(("value", "decimals", "persian", "expected"), [
    (7200, None, True, "۷٬۲۰۰"),
    (7200, None, False, "7,200"),
    (2100000000, None, True, "۲٬۱۰۰٬۰۰۰٬۰۰۰"),
    (Decimal("12500.50"), None, True, "۱۲٬۵۰۰٫۵"),
    (Decimal("0.79"), 2, True, "۰٫۷۹"),
    (20.0, 1, False, "20.0"),
    (0, None, True, "۰"),
    # A whole Decimal keeps its own zeros; only zeros after the point go.
    (Decimal("800"), None, False, "800"),
    (Decimal("0"), None, True, "۰"),
    (Decimal("1200.000"), None, True, "۱٬۲۰۰"),
    (Decimal("1E+3"), None, False, "1,000"),
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
@pytest.mark.parametrize(("count", "persian", "english"), [
    (0, "۰ واحد تولیدی", "0 producers"),
    (1, "۱ واحد تولیدی", "1 producer"),
    (43, "۴۳ واحد تولیدی", "43 producers"),
    (7200, "۷٬۲۰۰ واحد تولیدی", "7,200 producers"),
])
def test_a_count_takes_the_singular_after_a_number_in_persian(count, persian, english):
    with translation.override("fa"):
        assert formatting.counted(count, "واحد تولیدی", "واحدهای تولیدی") == persian
    with translation.override("en"):
        assert formatting.counted(count, "producer", "producers") == english


@pytest.mark.parametrize(("size", "persian", "english"), [
    (50, "۵۰ بایت", "50 bytes"),
    (1, "۱ بایت", "1 byte"),
    (2048, "۲ کیلوبایت", "2 KB"),
    (10_485_760, "۱۰ مگابایت", "10 MB"),
    (2_621_440, "۲٫۵ مگابایت", "2.5 MB"),
])
def test_a_file_size_reads_in_its_unit(size, persian, english):
    with translation.override("fa"):
        assert formatting.file_size(size) == persian
    with translation.override("en"):
        assert formatting.file_size(size) == english


@pytest.mark.parametrize(("value", "expected"), [
    ("03_producers.csv", '<bdi dir="ltr">03_producers.csv</bdi>'),
    ("KD-AU-003 / 1", '<bdi dir="ltr">KD-AU-003 / 1</bdi>'),
    ("Mehr Kurdistan", '<bdi dir="ltr">Mehr Kurdistan</bdi>'),
    ("سیمان کردستان 2", "<bdi>سیمان کردستان ۲</bdi>"),
    # Identifiers inside Persian text keep their digits: a national ID, a code, a plot.
    ("صنایع سقز 3 (14000000417)", "<bdi>صنایع سقز ۳ (14000000417)</bdi>"),
    ("معدن شن و ماسه 368 (KD-M-0368)", "<bdi>معدن شن و ماسه ۳۶۸ (KD-M-0368)</bdi>"),
    ("قطعه A-1 در سال 1403", "<bdi>قطعه A-1 در سال ۱۴۰۳</bdi>"),
    ("<b>", '<bdi dir="ltr">&lt;b&gt;</bdi>'),
    ("", ""),
    (None, None),
])
def test_text_is_isolated_left_to_right_without_a_right_to_left_letter_else_by_its_first_letter(value, expected):
    assert formatting.text(value) == expected


def test_an_english_page_keeps_the_digits_of_persian_text_as_stored():
    with translation.override("en"):
        assert formatting.text("سیمان کردستان 2") == "<bdi>سیمان کردستان 2</bdi>"


@pytest.mark.parametrize(("value", "persian", "english"), [
    (1403, "۱۴۰۳", "1403"),
    (Decimal("12.50"), "۱۲٫۵", "12.5"),
    (Decimal("1200000.00"), "۱۲۰۰۰۰۰", "1200000"),
    (0, "۰", "0"),
])
def test_a_number_in_a_box_has_the_page_digits_and_no_grouping(value, persian, english):
    with translation.override("fa"):
        assert formatting.typed_number(value) == persian
    with translation.override("en"):
        assert formatting.typed_number(value) == english


@pytest.mark.parametrize(("template", "context", "persian", "english"), [
    ("{{ n|counted:opts }}", {"n": 43}, "۴۳ واحد تولیدی", "43 producers"),
    ("{{ n|counted:opts }}", {"n": 1}, "۱ واحد تولیدی", "1 producer"),
    ("{{ n|fanum }}", {"n": 2100000000}, "۲٬۱۰۰٬۰۰۰٬۰۰۰", "2,100,000,000"),
    ("{{ n|fanum:3 }}", {"n": Decimal("12.5")}, "۱۲٫۵۰۰", "12.500"),
    ("{{ n|fadigits }}", {"n": 1403}, "۱۴۰۳", "1403"),
    ("{{ choice|facet_count }}", {"choice": "راکد (1204)"}, "راکد (۱٬۲۰۴)", "راکد (1,204)"),
    ("{{ choice|facet_count }}", {"choice": "مدل 15"}, "مدل 15", "مدل 15"),
    ("{{ reason|reason }}", {"reason": "import: 03_producers.csv"},
     'ورود از فایل <bdi dir="ltr">03_producers.csv</bdi>', 'Imported from the file <bdi dir="ltr">03_producers.csv</bdi>'),
])
def test_template_filters_write_numbers_and_counts_as_the_page_reads(template, context, persian, english):
    compiled = Template("{% load shafaf %}" + template)
    for language, expected in (("fa", persian), ("en", english)):
        with translation.override(language):
            assert compiled.render(Context({**context, "opts": Producer._meta})) == expected


@pytest.mark.parametrize(("value", "decimals", "suffix", "persian", "english"), [
    (12, None, "", "+۱۲", "+12"),
    (-3, None, "", "\u2212۳", "\u22123"),
    (0, None, "", "۰", "0"),
    (Decimal("7.5"), 1, "%", "+۷٫۵٪", "+7.5%"),
    (Decimal("-1281.500"), None, "", "\u2212۱٬۲۸۱٫۵", "\u22121,281.5"),
    (None, 1, "%", "—", "—"),
])
def test_a_change_is_signed_plus_or_minus_before_its_digits(value, decimals, suffix, persian, english):
    with translation.override("fa"):
        assert formatting.change(value, decimals, suffix) == persian
    with translation.override("en"):
        assert formatting.change(value, decimals, suffix) == english
