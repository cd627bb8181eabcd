"""The lifecycle steps of spec sections 3 and 11: the only writes that move an auction, its lots
and their mines together, and a handover to its next stage; keyword-only, atomic, refusing every
illegal step with a ServiceError. A lot whose winner walks away goes to the runner-up; a lot that
failed is offered again.

Each function takes `by`, the acting user (None for a command), so that every record it changes
leaves a history entry saying who did it and why. Rows that a step changes are locked first,
always in the same order (auction, then lot, then mines by id), so that two clerks pressing the
same button at once produce one transition and the other gets a refusal.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from registry import history, jalali
from registry.formatting import digits, number
from registry.models import Auction, Bid, Handover, Lot, Mine


class ServiceError(ValidationError):
    """A step the lifecycle does not allow; the message says why, in the user's language."""


def _save(instance, *, by, reason, fields):
    # simple-history reads the acting user and the reason from these attributes.
    instance._history_user = by
    instance._change_reason = reason
    instance.save(update_fields=fields)


def _lock_auction(pk):
    return Auction.objects.select_for_update().get(pk=pk)


def _lock_lot(pk):
    """The lot, locked, with `awarded_on` (LotQuerySet.with_award_date)."""
    return Lot.objects.select_for_update(of=("self",)).with_award_date().select_related("auction").get(pk=pk)


def _lock_mines(pks):
    return {mine.pk: mine for mine in Mine.objects.select_for_update().filter(pk__in=pks).order_by("pk")}


def _refuse_unless(auction, *statuses, message):
    if auction.status not in statuses:
        raise ServiceError(message, code="status", params={"status": auction.get_status_display()})


def _set_status(auction, status, *, by):
    auction.status = status
    reason = history.reason(history.AUCTION_STATUS, status=status)
    _save(auction, by=by, reason=reason, fields=("status",))


def _release_mines(mines, *, by, reason):
    """Mines offered in vain go back to idle, ready for another auction."""
    for mine in mines:
        if mine.status == Mine.Status.IN_AUCTION:
            mine.status = Mine.Status.IDLE
            _save(mine, by=by, reason=reason, fields=("status",))


def publish_auction(*, auction, by):
    """Open a draft auction to bids: it needs lots, and every lotted mine must be idle and in no
    other unfinished auction; its mines become `in_auction`."""
    with transaction.atomic():
        auction = _lock_auction(auction.pk)
        lots = list(auction.lots.order_by("lot_number"))
        mines = _lock_mines([lot.mine_id for lot in lots])
        check_publish(auction, lots=lots, mines=mines)
        _set_status(auction, Auction.Status.PUBLISHED, by=by)
        reason = history.reason(history.OFFERED, number=auction.number)
        for mine in mines.values():
            mine.status = Mine.Status.IN_AUCTION
            _save(mine, by=by, reason=reason, fields=("status",))
    return auction


def check_publish(auction, *, lots=None, mines=None):
    """Refuse to publish `auction` unless it is a draft with lots whose mines are all idle and in
    no other unfinished auction. `lots` and `mines` (by id) are read when not given (the service
    gives them locked)."""
    _refuse_unless(auction, Auction.Status.DRAFT,
                   message=_("Only a draft auction can be published; this auction is %(status)s."))
    if lots is None:
        lots = list(auction.lots.order_by("lot_number"))
    if not lots:
        raise ServiceError(_("Add at least one lot before publishing the auction."), code="no_lots")
    if mines is None:
        mines = {mine.pk: mine for mine in Mine.objects.filter(pk__in=[lot.mine_id for lot in lots])}
    elsewhere = dict(
        Lot.objects.filter(mine__in=list(mines), auction__status__in=Auction.UNFINISHED)
        .exclude(auction=auction).values_list("mine_id", "auction__number")
    )
    for lot in lots:
        mine = mines[lot.mine_id]
        params = {"lot": digits(lot.lot_number), "mine": mine, "status": mine.get_status_display()}
        if mine.pk in elsewhere:
            raise ServiceError(
                _("Lot %(lot)s: the mine %(mine)s is already offered in auction %(auction)s."),
                code="mine_elsewhere", params={**params, "auction": elsewhere[mine.pk]},
            )
        if mine.status != Mine.Status.IDLE:
            raise ServiceError(
                _("Lot %(lot)s: only an idle mine can be offered in an auction; %(mine)s is %(status)s."),
                code="mine_not_idle", params=params,
            )


