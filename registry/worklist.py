"""The clerk's worklist (کارتابل, spec section 10): the records that need doing now, derived from
their dates and states on every request and never stored, so an item goes as soon as its cause
does. KINDS declares each kind once: its records, the day it falls due, the reason, and the links
to the record and to the action. The page, its JSON, the admin lists' "worklist" filter, the
header's count and the daily reminder all read them from here.

"Today" is the day in Asia/Tehran (jalali.today()); an item's `days` is today minus its due day:
positive when late, negative while days are left, None for an item without a due day.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.formatting import identifier, number, text
from registry.models import Auction, Handover, Licence, Lot, Obligation, Producer, Product
from registry.querysets import award_date
from registry.scoping import assigned_counties, in_counties

# The page shows this many items of each kind (the most urgent); the JSON and a page filtered to
# one kind, up to ITEMS_PER_KIND; every count links to the admin list of all of them.
SHOWN_PER_KIND = 10
ITEMS_PER_KIND = 100
# Counts are exact up to here; beyond, PostgreSQL's estimate of the rest (as the admin's lists).
EXACT_UP_TO = 10_000
# The header's count stops here ("99+"); the page says how many.
HEADER_CAP = 99


def _change_url(record):
    return reverse(f"admin:registry_{record._meta.model_name}_change", args=(record.pk,))


def _with_query(url, **params):
    return f"{url}?{urlencode(params)}"


def _renewal_url(producer_id):
    return _with_query(reverse("admin:registry_licence_add"), producer=producer_id, kind=Licence.Kind.OPERATING)


def _producer_url(obligation):
    return _change_url(obligation.producer)


def _obligation_record(obligation):
    return None, f"{obligation.producer.name} — {obligation.sector}"


def _obligation_products_url(obligation):
    return _with_query(reverse("admin:registry_product_changelist"),
                       producer__id__exact=obligation.producer_id, sector__id__exact=obligation.sector_id)


# -- which records each kind holds on `today` (`days`: the kind's setting, as a timedelta) --------

def _overdue_obligations(queryset, today, days):
    return queryset.overdue(today)


def _obligations_due_soon(queryset, today, days):
    return queryset.open(today).filter(deadline__lte=today + days)


def _expiring_licences(queryset, today, days):
    """Operating licences expiring within `days` (a licence is valid through its expiry day) whose
    producer holds no operating licence that runs longer: recording the renewal ends the item."""
    longer = Licence.objects.operating().filter(producer=OuterRef("producer")).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on"))
        | Q(expires_on=OuterRef("expires_on"), pk__gt=OuterRef("pk")))
    return queryset.operating().expiring_within(days.days, today).filter(~Exists(longer))


def _unlicensed_producers(queryset, today, days):
    return queryset.active().unlicensed(today)


def _auctions_to_close(queryset, today, days):
    return queryset.filter(status=Auction.Status.PUBLISHED, bid_deadline__lt=today)


def _auctions_to_award(queryset, today, days):
    return queryset.filter(status=Auction.Status.CLOSED)


# When a lot went to its present winner: the auction's opening date, or, for a lot that went on to
# a runner-up, the day the winner before forfeited (registry.querysets.award_date).
AWARDED_ON = award_date()


def _unsigned_contracts(queryset, today, days):
    return queryset.awarded().alias(awarded_on=AWARDED_ON).filter(contract_signed_on__isnull=True,
                                                                  awarded_on__lt=today - days)


# A handover's last step is its latest date; the dates are in order, so the last one filled.
LAST_STEP = Coalesce("relocated_on", "notified_on", "identified_on")


def _stalled_handovers(queryset, today, days):
    return queryset.alias(last_step=LAST_STEP).filter(handed_over_on__isnull=True, last_step__lt=today - days)


def _pending_products(queryset, today, days):
    return queryset.filter(status=Product.Status.PENDING, declared_on__lt=today - days)


@dataclass(frozen=True)
class Kind:
    """One kind of worklist item."""

    name: str
    title: str
    # Why a record is here; "%(days)s" is the kind's day count.
    reason: str
    action: str
    model: type
    # The permission the action needs; without it (a supervisor) an item has no action link.
    permission: str
    select: Callable[[QuerySet, datetime.date, datetime.timedelta], QuerySet]
    # The day an item falls due: a date of the record (a field or an expression), `days` later
    # when `due_after_days`; None for a record that is simply wrong today.
    date: object
    # (its identifier, which reads left to right, or None; its name)
    record: Callable
    record_url: Callable
    action_url: Callable
    # The setting that holds the kind's day count (a window ahead, or a delay after `date`).
    days_setting: str = None
    due_after_days: bool = False
    related: tuple = ()
    # The attribute path from a record to its County (None: an auction spans its lots' counties).
    county: str = None
    # The list's parameter that narrows it to a county, when not the plain lookup of the model's
    # county_path (auctions: the filter on their lots' mines, AuctionCountyFilter).
    county_parameter: str = None

    @property
    def days(self):
        return getattr(settings, self.days_setting) if self.days_setting else None

    @property
    def reason_text(self):
        return self.reason % {"days": number(self.days)} if self.days_setting else self.reason

    def narrow(self, queryset, today=None):
        """`queryset` (of `model`) narrowed to this kind's items on `today`."""
        days = datetime.timedelta(days=self.days) if self.days_setting else None
        return self.select(queryset, today or jalali.today(), days)

    def due(self, date):
        if date is None or not self.due_after_days:
            return date
        return date + datetime.timedelta(days=self.days)

    def changelist_url(self, county=None):
        """The admin list of exactly this kind's records (its "worklist" filter), in `county`."""
        params = {"worklist": self.name}
        if county is not None:
            params[self.county_parameter or f"{self.model.county_path}__id__exact"] = county.pk
        return _with_query(reverse(f"admin:registry_{self.model._meta.model_name}_changelist"), **params)


