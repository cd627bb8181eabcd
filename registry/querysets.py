"""Derived facts, computed in queries and never stored: who is licensed, which obligations are met,
which smuggling-list items are produced here, the stage of a handover, industrial space per person.

Every method takes an optional `as_of` date (default: today in Asia/Tehran) where the answer
depends on the day.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.apps import apps
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from registry import jalali


def _model(name):
    return apps.get_model("registry", name)


def _as_of(value):
    return value or jalali.today()


def subquery_count(queryset, column):
    """A correlated COUNT(*) of `queryset` grouped by `column`, 0 when there is no row.

    Unlike Count() over a join, it costs nothing for rows a LIMIT leaves out of a page.
    """
    counted = queryset.order_by().values(column).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def round_half_up(value, places=2):
    """Round a Decimal the way people do (0.785 → 0.79); None stays None."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class ProducerQuerySet(models.QuerySet):
    def _valid_operating_licences(self, as_of=None):
        return _model("Licence").objects.operating().valid_on(as_of).filter(producer=OuterRef("pk"))

    def with_licensed(self, as_of=None):
        """Annotate `licensed`: holds an operating licence that has not expired."""
        return self.annotate(licensed=Exists(self._valid_operating_licences(as_of)))

    def licensed(self, as_of=None):
        return self.filter(Exists(self._valid_operating_licences(as_of)))

    def unlicensed(self, as_of=None):
        return self.filter(~Exists(self._valid_operating_licences(as_of)))

    def active(self):
        return self.filter(status=self.model.Status.ACTIVE)

    def with_product_counts(self):
        """Annotate `products_count` and `registered_count` (per-row subqueries, cheap on a page)."""
        products = _model("Product").objects.filter(producer=OuterRef("pk"))
        return self.annotate(
            products_count=subquery_count(products, "producer"),
            registered_count=subquery_count(products.registered(), "producer"),
        )

    def obliged(self, state=None, as_of=None, sector=None):
        """Units obliged to register goods IDs (by obligations notified by `as_of`, in `sector`),
        and with `state` only those whose worst obligation is in that state (met, open or
        overdue): the units the obligations report counts."""
        obligations = _model("Obligation").objects.known_by(as_of)
        if sector is not None:
            obligations = obligations.filter(sector=sector)
        units = obligations.worst_states(as_of)
        if state is not None:
            units = units.filter(rank=ObligationQuerySet.STATE_RANKS[state])
        return self.filter(pk__in=units.values("producer"))


class LicenceQuerySet(models.QuerySet):
    def operating(self):
        return self.filter(kind=self.model.Kind.OPERATING)

    def valid_on(self, as_of=None):
        """Issued by `as_of` and not expired on it (a licence is valid through its expiry day)."""
        as_of = _as_of(as_of)
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=as_of), issued_on__lte=as_of)

    def expiring_within(self, days, as_of=None):
        as_of = _as_of(as_of)
        return self.filter(expires_on__gte=as_of, expires_on__lte=as_of + datetime.timedelta(days=days))


def registered_condition(as_of=None, prefix=""):
    """The Q of a registered product (registered by `as_of` when given), for a product reached
    through `prefix` ("products__" from a sector), so aggregates can count it in one pass."""
    condition = Q(**{f"{prefix}status": _model("Product").Status.REGISTERED})
    if as_of is not None:
        condition &= Q(**{f"{prefix}registered_on__lte": as_of})
    return condition


def notified_by(as_of):
    """The Q of the obligations notified by `as_of` (an empty Q, all of them, without a day)."""
    return Q() if as_of is None else Q(notified_on__lte=as_of)


def shipped_by(as_of):
    """The Q of the shipments shipped by `as_of` (an empty Q, all of them, without a day)."""
    return Q() if as_of is None else Q(shipped_on__lte=as_of)


