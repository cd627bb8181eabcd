"""Why a record changed, as its history says: the reasons Shafaf writes with a change are stored in
fixed English words with their values ("Offered in auction KD-AU-003"), and read back in the
reader's language with the values isolated ("عرضه در مزایده KD-AU-003"). A reason stored in one
language would read wrong to everyone using the other; Django's admin log keeps its change
messages the same way.
"""

import re
from decimal import Decimal
from typing import NamedTuple

from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from registry import formatting
from registry.models import Auction, Bid, Handover


class Reason(NamedTuple):
    template: str  # what is stored: English, with %(name)s values
    # What is shown (the msgid of its translation) when the stored words are not for people.
    shown: str | None = None
    # Values stored as a choice's value and shown as its label: {name: TextChoices}.
    choices: dict = {}

    @property
    def message(self):
        return self.shown or self.template


# What registry.importing writes for an import (in the admin, from the command line).
IMPORTED = Reason("import: %(file)s", gettext_noop("Imported from the file %(file)s"))
IMPORTED_BY_COMMAND = Reason("import_records: %(file)s",
                             gettext_noop("Imported from the file %(file)s on the command line"))
# What reconciling with the national goods-ID list writes (registry.reconciliation).
RECONCILED = Reason("reconcile_goods: %(file)s",
                    gettext_noop("Reconciled with the national goods-ID list: %(file)s"))
# What the data commands and the reference-data migration write.
DEMO_DATA = Reason("demo data (load_demo)", gettext_noop("Demo data"))
SYNTHETIC_DATA = Reason("synthetic data (generate_data)", gettext_noop("Synthetic data for speed tests"))
REFERENCE_DATA = Reason("reference data shipped with Shafaf", gettext_noop("Reference data shipped with Shafaf"))
# The auction lifecycle (registry.services) and the handovers' next stage.
AUCTION_STATUS = Reason(gettext_noop("Auction %(status)s"), choices={"status": Auction.Status})
AUCTION_CANCELLED = Reason(gettext_noop("Auction %(number)s cancelled"))
OFFERED = Reason(gettext_noop("Offered in auction %(number)s"))
BID_RECORDED = Reason(gettext_noop("Bid recorded"))
AWARDED = Reason(gettext_noop("Awarded in auction %(number)s"))
NO_VALID_BID = Reason(gettext_noop("No valid bid in auction %(number)s"))
CONTRACT_SIGNED = Reason(gettext_noop("Contract signed: auction %(number)s, lot %(lot)s"))
# Second chances (spec section 11): a winner who walks away, and a failed lot offered again.
FORFEITED = Reason(gettext_noop("Forfeited (%(reason)s): auction %(number)s, lot %(lot)s"),
                   choices={"reason": Bid.ForfeitReason})
RUNNER_UP = Reason(gettext_noop("Offered to the runner-up: auction %(number)s, lot %(lot)s"))
NO_BID_LEFT = Reason(gettext_noop("No valid bid left: auction %(number)s, lot %(lot)s"))
REOFFERED = Reason(gettext_noop("Offered again from auction %(number)s, lot %(lot)s, %(percent)s percent lower"))
CREATED_TO_REOFFER = Reason(gettext_noop("Created to offer again auction %(number)s, lot %(lot)s"))
NEXT_STAGE = Reason(gettext_noop("Moved to the stage “%(stage)s”."), choices={"stage": Handover.Stage})

REASONS = (IMPORTED, IMPORTED_BY_COMMAND, RECONCILED, DEMO_DATA, SYNTHETIC_DATA, REFERENCE_DATA, AUCTION_STATUS,
           AUCTION_CANCELLED, OFFERED, BID_RECORDED, AWARDED, NO_VALID_BID, CONTRACT_SIGNED, FORFEITED, RUNNER_UP,
           NO_BID_LEFT, REOFFERED, CREATED_TO_REOFFER, NEXT_STAGE)

# simple-history's column for the reason.
MAX_LENGTH = 100
_VALUE = re.compile(r"%\((\w+)\)s")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")


def reason(kind, **values):
    """The text to store as a change's reason: `kind`'s English words with `values` (a choice by its
    value), cut to the column's length."""
    with translation.override(None):
        return (kind.template % {name: str(value) for name, value in values.items()})[:MAX_LENGTH]


def _pattern(kind):
    parts = _VALUE.split(kind.template)
    # Literal text and value names alternate; a value is anything but empty.
    return re.compile("".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
                              for index, part in enumerate(parts)) + "$", re.DOTALL)


# The longest fixed words first, so that "Auction %(number)s cancelled" is not read as a status.
_PATTERNS = sorted(((kind, _pattern(kind)) for kind in REASONS),
                   key=lambda pair: -len(_VALUE.sub("", pair[0].template)))


def _shown(kind, name, value):
    if name in kind.choices:
        choices = kind.choices[name]
        return choices(value).label if value in choices.values else value
    if value.isdigit():  # a lot's number: digits, never grouped
        return formatting.digits(value)
    if _DECIMAL.fullmatch(value):  # a percentage such as 12.5
        return formatting.number(Decimal(value))
    return formatting.text(value)


def describe(stored):
    """A stored reason in the reader's language (safe HTML, its values isolated); '' for none. Text
    that is none of REASONS (written before reasons were stored this way) is shown as it is."""
    if not stored:
        return ""
    for kind, pattern in _PATTERNS:
        match = pattern.match(stored)
        if match:
            values = {name: conditional_escape(_shown(kind, name, value)) for name, value in match.groupdict().items()}
            return mark_safe(conditional_escape(gettext(kind.message)) % values)
    return conditional_escape(stored)
