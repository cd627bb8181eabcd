"""What imports leave behind: a log of every import (who, when, which file, what happened), and the
files waiting between an admin preview and its confirmation.

The waiting file lives in the database, not in one server's /tmp, because several app servers
may share the database and the confirmation can reach another server than the preview.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class ImportSource(models.TextChoices):
    ADMIN = "admin", _("admin")
    COMMAND = "command", _("command line")


class ImportStatus(models.TextChoices):
    IMPORTED = "imported", _("imported")
    CHECKED = "checked", _("checked, nothing written")
    REFUSED = "refused", _("refused")


class ImportLog(models.Model):
    """One import or dry run of one file; written by the application only (read-only for people)."""

    Source = ImportSource
    Status = ImportStatus

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.TextField(_("first errors"), blank=True)

    class Meta:
        verbose_name = _("import log entry")
        verbose_name_plural = _("import log")
        ordering = ("-created_at",)
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.kind_name(self.kind)}: {self.file_name}"

    @staticmethod
    def kind_name(kind):
        """An import kind as people call it (producers → واحدهای تولیدی); an unknown kind as stored."""
        from registry.importing import KINDS  # the kinds read these models

        known = KINDS.get(kind)
        return capfirst(known.model._meta.verbose_name_plural) if known else kind


class PendingUpload(models.Model):
    """An uploaded file between its admin preview and the clerk's confirmation."""

    EXPIRES_AFTER = datetime.timedelta(hours=2)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.file_name

    @classmethod
    def live(cls):
        return cls.objects.filter(created_at__gte=timezone.now() - cls.EXPIRES_AFTER)

    @classmethod
    def discard_expired(cls):
        cls.objects.filter(created_at__lt=timezone.now() - cls.EXPIRES_AFTER).delete()