class ProductQuerySet(models.QuerySet):
    def declared_by(self, as_of=None):
        return self.filter(declared_on__lte=_as_of(as_of))

    def registered(self, as_of=None):
        """Registered, and (with `as_of`) registered by that day."""
        return self.filter(registered_condition(as_of))

    def not_registered(self, as_of=None):
        condition = ~Q(status=self.model.Status.REGISTERED)
        if as_of is not None:
            condition |= Q(registered_on__isnull=True) | Q(registered_on__gt=as_of)
        return self.filter(condition)

    def obligated(self, as_of=None):
        """Products in a sector their producer is obliged to register goods IDs in (by an
        obligation notified by `as_of`)."""
        obligations = _model("Obligation").objects.known_by(as_of).filter(
            producer=OuterRef("producer"), sector=OuterRef("sector"))
        return self.filter(Exists(obligations))


class SmugglingItemQuerySet(models.QuerySet):
    def known_by(self, as_of=None):
        """Items of the national lists up to `as_of`'s Jalali year (all of them without a day)."""
        return self if as_of is None else self.filter(list_year__lte=jalali.jalali_year(as_of))

    def with_local_flags(self, as_of=None, county=None):
        """Annotate `produced_locally` (a product of the province refers to the item) and
        `registered_locally` (one such product is registered); with `county`, only products of
        that county's producers count."""
        if county is not None:
            return self._with_county_flags(as_of, county)
        products = _model("Product").objects.filter(smuggling_item=OuterRef("pk"))
        if as_of is not None:
            products = products.declared_by(as_of)
        return self.annotate(
            produced_locally=Exists(products),
            registered_locally=Exists(products.registered(as_of)),
        )

    def _with_county_flags(self, as_of, county):
        # The county's products naming an item are read once, grouped by item (one hash join of
        # its producers with the partial index of the products naming an item, 50 ms at the
        # bench's million products), and the flags become lists of ids: an EXISTS for each item
        # made PostgreSQL probe that index item by item, for the count, the rows and each flag
        # (about 100 ms each).
        products = _model("Product").objects.filter(smuggling_item__isnull=False, producer__county=county)
        if as_of is not None:
            products = products.declared_by(as_of)
        found = products.values_list("smuggling_item").annotate(
            registered=Max(Case(When(registered_condition(as_of), then=Value(1)), default=Value(0))))
        produced, registered = set(), set()
        for item, is_registered in found.order_by():
            produced.add(item)
            if is_registered:
                registered.add(item)
        return self.annotate(produced_locally=_one_of(produced), registered_locally=_one_of(registered))


def _one_of(ids):
    """A boolean column: whether the row's id is one of `ids`."""
    if not ids:
        return Value(False, output_field=models.BooleanField())
    return ExpressionWrapper(Q(pk__in=sorted(ids)), output_field=models.BooleanField())


class ObligationQuerySet(models.QuerySet):
    # Obligation.State's values, worst last: a unit's state is its worst obligation's (overdue if
    # any is, met if all are).
    STATE_RANKS = {"met": 0, "open": 1, "overdue": 2}

    @staticmethod
    def _met(as_of):
        """The condition of a met obligation: the producer has at least one product in the sector
        (declared by `as_of`) and all of them are registered."""
        products = _model("Product").objects.filter(
            producer=OuterRef("producer"), sector=OuterRef("sector"), declared_on__lte=as_of,
        )
        return Exists(products) & ~Exists(products.not_registered(as_of))

    def _state(self, as_of, value, output_field):
        """The state as a Case giving value(state): met (_met); overdue when not met and the
        deadline has passed; else open."""
        as_of, state = _as_of(as_of), self.model.State
        return Case(
            When(self._met(as_of), then=Value(value(state.MET))),
            When(deadline__lt=as_of, then=Value(value(state.OVERDUE))),
            default=Value(value(state.OPEN)),
            output_field=output_field,
        )

    def with_state(self, as_of=None):
        """Annotate `state` (met, open or overdue)."""
        return self.annotate(state=self._state(as_of, str, models.CharField()))

    def with_state_rank(self, as_of=None):
        """Annotate `state_rank`, the state as its place in STATE_RANKS, to take the worst of
        several with Max() (comparing `state` itself would work it out three times over)."""
        return self.annotate(state_rank=self._state(as_of, self.STATE_RANKS.get, IntegerField()))

    def state_rank(self, as_of=None):
        """The expression with_state_rank() annotates, for a query of its own to use (several
        days' states in one pass)."""
        return self._state(as_of, self.STATE_RANKS.get, IntegerField())

    def in_state(self, state, as_of=None):
        return self.with_state(as_of).filter(state=state)

    def known_by(self, as_of=None):
        """Obligations notified by `as_of` (all of them without a day)."""
        return self.filter(notified_by(as_of))

    def worst_states(self, as_of=None):
        """One row per obliged producer (`producer`) with `rank`, the STATE_RANKS place of its
        worst obligation among these: the unit's state."""
        return self.with_state_rank(as_of).order_by().values("producer").annotate(rank=Max("state_rank"))

    def overdue(self, as_of=None):
        """The overdue ones, as in_state("overdue") but a plain condition, which PostgreSQL can
        estimate: the most overdue are then read from the deadline's index, not sorted from all."""
        as_of = _as_of(as_of)
        return self.filter(~self._met(as_of), deadline__lt=as_of)

    def open(self, as_of=None):
        """The open ones, as in_state("open") but a plain condition (see overdue())."""
        as_of = _as_of(as_of)
        return self.filter(~self._met(as_of), deadline__gte=as_of)


