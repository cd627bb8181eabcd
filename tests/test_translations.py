"""Everything Shafaf says has a Persian translation, and the committed catalogue is compiled."""

import ast
import gettext
from pathlib import Path

import pytest
from django.utils import translation

from registry import worklist
from registry.models import Licence

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGUES = [LOCALE / "fa" / "LC_MESSAGES", LOCALE / "third_party" / "fa" / "LC_MESSAGES"]
CATALOGUE = CATALOGUES[0]


def read_po(path):
    """[(context, msgid, [msgstr…], fuzzy)] of a .po file (enough of the format for this check)."""
    entries, current, key, fuzzy = [], None, None, False
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            keyword, _space, literal = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and current and current.get("msgstr"):
                entries.append(current)
                current = None
            if current is None:
                current = {"msgstr": [], "fuzzy": fuzzy}
                fuzzy = False
            key = keyword
            value = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                current["msgstr"].append(value)
            else:
                current[keyword] = value
        elif line.startswith('"') and current is not None:
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                current["msgstr"][-1] += value
            else:
                current[key] += value
    if current:
        entries.append(current)
    return [entry for entry in entries if entry.get("msgid")]


def test_every_message_is_translated_to_persian():
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 200
    untranslated = [entry["msgid"] for entry in entries if not all(entry["msgstr"]) or entry["fuzzy"]]
    assert untranslated == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=["shafaf", "third_party"])
def test_the_compiled_catalogue_matches_the_source(catalogue):
    with open(catalogue / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(catalogue / "django.po"):
        if "msgid_plural" in entry:
            continue
        msgid = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if compiled._catalog.get(msgid) != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    assert stale == [], "run `make messages` to compile locale/fa"


def test_labels_read_as_natural_words_in_each_language():
    kinds = {kind.name: kind for kind in worklist.KINDS}
    with translation.override("en"):
        assert str(kinds["auction_to_close"].title) == "Auctions whose bidding should be closed"
    with translation.override("fa"):
        assert str(kinds["auction_to_close"].title) == "مزایده‌های منتظر پایان دریافت پیشنهاد"
        assert str(Licence.Kind.ESTABLISHMENT.label) == "جواز تأسیس"
