"""Auctions in the admin: lots edited while the auction is a draft, bids read per lot, and the
lifecycle as buttons that confirm in Persian and hand the step to registry.services; a lot's own
steps (to the runner-up, offered again) on the lot and beside it on its auction's page.

Only the services change an auction's status, a lot's winner and its contract date; the views
here are thin: confirm, call the service, report its answer.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import jalali, services, text
from registry.admin.base import RegistryInline, RegistryModelAdmin
from registry.admin.filters import (
    AuctionCountyFilter,
    ChainFilter,
    ChosenRecordFilter,
    ForfeitedFilter,
    KnownByFilter,
    LotOutcomeFilter,
    ReofferFilter,
    WorklistFilter,
    jalali_month_filter,
    jalali_year_filter,
)
from registry.admin.steps import Step, StepForm, StepsMixin, add_service_error, allowed_by
from registry.formatting import digits, number
from registry.models import Auction, Bid, Lot, Mine
from registry.querysets import subquery_count
from registry.scoping import scope

Status = Auction.Status


STEPS = (
    Step("publish", _("Publish the auction"),
         _("Its lots' mines become “in auction”, and bids can be recorded until the bid deadline."),
         allowed_by(services.check_publish), services.publish_auction, _("The auction was published.")),
    Step("close", _("Close to bids"),
         _("No bid can be recorded after this; the lots can then be awarded."),
         allowed_by(services.check_close), services.close_auction, _("The auction was closed to bids.")),
    Step("award", _("Award the lots"),
         _("Each lot goes to its highest valid bid (the earliest on a tie); a lot without a valid bid returns "
           "its mine to idle."),
         allowed_by(services.check_award), services.award_auction,
         _("The auction was decided: it is %(status)s.")),
    Step("cancel", _("Cancel the auction"),
         _("The auction ends without a winner; if it was published, its mines return to idle (a draft's mines "
           "never left idle). This cannot be undone."),
         allowed_by(services.check_cancel), services.cancel_auction, _("The auction was cancelled."), destructive=True),
)


LOT_FORM = "admin/registry/auction/lot_form.html"


class BidForm(forms.ModelForm):
    class Meta:
        model = Bid
        fields = ("bidder_national_id", "bidder_name", "amount_rials", "deposit_paid", "submitted_on")
        field_classes = {"submitted_on": jalali.JalaliDateField, "amount_rials": text.MoneyField}
        widgets = {"submitted_on": jalali.JalaliDateInput, "amount_rials": text.MoneyInput}


class LotInline(RegistryInline):
    model = Lot
    fields = ("lot_number", "mine", "base_price_rials", "winning_bid", "contract_signed_on", "previous_lot")
    readonly_fields = ("winning_bid", "contract_signed_on", "previous_lot")
    autocomplete_fields = ("mine",)

    def get_queryset(self, request):
        # (A row's name is its auction's number and its own.)
        return super().get_queryset(request).select_related("auction", "mine", "winning_bid", "previous_lot__auction")

    # Lots are laid out while the auction is a draft; after that they are the auction's record.
    def _draft(self, obj):
        return obj is None or obj.status == Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Auction)
class AuctionAdmin(StepsMixin, RegistryModelAdmin):
    list_display = ("number", "title", "announced_on", "bid_deadline", "opening_on", "status", "lots_count")
    list_filter = (WorklistFilter, "status", jalali_year_filter("announced_on"), AuctionCountyFilter, KnownByFilter)
    search_fields = ("number", "title")
    ordering = ("-announced_on", "-number")
    readonly_fields = ("status",)
    fields = ("number", "title", "announced_on", "bid_deadline", "opening_on", "deposit_rials", "status")
    inlines = (LotInline,)
    steps = STEPS

    def get_queryset(self, request):
        lots = Lot.objects.filter(auction=OuterRef("pk"))
        return super().get_queryset(request).annotate(lots_count=subquery_count(lots, "auction"))

    @admin.display(description=_("lots"), ordering="lots_count")
    def lots_count(self, auction):
        return auction.lots_count

    @staticmethod
    def _terms_frozen(obj):
        # Once closed to bids the auction's terms are what the bids were judged by.
        return obj is not None and obj.status not in (Status.DRAFT, Status.PUBLISHED)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if self._terms_frozen(obj) else super().get_readonly_fields(request, obj)

    def revert_disabled(self, request, obj=None):
        # Restoring an old version would move the status behind the services' back.
        return True

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.lifecycle_context(request, obj))
        if self._terms_frozen(obj):
            # Nothing on the page can be changed: it is the auction's view, as Django titles one.
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                           title=_("View %s") % self.opts.verbose_name)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def lifecycle_context(self, request, auction):
        """The lots with their bids (best first), and what this user may do to them now: each lot's
        own steps (LotAdmin's) beside it."""
        may_act = self.has_change_permission(request, auction)
        bids = Bid.objects.with_validity().ranked()
        lots = list(auction.lots.with_second_chances().select_related("mine", "winning_bid", "previous_lot__auction")
                    .prefetch_related(Prefetch("bids", queryset=bids)))
        lot_admin = self.admin_site._registry[Lot]
        for lot in lots:
            lot.steps = lot_admin.offered_steps(request, lot)
            lot.signing_deadline = services.signing_deadline(lot) if lot.winning_bid_id else None
        return {
            "lots_with_bids": lots,
            "may_record_bids": may_act and auction.status == Status.PUBLISHED,
            "bidding_over": auction.status not in (Status.DRAFT, Status.PUBLISHED),
            "today": jalali.today(),
        }

    def step_details(self, request, auction):
        lots = [(None, gettext("Lot %(number)s: %(mine)s, base price %(base)s rials") % {
            "number": digits(lot.lot_number), "mine": lot.mine, "base": number(lot.base_price_rials)})
            for lot in auction.lots.select_related("mine")]
        return [(_("auction"), auction), (_("status"), auction.get_status_display()),
                (_("bid deadline"), jalali.format_date(auction.bid_deadline, digits=None)), *lots]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/lots/<int:lot_id>/bid/", view(self.record_bid_view),
                 name="registry_auction_record_bid"),
            *super().get_urls(),
        ]

    def record_bid_view(self, request, object_id, lot_id):
        auction = self.record_to_act_on(request, object_id)
        lot = get_object_or_404(auction.lots.select_related("mine"), pk=lot_id)
        form = BidForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_bid(lot=lot, by=request.user, **form.cleaned_data)
            except services.ServiceError as error:
                add_service_error(form, error)
            else:
                self.message_user(request, _("The bid was recorded."), messages.SUCCESS)
                return redirect(self.record_change_url(auction))
        return self.render_step_page(request, auction, LOT_FORM, _("Record a bid"), lot=lot, form=form)


