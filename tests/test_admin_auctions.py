"""The auction pages of the admin: a clerk runs the lifecycle from its buttons, each step confirmed in
Persian and refused with its reason; supervisors read without acting; the lists cost fixed queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from registry import jalali, services
from registry.models import Auction, Bid, Lot, Mine
from tests.factories import (
    legal_id,
    make_auction,
    make_awarded_lot,
    make_bid,
    make_failed_lot,
    make_lot,
    make_mine,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

STEPS = ("publish", "close", "award", "cancel")


def step_url(auction, step):
    return reverse(f"admin:registry_auction_{step}", args=(auction.pk,))


def lot_url(lot, view):
    return reverse(f"admin:registry_auction_{view}", args=(lot.auction_id, lot.pk))


def change_url(auction):
    return reverse("admin:registry_auction_change", args=(auction.pk,))


def press(client, url, data=None):
    """POST like the confirmation's button, follow the redirect, return the messages shown."""
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def past_auction(*mines, **fields):
    """A draft auction whose bid deadline (1403/11/13) has passed, one lot per mine."""
    dates = {"announced_on": datetime.date(2025, 1, 1), "bid_deadline": datetime.date(2025, 2, 1),
             "opening_on": datetime.date(2025, 2, 5)}
    auction = make_auction(**{**dates, **fields})
    for mine in mines:
        make_lot(auction, mine, base_price_rials=1_000_000_000)
    return auction


def test_a_clerk_auctions_an_idle_quarry_from_the_buttons_and_the_mine_ends_active_under_the_winner(
        clerk_client, clerk):
    quarry = make_mine(name="معدن لاشه‌سنگ سرچشمه", mineral="rubble_stone")

    response = clerk_client.post(reverse("admin:registry_auction_add"), {
        "number": "AU-1403-07", "title": "مزایده معادن لاشه‌سنگ", "announced_on": "۱۴۰۳/۱۰/۱۲",
        "bid_deadline": "1403/11/13", "opening_on": "1403/11/17", "deposit_rials": "50000000",
        "lots-TOTAL_FORMS": "1", "lots-INITIAL_FORMS": "0", "lots-MIN_NUM_FORMS": "0", "lots-MAX_NUM_FORMS": "1000",
        "lots-0-lot_number": "1", "lots-0-mine": str(quarry.pk), "lots-0-base_price_rials": "1000000000",
    })
    assert response.status_code == 302, response.context["errors"]
    auction = Auction.objects.get(number="AU-1403-07")
    lot = auction.lots.get()
    assert (auction.status, auction.bid_deadline, lot.mine) == (Auction.Status.DRAFT, datetime.date(2025, 2, 1), quarry)

    page = clerk_client.get(change_url(auction)).content.decode()
    assert f'href="{step_url(auction, "publish")}"' in page
    assert f'href="{step_url(auction, "award")}"' not in page
    confirmation = clerk_client.get(step_url(auction, "publish")).content.decode()
    assert "معادنِ قطعه‌های آن «در مزایده» می‌شوند" in confirmation and 'value="بله، انتشار مزایده"' in confirmation
    response = clerk_client.post(step_url(auction, "publish"))
    assert response.status_code == 302 and response.url == change_url(auction)
    assert press(clerk_client, step_url(auction, "publish")) == [
        ("success", "مزایده منتشر شد."),
        ("error", "فقط مزایده پیش‌نویس منتشر می‌شود؛ این مزایده منتشرشده است."),
    ]
    quarry.refresh_from_db()
    assert quarry.status == Mine.Status.IN_AUCTION

    # The second amount as a report shows it: Persian digits and thousands separators.
    for number, amount, day in ((1, "1250000000", "1403/11/01"), (2, "۱٬۴۰۰٬۰۰۰٬۰۰۰", "1403/11/09")):
        assert press(clerk_client, lot_url(lot, "record_bid"), {
            "bidder_national_id": legal_id(number), "bidder_name": f"شرکت معدنی {number}",
            "amount_rials": amount, "deposit_paid": "on", "submitted_on": day,
        }) == [("success", "پیشنهاد ثبت شد.")]
    assert list(lot.bids.values_list("amount_rials", flat=True).order_by("pk")) == [1_250_000_000, 1_400_000_000]

    assert press(clerk_client, step_url(auction, "close")) == [("success", "دریافت پیشنهاد برای مزایده پایان یافت.")]
    assert press(clerk_client, step_url(auction, "award")) == [("success", "مزایده تعیین تکلیف شد: واگذارشده است.")]
    lot.refresh_from_db()
    assert lot.winning_bid.bidder_name == "شرکت معدنی 2"

    page = clerk_client.get(change_url(auction)).content.decode()
    assert lot_step_url(lot, "sign_contract") in page and 'class="winning-bid"' in page
    assert press(clerk_client, lot_step_url(lot, "sign_contract"), {"signed_on": "1403/11/22"}) == [
        ("success", "قرارداد امضا شد؛ معدن با بهره‌بردار تازه‌اش فعال است."),
    ]
    quarry.refresh_from_db()
    assert (quarry.status, quarry.operator_name, quarry.operator_national_id) == (
        Mine.Status.ACTIVE, "شرکت معدنی 2", legal_id(2),
    )
    assert lot_step_url(lot, "sign_contract") not in clerk_client.get(change_url(auction)).content.decode()

    trail = strip_tags(clerk_client.get(reverse("admin:registry_mine_history", args=(quarry.pk,))).content.decode())
    assert "قرارداد امضا شد: مزایده AU-1403-07، قطعه ۱" in trail and "عرضه در مزایده AU-1403-07" in trail
    assert [entry.history_user for entry in quarry.history.all()] == [clerk, clerk, None]