class MineQuerySet(models.QuerySet):
    def rubble_stone(self):
        return self.filter(mineral__rubble_stone=True)


class ShipmentQuerySet(models.QuerySet):
    def exports(self):
        return self.filter(destination=self.model.Destination.EXPORT)

    def raw_exports(self):
        return self.exports().filter(stage=self.model.Stage.RAW)

    def tonnage_by_stage(self):
        """[(stage, tonnes)] for every stage in the chain's order, 0 where none: one GROUP BY query."""
        totals = dict(self.order_by().values_list("stage").annotate(tonnes=Sum("quantity_tonnes")))
        return [(stage, totals.get(stage.value, Decimal("0"))) for stage in _model("Shipment").Stage]

    def known_by(self, as_of=None):
        """Shipments shipped by `as_of` (all of them without a day)."""
        return self.filter(shipped_by(as_of))


class AuctionQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=self.model.UNFINISHED)

    def known_by(self, as_of=None):
        """Auctions announced by `as_of` (all of them without a day)."""
        return self if as_of is None else self.filter(announced_on__lte=as_of)


class LotQuerySet(models.QuerySet):
    def holding_mine(self):
        """Lots that keep their mine out of a clerk's hands: of an auction still under way, or won
        and waiting for the winner's contract."""
        return self.filter(
            Q(auction__status__in=_model("Auction").UNFINISHED)
            | Q(winning_bid__isnull=False, contract_signed_on__isnull=True)
        )

    def awarded(self):
        return self.filter(winning_bid__isnull=False)

    @staticmethod
    def _failed():
        return Q(winning_bid__isnull=True, auction__status__in=_model("Auction").DECIDED)

    def failed(self):
        """Lots of a decided auction without a winner: no valid bid, or none left once the winners
        had forfeited."""
        return self.filter(self._failed())

    def reactivated(self, as_of=None):
        """Lots whose winner signed the contract (by `as_of`, when given): each one is a mine
        reactivated by auction."""
        signed = {"contract_signed_on__isnull": False} if as_of is None else {"contract_signed_on__lte": as_of}
        return self.filter(winning_bid__isnull=False, **signed)

    def known_by(self, as_of=None):
        """Lots of the auctions announced by `as_of` (all of them without a day)."""
        return self if as_of is None else self.filter(auction__announced_on__lte=as_of)

    def signed_with_runner_up(self, as_of=None):
        """Reactivated lots (by `as_of`, when given) whose contract a runner-up signed, an earlier
        winner having forfeited."""
        return self.reactivated(as_of).filter(Exists(_model("Bid").objects.forfeited().filter(lot=OuterRef("pk"))))

    def reoffers(self):
        """Lots that offer again a lot that failed: a mine's second attempt, or a later one."""
        return self.filter(previous_lot__isnull=False)

    @staticmethod
    def _repeated():
        # A later lot repeats it, in an auction that was not cancelled.
        return Exists(_model("Lot").objects.filter(previous_lot=OuterRef("pk")).not_cancelled())

    def not_cancelled(self):
        return self.exclude(auction__status=_model("Auction").Status.CANCELLED)

    def offered_again(self):
        """Lots offered again in an auction that was not cancelled."""
        return self.filter(self._repeated())

    def with_second_chances(self):
        """Annotate what a lot's second chances depend on: `is_failed` (failed()),
        `is_offered_again` (offered_again()), and `awarded_on` and `last_forfeited_on`
        (with_award_date())."""
        return self.with_award_date().annotate(
            is_failed=ExpressionWrapper(self._failed(), output_field=models.BooleanField()),
            is_offered_again=self._repeated(),
        )

    def to_reoffer(self):
        """Failed lots not offered again yet: their mines wait for another auction."""
        return self.failed().exclude(pk__in=self.model.objects.offered_again().values("pk"))

    def with_award_date(self):
        """Annotate `awarded_on` (award_date()) and `last_forfeited_on` (last_forfeiture())."""
        return self.annotate(last_forfeited_on=last_forfeiture(), awarded_on=award_date())

    def chain(self, lot_id):
        """The lots of the chain that ends at lot `lot_id`: it, the lot it repeats, and so on back
        to the first offer of its mine."""
        previous = dict(self.model.objects.filter(Q(previous_lot__isnull=False) | Q(pk=lot_id))
                        .values_list("pk", "previous_lot_id"))
        ids = []
        while lot_id is not None and lot_id not in ids:
            ids.append(lot_id)
            lot_id = previous.get(lot_id)
        return self.filter(pk__in=ids)