def record_bid(*, lot, bidder_national_id, bidder_name, amount_rials, deposit_paid, submitted_on, by):
    """Record a valid bid on a lot of a published auction: by the deadline, at least the base price,
    with its deposit paid, and one per bidder per lot."""
    with transaction.atomic():
        auction = _lock_auction(lot.auction_id)
        lot = Lot.objects.get(pk=lot.pk)
        _refuse_unless(auction, Auction.Status.PUBLISHED,
                       message=_("Bids are taken only while the auction is published; this auction is %(status)s."))
        errors = {}
        if submitted_on > auction.bid_deadline:
            errors["submitted_on"] = ValidationError(
                _("The bid arrived after the bid deadline (%(deadline)s)."), code="late",
                params={"deadline": jalali.format_date(auction.bid_deadline, digits=None)},
            )
        elif submitted_on < auction.announced_on:
            errors["submitted_on"] = ValidationError(
                _("A bid cannot be submitted before the auction was announced (%(announced)s)."), code="early",
                params={"announced": jalali.format_date(auction.announced_on, digits=None)},
            )
        if amount_rials < lot.base_price_rials:
            errors["amount_rials"] = ValidationError(
                _("The amount is below the lot's base price of %(base)s rials."), code="below_base",
                params={"base": number(lot.base_price_rials)},
            )
        if not deposit_paid:
            errors["deposit_paid"] = ValidationError(
                _("A bid is accepted only with its deposit paid."), code="no_deposit",
            )
        if errors:
            raise ServiceError(errors)
        bid = Bid(lot=lot, bidder_national_id=bidder_national_id, bidder_name=bidder_name,
                  amount_rials=amount_rials, deposit_paid=deposit_paid, submitted_on=submitted_on)
        try:
            # Checksum of the bidder's ID and one bid per bidder per lot.
            bid.full_clean()
        except ValidationError as error:
            raise ServiceError(error.error_dict) from error
        _save(bid, by=by, reason=history.reason(history.BID_RECORDED), fields=None)
    return bid


def close_auction(*, auction, by, today=None):
    """Close a published auction to bids once its deadline has passed."""
    today = today or jalali.today()
    with transaction.atomic():
        auction = _lock_auction(auction.pk)
        check_close(auction, today=today)
        _set_status(auction, Auction.Status.CLOSED, by=by)
    return auction


def check_close(auction, *, today=None):
    """Refuse to close `auction` unless it is published and its bid deadline has passed."""
    _refuse_unless(auction, Auction.Status.PUBLISHED,
                   message=_("Only a published auction can be closed; this auction is %(status)s."))
    _refuse_before_deadline(auction, today or jalali.today())


def _refuse_before_deadline(auction, today):
    if today <= auction.bid_deadline:
        raise ServiceError(
            _("Bids are open until %(deadline)s; the auction can be closed and awarded after that day."),
            code="before_deadline", params={"deadline": jalali.format_date(auction.bid_deadline, digits=None)},
        )


def award_auction(*, auction, by, today=None):
    """Award each lot to its highest valid bid (the earliest wins a tie); a lot without one returns
    its mine to idle. The auction becomes `awarded`, or `failed` when no lot found a winner.

    A published auction whose deadline has passed is closed first. The auction's row lock makes
    the award happen once: a second clerk waits, then finds it decided and is refused.
    """
    today = today or jalali.today()
    with transaction.atomic():
        auction = _lock_auction(auction.pk)
        check_award(auction, today=today)
        if auction.status == Auction.Status.PUBLISHED:
            _set_status(auction, Auction.Status.CLOSED, by=by)

        winners = {}
        for bid in Bid.objects.filter(lot__auction=auction).valid().ranked():
            winners.setdefault(bid.lot_id, bid)
        lots = list(auction.lots.order_by("lot_number"))
        reason = history.reason(history.AWARDED, number=auction.number)
        for lot in lots:
            if lot.pk in winners:
                lot.winning_bid = winners[lot.pk]
                _save(lot, by=by, reason=reason, fields=("winning_bid",))
        failed_mines = _lock_mines([lot.mine_id for lot in lots if lot.pk not in winners])
        _release_mines(failed_mines.values(), by=by,
                       reason=history.reason(history.NO_VALID_BID, number=auction.number))
        _set_status(auction, Auction.Status.AWARDED if winners else Auction.Status.FAILED, by=by)
    return auction


