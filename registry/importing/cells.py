"""One cell of a file to one Python value, and back (spec section 3): a widget per kind of column.

`clean()` takes what the file holds (text from a CSV; text, a number, a date or a boolean from an
XLSX, ODS or XLS) and returns the value to store, or raises ValueError with the reason for the
user; `note()` says what a spreadsheet had mangled and `clean()` put right (an identifier's
leading zeros, a Jalali date taken for a Gregorian one), for the preview; `render()` writes a
stored value as an export shows it. Every widget names its `kind`, so that what a column accepts
can be told (a template of allowed values) in one place.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import jalali, spreadsheets
from registry.text import HAMZA_ALEFS, normalize

# How a spreadsheet shows a long number in a narrow column (6.26E+12), and writes it to CSV so.
SCIENTIFIC = re.compile(r"[+-]?\d+([.,٫]\d*)?[eE][+-]?\d+")
# Identifiers start with a zero or two at most (a legal ID 00954185834, a national code 0084575948).
MAX_DROPPED_ZEROS = 2
LEADING_ZERO_HINT = gettext_lazy("Format the column as text in the spreadsheet and type the value with its zeros.")


_ALEFS = str.maketrans(HAMZA_ALEFS)


def match_key(value):
    """How headers, choice labels and reference names are compared: normalised, case-folded,
    without spaces, underscores, hyphens and zero-width non-joiners, an alef with or without
    its hamza alike."""
    return re.sub(r"[\s_\u200c\-]+", "", normalize(str(value)).casefold()).translate(_ALEFS)


def cell_text(value, multiline=False):
    """A cell as normalised text ('' when empty); whole numbers from XLSX lose their '.0', and
    text that an export neutralised as a formula gets its own value back."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(spreadsheets.unneutralise(str(value)), multiline=multiline)


def lost_digits(text):
    return _("«%(value)s» is a number in scientific notation, as a spreadsheet shows a long number in a narrow "
             "column: its last digits are lost. Format the column as text and type the number again.") % {
        "value": text}


class Widget:
    kind = None
    # Cells that repeat from row to row (dates, choices, codes): a run converts each text once.
    repeats = False

    def clean(self, value):
        raise NotImplementedError

    def note(self, cell, value):
        """What clean() put right in `cell` to make `value`, for the preview: (what was done, the cell
        as it was, the value read); or None."""
        return None

    def render(self, value):
        return "" if value is None else value


class Text(Widget):
    kind = "text"

    def __init__(self, multiline=False):
        self.multiline = multiline

    def clean(self, value):
        return cell_text(value, self.multiline)

    def render(self, value):
        return "" if value is None else str(value)


class Ambiguous(ValueError):
    """Digits that several identifiers could have been before a spreadsheet removed their zeros."""

    def __init__(self, text, choices):
        super().__init__(_("«%(value)s» could be %(choices)s: a spreadsheet (Excel or LibreOffice) probably removed "
                           "its leading zeros. %(hint)s") % {"value": text, "choices": " / ".join(choices),
                                                            "hint": LEADING_ZERO_HINT})
        self.text = text