class Attempt(NamedTuple):
    """A lot's place in its mine's chain of offers."""

    number: int  # 2 for the first lot offered again
    first: int  # the id of the chain's first lot
    first_offered_on: datetime.date  # the day the first lot's auction was announced


def attempts():
    """{lot id: Attempt} of every lot that repeats another (one that repeats nothing is its mine's
    first attempt): one query, whatever the number of chains."""
    steps = {lot: (previous, announced) for lot, previous, announced in _model("Lot").objects.reoffers()
             .values_list("pk", "previous_lot_id", "previous_lot__auction__announced_on")}
    found = {}
    for lot_id in steps:
        path = []
        while lot_id in steps and lot_id not in found and lot_id not in path:
            path.append(lot_id)
            lot_id = steps[lot_id][0]
        if lot_id in found:
            number, first, first_offered_on = found[lot_id]
        else:  # the first offer, which the last step of the path repeats
            number, first, first_offered_on = 1, lot_id, steps[path[-1]][1]
        for step in reversed(path):
            number += 1
            found[step] = Attempt(number, first, first_offered_on)
    return found


def last_forfeiture():
    """The day a lot's latest winner forfeited (None when none did)."""
    forfeited = _model("Bid").objects.forfeited().filter(lot=OuterRef("pk")).order_by()
    return Subquery(forfeited.values("lot").annotate(last=Max("forfeited_on")).values("last"),
                    output_field=models.DateField())


def award_date():
    """When a lot went to its present winner: the bids are opened, and the lots awarded, on the
    auction's opening date (the records keep no other award date); a lot that went on to a
    runner-up went on the day the winner before it forfeited."""
    return Coalesce(last_forfeiture(), F("auction__opening_on"))


class BidQuerySet(models.QuerySet):
    # By the deadline, at least the base price, deposit paid.
    VALID = Q(deposit_paid=True, amount_rials__gte=F("lot__base_price_rials"),
              submitted_on__lte=F("lot__auction__bid_deadline"))

    def valid(self):
        return self.filter(self.VALID)

    def with_validity(self):
        """Annotate `is_valid`: whether the bid can win its lot."""
        return self.annotate(is_valid=self.VALID)

    def ranked(self):
        """Highest amount first; the earliest wins a tie."""
        return self.order_by("-amount_rials", "submitted_on", "pk")

    def forfeited(self):
        """Bids that won a lot and were forfeited (the bidder walked away; the deposit is kept)."""
        return self.filter(forfeited_on__isnull=False)

    def standing(self):
        """Valid bids not forfeited: those that can still win their lot."""
        return self.valid().filter(forfeited_on__isnull=True)