def test_a_refused_step_shows_the_persian_reason_and_changes_nothing(clerk_client):
    mine = make_mine()
    auction = past_auction(mine, bid_deadline=datetime.date(2099, 1, 1), opening_on=datetime.date(2099, 1, 2))
    services.publish_auction(auction=auction, by=None)

    [(level, text)] = press(clerk_client, step_url(auction, "award"))

    assert (level, text) == ("error", "مهلت ارائه پیشنهاد تا ۱۴۷۷/۱۰/۱۲ است؛ مزایده پس از آن روز بسته و واگذار می‌شود.")
    auction.refresh_from_db()
    assert auction.status == Auction.Status.PUBLISHED and auction.history.count() == 2


def test_a_bid_below_the_base_price_is_shown_next_to_its_amount_and_not_saved(clerk_client):
    auction = past_auction(make_mine(), bid_deadline=datetime.date(2099, 1, 1), opening_on=datetime.date(2099, 1, 2))
    services.publish_auction(auction=auction, by=None)

    response = clerk_client.post(lot_url(auction.lots.get(), "record_bid"), {
        "bidder_national_id": legal_id(3), "bidder_name": "شرکت کم‌پیشنهاد", "amount_rials": "900000000",
        "deposit_paid": "on", "submitted_on": "1404/01/15",
    })

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "amount_rials": ["مبلغ پیشنهاد کمتر از قیمت پایهٔ قطعه (۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال) است."],
    }
    assert Bid.objects.count() == 0


def test_lots_are_edited_while_the_auction_is_a_draft_and_read_only_after(clerk_client):
    auction = past_auction(make_mine())

    assert 'name="lots-0-base_price_rials"' in clerk_client.get(change_url(auction)).content.decode()
    services.publish_auction(auction=auction, by=None)
    page = clerk_client.get(change_url(auction)).content.decode()

    assert 'name="lots-0-base_price_rials"' not in page
    assert 'name="status"' not in page and 'name="title"' in page
    assert "<h1>تغییر مزایده</h1>" in page  # its title can still be changed


def test_a_closed_auction_keeps_its_terms(clerk_client):
    auction = past_auction(make_mine())
    services.publish_auction(auction=auction, by=None)
    services.close_auction(auction=auction, by=None)

    page = clerk_client.get(change_url(auction)).content.decode()

    assert 'name="bid_deadline"' not in page and 'name="title"' not in page
    assert 'name="_save"' not in page
    # Nothing on it can be changed: the page is the auction's view, not its change form.
    assert "<h1>مشاهده مزایده</h1>" in page and "تغییر مزایده" not in page