class Identifier(Text):
    """Digits that identify something (a national ID, a goods ID, a postal code, a phone number),
    of one of `lengths`; the model's validators check them.

    A spreadsheet turns such digits into a number and drops their leading zeros (Excel's CSV
    too). Digits that fall short are given their zeros back when exactly one zero-padded form
    passes `check` (a check digit; a mobile number's 09); several such forms, or a shortfall that
    nothing makes certain, refuse the cell saying what probably happened. Digits that are
    complete as they are stay so: the clerk sees them so in the spreadsheet.
    """

    kind = "identifier"

    def __init__(self, *lengths, check=None, example=None):
        super().__init__()
        self.lengths, self.check = lengths, check
        self.example = example  # a valid one, for a file template's sample row

    def clean(self, value):
        text = cell_text(value)
        if SCIENTIFIC.fullmatch(text):
            raise ValueError(lost_digits(text))
        if not (text.isascii() and text.isdigit()) or len(text) >= max(self.lengths) or self.complete(text):
            return text
        choices = self.alternatives(text)
        if len(choices) == 1:
            return choices[0]
        if choices:
            raise Ambiguous(text, choices)
        if len(text) in self.lengths or len(text) < min(self.lengths) - MAX_DROPPED_ZEROS or text.startswith("0"):
            return text  # a wrong identifier, not a shortened one: the model's validators say why
        raise ValueError(_("«%(value)s» has %(count)s digits where this column needs %(lengths)s: a spreadsheet (Excel "
                           "or LibreOffice) probably removed its leading zeros. %(hint)s") % {
            "value": text, "count": len(text), "lengths": _(" or ").join(str(n) for n in self.lengths),
            "hint": LEADING_ZERO_HINT})

    def complete(self, text):
        """Whether `text` is an identifier as it is (its length, and its check where there is one)."""
        return len(text) in self.lengths and (self.check is None or self.check(text))

    def alternatives(self, text):
        """The identifiers `text` can have been before a spreadsheet removed its zeros."""
        if self.check is None or not (text.isascii() and text.isdigit()):
            return []
        return [text.zfill(length) for length in self.lengths
                if 0 < length - len(text) <= MAX_DROPPED_ZEROS and self.check(text.zfill(length))]

    def note(self, cell, value):
        before = cell_text(cell)
        if value and before != value:
            return restored(before, value)
        return None


def restored(before, after):
    """The note on an identifier whose zeros came back: (what was done, before, after)."""
    return _("leading zero restored"), before, after


class Integer(Widget):
    kind = "integer"
    _PATTERN = re.compile(r"[+-]?\d+(\.0*)?")

    def clean(self, value):
        if isinstance(value, bool):
            raise ValueError(_("Enter a whole number."))
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(_("Enter a whole number."))
        text = cell_text(value).replace("٬", "").replace(",", "")
        if not text:
            return None
        if not self._PATTERN.fullmatch(text):
            raise ValueError(lost_digits(text) if SCIENTIFIC.fullmatch(text) else _("Enter a whole number."))
        return int(text.split(".")[0])