class ContractForm(StepForm):
    signed_on = jalali.JalaliDateField(label=_("contract signed on"), initial=jalali.today)


class RunnerUpForm(StepForm):
    """Why and when the winner walked away; `winner` is the bid the clerk saw winning."""

    winner = forms.ModelChoiceField(queryset=Bid.objects.none(), widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("reason for forfeiture"), choices=Bid.ForfeitReason.choices,
                               widget=forms.RadioSelect)
    forfeited_on = jalali.JalaliDateField(label=_("forfeited on"), initial=jalali.today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = self.record
        self.fields["winner"].queryset = record.bids.all()
        self.fields["winner"].initial = record.winning_bid_id
        # Only the reasons the service accepts today: "not signed in time" once the period is over.
        reasons = services.forfeit_reasons(record)
        self.fields["reason"].choices = [(reason.value, reason.label) for reason in reasons]
        self.fields["reason"].initial = reasons[-1]


class ReofferForm(StepForm):
    """The draft auction to offer the lot in, or a new one, and the reduction of its base price."""

    NEW_AUCTION_NEEDS = ("number", "title", "announced_on", "bid_deadline", "opening_on")

    auction = forms.ModelChoiceField(
        label=_("draft auction"), queryset=Auction.objects.none(), required=False,
        empty_label=_("a new draft auction (fill in its details below)"),
    )
    # (Its range is the service's to check, and say.)
    reduction_percent = text.DecimalField(
        label=_("reduction of the base price (%)"), max_digits=5, decimal_places=2,
        initial=Lot.REOFFER_DEFAULT_PERCENT,
        help_text=_("From 0 to 30 percent; the new base price is rounded to 1,000 rials."),
    )
    number = forms.CharField(label=_("auction number"), max_length=50, required=False)
    title = forms.CharField(label=_("title"), max_length=255, required=False)
    announced_on = jalali.JalaliDateField(label=_("announcement date"), required=False)
    bid_deadline = jalali.JalaliDateField(label=_("bid deadline"), required=False)
    opening_on = jalali.JalaliDateField(label=_("opening date"), required=False)
    deposit_rials = text.MoneyField(label=_("deposit (rials)"), required=False, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = Auction.objects.filter(status=Status.DRAFT)
        # A clerk of some counties: the drafts with lots there, and those without any lot yet.
        in_reach = Q(pk__in=scope(drafts, self.user).values("pk")) | ~Exists(Lot.objects.filter(auction=OuterRef("pk")))
        self.fields["auction"].queryset = drafts.filter(in_reach).order_by("-announced_on", "-number")

    def clean_reduction_percent(self):
        percent = self.cleaned_data["reduction_percent"]
        try:
            services.check_reduction(percent)
        except services.ServiceError as error:
            raise error.error_dict["reduction_percent"][0] from None
        return percent

    def clean(self):
        cleaned = super().clean()
        self.new_auction = None
        if cleaned.get("auction") is not None:
            return cleaned
        # No draft chosen: the new auction's details are needed, and checked as its own form would.
        for name in self.NEW_AUCTION_NEEDS:
            if name not in self.errors and cleaned.get(name) in (None, ""):
                self.add_error(name, self.fields[name].error_messages["required"])
        if not self.errors:
            values = {name: cleaned[name] for name in self.NEW_AUCTION_NEEDS}
            self.new_auction = Auction(**values, deposit_rials=cleaned.get("deposit_rials") or 0)
            try:
                self.new_auction.full_clean()
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned

    def arguments(self):
        return {"auction": self.cleaned_data["auction"] or self.new_auction,
                "reduction_percent": self.cleaned_data["reduction_percent"]}


def _runner_up_done(lot):
    if lot.winning_bid_id is None:
        return gettext("The winner's bid was forfeited and no valid bid is left: the lot failed and its mine is "
                       "idle again, ready to be offered again.")
    return gettext("The winner's bid was forfeited; the lot went to the runner-up, %(bidder)s, who may sign the "
                   "contract until %(deadline)s.") % {
        "bidder": lot.winning_bid.bidder_name,
        "deadline": jalali.format_date(services.signing_deadline(lot), digits=None)}


def _reoffer_done(lot):
    return gettext("The mine is offered again as lot %(lot)s of auction %(auction)s, at a base price of %(base)s "
                   "rials.") % {"lot": digits(lot.lot_number), "auction": lot.auction.number,
                                "base": number(lot.base_price_rials)}


def _bid(bid):
    return gettext("%(name)s, %(amount)s rials") % {"name": bid.bidder_name, "amount": number(bid.amount_rials)}


def _may_sign(lot):
    # The service refuses the rest (a date before the award, a mine no longer in auction) with its reason.
    return (lot.auction.status == Status.AWARDED and lot.winning_bid_id is not None
            and lot.contract_signed_on is None)


LOT_STEPS = (
    # Where a contract's signing is recorded: from the lot's page, its auction's and the worklist.
    Step("sign_contract", _("Sign the winner's contract"),
         _("The signing date is recorded; the mine becomes active, with the winner as its operator."),
         _may_sign, services.sign_contract,
         _("The contract was signed; the mine is active under its new operator."), form=ContractForm),
    Step("runner_up", _("Offer to the runner-up"),
         _("The winner's bid is forfeited, with its deposit, and the lot goes to the next valid bid (the highest, the "
           "earliest on a tie). With no valid bid left, the lot fails and its mine is idle again."),
         allowed_by(services.check_runner_up), services.offer_to_runner_up, _runner_up_done, form=RunnerUpForm),
    Step("reoffer", _("Offer again"),
         _("A new lot of the same mine in a draft auction, at the base price less the reduction you choose; "
           "publishing that auction puts the mine in auction again."),
         lambda lot: lot.is_failed and not lot.is_offered_again and lot.mine.status == Mine.Status.IDLE,
         services.reoffer_lot, _reoffer_done, form=ReofferForm),
)


class ReadOnlyAdmin(RegistryModelAdmin):
    """Records that only the auction's steps write; here to be found and read, with their history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lot)
class LotAdmin(StepsMixin, ReadOnlyAdmin):
    list_display = ("__str__", "mine", "base_price_rials", "winning_bid", "contract_signed_on", "previous_lot")
    list_filter = (WorklistFilter, "auction__status", LotOutcomeFilter, ReofferFilter,
                   jalali_year_filter("auction__announced_on", _("year announced"), "announced_in"), "mine__county",
                   ("auction", ChosenRecordFilter), KnownByFilter, ChainFilter,
                   jalali_month_filter("contract_signed_on", _("month the contract was signed"), "signed_in"))
    list_select_related = ("auction", "mine", "winning_bid", "previous_lot__auction")
    search_fields = ("auction__number", "mine__licence_number", "mine__name")
    ordering = ("-auction__announced_on", "auction__number", "lot_number")
    steps = LOT_STEPS

    def get_queryset(self, request):
        # The lot's page and its steps' pages read what its steps depend on, and name its auction,
        # mine and winner.
        return super().get_queryset(request).with_second_chances().select_related(*self.list_select_related)

    def has_step_permission(self, request, record):
        return request.user.has_perm("registry.change_auction")

    def step_return_url(self, lot):
        # The lot among the others of its auction, where its bids and buttons are.
        return reverse("admin:registry_auction_change", args=(lot.auction_id,)) + f"#lot-{lot.lot_number}"

    def step_details(self, request, lot):
        lines = [(_("lot"), lot), (_("mine"), lot.mine), (_("base price (rials)"), number(lot.base_price_rials))]
        if lot.winning_bid_id is not None:
            winner = lot.winning_bid
            runner_up = lot.bids.standing().exclude(pk=winner.pk).ranked().first()
            lines += [
                (_("winner"), _bid(winner)),
                (_("may sign until"), jalali.format_date(services.signing_deadline(lot), digits=None)),
                (_("runner-up"), _bid(runner_up) if runner_up
                 else gettext("none: the lot would fail and its mine be idle again")),
            ]
        elif lot.is_failed:
            percent = Lot.REOFFER_DEFAULT_PERCENT
            lines.append((gettext("base price %(percent)s percent lower (rials)") % {"percent": number(percent)},
                          number(services.reoffered_price(lot.base_price_rials, percent))))
        return lines


@admin.register(Bid)
class BidAdmin(ReadOnlyAdmin):
    list_display = ("bidder_name", "bidder_national_id", "lot", "amount_rials", "deposit_paid", "submitted_on",
                    "is_valid", "forfeited_on", "forfeit_reason")
    list_filter = ("deposit_paid", ForfeitedFilter)
    list_select_related = ("lot__auction",)
    search_fields = ("bidder_national_id", "bidder_name", "lot__auction__number")
    ordering = ("-submitted_on", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).with_validity()

    @admin.display(description=_("valid"), boolean=True, ordering="is_valid")
    def is_valid(self, bid):
        return bid.is_valid
