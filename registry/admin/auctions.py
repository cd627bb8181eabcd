"""Auctions in the admin: lots edited while the auction is a draft, bids read per lot, and the
lifecycle as buttons that confirm in Persian and hand the step to registry.services.

Only the services change an auction's status, a lot's winner and its contract date; the views
here are thin: confirm, call the service, report its answer.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import jalali, services, text
from registry.admin.base import RegistryInline, RegistryModelAdmin
from registry.admin.filters import (
    AuctionCountyFilter,
    ChosenRecordFilter,
    KnownByFilter,
    LotOutcomeFilter,
    WorklistFilter,
    jalali_month_filter,
    jalali_year_filter,
)
from registry.admin.steps import Step, StepsMixin, in_status
from registry.formatting import digits, number
from registry.models import Auction, Bid, Lot
from registry.querysets import subquery_count

Status = Auction.Status


STEPS = (
    Step("publish", _("Publish the auction"),
         _("Its lots' mines become “in auction”, and bids can be recorded until the bid deadline."),
         in_status(Status.DRAFT), services.publish_auction, _("The auction was published.")),
    Step("close", _("Close to bids"),
         _("No bid can be recorded after this; the lots can then be awarded."),
         in_status(Status.PUBLISHED), services.close_auction, _("The auction was closed to bids.")),
    Step("award", _("Award the lots"),
         _("Each lot goes to its highest valid bid (the earliest on a tie); a lot without a valid bid returns "
           "its mine to idle."),
         in_status(Status.PUBLISHED, Status.CLOSED), services.award_auction,
         _("The auction was decided: it is %(status)s.")),
    Step("cancel", _("Cancel the auction"),
         _("The auction ends without a winner and the mines it put in auction return to idle. This cannot be "
           "undone."),
         in_status(*Auction.UNFINISHED), services.cancel_auction, _("The auction was cancelled."), destructive=True),
)


LOT_FORM = "admin/registry/auction/lot_form.html"


class BidForm(forms.ModelForm):
    class Meta:
        model = Bid
        fields = ("bidder_national_id", "bidder_name", "amount_rials", "deposit_paid", "submitted_on")
        field_classes = {"submitted_on": jalali.JalaliDateField, "amount_rials": text.MoneyField}
        widgets = {"submitted_on": jalali.JalaliDateInput, "amount_rials": text.MoneyInput}


class ContractForm(forms.Form):
    signed_on = jalali.JalaliDateField(label=_("contract signed on"), initial=jalali.today)


def add_service_error(form, error):
    """Put a ServiceError's messages next to the fields they name (the rest above the form)."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


class LotInline(RegistryInline):
    model = Lot
    fields = ("lot_number", "mine", "base_price_rials", "winning_bid", "contract_signed_on")
    readonly_fields = ("winning_bid", "contract_signed_on")
    autocomplete_fields = ("mine",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mine", "winning_bid")

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
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def lifecycle_context(self, request, auction):
        """The lots with their bids (best first), and what this user may do to them now."""
        may_act = self.has_change_permission(request, auction)
        bids = Bid.objects.with_validity().ranked()
        return {
            "lots_with_bids": auction.lots.select_related("mine", "winning_bid").prefetch_related(
                Prefetch("bids", queryset=bids)
            ),
            "may_record_bids": may_act and auction.status == Status.PUBLISHED,
            "may_sign_contracts": may_act and auction.status == Status.AWARDED,
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
            path("<path:object_id>/lots/<int:lot_id>/contract/", view(self.sign_contract_view),
                 name="registry_auction_sign_contract"),
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

    def sign_contract_view(self, request, object_id, lot_id):
        auction = self.record_to_act_on(request, object_id)
        lot = get_object_or_404(auction.lots.select_related("mine", "winning_bid"), pk=lot_id)
        form = ContractForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.sign_contract(lot=lot, signed_on=form.cleaned_data["signed_on"], by=request.user)
            except services.ServiceError as error:
                add_service_error(form, error)
            else:
                self.message_user(request, _("The contract was signed; the mine is active under its new operator."),
                                  messages.SUCCESS)
                return redirect(self.record_change_url(auction))
        return self.render_step_page(request, auction, LOT_FORM, _("Sign the winner's contract"), lot=lot, form=form)


class ReadOnlyAdmin(RegistryModelAdmin):
    """Records that only the auction's steps write; here to be found and read, with their history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lot)
class LotAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "mine", "base_price_rials", "winning_bid", "contract_signed_on")
    list_filter = (WorklistFilter, "auction__status", LotOutcomeFilter,
                   jalali_year_filter("auction__announced_on", _("year announced"), "announced_in"), "mine__county",
                   ("auction", ChosenRecordFilter), KnownByFilter,
                   jalali_month_filter("contract_signed_on", _("month the contract was signed"), "signed_in"))
    list_select_related = ("auction", "mine", "winning_bid")
    search_fields = ("auction__number", "mine__licence_number", "mine__name")
    ordering = ("-auction__announced_on", "auction__number", "lot_number")


@admin.register(Bid)
class BidAdmin(ReadOnlyAdmin):
    list_display = ("bidder_name", "bidder_national_id", "lot", "amount_rials", "deposit_paid", "submitted_on",
                    "is_valid")
    list_filter = ("deposit_paid",)
    list_select_related = ("lot__auction",)
    search_fields = ("bidder_national_id", "bidder_name", "lot__auction__number")
    ordering = ("-submitted_on", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).with_validity()

    @admin.display(description=_("valid"), boolean=True, ordering="is_valid")
    def is_valid(self, bid):
        return bid.is_valid
