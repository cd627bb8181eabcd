"""Persian text normalisation (spec section 1), the one place every text goes through on the way in.

Arabic-keyboard yeh and kaf become Persian, Persian and Arabic-Indic digits become ASCII, runs of
white space collapse and the ends are trimmed; the zero-width non-joiner (U+200C), which Persian
spelling needs, is kept. Numbers in forms are typed the same way: in Persian digits, with the
Persian separators that reports show.
"""

import decimal
import functools
import re
import unicodedata

from django import forms

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ZWNJ = "\u200c"

_DIGITS = {
    **{persian: str(number) for number, persian in enumerate(PERSIAN_DIGITS)},
    **{arabic: str(number) for number, arabic in enumerate(ARABIC_DIGITS)},
}
_TO_ASCII_DIGITS = str.maketrans(_DIGITS)
_TRANSLATION = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", **_DIGITS})
# A number as registry.formatting.format_number shows it (۱۲٬۵۰۰٫۵): the Persian decimal point and thousands separator.
_NUMBER = str.maketrans({**_DIGITS, "٫": ".", "٬": None})
# A whole number may also be grouped the Latin way or with spaces (2,100,000; 2 100 000).
_WHOLE_NUMBER = str.maketrans({**_DIGITS, "٬": None, ",": None, " ": None, "\u00a0": None, "\u202f": None})
# A quantity (an area, a tonnage) likewise, with a decimal point of either script (۱۲٬۵۰۰٫۵, 12,500.5).
_QUANTITY = str.maketrans({**_DIGITS, "٫": ".", "٬": None, ",": None, " ": None, "\u00a0": None, "\u202f": None})

# White space other than line breaks; ZWNJ is not white space to Python, so it survives.
_SPACES = re.compile(r"[^\S\n]+")
_SPACES_AROUND_BREAKS = re.compile(r" *\n *")
_MANY_BREAKS = re.compile(r"\n{3,}")


def normalize(value, multiline=False):
    """The normalised form of `value`; non-strings pass through unchanged.

    Single-line text collapses every run of white space to one space. Multi-line text (addresses,
    findings) keeps its line breaks but collapses spaces within lines and blank-line runs.
    """
    if not isinstance(value, str):
        return value
    value = value.translate(_TRANSLATION).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        return " ".join(value.split())
    value = _SPACES_AROUND_BREAKS.sub("\n", _SPACES.sub(" ", value))
    return _MANY_BREAKS.sub("\n\n", value).strip()


def digits_to_ascii(value):
    """Only the digit part of `normalize`, for values that are not free text."""
    return value.translate(_TO_ASCII_DIGITS) if isinstance(value, str) else value


class NumberInput(forms.TextInput):
    """A text box for a number. The browser's number box (type=number) silently drops the digits
    a Persian keyboard types, so the field would arrive empty."""

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # registry.formatting reads this module's digits, so it is imported when first needed.
        from registry.formatting import typed_number

        if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
            return typed_number(value)
        return super().format_value(value)


class MoneyInput(NumberInput):
    """A box for an amount of rials: shown grouped by thousands in the page's digits, and grouped
    again as the clerk types (registry/js/numbers.js)."""

    class Media:
        js = ("registry/js/numbers.js",)

    def __init__(self, attrs=None):
        super().__init__({"class": "vMoneyField", **(attrs or {})})

    def format_value(self, value):
        from registry.formatting import number

        return number(value) if isinstance(value, int) and not isinstance(value, bool) else super().format_value(value)


class QuantityInput(NumberInput):
    """A box for an area or a tonnage: shown grouped by thousands in the page's digits and decimal
    point, and grouped again as the clerk types (registry/js/numbers.js)."""

    class Media:
        js = ("registry/js/numbers.js",)

    def __init__(self, attrs=None):
        super().__init__({"class": "vQuantityField", **(attrs or {})})

    def format_value(self, value):
        from registry.formatting import number

        if isinstance(value, (int, decimal.Decimal)) and not isinstance(value, bool):
            return number(value)
        return super().format_value(value)


class _PersianNumberField:
    widget = NumberInput
    inputmode = "numeric"
    _characters = _NUMBER

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(self._characters)
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, NumberInput):
            attrs.setdefault("inputmode", self.inputmode)
        return attrs


class IntegerField(_PersianNumberField, forms.IntegerField):
    """A whole number typed in Persian, Arabic-Indic or Latin digits, grouped or not (۷٬۲۰۰, 7,200 and
    7200 are 7200)."""

    _characters = _WHOLE_NUMBER


