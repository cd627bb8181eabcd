"""What every Shafaf record shares: text normalised on the way in, full history, a version for
refusing lost updates, and the import/export permissions the clerk and supervisor groups hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.text import normalize


class RegistryModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(inherit=True)

    # The path (or paths, any of which may match) from this model to its County, for clerks who
    # work in some counties only; None: the record belongs to the whole province.
    county_path = None

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "import", "export")

    def save(self, *args, **kwargs):
        self.normalize_text()
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.normalize_text()
        super().clean_fields(exclude=exclude)

    def normalize_text(self):
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                value = getattr(self, field.attname)
                normalized = normalize(value, multiline=isinstance(field, models.TextField))
                if field.null and normalized == "":
                    normalized = None
                setattr(self, field.attname, normalized)


def check(condition, name, message):
    """A CheckConstraint whose violation message (shown by forms and imports) is translatable."""
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)
