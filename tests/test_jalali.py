"""Jalali parsing, formatting, the form field and the template filters."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from registry import jalali


@pytest.mark.parametrize("text", ["1403/05/12", "1403-5-12", "۱۴۰۳/۰۵/۱۲", "١٤٠٣/٠٥/١٢", " 1403/05/12 ", "2024-08-02",
                                  "2024/08/02", "2024-08-02 00:00:00"])
def test_parse_accepts_jalali_and_iso(text):
    assert jalali.parse(text) == datetime.date(2024, 8, 2)


def test_leap_years():
    assert jalali.parse("1403/12/30") == datetime.date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(jalali.InvalidDate):
        jalali.parse("1402/12/30")


@pytest.mark.parametrize("text", ["1403/13/01", "1403/07/31", "2024-02-30", "12/05/1403", "1403/5", "tomorrow"])
def test_parse_refuses_what_it_cannot_read_or_does_not_exist(text):
    with pytest.raises(jalali.InvalidDate):
        jalali.parse(text)


def test_parse_passes_dates_and_empty_values():
    assert jalali.parse(datetime.datetime(2024, 8, 2, 10, 30)) == datetime.date(2024, 8, 2)
    assert jalali.parse(datetime.date(2024, 8, 2)) == datetime.date(2024, 8, 2)
    assert jalali.parse("") is None
    assert jalali.parse(None) is None


def test_format_date():
    assert jalali.format_date(datetime.date(2024, 8, 2)) == "1403/05/12"
    assert jalali.format_date(datetime.date(2024, 8, 2), digits="persian") == "۱۴۰۳/۰۵/۱۲"
    assert jalali.format_date(None) == ""
    with translation.override("fa"):
        assert jalali.format_date(datetime.date(2025, 3, 20), digits=None) == "۱۴۰۳/۱۲/۳۰"
    with translation.override("en"):
        assert jalali.format_date(datetime.date(2025, 3, 20), digits=None) == "1403/12/30"


def test_year_and_month_bounds():
    assert jalali.year_bounds(1403) == (datetime.date(2024, 3, 20), datetime.date(2025, 3, 20))
    assert jalali.year_bounds(1404) == (datetime.date(2025, 3, 21), datetime.date(2026, 3, 20))
    assert jalali.month_bounds(1403, 12) == (datetime.date(2025, 2, 19), datetime.date(2025, 3, 20))


def test_add_years_keeps_the_jalali_day():
    assert jalali.add_years(datetime.date(2024, 8, 2), 25) == jalali.parse("1428/05/12")
    assert jalali.add_years(jalali.parse("1403/12/30"), 1) == jalali.parse("1404/12/29")


def test_form_field_reads_jalali_and_reports_impossible_dates():
    field = jalali.JalaliDateField()
    assert field.clean("۱۴۰۳/۰۵/۱۲") == datetime.date(2024, 8, 2)
    with translation.override("fa"):
        with pytest.raises(Exception) as error:
            field.clean("1402/12/30")
        assert "1402/12/30" in str(error.value)
        with pytest.raises(Exception) as error:
            field.clean("abc")
        assert "تاریخ را به صورت سال/ماه/روز وارد کنید" in str(error.value)


@pytest.mark.parametrize(("language", "value", "hint"), [("fa", "۱۴۰۳/۰۵/۱۲", "\u200eسال\u200e/\u200eماه\u200e/\u200eروز"),
                                                         ("en", "1403/05/12", "year/month/day")])
def test_the_widget_shows_jalali_in_the_page_digits_with_a_hint_in_words(language, value, hint):
    with translation.override(language):
        html = jalali.JalaliDateInput().render("d", datetime.date(2024, 8, 2))
        empty = jalali.JalaliDateInput().render("d", None)
    assert f'value="{value}"' in html and "vJalaliDateField" in html
    # The hint in an empty box is words, never a date that reads as one already typed.
    assert f'placeholder="{hint}"' in empty and "value=" not in empty


def test_template_filters():
    template = Template("{% load shafaf %}{{ d|jdate }} {{ n|fadigits }} {{ big|fanum }}")
    with translation.override("fa"):
        assert template.render(Context({"d": datetime.date(2024, 8, 2), "n": 1403, "big": 7200})) == \
            "۱۴۰۳/۰۵/۱۲ ۱۴۰۳ ۷٬۲۰۰"
    with translation.override("en"):
        assert template.render(Context({"d": datetime.date(2024, 8, 2), "n": 1403, "big": 7200})) == \
            "1403/05/12 1403 7,200"