def check_award(auction, *, today=None):
    """Refuse to award `auction` unless it is published or closed and its bid deadline has passed."""
    if auction.status in (Auction.Status.AWARDED, Auction.Status.FAILED):
        raise ServiceError(_("This auction has already been decided: it is %(status)s."),
                           code="decided", params={"status": auction.get_status_display()})
    _refuse_unless(auction, Auction.Status.PUBLISHED, Auction.Status.CLOSED,
                   message=_("Only a closed auction can be awarded; this auction is %(status)s."))
    _refuse_before_deadline(auction, today or jalali.today())


def sign_contract(*, lot, signed_on, by):
    """Sign the winner's contract: the lot's mine becomes active with the winner as its operator
    (a mine reactivated by auction)."""
    with transaction.atomic():
        auction = _lock_auction(lot.auction_id)
        lot = _lock_lot(lot.pk)
        if lot.winning_bid_id is None:
            raise ServiceError(_("Lot %(lot)s has no winner, so there is no contract to sign."),
                               code="no_winner", params={"lot": digits(lot.lot_number)})
        if lot.contract_signed_on is not None:
            raise ServiceError(_("The contract of lot %(lot)s was already signed on %(date)s."), code="signed",
                               params={"lot": digits(lot.lot_number),
                                       "date": jalali.format_date(lot.contract_signed_on, digits=None)})
        if signed_on <= auction.bid_deadline:
            raise ServiceError(
                {"signed_on": ValidationError(
                    _("A contract is signed after the bid deadline (%(deadline)s)."), code="early",
                    params={"deadline": jalali.format_date(auction.bid_deadline, digits=None)},
                )}
            )
        if lot.last_forfeited_on is not None and signed_on < lot.last_forfeited_on:
            raise ServiceError(
                {"signed_on": ValidationError(
                    _("The lot went to its present winner on %(date)s; the contract cannot be signed before that."),
                    code="before_award", params={"date": jalali.format_date(lot.last_forfeited_on, digits=None)},
                )}
            )
        mine = _lock_mines([lot.mine_id])[lot.mine_id]
        if mine.status != Mine.Status.IN_AUCTION:
            raise ServiceError(
                _("The mine %(mine)s is no longer in auction (it is %(status)s); its contract cannot be signed."),
                code="mine_not_in_auction", params={"mine": mine, "status": mine.get_status_display()},
            )
        winner = lot.winning_bid
        reason = history.reason(history.CONTRACT_SIGNED, number=auction.number, lot=lot.lot_number)
        lot.contract_signed_on = signed_on
        _save(lot, by=by, reason=reason, fields=("contract_signed_on",))
        mine.status = Mine.Status.ACTIVE
        mine.operator_name = winner.bidder_name
        mine.operator_national_id = winner.bidder_national_id
        _save(mine, by=by, reason=reason, fields=("status", "operator_name", "operator_national_id"))
    return lot


def cancel_auction(*, auction, by):
    """Cancel an unfinished auction; mines it had put in auction go back to idle."""
    with transaction.atomic():
        auction = _lock_auction(auction.pk)
        check_cancel(auction)
        if auction.status != Auction.Status.DRAFT:
            # A draft never moved its mines; another auction may hold them now.
            mines = _lock_mines(auction.lots.values_list("mine_id", flat=True))
            _release_mines(mines.values(), by=by,
                           reason=history.reason(history.AUCTION_CANCELLED, number=auction.number))
        _set_status(auction, Auction.Status.CANCELLED, by=by)
    return auction


def check_cancel(auction):
    """Refuse to cancel `auction` once it is decided or cancelled."""
    _refuse_unless(auction, *Auction.UNFINISHED,
                   message=_("A decided or cancelled auction cannot be cancelled; this auction is %(status)s."))


def signing_deadline(lot):
    """The last day the present winner of `lot` (with `awarded_on`) has to sign the contract."""
    return lot.awarded_on + datetime.timedelta(days=settings.AUCTION_SIGNING_DAYS)