def test_the_mine_picker_of_a_lot_offers_idle_mines_only(clerk_client):
    idle = make_mine(name="معدن راکد")
    make_mine(name="معدن فعال", status=Mine.Status.ACTIVE)

    response = clerk_client.get(reverse("admin:autocomplete"), {
        "app_label": "registry", "model_name": "lot", "field_name": "mine", "term": "معدن",
    })

    assert [result["id"] for result in response.json()["results"]] == [str(idle.pk)]


def test_the_history_of_an_auction_cannot_be_reverted(clerk_client):
    auction = past_auction(make_mine())
    services.publish_auction(auction=auction, by=None)
    draft_version = auction.history.last()
    url = reverse("admin:registry_auction_simple_history", args=(auction.pk, draft_version.history_id))

    response = clerk_client.post(url, {"number": auction.number, "title": "x", "announced_on": "1403/10/12",
                                       "bid_deadline": "1403/11/13", "opening_on": "1403/11/17", "deposit_rials": "0"})

    assert response.status_code == 403
    assert Auction.objects.get(pk=auction.pk).status == Auction.Status.PUBLISHED


@pytest.mark.parametrize("step", STEPS)
def test_supervisors_may_not_run_a_step(supervisor_client, step):
    auction = past_auction(make_mine())

    assert supervisor_client.get(step_url(auction, step)).status_code == 403
    assert supervisor_client.post(step_url(auction, step)).status_code == 403
    assert Auction.objects.get(pk=auction.pk).status == Auction.Status.DRAFT


def test_supervisors_may_not_record_bids_or_sign_contracts(supervisor_client):
    auction = past_auction(make_mine())
    services.publish_auction(auction=auction, by=None)
    lot = auction.lots.get()
    make_bid(lot)
    services.award_auction(auction=auction, by=None)

    for url in (lot_url(lot, "record_bid"), lot_step_url(lot, "sign_contract")):
        assert supervisor_client.post(url, {"signed_on": "1403/11/22"}).status_code == 403
    assert Lot.objects.get(pk=lot.pk).contract_signed_on is None


def test_supervisors_read_the_auction_without_buttons_or_inputs(supervisor_client):
    auction = past_auction(make_mine())
    services.publish_auction(auction=auction, by=None)
    make_bid(auction.lots.get(), bidder_name="شرکت ناظرخوان")

    response = supervisor_client.get(change_url(auction))

    page = response.content.decode()
    assert response.status_code == 200
    assert "شرکت ناظرخوان" in page
    assert "lifecycle-steps" not in page and lot_url(auction.lots.get(), "record_bid") not in page
    assert 'name="title"' not in page


def test_the_bids_and_lots_pages_are_read_only_lists(clerk_client):
    auction = past_auction(make_mine())
    make_bid(auction.lots.get(), bidder_name="شرکت فهرست")

    page = clerk_client.get(reverse("admin:registry_bid_changelist")).content.decode()
    assert "شرکت فهرست" in page
    assert clerk_client.get(reverse("admin:registry_bid_add")).status_code == 403
    assert clerk_client.get(reverse("admin:registry_lot_add")).status_code == 403
    assert clerk_client.get(reverse("admin:registry_lot_changelist")).status_code == 200


def test_the_auction_list_costs_the_same_queries_for_one_auction_and_fifty(clerk_client):
    url = reverse("admin:registry_auction_changelist")
    past_auction(make_mine())
    one = count_queries(clerk_client, url)
    for _ in range(49):
        past_auction(make_mine(), make_mine())
    # + the counties the clerk works in, + the counties of the lots' mines filter, + the worklist's
    # count in the header
    assert count_queries(clerk_client, url) == one == 10


@pytest.mark.parametrize("name", ["bid", "lot"])
def test_the_bid_and_lot_lists_cost_the_same_queries_for_one_row_and_fifty(clerk_client, name):
    url = reverse(f"admin:registry_{name}_changelist")
    auction = past_auction(make_mine())
    make_bid(auction.lots.get())
    one = count_queries(clerk_client, url)
    for _ in range(49):
        make_bid(make_lot())
    assert count_queries(clerk_client, url) == one


