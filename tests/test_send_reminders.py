"""`manage.py send_reminders`: who is reminded, what the Persian e-mail says, and at most once a
user a day (Django's locmem mail backend keeps the messages in mail.outbox)."""

import datetime
import io
import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from registry import jalali, worklist
from registry.models import CountyAssignment, Product, WorklistReminder
from tests.conftest import make_user
from tests.factories import county
from tests.worklist_items import one_of_each

pytestmark = pytest.mark.django_db

SITE = "https://shafaf.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def send(*args):
    """The command's output line; the number of reminders sent, read from it."""
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return int(re.search(r"Reminders sent: (\d+)", out.getvalue())[1])


def clerk(username, email=None, counties=(), **fields):
    user = make_user(username, "clerk", email=email if email is not None else f"{username}@example.org", **fields)
    for code in counties:
        CountyAssignment.objects.create(user=user, county=county(code))
    return user


def test_active_clerks_with_an_address_and_something_due_are_reminded():
    one_of_each("baneh")
    clerk("province")
    clerk("baneh_office", counties=("baneh",))
    clerk("sarvabad_office", counties=("sarvabad",))  # nothing due there
    clerk("no_address", email="")
    clerk("gone", is_active=False)
    make_user("supervisor1", "supervisor", email="supervisor@example.org")
    make_user("admin1", superuser=True, email="admin@example.org")

    assert send() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["baneh_office@example.org", "province@example.org"]


def test_the_reminder_is_persian_right_to_left_with_counts_and_the_ten_most_urgent():
    one_of_each("baneh")
    one_of_each("sanandaj")
    clerk("province", first_name="سارا", last_name="محمدی")
    today = jalali.today()

    assert send() == 1
    (message,) = mail.outbox
    day = jalali.format_date(today, digits="persian")
    assert message.subject == f"کارتابل شفاف، {day}: ۱۸ مورد"
    text = message.body
    assert text.startswith("سارا محمدی گرامی،")
    assert f"در کارتابل شما برای {day}، ۱۸ مورد هست." in text
    assert "- الزام‌های معوق اخذ شناسه کالا: ۲" in text
    assert "- کالاهای در انتظار ثبت: ۲" in text
    urgent = re.findall(r"^([۰-۹]+)\. (.+)$", text, re.MULTILINE)
    assert [number for number, _line in urgent] == ["۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹", "۱۰"]
    # most overdue first: the stalled handovers (40 days late), then the unsigned contracts (19)
    assert [(line.split(":")[0], line.split("(")[-1]) for _number, line in urgent[:4]] == [
        ("واگذاری‌های متوقف‌مانده واحدهای راکد", "۴۰ روز تأخیر)")] * 2 + [("قراردادهای امضانشده", "۱۹ روز تأخیر)")] * 2
    # identifiers keep reading left to right in right-to-left text
    assert "\u2066AU-" in urgent[2][1] and "\u2069 — معدن" in urgent[2][1]
    links = re.findall(r"https?://\S+", text)
    assert links and all(link.startswith(SITE + "/") for link in links)
    assert f"همه کارتابل: {SITE}/worklist/" in text

    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fa" dir="rtl">' in html
    assert html.count("<tr>") == 9 + 1 + 10  # the nine kinds (each has items), the heading, the ten most urgent
    assert f'href="{SITE}/worklist/"' in html


def test_a_clerk_of_some_counties_is_told_only_of_theirs():
    one_of_each("baneh")
    one_of_each("sanandaj")
    clerk("baneh_office", counties=("baneh",))
    send()
    assert "در کارتابل شما برای" in mail.outbox[0].body and "، ۹ مورد هست." in mail.outbox[0].body


def test_at_most_once_a_day():
    one_of_each("baneh")
    reminded = clerk("province")
    today = jalali.today()

    assert send() == 1
    assert send() == 0
    assert len(mail.outbox) == 1
    assert list(WorklistReminder.objects.values_list("user", "day", "items")) == [(reminded.pk, today, 9)]
    tomorrow = today + datetime.timedelta(days=1)
    assert send("--date", tomorrow.isoformat()) == 1
    assert send("--date", jalali.format_date(tomorrow)) == 0  # the same day, typed in Jalali
    assert len(mail.outbox) == 2


def test_a_failed_send_is_not_recorded_and_is_tried_again(monkeypatch):
    one_of_each("baneh")
    clerk("province")

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("the server went away")

    with monkeypatch.context() as patch:
        patch.setattr(mail.EmailMultiAlternatives, "send", refuse)
        with pytest.raises(CommandError, match="1 reminders could not be sent"):
            send()
    assert not WorklistReminder.objects.exists()
    assert send() == 1


def test_a_wrong_date_is_refused():
    with pytest.raises(CommandError, match="1405/13/01"):
        send("--date", "1405/13/01")


def test_the_demo_clerk_finds_a_realistic_worklist_in_the_mailbox():
    for command in ("create_demo_users", "load_demo"):
        call_command(command, stdout=io.StringIO())
    demo_clerk = get_user_model().objects.get(username="clerk")
    today = jalali.today()
    pending = Product.objects.filter(status=Product.Status.PENDING, declared_on__lt=today - datetime.timedelta(days=30))
    assert worklist.counts(demo_clerk, today) == {
        "obligation_overdue": 2, "obligation_due_soon": 0, "licence_expiring": 2, "unlicensed_active": 4,
        "auction_to_close": 0, "auction_to_award": 0, "contract_unsigned": 2, "handover_stalled": 8,
        "product_pending": pending.count(),
    }
    assert send() == 1
    assert mail.outbox[0].to == ["clerk@example.org"]
