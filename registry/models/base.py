"""What every Shafaf record shares: text normalised on the way in, full history, a version for
refusing lost updates, and the import/export permissions the clerk and supervisor groups hold."""

import functools

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import formatting
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

    def __html__(self):
        """The record's name as a page shows it (formatting.text): isolated, so that neither direction
        can reorder it, a number in a Persian name in the page's digits. Django writes a record in
        HTML through this: a list's column of a related record, a read-only form's link to it, a
        message naming it; plain text (files, mail, choices) keeps str()."""
        return str(formatting.text(str(self)))

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
        for field in text_fields(type(self)):
            setattr(self, field.attname, normalized(field, getattr(self, field.attname)))


@functools.cache
def text_fields(model):
    """The fields of `model` that hold free text (not a choice), which are normalised on the way in."""
    return [field for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices]


def normalized(field, value):
    """A text field's value as it is stored: normalised (registry.text), and NULL rather than empty
    where the field may be NULL (an empty goods ID is no goods ID)."""
    value = normalize(value, multiline=isinstance(field, models.TextField))
    return None if field.null and value == "" else value