def new_auction_with_lots(client, *mines):
    data = {
        "number": "AU-NEW", "title": "مزایده تازه", "announced_on": "1403/10/12", "bid_deadline": "1403/11/13",
        "opening_on": "1403/11/17", "deposit_rials": "0", "lots-TOTAL_FORMS": str(len(mines)),
        "lots-INITIAL_FORMS": "0", "lots-MIN_NUM_FORMS": "0", "lots-MAX_NUM_FORMS": "1000",
    }
    for index, mine in enumerate(mines):
        data |= {f"lots-{index}-lot_number": str(index + 1), f"lots-{index}-mine": str(mine.pk),
                 f"lots-{index}-base_price_rials": "1000000000"}
    return client.post(reverse("admin:registry_auction_add"), data)


def test_a_new_auction_cannot_lot_an_active_mine(clerk_client):
    response = new_auction_with_lots(clerk_client, make_mine(status=Mine.Status.ACTIVE))

    assert response.status_code == 200
    [lot_form] = response.context["inline_admin_formsets"][0].formset.forms
    assert lot_form.errors == {"mine": ["فقط معدن راکد را می‌توان به مزایده گذاشت؛ وضعیت این معدن «فعال» است."]}
    assert Auction.objects.count() == 0


def test_a_new_auction_cannot_lot_one_mine_twice(clerk_client):
    mine = make_mine()

    response = new_auction_with_lots(clerk_client, mine, mine)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert Auction.objects.count() == 0


def offered_steps(html):
    """(step, button class, label, what it will do) of the auction page's lifecycle box."""
    return [(name, css, label, explanation) for name, css, label, explanation in re.findall(
        r'<li class="step-(\w+)">\s*<a href="[^"]+" class="button ([\w-]+)">([^<]+)</a>\s*'
        r'<span class="step-explanation">([^<]+)</span>', html)]


@pytest.mark.parametrize(("status", "steps"), [
    (Auction.Status.DRAFT, ["publish", "cancel"]),
    (Auction.Status.PUBLISHED, ["close", "award", "cancel"]),
    (Auction.Status.CLOSED, ["award", "cancel"]),
    (Auction.Status.AWARDED, []),
    (Auction.Status.FAILED, []),
    (Auction.Status.CANCELLED, []),
])
def test_each_step_is_a_button_shown_only_when_allowed_saying_what_it_will_do(clerk_client, status, steps):
    auction = past_auction(make_mine())
    Auction.objects.filter(pk=auction.pk).update(status=status)
    html = clerk_client.get(change_url(auction)).content.decode()
    assert [name for name, *_rest in offered_steps(html)] == steps
    assert ('id="lifecycle-steps-title"' in html) == bool(steps)


def test_the_steps_read_as_the_main_actions_and_cancelling_as_a_warning(clerk_client):
    html = clerk_client.get(change_url(past_auction(make_mine()))).content.decode()
    assert offered_steps(html) == [
        ("publish", "default", "انتشار مزایده",
         "معادنِ قطعه‌های آن «در مزایده» می‌شوند و تا پایان مهلت ارائه پیشنهاد می‌توان پیشنهادها را ثبت کرد."),
        ("cancel", "step-destructive", "لغو مزایده",
         "مزایده بی‌برنده پایان می‌یابد؛ اگر منتشر شده باشد، معادنش به وضعیت راکد برمی‌گردند (معادن مزایدهٔ "
         "پیش‌نویس از وضعیت راکد خارج نشده‌اند). این کار بازگشت‌پذیر نیست."),
    ]


def test_the_confirmation_says_what_will_happen_to_what_and_changes_nothing(clerk_client):
    mine = make_mine(name="معدن سنگ سرچشمه", licence_number="KD-M-0009")
    auction = past_auction(mine, number="AU-1403-09", title="مزایده معادن لاشه‌سنگ")
    html = clerk_client.get(step_url(auction, "cancel")).content.decode()
    assert re.findall(r"<li>(.*?)</li>", html.split('class="step-details"')[1].split("</ul>")[0]) == [
        "مزایده: AU-1403-09 مزایده معادن لاشه‌سنگ", "وضعیت: پیش‌نویس", "مهلت ارائه پیشنهاد: ۱۴۰۳/۱۱/۱۳",
        "قطعه ۱: معدن سنگ سرچشمه (KD-M-0009)، قیمت پایه ۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال"]
    assert '<p class="step-explanation">مزایده بی‌برنده پایان می‌یابد' in html
    assert 'class="step-destructive" value="بله، لغو مزایده"' in html
    auction.refresh_from_db()
    assert auction.status == Auction.Status.DRAFT