class Number(Widget):
    """A decimal number, rounded half-up to the places the model keeps."""

    kind = "number"
    _PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")

    def __init__(self, places):
        self.quantum = Decimal(1).scaleb(-places)

    def clean(self, value):
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        if isinstance(value, (int, float)):
            text = repr(value)
        else:
            text = cell_text(value).replace("٫", ".").replace("٬", "").replace(",", "")
            if not text:
                return None
            if not self._PATTERN.fullmatch(text):
                raise ValueError(_("Enter a number."))
        try:
            return Decimal(text).quantize(self.quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None


class YesNo(Widget):
    kind = "yes_no"
    repeats = True
    TRUE = frozenset(("true", "1", "yes", "y", "بله", "بلی", "آری"))
    FALSE = frozenset(("false", "0", "no", "n", "خیر", "نه"))

    def clean(self, value):
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Enter yes or no: true/false, 1/0 or بله/خیر."))

    def render(self, value):
        return "" if value is None else ("true" if value else "false")


class JalaliDate(Widget):
    """Jalali or ISO text (Persian digits too), or a real date cell; written back as Jalali YYYY/MM/DD.
    A date cell before the year 1700 (spreadsheets.ShownDate) is the Jalali date it shows."""

    kind = "date"
    repeats = True

    def clean(self, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        elif isinstance(value, spreadsheets.ShownDate):
            value = str(value)  # 1405-05-18, which parse() reads as Jalali
        try:
            return jalali.parse(value.strip() if isinstance(value, str) else value)
        except jalali.InvalidDate as error:
            raise ValueError(_("«%(value)s»: %(reason)s") % {"value": value, "reason": error.message}) from None

    def render(self, value):
        return jalali.format_date(value)

    def note(self, cell, value):
        if isinstance(cell, spreadsheets.ShownDate):
            return _("read as Jalali"), str(cell), jalali.format_date(value)
        return None


class Choice(Widget):
    """The value of a TextChoices (`active`) or its label in Persian (`فعال`) or English."""

    kind = "choice"
    repeats = True

    def __init__(self, choices):
        self.choices = choices
        self._values = None

    def values(self):
        """{match key of a value or a label: the value}."""
        if self._values is None:
            values = {}
            for value, label in self.choices.choices:
                values[match_key(value)] = value
                for language in ("fa", "en"):
                    with translation.override(language):
                        values.setdefault(match_key(str(label)), value)
            self._values = values
        return self._values

    def clean(self, value):
        text = cell_text(value)
        if not text:
            return None
        try:
            return self.values()[match_key(text)]
        except KeyError:
            allowed = ", ".join(value if str(label) == value else f"{value} ({label})"
                                for value, label in self.choices.choices)
            raise ValueError(
                _("«%(value)s» is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}) from None

    def render(self, value):
        return value or ""


class Reference(Widget):
    """A foreign key given by the other record's key, the first of `lookups` (written on export).

    A small reference table (`whole_table`) is matched by any of its lookups, loosely (case,
    spaces); other tables by their one key, exactly. `clean()` gives the key's text: the run
    finds the records, a batch of rows at a time (ImportRun.resolve).
    """

    kind = "reference"
    repeats = True

    # Relations the lookups pass through, read with the records found.
    related = ()

    def __init__(self, model, *lookups, whole_table=False, cell=None):
        self.model = model
        self.lookups = lookups
        self.whole_table = whole_table
        self.cell = cell or Text()

    def clean(self, value):
        try:
            return self.cell.clean(value) or None
        except Ambiguous as error:
            return error.text  # the run finds which of its zero-padded forms is on record

    def note(self, cell, value):
        return self.cell.note(cell, value)

    def alternatives(self, text):
        """Other keys `text` can have been (an identifier a spreadsheet shortened)."""
        return self.cell.alternatives(text) if isinstance(self.cell, Identifier) else []

    def render(self, value):
        return "" if value is None else getattr(value, self.lookups[0])

    def key_of(self, record):
        """The key of a record found, as clean() gives it from a cell."""
        return getattr(record, self.lookups[0])

    def render_key(self, key):
        """A key as clean() gives it, written back as a cell holds it (in a message)."""
        return key


class CompositeReference(Reference):
    """A record keyed by two fields, given in one cell as «first / second», the second a whole
    number: a lot by its auction's number and its lot number («KD-AU-003 / 2»; the auction number
    may hold a slash itself, the lot number never does). `lookups` are the two fields' paths."""

    def __init__(self, model, first, second, example):
        super().__init__(model, first, second)
        self.related = tuple(path.rpartition("__")[0] for path in self.lookups if "__" in path)
        self.example = example

    def clean(self, value):
        text = cell_text(value)
        if not text:
            return None
        first, slash, second = text.rpartition("/")
        first, second = first.strip(), second.strip()
        if not slash or not first or not second.isdigit():
            raise ValueError(_("Write the %(model)s as «%(example)s»: two parts separated by a slash.") % {
                "model": self.model._meta.verbose_name, "example": self.example})
        return first, int(second)

    def render(self, value):
        return "" if value is None else self.render_key(self.key_of(value))

    def render_key(self, key):
        return " / ".join(str(part) for part in key)

    def key_of(self, record):
        return tuple(_follow(record, path) for path in self.lookups)

    def key_in(self, values):
        """The key of the record a row of the same kind writes, from its values (records found
        for its references): how a row names a record that an earlier row of its file brings."""
        return tuple(_follow(values, path) for path in self.lookups)


def _follow(start, path):
    """The value at `path` ("auction__number") from a record, or from a row's values (a dict)."""
    name, *rest = path.split("__")
    value = start.get(name) if isinstance(start, dict) else getattr(start, name)
    for part in rest:
        value = getattr(value, part, None)  # (None for a reference not found: its text)
    return value