KINDS = (
    Kind(
        "obligation_overdue", _("Overdue goods-ID obligations"),
        _("The deadline has passed and not every product of the sector is registered."),
        _("Register the goods IDs"), Obligation, "registry.change_product", _overdue_obligations,
        date="deadline", related=("producer__county", "sector"), county="producer.county",
        record=_obligation_record, record_url=_producer_url, action_url=_obligation_products_url,
    ),
    Kind(
        "obligation_due_soon", _("Goods-ID obligations due soon"),
        _("The deadline is within %(days)s days and not every product of the sector is registered."),
        _("Register the goods IDs"), Obligation, "registry.change_product", _obligations_due_soon,
        date="deadline", days_setting="WORKLIST_OBLIGATION_DUE_SOON_DAYS", related=("producer__county", "sector"),
        county="producer.county", record=_obligation_record, record_url=_producer_url,
        action_url=_obligation_products_url,
    ),
    Kind(
        "licence_expiring", _("Operating licences expiring"),
        _("The operating licence expires within %(days)s days and no renewal is recorded."),
        _("Record the renewal"), Licence, "registry.add_licence", _expiring_licences,
        date="expires_on", days_setting="WORKLIST_LICENCE_EXPIRING_DAYS", related=("producer__county",),
        county="producer.county",
        record=lambda licence: (licence.number, licence.producer.name), record_url=_change_url,
        action_url=lambda licence: _renewal_url(licence.producer_id),
    ),
    Kind(
        "unlicensed_active", _("Active producers without a valid licence"),
        _("The producer is active and holds no valid operating licence."),
        _("Record the operating licence"), Producer, "registry.add_licence", _unlicensed_producers,
        date=None, related=("county",), county="county",
        record=lambda producer: (None, producer.name), record_url=_change_url,
        action_url=lambda producer: _renewal_url(producer.pk),
    ),
    Kind(
        "auction_to_close", _("Auctions whose bidding should be closed"),
        _("The bid deadline has passed and the auction is still open to bids."),
        _("Close to bids"), Auction, "registry.change_auction", _auctions_to_close,
        date="bid_deadline", county_parameter="county",
        record=lambda auction: (auction.number, auction.title), record_url=_change_url,
        action_url=lambda auction: reverse("admin:registry_auction_close", args=(auction.pk,)),
    ),
    Kind(
        # Due on the day bids closed, the deadline: the records keep no other closing date.
        "auction_to_award", _("Auctions to award"),
        _("The auction is closed to bids and not yet decided."),
        _("Award"), Auction, "registry.change_auction", _auctions_to_award,
        date="bid_deadline", county_parameter="county",
        record=lambda auction: (auction.number, auction.title), record_url=_change_url,
        action_url=lambda auction: reverse("admin:registry_auction_award", args=(auction.pk,)),
    ),
    Kind(
        "contract_unsigned", _("Contracts not signed"),
        _("The lot was awarded more than %(days)s days ago and the winner's contract is not signed."),
        _("Sign the contract"), Lot, "registry.change_auction", _unsigned_contracts,
        date=AWARDED_ON, days_setting="AUCTION_SIGNING_DAYS", due_after_days=True,
        related=("auction", "mine__county"), county="mine.county",
        record=lambda lot: (f"{lot.auction.number} / {lot.lot_number}", lot.mine.name), record_url=_change_url,
        action_url=lambda lot: reverse("admin:registry_lot_sign_contract", args=(lot.pk,)),
    ),
    Kind(
        "handover_stalled", _("Stalled unit handovers"),
        _("The unit is not handed over and its last step is more than %(days)s days old."),
        _("Record the next step"), Handover, "registry.change_handover", _stalled_handovers,
        date=LAST_STEP, days_setting="WORKLIST_HANDOVER_STALLED_DAYS", due_after_days=True,
        related=("unit__estate__county",), county="unit.estate.county",
        record=lambda handover: (str(handover.unit), handover.distribution_company), record_url=_change_url,
        action_url=_change_url,
    ),
    Kind(
        "product_pending", _("Products pending registration"),
        _("The product was declared more than %(days)s days ago and its goods ID is still pending."),
        _("Register the goods ID"), Product, "registry.change_product", _pending_products,
        date="declared_on", days_setting="WORKLIST_PRODUCT_PENDING_DAYS", due_after_days=True,
        related=("producer__county",), county="producer.county",
        record=lambda product: (None, f"{product.name} — {product.producer.name}"), record_url=_change_url,
        action_url=_change_url,
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass(frozen=True)
class Item:
    kind: Kind
    code: str | None
    name: str
    url: str
    action_url: str | None
    county: object
    due: datetime.date | None
    days: int | None

    @property
    def record(self):
        """The record as one line of text: «KD-PB-0026 — صنایع غذایی بیجار 5»."""
        return f"{self.code} — {self.name}" if self.code else self.name

    @property
    def plain_label(self):
        """The record for plain text: its identifier between Unicode's left-to-right isolates."""
        return f"\u2066{self.code}\u2069 — {self.name}" if self.code else self.name

    @property
    def label(self):
        """The record for a page: its identifier and its name isolated, so that neither direction can
        reorder them, a number in a Persian name in Persian digits (formatting.text)."""
        return format_html("{} — {}", identifier(self.code), text(self.name)) if self.code else text(self.name)

    @property
    def lateness(self):
        """«۱۲ روز تأخیر», «۳ روز مانده», «موعد امروز»; '' without a due day."""
        if self.days is None:
            return ""
        if self.days > 0:
            return ngettext("%(days)s day late", "%(days)s days late", self.days) % {"days": number(self.days)}
        if self.days < 0:
            return ngettext("%(days)s day left", "%(days)s days left", -self.days) % {"days": number(-self.days)}
        return gettext("due today")

    def as_json(self):
        return {"kind": self.kind.name, "record": self.record, "url": self.url,
                "due": self.due.isoformat() if self.due else None, "days": self.days}


@dataclass(frozen=True)
class Group:
    """The items of one kind shown on the page, its count, and the admin list of all of them."""

    kind: Kind
    count: int
    items: list
    list_url: str

    @property
    def estimated(self):
        return estimated(self.count)

    @property
    def acted_on(self):
        """Whether any of its items has an action link (none has, for a supervisor)."""
        return any(item.action_url for item in self.items)


def groups(kinds, counts, found, county=None):
    """[Group] of `kinds`, from counts() and items() in `county`."""
    return [Group(kind, counts[kind.name], [item for item in found if item.kind is kind], kind.changelist_url(county))
            for kind in kinds]


def urgency(item):
    """Sort key: most overdue first, then the nearest due; items without a due day last."""
    return (item.days is None, -(item.days or 0))


def records(kind, user, today, county=None):
    """The records of `kind` on `today` in the counties `user` works in (and in `county`)."""
    return _records(kind, today, assigned_counties(user), county and county.pk)


def _records(kind, today, counties, county_id):
    queryset = kind.narrow(kind.model._default_manager.all(), today)
    if counties is not None:  # the counties the user works in
        queryset = in_counties(queryset, counties)
    if county_id is not None:  # the one the page is filtered to
        queryset = in_counties(queryset, [county_id])
    return queryset


def _count_sql(queryset, cap=None, estimate=False):
    """A scalar subquery of how many rows `queryset` has; with `cap`, reading at most cap + 1 of
    them, and past `cap` PostgreSQL's estimate (never less than cap + 1) when `estimate`."""
    rows = queryset.order_by().values("pk")
    sql, params = (rows if cap is None else rows[: cap + 1]).query.sql_with_params()
    counted = f"(SELECT COUNT(*) FROM ({sql}) AS counted)"
    if not estimate:
        return counted, params
    explained = connection.ops.compose_sql(*rows.query.sql_with_params())
    return (f"(SELECT CASE WHEN n <= %s THEN n ELSE GREATEST(shafaf_count_estimate(%s), %s) END "
            f"FROM {counted} AS capped(n))"), [cap, explained, cap + 1, *params]


@functools.lru_cache(maxsize=256)
def _count_query(names, today, counties, county_id, days, cap, estimate):
    """The one query of the counts of the kinds `names`. Building nine querysets and compiling
    them costs more than running them (6 ms of the header on every admin page), and the SQL
    changes only with its arguments: with the day, the counties and the day counts (`days`)."""
    parts, params = [], []
    for name in names:
        sql, kind_params = _count_sql(_records(BY_NAME[name], today, counties, county_id), cap, estimate)
        parts.append(sql)
        params += kind_params
    return f"SELECT {', '.join(parts)}", tuple(params)


def _counts(user, today, county, kinds, cap=None, estimate=False):
    row = ()
    if kinds:
        sql, params = _count_query(tuple(kind.name for kind in kinds), today or jalali.today(),
                                   assigned_counties(user), county and county.pk,
                                   tuple(kind.days for kind in KINDS), cap, estimate)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    found = dict(zip((kind.name for kind in kinds), row, strict=True))
    return {kind.name: found.get(kind.name, 0) for kind in KINDS}


def counts(user, today=None, county=None, kinds=KINDS):
    """{kind name: n} for every kind (0 for those not in `kinds`), in one query whatever the
    numbers. Exact, but on PostgreSQL a kind with more than EXACT_UP_TO items has the planner's
    estimate, as the admin's lists do (their paginator says "about"; so does `estimated()`)."""
    if connection.vendor == "postgresql":
        return _counts(user, today, county, kinds, cap=EXACT_UP_TO, estimate=True)
    return _counts(user, today, county, kinds)


def estimated(count):
    """Whether a number of counts() is an estimate."""
    return connection.vendor == "postgresql" and count > EXACT_UP_TO


def acts_on(user):
    """Whether `user` may act on some kind of item (clerks and administrators; not supervisors)."""
    return any(user.has_perm(kind.permission) for kind in KINDS)


def header_count(user, today=None):
    """(n, more): how many items `user`'s worklist has, up to HEADER_CAP, and whether it has
    more; for the admin's header, on every page, so each kind stops reading at the cap."""
    total = sum(_counts(user, today, None, KINDS, cap=HEADER_CAP).values())
    return min(total, HEADER_CAP), total > HEADER_CAP


def items(user, today=None, county=None, kinds=KINDS, limit=ITEMS_PER_KIND):
    """[Item] of `kinds`, each kind's most urgent `limit` in order: one query per kind."""
    today = today or jalali.today()
    found = []
    for kind in kinds:
        queryset = records(kind, user, today, county).select_related(*kind.related)
        if kind.date is None:
            queryset = queryset.order_by("pk")
        else:
            date = F(kind.date) if isinstance(kind.date, str) else kind.date
            queryset = queryset.annotate(worklist_date=date).order_by("worklist_date", "pk")
        may_act = user.has_perm(kind.permission)
        for record in queryset[:limit]:
            due = kind.due(getattr(record, "worklist_date", None))
            code, name = kind.record(record)
            found.append(Item(
                kind=kind, code=code, name=name, url=kind.record_url(record),
                action_url=kind.action_url(record) if may_act else None,
                county=attrgetter(kind.county)(record) if kind.county else None,
                due=due, days=(today - due).days if due else None,
            ))
    return found
