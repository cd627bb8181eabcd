"""The daily worklist reminders already sent: `send_reminders` mails each clerk at most once a day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorklistReminder(models.Model):
    """The reminder `user` was sent for `day`; the unique (user, day) makes a second send that day
    impossible, even from two runs at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="worklist_reminders",
                             verbose_name=_("user"))
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("items"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        default_permissions = ()
        verbose_name = _("worklist reminder")
        verbose_name_plural = _("worklist reminders")
        constraints = [models.UniqueConstraint(fields=("user", "day"), name="registry_reminder_once_a_day")]

    def __str__(self):
        return f"{self.user} — {self.day}"
