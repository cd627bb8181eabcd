"""One cell of a file to one Python value, and back (spec section 3): a widget per kind of column.

`clean()` takes what the file holds (text from a CSV; text, a number, a date or a boolean from an
XLSX) and returns the value to store, or raises ValueError with the reason for the user;
`render()` writes a stored value as an export shows it. Every widget names its `kind`, so that
what a column accepts can be told (a template of allowed values) or repaired (an identifier that a
spreadsheet turned into a number) in one place.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from registry import jalali, spreadsheets
from registry.text import normalize


def match_key(value):
    """How headers, choice labels and reference names are compared: normalised, case-folded,
    without spaces, underscores, hyphens and zero-width non-joiners."""
    return re.sub(r"[\s_\u200c\-]+", "", normalize(str(value)).casefold())


def cell_text(value, multiline=False):
    """A cell as normalised text ('' when empty); whole numbers from XLSX lose their '.0', and
    text that an export neutralised as a formula gets its own value back."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(spreadsheets.unneutralise(str(value)), multiline=multiline)


class Widget:
    kind = None
    # Cells that repeat from row to row (dates, choices, codes): a run converts each text once.
    repeats = False

    def clean(self, value):
        raise NotImplementedError

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


class Identifier(Text):
    """Digits that identify something (a national ID, a goods ID, a postal code), of one of
    `lengths`; read as text, the model's validators check them."""

    kind = "identifier"

    def __init__(self, *lengths):
        super().__init__()
        self.lengths = lengths


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
            raise ValueError(_("Enter a whole number."))
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
    """Jalali or ISO text (Persian digits too), or a real date cell; written back as Jalali YYYY/MM/DD."""

    kind = "date"
    repeats = True

    def clean(self, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        try:
            return jalali.parse(value.strip() if isinstance(value, str) else value)
        except jalali.InvalidDate as error:
            raise ValueError(_("«%(value)s»: %(reason)s") % {"value": value, "reason": error.message}) from None

    def render(self, value):
        return jalali.format_date(value)


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
        return self.cell.clean(value) or None

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