def offer_to_runner_up(*, lot, winner, reason, forfeited_on, by, today=None):
    """The winner of an awarded lot walked away before signing: they withdrew, or the signing
    period (AUCTION_SIGNING_DAYS after the award) passed. Their bid is forfeited, with its deposit,
    and the lot goes to the next valid bid by the award's rule (the highest, the earliest on a
    tie); with none left the lot fails and its mine is idle again.

    `winner` is the bid the clerk saw winning: when two clerks press at once, the second finds
    the lot gone to the runner-up already and is refused, rather than forfeiting that bid too.
    """
    today = today or jalali.today()
    with transaction.atomic():
        auction = _lock_auction(lot.auction_id)
        lot = _lock_lot(lot.pk)
        params = {"lot": digits(lot.lot_number)}
        check_runner_up(lot, today=today, auction=auction)
        if lot.winning_bid_id != winner.pk:
            raise ServiceError(
                _("Lot %(lot)s no longer goes to %(bidder)s: someone has offered it on already. Open the auction "
                  "again to see where it stands."),
                code="winner_changed", params={**params, "bidder": winner.bidder_name})
        _refuse_forfeiture_day(lot, reason, forfeited_on, today, auction)
        forfeited = lot.winning_bid
        forfeited.forfeited_on, forfeited.forfeit_reason = forfeited_on, reason
        where = {"number": auction.number, "lot": lot.lot_number}
        _save(forfeited, by=by, reason=history.reason(history.FORFEITED, reason=reason, **where),
              fields=("forfeited_on", "forfeit_reason"))
        runner_up = lot.bids.standing().ranked().first()
        lot.winning_bid, lot.awarded_on, lot.last_forfeited_on = runner_up, forfeited_on, forfeited_on
        if runner_up is not None:
            _save(lot, by=by, reason=history.reason(history.RUNNER_UP, **where), fields=("winning_bid",))
        else:
            reason = history.reason(history.NO_BID_LEFT, **where)
            _save(lot, by=by, reason=reason, fields=("winning_bid",))
            _release_mines(_lock_mines([lot.mine_id]).values(), by=by, reason=reason)
    return lot


def check_runner_up(lot, *, today=None, auction=None):
    """Refuse to offer `lot` (with `awarded_on` and `last_forfeited_on`, LotQuerySet.with_award_date)
    to its runner-up unless it has a winner, its contract is unsigned and some day up to `today`
    can date the forfeiture (the day after the bid deadline, or after the forfeiture before)."""
    params = {"lot": digits(lot.lot_number)}
    if lot.winning_bid_id is None:
        raise ServiceError(_("Lot %(lot)s has no winner to forfeit."), code="no_winner", params=params)
    if lot.contract_signed_on is not None:
        raise ServiceError(_("The contract of lot %(lot)s is signed; its winner can no longer forfeit it."),
                           code="signed", params=params)
    earliest = _earliest_forfeiture(lot, auction or lot.auction)
    if today is None:
        today = jalali.today()
    if earliest > today:
        raise ServiceError(
            _("On %(date)s the lot was not yet this winner's: a forfeiture is dated from %(earliest)s."),
            code="before_award", params={"date": jalali.format_date(today, digits=None),
                                         "earliest": jalali.format_date(earliest, digits=None)})


def forfeit_reasons(lot, *, today=None):
    """The reasons a forfeiture of `lot`'s winner dated `today` may give: a withdrawal at any time,
    a contract not signed only once the signing period is over (_refuse_forfeiture_day)."""
    today = today or jalali.today()
    reasons = [Bid.ForfeitReason.WITHDREW]
    if today > signing_deadline(lot):
        reasons.append(Bid.ForfeitReason.NOT_SIGNED)
    return [reason for reason in Bid.ForfeitReason if reason in reasons]


def _earliest_forfeiture(lot, auction):
    return lot.last_forfeited_on or auction.bid_deadline + datetime.timedelta(days=1)


def _refuse_forfeiture_day(lot, reason, forfeited_on, today, auction):
    """A forfeiture is dated between the award (after the bid deadline; for a runner-up, from the
    forfeiture before it) and today; for a contract not signed in time, after the signing period."""
    earliest = _earliest_forfeiture(lot, auction)
    if forfeited_on > today:
        raise ServiceError({"forfeited_on": ValidationError(
            _("%(date)s has not come yet."), code="future",
            params={"date": jalali.format_date(forfeited_on, digits=None)})})
    if forfeited_on < earliest:
        raise ServiceError({"forfeited_on": ValidationError(
            _("On %(date)s the lot was not yet this winner's: a forfeiture is dated from %(earliest)s."),
            code="before_award", params={"date": jalali.format_date(forfeited_on, digits=None),
                                         "earliest": jalali.format_date(earliest, digits=None)})})
    if reason == Bid.ForfeitReason.NOT_SIGNED and forfeited_on <= signing_deadline(lot):
        raise ServiceError({"reason": ValidationError(
            _("The winner may sign until %(deadline)s (%(days)s days after the award): the lot can go to the "
              "runner-up after that day, or earlier if the winner withdraws."), code="signing_period",
            params={"deadline": jalali.format_date(signing_deadline(lot), digits=None),
                    "days": number(settings.AUCTION_SIGNING_DAYS)})})