def test_a_confirmation_costs_the_same_queries_for_one_lot_and_ten(clerk_client):
    one = count_queries(clerk_client, step_url(past_auction(make_mine()), "publish"))
    assert count_queries(clerk_client, step_url(past_auction(*(make_mine() for _ in range(10))), "publish")) == one


# ---- second chances: a lot's own steps -----------------------------------------------------------

def lot_step_url(lot, step):
    return reverse(f"admin:registry_lot_{step}", args=(lot.pk,))


def lot_buttons(html, lot):
    """The steps offered under a lot on its auction's page."""
    section = html.split(f'id="lot-{lot.lot_number}"')[1].split("</table>")[1].split("<table")[0]
    return re.findall(r'class="button step-(\w+)"', section)


def test_a_clerk_offers_a_lot_to_the_runner_up_from_its_auction_page(clerk_client, clerk):
    lot = make_awarded_lot(1_500_000_000, 1_300_000_000)
    page = clerk_client.get(change_url(lot.auction)).content.decode()
    assert lot_buttons(page, lot) == ["sign_contract", "runner_up"] and lot_step_url(lot, "runner_up") in page
    assert "مهلت امضای برنده در ۱۴۰۳/۱۲/۱۷ به پایان رسید" in page  # 30 days after the opening date

    form = clerk_client.get(lot_step_url(lot, "runner_up"))
    html = form.content.decode()
    assert "پیشنهاد برنده همراه با سپرده‌اش ضبط می‌شود" in html
    details = re.findall(r"<li>(.*?)</li>", html.split('class="step-details"')[1].split("</ul>")[0])
    assert details[3:] == ["برنده: شرکت معدنی 1، ۱٬۵۰۰٬۰۰۰٬۰۰۰ ریال", "مهلت امضا تا: ۱۴۰۳/۱۲/۱۷",
                           "نفر دوم: شرکت معدنی 2، ۱٬۳۰۰٬۰۰۰٬۰۰۰ ریال"]
    assert form.context["form"]["reason"].value() == Bid.ForfeitReason.NOT_SIGNED  # the period is long over

    response = clerk_client.post(lot_step_url(lot, "runner_up"), {
        "winner": lot.winning_bid_id, "reason": "withdrew", "forfeited_on": "۱۴۰۳/۱۱/۲۰"}, follow=True)

    assert response.redirect_chain[-1][0] == change_url(lot.auction) + "#lot-1"
    assert [str(message) for message in response.context["messages"]] == [
        "پیشنهاد برنده ضبط شد؛ قطعه به نفر دوم، شرکت معدنی 2، رسید که تا ۱۴۰۳/۱۲/۲۰ فرصت امضای قرارداد دارد."]
    lot.refresh_from_db()
    assert lot.winning_bid.bidder_name == "شرکت معدنی 2"
    forfeited = Bid.objects.get(forfeited_on__isnull=False)
    assert (forfeited.bidder_name, forfeited.forfeited_on, forfeited.history.first().history_user) == (
        "شرکت معدنی 1", datetime.date(2025, 2, 8), clerk)
    page = response.content.decode()
    assert "همراه با سپرده در ۱۴۰۳/۱۱/۲۰ ضبط شد (انصراف برنده)" in page
    assert 'class="forfeited-bid"' in page and 'class="winning-bid"' in page


def test_a_refused_forfeiture_is_shown_beside_its_field_and_changes_nothing(clerk_client):
    lot = make_awarded_lot(1_500_000_000, 1_300_000_000)
    # The signing period has not passed on the day given.
    response = clerk_client.post(lot_step_url(lot, "runner_up"), {
        "winner": lot.winning_bid_id, "reason": "not_signed", "forfeited_on": "1403/11/20"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": [
        "برنده تا ۱۴۰۳/۱۲/۱۷ (۳۰ روز پس از واگذاری) فرصت امضا دارد؛ پس از آن روز، یا اگر برنده انصراف دهد زودتر، "
        "قطعه به نفر دوم می‌رسد."]}
    assert Bid.objects.forfeited().count() == 0 and Lot.objects.get(pk=lot.pk).winning_bid == lot.winning_bid


