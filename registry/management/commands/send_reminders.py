"""Mail each clerk their worklist: a Persian e-mail (right-to-left HTML and plain text) with the
count of each kind and the ten most urgent items, linked from SITE_URL; at most once a user a day.

Run each morning from cron (README, "Daily reminders"). Each reminder is recorded before it is
sent, in the same transaction, so a second run the same day (or one running at the same time)
sends nothing more, and a failed send leaves no record and is tried again on the next run.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from registry import jalali, worklist
from registry.formatting import number
from registry.models import WorklistReminder
from registry.roles import CLERK

MOST_URGENT = 10


def recipients(day):
    """Active clerks with an e-mail address who were not reminded on `day`."""
    return (get_user_model().objects.filter(is_active=True, groups__name=CLERK).exclude(email="")
            .exclude(worklist_reminders__day=day).order_by("pk"))


def reminder(user, day, counts):
    """The e-mail of `user`'s worklist on `day` (in Persian; call inside translation.override)."""
    total = sum(counts.values())
    urgent = sorted(worklist.items(user, day, limit=MOST_URGENT), key=worklist.urgency)[:MOST_URGENT]
    context = {
        "name": user.get_full_name() or user.get_username(),
        "day": day,
        "total": total,
        "estimated": any(worklist.estimated(count) for count in counts.values()),
        "kinds": [(kind, counts[kind.name]) for kind in worklist.KINDS if counts[kind.name]],
        "items": urgent,
        "site": settings.SITE_URL,
        "worklist_url": settings.SITE_URL + reverse("worklist"),
    }
    subject = ngettext("Shafaf worklist, %(day)s: %(count)s item", "Shafaf worklist, %(day)s: %(count)s items",
                       total) % {"day": jalali.format_date(day, digits=None), "count": number(total)}
    message = EmailMultiAlternatives(subject, render_to_string("registry/email/worklist_reminder.txt", context),
                                     to=[user.email])
    message.attach_alternative(render_to_string("registry/email/worklist_reminder.html", context), "text/html")
    return message


class Command(BaseCommand):
    help = ("Mail each active clerk who has an e-mail address and something due their worklist, at most once "
            "a day; prints how many were sent.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day of the worklist (YYYY-MM-DD, or Jalali such as 1405/09/14); "
                                           "default: today in Asia/Tehran")

    def handle(self, *args, date=None, **options):
        try:
            day = jalali.parse(date) if date else jalali.today()
        except jalali.InvalidDate as error:
            raise CommandError(f"--date {date!r}: {error.message}") from None
        sent = nothing_due = failed = 0
        with translation.override("fa"):
            for user in recipients(day):
                counts = worklist.counts(user, day)
                if not any(counts.values()):
                    nothing_due += 1
                    continue
                message = reminder(user, day, counts)
                try:
                    with transaction.atomic():
                        WorklistReminder.objects.create(user=user, day=day, items=sum(counts.values()))
                        message.send()
                except IntegrityError:
                    continue  # another run reminded this user meanwhile
                except OSError as error:  # smtplib's errors among them; the next run tries again
                    self.stderr.write(f"{user.get_username()} <{user.email}>: not sent: {error}")
                    failed += 1
                    continue
                sent += 1
        self.stdout.write(f"Reminders sent: {sent} (for {day.isoformat()}, {jalali.format_date(day)}); "
                          f"clerks with nothing due: {nothing_due}.")
        if failed:
            raise CommandError(f"{failed} reminders could not be sent; the next run tries them again.")
