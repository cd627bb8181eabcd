"""Auctions that offer idle mines again: the auction, its lots (one mine each) and the bids.

The lifecycle (draft → published → closed → awarded | failed, or cancelled) is driven only by
registry.services; these models hold the records and the rules that a single row can check. A lot
whose winner walks away goes to the runner-up (the winner's bid forfeited); a lot that failed may
be offered again in a later auction, and the new lot names the one it repeats (`previous_lot`):
a mine's attempts are that chain of lots.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry import jalali
from registry.models.base import RegistryModel
from registry.querysets import AuctionQuerySet, BidQuerySet, LotQuerySet
from registry.rules import Rule
from registry.validators import validate_national_id


class AuctionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    # "closed" alone is a producer that shut down (تعطیل); an auction closed to bids is another word.
    CLOSED = "closed", pgettext_lazy("auction status", "closed")
    AWARDED = "awarded", _("awarded")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class Auction(RegistryModel):
    Status = AuctionStatus

    # An auction under way: it holds its mines, and may still be cancelled.
    UNFINISHED = (Status.DRAFT, Status.PUBLISHED, Status.CLOSED)
    # An auction whose lots have each found their winner or failed.
    DECIDED = (Status.AWARDED, Status.FAILED)

    number = models.CharField(_("auction number"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=255)
    announced_on = models.DateField(_("announcement date"))
    bid_deadline = models.DateField(_("bid deadline"), help_text=_("Bids submitted on this day still count."))
    opening_on = models.DateField(_("opening date"))
    deposit_rials = models.PositiveBigIntegerField(_("deposit (rials)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    objects = AuctionQuerySet.as_manager()
    county_path = "lots__mine__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        constraints = [
            Rule(name="registry_auction_deadline_after_announcement", field="bid_deadline",
                 condition=Q(bid_deadline__gte=F("announced_on")),
                 message=_("The bid deadline cannot be before the announcement date.")),
            Rule(name="registry_auction_opening_after_deadline", field="opening_on",
                 condition=Q(opening_on__gte=F("bid_deadline")),
                 message=_("The opening date cannot be before the bid deadline.")),
            Rule(name="registry_auction_status_valid", field="status",
                 condition=Q(status__in=AuctionStatus.values), message=_("Unknown auction status.")),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class Lot(RegistryModel):
    # A re-offer's base price is the previous one less 0–30 % (10 % unless the clerk says otherwise),
    # rounded to this many rials.
    REOFFER_REDUCTION_PERCENT = (0, 30)
    REOFFER_DEFAULT_PERCENT = 10
    REOFFER_ROUNDING_RIALS = 1000

    auction = models.ForeignKey(Auction, models.CASCADE, related_name="lots", verbose_name=_("auction"))
    lot_number = models.PositiveSmallIntegerField(_("lot number"))
    mine = models.ForeignKey("registry.Mine", models.PROTECT, related_name="lots", verbose_name=_("mine"))
    base_price_rials = models.PositiveBigIntegerField(_("base price (rials)"))
    winning_bid = models.OneToOneField(
        "registry.Bid", models.SET_NULL, null=True, blank=True, related_name="won_lot", verbose_name=_("winning bid"),
    )
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    previous_lot = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="reoffers", verbose_name=_("previous lot"),
        help_text=_("The failed lot of the same mine that this lot offers again."),
    )

    objects = LotQuerySet.as_manager()
    county_path = "mine__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ("auction", "lot_number")
        constraints = [
            models.UniqueConstraint(
                fields=("auction", "lot_number"), name="registry_lot_unique_number",
                violation_error_message=_("This auction already has a lot with this number."),
            ),
            models.UniqueConstraint(
                fields=("auction", "mine"), name="registry_lot_unique_mine",
                violation_error_message=_("This mine is already offered in another lot of this auction."),
            ),
            Rule(name="registry_lot_contract_needs_winner", field="contract_signed_on",
                 condition=Q(contract_signed_on__isnull=True) | Q(winning_bid__isnull=False),
                 message=_("A contract can only be signed with the winner of the lot.")),
            Rule(name="registry_lot_not_its_own_previous", field="previous_lot",
                 condition=Q(previous_lot__isnull=True) | ~Q(previous_lot=F("id")),
                 message=_("A lot cannot repeat itself.")),
        ]

    def __str__(self):
        return f"{self.auction.number} / {self.lot_number}"

    def clean(self):
        """A mine can be lotted only while idle, and in one unfinished auction at a time.

        Lots are added through the auction's page only while it is a draft (the admin makes a
        published auction read-only); a lot of a past auction, as the lots import brings, is valid.
        """
        from registry.models.mining import Mine

        errors = {}
        # An inline form of a new auction sets `auction` before the auction has an id.
        auction = getattr(self, "auction", None)
        if auction is not None and self.mine_id and auction.status == Auction.Status.DRAFT:
            if self.mine.status != Mine.Status.IDLE:
                errors["mine"] = _("Only an idle mine can be offered in an auction; this mine is %(status)s.") % {
                    "status": self.mine.get_status_display()
                }
            elif self.mine.lots.filter(auction__status__in=Auction.UNFINISHED).exclude(pk=self.pk).exists():
                errors["mine"] = _("This mine is already offered in a lot of an unfinished auction.")
        if self.winning_bid_id and self.winning_bid.lot_id != self.pk:
            errors["winning_bid"] = _("The winning bid must be a bid on this lot.")
        # The lot it repeats, which an import may bring in the same file (without an id yet). A lot
        # naming itself is the rule registry_lot_not_its_own_previous's to refuse.
        previous = self._meta.get_field("previous_lot").get_cached_value(self, None) or (
            self.previous_lot if self.previous_lot_id is not None else None)
        if previous is not None and (previous.pk is None or previous.pk != self.pk):
            error = self._previous_lot_error(previous, auction)
            if error:
                errors["previous_lot"] = error
        if errors:
            raise ValidationError(errors)

    def _previous_lot_error(self, previous, auction):
        """Why `previous` cannot be the lot this one repeats, or None: it must be a failed lot (its
        auction decided, no winner) of the same mine, closed to bids before this auction was
        announced."""
        if self.mine_id is not None and previous.mine_id != self.mine_id:
            return _("The lot it repeats offered another mine.")
        if previous.winning_bid_id is not None or previous.auction.status not in Auction.DECIDED:
            return _("Only a failed lot (its auction decided, no winner) can be offered again.")
        if auction is not None and auction.announced_on and previous.auction.bid_deadline >= auction.announced_on:
            return _("The lot it repeats was open to bids until %(deadline)s; this auction must be announced after "
                     "that day.") % {"deadline": jalali.format_date(previous.auction.bid_deadline, digits=None)}
        return None


class ForfeitReason(models.TextChoices):
    WITHDREW = "withdrew", _("the winner withdrew")
    NOT_SIGNED = "not_signed", _("the signing period passed")


class Bid(RegistryModel):
    ForfeitReason = ForfeitReason

    lot = models.ForeignKey(Lot, models.CASCADE, related_name="bids", verbose_name=_("lot"))
    bidder_national_id = models.CharField(_("bidder national ID"), max_length=11, validators=[validate_national_id])
    bidder_name = models.CharField(_("bidder name"), max_length=255)
    amount_rials = models.PositiveBigIntegerField(_("amount (rials)"))
    deposit_paid = models.BooleanField(_("deposit paid"), default=False)
    submitted_on = models.DateField(_("submission date"))
    # A winner who walks away forfeits the lot, and the deposit paid with the bid.
    forfeited_on = models.DateField(_("forfeited on"), null=True, blank=True)
    # (The database's own default too: bulk writers such as generate_data's COPY leave it out.)
    forfeit_reason = models.CharField(_("reason for forfeiture"), max_length=10, choices=ForfeitReason.choices,
                                      blank=True, default="", db_default="")

    objects = BidQuerySet.as_manager()
    county_path = "lot__mine__county"

    class Meta(RegistryModel.Meta):
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(
                fields=("lot", "bidder_national_id"), name="registry_bid_one_per_bidder_per_lot",
                violation_error_message=_("This bidder has already bid on this lot."),
            ),
            Rule(name="registry_bid_amount_positive", field="amount_rials",
                 condition=Q(amount_rials__gt=0), message=_("The amount must be greater than zero.")),
            Rule(name="registry_bid_bidder_id_digits", field="bidder_national_id",
                 condition=Q(bidder_national_id__regex=r"^[0-9]{10,11}$"),
                 message=_("The bidder's national ID has 10 or 11 digits.")),
            Rule(name="registry_bid_forfeit_reason_valid", field="forfeit_reason",
                 condition=Q(forfeit_reason__in=["", *ForfeitReason.values]),
                 message=_("Unknown reason for forfeiture.")),
            Rule(name="registry_bid_forfeiture_dated_with_reason", field="forfeited_on",
                 condition=Q(forfeited_on__isnull=True, forfeit_reason="")
                 | (Q(forfeited_on__isnull=False) & ~Q(forfeit_reason="")),
                 message=_("A forfeiture has both its date and its reason.")),
            Rule(name="registry_bid_forfeited_deposit_paid", field="forfeited_on",
                 condition=Q(forfeited_on__isnull=True) | Q(deposit_paid=True),
                 message=_("Only a bid whose deposit was paid can be forfeited.")),
        ]

    def __str__(self):
        return f"{self.bidder_name} ({self.bidder_national_id})"
