"""How numbers, digits and identifiers are written for a person to read, in the page's language:
one module that templates (through registry/templatetags/shafaf.py), reports, admin columns,
services' messages and e-mails all share. Text on the way *in* is registry/text.py's business."""

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from registry.text import PERSIAN_DIGITS

# Persian writes its own thousands separator (U+066C) and decimal point (U+066B).
THOUSANDS_SEPARATOR = "٬"
DECIMAL_POINT = "٫"
PERCENT_SIGN = "٪"

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
        text = f"{value:,}" if isinstance(value, int) else f"{value:,f}".rstrip("0").rstrip(".")
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


def figure(value, decimals=None, suffix=""):
    """A figure as a report writes it: the page's digits and separators, '—' for none; a '%'
    suffix is written '٪' in Persian."""
    if value is None:
        return "—"
    if suffix == "%" and persian():
        suffix = PERCENT_SIGN
    return format_number(value, decimals, persian=persian()) + suffix


def enumeration(values):
    """Values written one after another as the page's language separates them (، or ,)."""
    return ("، " if persian() else ", ").join(str(value) for value in values)


def identifier(value):
    """An identifier (national ID, goods ID, postal code, file name) isolated as one left-to-right
    unit, so that right-to-left text around it cannot reorder it; ASCII digits, to be copied."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


# Reasons the application writes into a record's history as "<what>: <file name>", stored in one
# language and shown in the reader's.
CHANGE_REASONS = {
    "reconcile_goods": gettext_lazy("Reconciled with the national goods-ID list: %(file)s"),
}


def change_reason(text):
    """A history entry's reason as the reader should see it (others' reasons pass unchanged)."""
    what, separator, file_name = (text or "").partition(": ")
    if separator and what in CHANGE_REASONS:
        return CHANGE_REASONS[what] % {"file": file_name}
    return text or ""
