"""How numbers, digits and identifiers are written for a person to read, in the page's language:
one module that templates (through registry/templatetags/shafaf.py), reports, admin columns,
services' messages and e-mails all share. Text on the way *in* is registry/text.py's business."""

import datetime
import re

from django.db import models
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext, ngettext

from registry.text import PERSIAN_DIGITS

# Persian writes its own thousands separator (U+066C) and decimal point (U+066B).
THOUSANDS_SEPARATOR = "٬"
DECIMAL_POINT = "٫"
PERCENT_SIGN = "٪"
# A value that is missing, in a table or a list of changes.
EMPTY = "—"

# Letters of the right-to-left scripts (Hebrew, Arabic, Persian and their presentation forms).
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# A number written as a word of Persian text (مدل 15, سقز 3, سال 1403): up to four digits standing
# alone. Longer runs (national and goods IDs) and digits joined to a code (KD-M-0368, A-1) are
# identifiers, copied as they are.
_NUMBER_IN_TEXT = re.compile(r"(?<![\w\-./])\d{1,4}(?![\w\-])")
_TO_PERSIAN_DIGITS = str.maketrans({str(number): persian for number, persian in enumerate(PERSIAN_DIGITS)})


def persian():
    """Whether the page is in Persian (the default when no language is active)."""
    return translation.get_language() in (None, "fa")


def to_persian_digits(value):
    """ASCII digits of `value` (any type, through str) shown as Persian digits."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


def format_number(value, decimals=None, persian=True):
    """7200 → '۷٬۲۰۰' (Persian separators and digits) or '7,200'; None → ''.

    `decimals` fixes the places after the point; by default integers show none and other
    numbers keep what they have.
    """
    if value is None or value == "":
        return ""
    if decimals is None:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,f}"
        if "." in text:  # a whole Decimal("800") keeps its zeros: only decimals are dropped
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if not persian:
        return text
    return text.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_POINT).translate(_TO_PERSIAN_DIGITS)


def digits(value):
    """Any value with its digits in the page's language ('' for None)."""
    if value is None:
        return ""
    return to_persian_digits(value) if persian() else str(value)


def number(value, decimals=None):
    """A number with thousands separators in the page's digits ('' for None)."""
    return format_number(value, decimals, persian=persian())


def typed_number(value):
    """A number as a form's box shows it for editing: the page's digits and decimal point, no
    grouping (a box may hold a year) and no trailing zeros ('۱۲٫۵' for 12.50)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", DECIMAL_POINT).translate(_TO_PERSIAN_DIGITS) if persian() else text


def figure(value, decimals=None, suffix=""):
    """A figure as a report writes it: the page's digits and separators, '—' for none; a '%'
    suffix is written '٪' in Persian."""
    if value is None:
        return EMPTY
    if suffix == "%" and persian():
        suffix = PERCENT_SIGN
    return format_number(value, decimals, persian=persian()) + suffix


def change(value, decimals=None, suffix=""):
    """How far a figure moved, as a report writes it: '+۱۲', '−۳٫۵٪', '۰'; '—' for none. (Shown
    left to right, so that the sign stays before the digits in a right-to-left page.)"""
    if value is None:
        return EMPTY
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    return sign + figure(abs(value), decimals, suffix)


def sentence(value):
    """A label or a value standing on its own (a tile's label, a filter's, a status in a cell) in
    sentence case: English capitalises its first letter, as headings are (labels are kept lower
    case to be used inside sentences too); Persian has no capitals and is left as it is."""
    if value is None or persian():
        return value
    shown = str(value)
    shown = shown[:1].upper() + shown[1:]
    return mark_safe(shown) if isinstance(value, SafeData) else shown


def enumeration(values):
    """Values written one after another as the page's language separates them (، or ,)."""
    return ("، " if persian() else ", ").join(str(value) for value in values)


def identifier(value):
    """An identifier (national ID, goods ID, postal code, file name) isolated as one left-to-right
    unit, so that right-to-left text around it cannot reorder it; ASCII digits, to be copied."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def text(value):
    """A text value isolated from the page around it, so that neither direction can reorder its
    parts: one without any right-to-left letter (a code such as KD-AU-003 / 1, a file name) left to
    right as an identifier, other text in the direction of its first letter (سقز 1 on an English
    page stays سقز 1). On a Persian page a number that is a word of Persian text takes Persian digits
    (مدل ۱۵: registry.text stores every digit ASCII), an identifier inside it keeps its own."""
    if not isinstance(value, str) or not value:
        return value
    if not _RIGHT_TO_LEFT.search(value):
        return identifier(value)
    return format_html("<bdi>{}</bdi>", _words_in_page_digits(value))


def _words_in_page_digits(value):
    """Persian text with its numbers that are words (مدل 15) in Persian digits on a Persian page."""
    if persian():
        return _NUMBER_IN_TEXT.sub(lambda match: to_persian_digits(match.group()), value)
    return value


def isolated(value):
    """`value` isolated by Unicode's own marks, for plain text that cannot hold markup (a page's
    title, a heading built by a library): left to right without a right-to-left letter (KD-AU-003 / 1
    would otherwise show as 1 / KD-AU-003 in a right-to-left line), else by its first letter; its
    digits as text() writes them (سقز ۱ on a Persian page)."""
    value = str(value)
    if not value:
        return value
    if not _RIGHT_TO_LEFT.search(value):
        return "\u2066" + value + "\u2069"
    return "\u2068" + _words_in_page_digits(value) + "\u2069"


def noun_after(count, singular, plural):
    """The noun written after the number `count`: Persian writes the singular after any number
    (۴۳ واحد تولیدی, never ۴۳ واحدهای تولیدی); English the plural but after 1.

    gettext cannot say this: Persian catalogues declare two plural forms (n > 1), which is what
    turns Django's "%(count)s %(verbose_name_plural)s" into ۴۳ واحدهای تولیدی.
    """
    return singular if persian() or count == 1 else plural


def counted(count, singular, plural):
    """A count and its noun in the page's language: '۴۳ واحد تولیدی', '43 producers', '1 producer'."""
    return f"{number(count)} {noun_after(count, singular, plural)}"


def file_size(size):
    """A size in bytes as a person reads a file's size: '۱۰ مگابایت', '2.5 MB', '۳۲۰ کیلوبایت', '50 bytes'."""
    for unit, message in ((2**20, gettext("%(size)s MB")), (2**10, gettext("%(size)s KB"))):
        if size >= unit:
            value = round(size / unit, 1)
            return message % {"size": number(int(value) if value.is_integer() else value)}
    return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": number(size)}


def stored_value(field, value):
    """A value of model field `field` as a page shows it: '—' for none, a Jalali date, yes or no, a
    choice's label, a record's name, a number with separators (a year without), digits that
    identify something as one left-to-right unit."""
    from registry import jalali  # registry.jalali writes its digits with this module

    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.date):
        return jalali.format_date(value, digits=None)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, models.Model):
        return text(str(value))
    if isinstance(value, int) and field.name.endswith("year"):
        return digits(value)
    if isinstance(value, (int, float)) or hasattr(value, "quantize"):
        return number(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return identifier(value)
    return text(value)


def row_ranges(numbers, limit=8):
    """Row numbers as runs, in the page's digits: '۲–۵، ۹'; past `limit` runs, '…'."""
    runs = []
    for value in sorted(set(numbers)):
        if runs and value == runs[-1][1] + 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    parts = [digits(first) if first == last else f"{digits(first)}–{digits(last)}" for first, last in runs[:limit]]
    if len(runs) > limit:
        parts.append("…")
    return enumeration(parts)