class HandoverQuerySet(models.QuerySet):
    def with_stage(self, as_of=None):
        """Annotate `stage`, the last of the handover's dates that is filled (Handover.Stage), and
        `stage_rank`, its place in the sequence (0 identified … 3 handed over) to sort by; with
        `as_of`, the last step dated by that day (known_by() keeps the cases begun by then)."""
        handover = _model("Handover")
        # Latest stage first: the first date found filled decides.
        steps = list(enumerate(zip(handover.Stage.values, handover.STAGE_DATES, strict=True)))[::-1]
        taken = (lambda field: {f"{field}__isnull": False}) if as_of is None else \
            (lambda field: {f"{field}__lte": as_of})
        return self.annotate(
            stage=Case(
                *(When(**taken(field), then=Value(stage)) for _rank, (stage, field) in steps),
                output_field=models.CharField(),
            ),
            stage_rank=Case(
                *(When(**taken(field), then=Value(rank)) for rank, (_stage, field) in steps),
                output_field=IntegerField(),
            ),
        )

    def known_by(self, as_of=None):
        """Cases identified by `as_of` (all of them without a day)."""
        return self if as_of is None else self.filter(identified_on__lte=as_of)

    def in_stage(self, stage, as_of=None):
        return self.known_by(as_of).with_stage(as_of).filter(stage=stage)


class CountyQuerySet(models.QuerySet):
    def with_industrial_area(self):
        """Annotate `industrial_area_m2`: the industrial area of the county's estates."""
        estates = _model("Estate").objects.filter(county=OuterRef("pk")).order_by().values("county")
        area = estates.annotate(total=Sum("industrial_area_m2")).values("total")
        return self.annotate(
            industrial_area_m2=Coalesce(
                Subquery(area, output_field=models.DecimalField(max_digits=18, decimal_places=2)),
                Value(Decimal("0")),
                output_field=models.DecimalField(max_digits=18, decimal_places=2),
            )
        )

    def industrial_space_per_person(self):
        """[(county, industrial_area_m2, per_capita_m2)] and the province's figures.

        Returns (rows, province) where province is a dict with `population`,
        `industrial_area_m2` and `per_capita_m2`; m² per person is rounded half up to two
        decimals from exact decimals, so SQLite and PostgreSQL agree to the last digit.
        """
        rows = []
        population = 0
        area = Decimal("0")
        for county in self.with_industrial_area():
            # SQLite sums decimals as floats (Django keeps 15 significant digits of them): back to
            # exact cents, the areas' own precision, before anything is divided.
            county_area = round_half_up(county.industrial_area_m2)
            rows.append((county, county_area, round_half_up(county_area / county.population)))
            population += county.population
            area += county_area
        province = {
            "population": population,
            "industrial_area_m2": area,
            "per_capita_m2": round_half_up(area / population) if population else None,
        }
        return rows, province


def reported_by(as_of, prefix=""):
    """The Q of the employment records (reached through `prefix`) of the months up to `as_of`'s
    Jalali month: its year's months up to it, and every month of the years before."""
    day = jalali.to_jalali(as_of)
    return Q(**{f"{prefix}year__lt": day.year}) | Q(**{f"{prefix}year": day.year, f"{prefix}month__lte": day.month})


class EmploymentQuerySet(models.QuerySet):
    def for_year(self, year=None):
        return self.filter(year=year or jalali.jalali_year())

    def known_by(self, as_of=None):
        """Records of the months up to `as_of`'s Jalali month (all of them without a day): the
        records are monthly, so a day counts its whole month."""
        return self if as_of is None else self.filter(reported_by(as_of))

    def jobs_by_office(self):
        """[{office, jobs}] highest first."""
        return self.order_by().values("office").annotate(jobs=Sum("jobs")).order_by("-jobs", "office")