def test_a_clerk_offers_a_failed_lot_again_into_a_draft_ten_percent_lower(clerk_client):
    lot = make_failed_lot(base_price_rials=2_345_678_000)
    draft = make_auction(number="AU-DRAFT", announced_on=datetime.date(2025, 4, 1),
                         bid_deadline=datetime.date(2025, 5, 1), opening_on=datetime.date(2025, 5, 5))
    page = clerk_client.get(change_url(lot.auction)).content.decode()
    assert lot_buttons(page, lot) == ["reoffer"]
    form = clerk_client.get(lot_step_url(lot, "reoffer"))
    assert [str(choice[1]) for choice in form.context["form"].fields["auction"].choices] == [
        "یک مزایدهٔ پیش‌نویس تازه (مشخصات آن را در پایین وارد کنید)", "AU-DRAFT " + draft.title]
    assert "قیمت پایه با ۱۰ درصد کاهش (ریال): ۲٬۱۱۱٬۱۱۰٬۰۰۰" in form.content.decode()

    response = clerk_client.post(lot_step_url(lot, "reoffer"), {"auction": draft.pk, "reduction_percent": "۱۰"},
                                 follow=True)

    new = draft.lots.get()
    assert (new.previous_lot, new.mine, new.base_price_rials) == (lot, lot.mine, 2_111_110_000)
    assert response.redirect_chain[-1][0] == change_url(draft) + "#lot-1"
    assert [str(message) for message in response.context["messages"]] == [
        "معدن در قطعه ۱ مزایده AU-DRAFT با قیمت پایهٔ ۲٬۱۱۱٬۱۱۰٬۰۰۰ ریال دوباره عرضه شد."]
    assert f"عرضهٔ دوباره، پس از بی‌نتیجه ماندن قطعه <bdi dir=\"ltr\">{lot}</bdi>" in response.content.decode()
    # Offered again: no button any more.
    assert lot_buttons(clerk_client.get(change_url(lot.auction)).content.decode(), lot) == []


def test_a_failed_lot_is_offered_again_in_a_new_draft_auction_the_form_creates(clerk_client):
    lot = make_failed_lot()
    new_auction = {"number": "AU-TAJDID", "title": "تجدید مزایده", "announced_on": "1404/01/15",
                   "bid_deadline": "1404/02/15", "opening_on": "1404/02/20", "deposit_rials": "۵۰٬۰۰۰٬۰۰۰"}

    missing = clerk_client.post(lot_step_url(lot, "reoffer"), {"reduction_percent": "12.5", "number": "AU-TAJDID"})
    assert set(missing.context["form"].errors) == {"title", "announced_on", "bid_deadline", "opening_on"}
    too_much = clerk_client.post(lot_step_url(lot, "reoffer"), {"reduction_percent": "35", **new_auction})
    assert too_much.context["form"].errors == {"reduction_percent": ["کاهش باید بین ۰ و ۳۰ درصد باشد."]}
    assert Auction.objects.count() == 1

    assert clerk_client.post(lot_step_url(lot, "reoffer"), {"reduction_percent": "12.5", **new_auction}).status_code == 302

    auction = Auction.objects.get(number="AU-TAJDID")
    assert (auction.status, auction.deposit_rials, auction.announced_on) == (
        Auction.Status.DRAFT, 50_000_000, datetime.date(2025, 4, 4))
    assert auction.lots.get().base_price_rials == 875_000_000