class MoneyField(IntegerField):
    """An amount of rials (registry.text.MoneyInput)."""

    widget = MoneyInput


class DecimalField(_PersianNumberField, forms.DecimalField):
    """A decimal number typed in Persian, Arabic-Indic or Latin digits (۱۲٫۵ is 12.5)."""

    inputmode = "decimal"


class QuantityField(DecimalField):
    """An area or a tonnage, typed in any digits, grouped or not (registry.text.QuantityInput)."""

    widget = QuantityInput
    _characters = _QUANTITY


# Persian alphabetical order (the 32 letters, hamza first and alef-madda before alef, as Persian
# dictionaries and CLDR's Persian collation have it). Unicode's order is not it: پ چ ژ گ and ک ی
# stand outside the Arabic block, so by code point «کامیاران» would follow «مریوان».
PERSIAN_ALPHABET = "ءآابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
# An alef written with or without its hamza is one letter to a reader (جواز تاسیس, جواز تأسیس):
# sorted and matched alike (registry.importing.cells.match_key).
HAMZA_ALEFS = {"أ": "ا", "إ": "ا", "ٱ": "ا"}
# Letters sorted as another one, a tie broken after the letters: Arabic and hamza-carrying forms,
# and the Kurdish letters of local names.
_LETTER_VARIANTS = {
    **HAMZA_ALEFS, "ؤ": "و", "ۆ": "و", "ئ": "ی", "ي": "ی", "ى": "ی", "ێ": "ی", "ك": "ک",
    "ة": "ه", "ۀ": "ه", "ھ": "ه", "ە": "ه", "ڕ": "ر", "ڵ": "ل", "ڤ": "ف",
}
_LETTER_RANK = {letter: rank for rank, letter in enumerate(PERSIAN_ALPHABET)}
# Short vowels, tanwin, shadda, sukun, superscript alef and the tatweel do not change the order,
# nor does the zero-width non-joiner.
_IGNORED = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640") | {ZWNJ}
_DIGIT_SPLIT = re.compile(r"(\d+)")
# Within a word: white space and punctuation before digits, digits before Latin letters, Latin
# before Persian, anything else last.
_SPACE, _DIGITS_CLASS, _LATIN, _PERSIAN, _OTHER = range(5)


def _latin_base(character):
    """A Latin letter without its accent (Å → A); any other character as it is."""
    return unicodedata.normalize("NFD", character)[0]


def collation_key(text):
    """A sort key putting names in alphabetical order: Persian names in the Persian alphabet's
    order, English ones in English order (case aside), a run of digits by its value (شهرک ۲ before
    شهرک ۱۰). Letters that sort as one (ي and ی) are told apart only when all else is equal."""
    return _collation_key(digits_to_ascii(str(text)))


# Names come back on every page (counties, sectors, a report's producers): a key is made once.
@functools.lru_cache(maxsize=20_000)
def _collation_key(text):
    primary, secondary = [], []
    for index, part in enumerate(_DIGIT_SPLIT.split(text)):
        if index % 2:  # a run of digits, by its value
            primary.append((_DIGITS_CLASS, int(part)))
            continue
        for character in part:
            key = _character_key(character)
            if key is not None:
                primary.append(key[0])
                if key[1] is not None:
                    secondary.append(key[1])
    return tuple(primary), tuple(secondary), text


@functools.lru_cache(maxsize=4096)
def _character_key(character):
    """(primary entry, whether it is a variant of its letter or None) of one character; None when
    it does not count."""
    if character in _IGNORED:
        return None
    letter = _LETTER_VARIANTS.get(character, character)
    if letter in _LETTER_RANK:
        return (_PERSIAN, _LETTER_RANK[letter]), letter != character
    if character.isalpha() and _latin_base(character).isascii():
        # (Å sorts as A, as English dictionaries have it: Åland Islands after Afghanistan.)
        base = _latin_base(character)
        return (_LATIN, ord(base.casefold())), character != base.casefold()
    if character.isspace() or not character.isalnum():
        return (_SPACE, 0 if character.isspace() else ord(character)), None
    return (_OTHER, ord(character)), None


def alphabetical(items, name=str):
    """`items` sorted by collation_key of `name(item)` (by default the item as text)."""
    return sorted(items, key=lambda item: collation_key(name(item)))