def allows(check, record, **kwargs):
    """Whether `check` (check_publish, check_close, …) lets the step it guards be taken on `record`
    now: what the admin asks before it offers the step's button."""
    try:
        check(record, **kwargs)
    except ServiceError:
        return False
    return True


def reoffered_price(base_price_rials, reduction_percent):
    """The base price of a re-offer: `reduction_percent` less, rounded to the nearest 1,000 rials."""
    unit = Lot.REOFFER_ROUNDING_RIALS
    price = Decimal(base_price_rials) * (100 - Decimal(reduction_percent)) / 100
    return int((price / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * unit


def check_reduction(percent):
    """Refuse a re-offer's reduction outside 0–30 percent."""
    low, high = Lot.REOFFER_REDUCTION_PERCENT
    if not low <= percent <= high:
        raise ServiceError({"reduction_percent": ValidationError(
            _("The reduction is between %(low)s and %(high)s percent."), code="reduction",
            params={"low": number(low), "high": number(high)})})


def _plain(value):
    """A number as a stored reason writes it: 10, 12.5."""
    return format(Decimal(value).normalize(), "f")


def reoffer_lot(*, lot, auction, reduction_percent=Lot.REOFFER_DEFAULT_PERCENT, by):
    """Offer a failed lot's mine again, as a new lot of the draft `auction` (one not yet saved is
    created) at the previous base price less `reduction_percent` (0 to 30), rounded to 1,000 rials.
    The new lot names the one it repeats; publishing the auction puts the mine in auction as usual.
    Returns the new lot."""
    check_reduction(reduction_percent)
    with transaction.atomic():
        if auction.pk is None:
            _save(auction, by=by, reason=history.reason(history.CREATED_TO_REOFFER, number=lot.auction.number,
                                                        lot=lot.lot_number), fields=None)
        auction = _lock_auction(auction.pk)
        _refuse_unless(auction, Auction.Status.DRAFT,
                       message=_("A lot is offered again in a draft auction; this auction is %(status)s."))
        previous = _lock_lot(lot.pk)
        params = {"lot": str(previous)}
        # Asked once the lot is locked, each in a query of its own: they see what a rival clerk
        # committed while this one waited for the lock.
        if not Lot.objects.failed().filter(pk=previous.pk).exists():
            raise ServiceError(_("Lot %(lot)s did not fail: only a lot left without a winner is offered again."),
                               code="not_failed", params=params)
        again = previous.reoffers.not_cancelled()
        if again.exists():
            raise ServiceError(_("Lot %(lot)s is already offered again, in auction %(auction)s."), code="offered",
                               params={**params, "auction": again.values_list("auction__number", flat=True)[0]})
        mine = _lock_mines([previous.mine_id])[previous.mine_id]
        new = Lot(auction=auction, mine=mine, previous_lot=previous,
                  lot_number=(auction.lots.aggregate(last=Max("lot_number"))["last"] or 0) + 1,
                  base_price_rials=reoffered_price(previous.base_price_rials, reduction_percent))
        try:
            # The mine idle and in no other unfinished auction; the lot repeated of that mine,
            # closed to bids before this auction was announced.
            new.full_clean()
        except ValidationError as error:
            raise ServiceError(error.error_dict) from error
        _save(new, by=by, reason=history.reason(history.REOFFERED, number=previous.auction.number,
                                                lot=previous.lot_number, percent=_plain(reduction_percent)),
              fields=None)
    return new


def advance_handover(*, handover, by, today=None):
    """Date the next stage of a handover today (identified → notified → relocated → handed over),
    the order of its dates checked by the model; refused once it is handed over, or when today
    would come before the stage before. Locked, so that two clerks pressing at once cannot move
    one case two stages."""
    with transaction.atomic():
        handover = (Handover.objects.select_for_update(of=("self",)).select_related("unit__estate")
                    .get(pk=handover.pk))
        step = handover.next_step()
        if step is None:
            raise ServiceError(_("%(handover)s is already handed over; it has no next stage.")
                               % {"handover": handover})
        stage, field = step
        setattr(handover, field, today or jalali.today())
        try:
            handover.full_clean()
        except ValidationError as error:
            raise ServiceError(_("%(handover)s cannot move to its next stage: %(reason)s")
                               % {"handover": handover, "reason": " ".join(error.messages)}) from None
        _save(handover, by=by, reason=history.reason(history.NEXT_STAGE, stage=stage), fields=None)
    return handover