def test_a_refused_re_offer_keeps_the_form_and_creates_no_auction(clerk_client):
    lot = make_failed_lot()
    # Announced before the failed lot's bid deadline (1403/11/13).
    response = clerk_client.post(lot_step_url(lot, "reoffer"), {
        "reduction_percent": "10", "number": "AU-EARLY", "title": "زودهنگام", "announced_on": "1403/11/01",
        "bid_deadline": "1403/12/01", "opening_on": "1403/12/05", "deposit_rials": "0"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "قطعه‌ای که تکرار می‌شود تا ۱۴۰۳/۱۱/۱۳ پیشنهاد می‌پذیرفت؛ این مزایده باید پس از آن روز آگهی شود."]
    assert not Auction.objects.filter(number="AU-EARLY").exists()


@pytest.mark.parametrize(("make", "steps"), [
    (lambda: make_awarded_lot(1_100_000_000), ["sign_contract", "runner_up"]),
    (lambda: make_failed_lot(), ["reoffer"]),
    (lambda: make_lot(past_auction()), []),
])
def test_a_lot_s_steps_are_buttons_on_its_page_shown_only_when_allowed(clerk_client, supervisor_client, make, steps):
    lot = make()
    html = clerk_client.get(reverse("admin:registry_lot_change", args=(lot.pk,))).content.decode()
    assert [name for name, *_rest in offered_steps(html)] == steps
    html = supervisor_client.get(reverse("admin:registry_lot_change", args=(lot.pk,))).content.decode()
    assert offered_steps(html) == []
    for step in ("sign_contract", "runner_up", "reoffer"):
        assert supervisor_client.post(lot_step_url(lot, step)).status_code == 403


def test_the_worklist_s_unsigned_contract_leads_to_the_lot_s_signing_step_which_records_it(clerk_client):
    lot = make_awarded_lot(1_100_000_000)
    [group] = clerk_client.get("/worklist/", {"kind": "contract_unsigned"}).context["groups"]
    [item] = group.items
    assert item.action_url == f"/admin/registry/lot/{lot.pk}/sign_contract/" == lot_step_url(lot, "sign_contract")
    page = clerk_client.get(item.action_url).content.decode()
    assert 'name="signed_on"' in page and "امضای قرارداد برنده" in page
    response = clerk_client.post(item.action_url, {"signed_on": "1403/12/01"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(lot.auction) + "#lot-1"
    assert Lot.objects.get(pk=lot.pk).contract_signed_on == datetime.date(2025, 2, 19)
    assert clerk_client.get("/worklist/", {"kind": "contract_unsigned"}).context["groups"][0].items == []


def test_a_signed_lot_has_no_second_chance(clerk_client):
    lot = make_awarded_lot(1_100_000_000)
    services.sign_contract(lot=lot, signed_on=datetime.date(2025, 3, 1), by=None)
    page = clerk_client.get(change_url(lot.auction)).content.decode()
    assert lot_buttons(page, lot) == []
    assert press(clerk_client, lot_step_url(lot, "runner_up"), {
        "winner": lot.winning_bid_id, "reason": "withdrew", "forfeited_on": "1403/12/15"}) == []
    assert Bid.objects.forfeited().count() == 0


def test_the_lot_steps_pages_and_the_auction_page_cost_fixed_queries(clerk_client):
    def auction_with(lots):
        auction = past_auction(*(make_mine() for _ in range(lots)))
        services.publish_auction(auction=auction, by=None)
        for lot in auction.lots.all():
            make_bid(lot, submitted_on=datetime.date(2025, 1, 15))
            make_bid(lot, amount_rials=1_100_000_000, submitted_on=datetime.date(2025, 1, 16))
        services.award_auction(auction=auction, by=None, today=datetime.date(2025, 2, 5))
        return auction

    # Session, user, the clerk's counties, the record, the permissions (2), the worklist's count in
    # the header; and the auction page its lots with their step facts, their bids, and the inline's
    # lots; a lot's page nothing more; its runner-up page the next valid bid; its re-offer page
    # the draft auctions to choose from.
    one, ten = auction_with(1), auction_with(10)
    assert count_queries(clerk_client, change_url(one)) == count_queries(clerk_client, change_url(ten)) == 10
    lot = one.lots.get()
    assert count_queries(clerk_client, reverse("admin:registry_lot_change", args=(lot.pk,))) == 7
    assert count_queries(clerk_client, lot_step_url(lot, "runner_up")) == 8
    assert count_queries(clerk_client, lot_step_url(make_failed_lot(), "reoffer")) == 8


def test_the_history_of_a_lot_reads_an_empty_winner_as_a_dash(supervisor_client):
    lot = make_awarded_lot(1_100_000_000)
    services.offer_to_runner_up(lot=lot, winner=lot.winning_bid, reason="withdrew",
                                forfeited_on=datetime.date(2025, 2, 10), by=None, today=datetime.date(2025, 6, 1))
    html = supervisor_client.get(reverse("admin:registry_lot_history", args=(lot.pk,))).content.decode()
    assert "pk=None" not in html
    assert strip_tags(html).count("پیشنهاد برنده: —") == 1  # when the lot was awarded
    assert "پیشنهاد معتبری نماند" in strip_tags(html)


def test_a_step_the_service_would_refuse_is_not_offered(clerk_client):
    """The buttons follow registry.services' own checks: no close or award before the bid deadline,
    no publishing without lots or with a mine that is not idle."""
    today = jalali.today()  # the service's today: Tehran's
    open_to_bids = past_auction(make_mine(), bid_deadline=today, opening_on=today + datetime.timedelta(days=3))
    Auction.objects.filter(pk=open_to_bids.pk).update(status=Auction.Status.PUBLISHED)
    no_lots = past_auction()
    busy = past_auction(make_mine(status=Mine.Status.ACTIVE))

    for auction, steps in ((open_to_bids, ["cancel"]), (no_lots, ["cancel"]), (busy, ["cancel"]),
                           (past_auction(make_mine()), ["publish", "cancel"])):
        html = clerk_client.get(change_url(auction)).content.decode()
        assert [name for name, *_rest in offered_steps(html)] == steps, auction.number


def test_the_runner_up_form_offers_only_the_reasons_the_service_accepts_today(clerk_client):
    """Within the signing period only a withdrawal lets the lot go on; once it is over, both reasons."""
    today = jalali.today()  # the service's today: Tehran's
    recent = make_awarded_lot(1_500_000_000, 1_300_000_000, opening_on=today - datetime.timedelta(days=5))
    form = clerk_client.get(lot_step_url(recent, "runner_up")).context["form"]
    assert [value for value, _label in form.fields["reason"].choices] == ["withdrew"]
    assert form["reason"].value() == "withdrew"

    lapsed = make_awarded_lot(1_500_000_000, 1_300_000_000)  # awarded on 1403/11/17, long ago
    form = clerk_client.get(lot_step_url(lapsed, "runner_up")).context["form"]
    assert [value for value, _label in form.fields["reason"].choices] == ["withdrew", "not_signed"]
    assert form["reason"].value() == "not_signed"


def test_the_runner_up_step_is_not_offered_before_a_forfeiture_could_be_dated():
    """A lot whose present winner got it today (after a forfeiture dated today) cannot be forfeited
    again before tomorrow by the service's rule; the step says the same."""
    lot = make_awarded_lot(1_500_000_000, 1_300_000_000, 1_200_000_000)
    today = datetime.date(2025, 6, 1)
    services.offer_to_runner_up(lot=lot, winner=lot.winning_bid, reason="withdrew", forfeited_on=today,
                                by=None, today=today)
    lot = Lot.objects.with_second_chances().select_related("auction").get(pk=lot.pk)
    assert services.allows(services.check_runner_up, lot, today=today)
    assert not services.allows(services.check_runner_up, lot, today=today - datetime.timedelta(days=1))


def test_a_lot_s_name_is_isolated_in_its_page_titles_so_that_persian_cannot_reorder_it(supervisor_client):
    lot = make_awarded_lot(1_100_000_000)
    name = f"\u2066{lot}\u2069"  # left-to-right isolate … pop directional isolate
    change = supervisor_client.get(reverse("admin:registry_lot_change", args=(lot.pk,))).content.decode()
    assert f"<h2>{name}</h2>" in change
    assert f"<title>{name} | " in change
    history = supervisor_client.get(reverse("admin:registry_lot_history", args=(lot.pk,))).content.decode()
    assert f"<h1>تاریخچه: {name}</h1>" in history


def test_the_lot_form_isolates_the_mine_s_name_and_code(clerk_client):
    mine = make_mine(name="معدن لاشه سنگ 203")
    auction = past_auction(mine)
    services.publish_auction(auction=auction, by=None)
    html = clerk_client.get(lot_url(auction.lots.get(), "record_bid")).content.decode()
    assert f"<p>قطعه ۱: <bdi>معدن لاشه سنگ ۲۰۳ ({mine.licence_number})</bdi>، قیمت پایه" in html
