"""The rules one record obeys on its own, each declared once: its condition, the field it belongs to
and its message, as a Rule in the model's Meta.constraints.

From that one declaration come
* the database's CHECK constraint: a Rule is a CheckConstraint, and migrations see exactly that;
* the error on the field in full_clean(), and so in every admin form: Django validates a model's
  constraints after clean(), and a Rule answers in Python (registry.conditions), without the
  query per constraint that CheckConstraint.validate() costs;
* the import's error on the row and the column of that field (registry.importing asks
  `broken()` for the rules a row breaks).

`tests/test_rules.py` proves for every Rule that the database refuses what full_clean() refuses.
What a single row cannot tell (a mine lotted only while idle, an export's goods ID registered,
jobs not in a month to come) stays in the model's clean().
"""

import copy

from django.core.exceptions import ValidationError
from django.db import models

from registry.conditions import compile_condition, condition_fields


class Rule(models.CheckConstraint):
    """A CheckConstraint whose violation is an error on `field` saying `message` (translatable;
    `params` fill its placeholders)."""

    def __init__(self, *, name, condition, field, message, params=None):
        super().__init__(condition=condition, name=name, violation_error_message=message)
        self.field = field
        self.params = params or {}
        # The fields the condition refers to.
        self.referenced = frozenset(condition_fields(condition))
        if field not in self.referenced:
            raise ValueError(f"{name}: the field of the error, {field}, is not in the condition")
        self._holds = None

    def deconstruct(self):
        # The database holds the condition; where its error is shown is none of a migration's business.
        path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self):
        clone = copy.copy(self)
        clone._holds = None
        return clone

    def get_violation_error_message(self):
        return self.violation_error_message % {"name": self.name, **self.params}

    def holds(self, instance):
        """False when `instance` breaks the rule; like a CHECK, a comparison with NULL passes."""
        if self._holds is None:
            self._holds = compile_condition(self.condition, type(instance))
        return self._holds(instance) is not False

    def error(self):
        return ValidationError({self.field: ValidationError(self.get_violation_error_message(), code=self.name)})

    def validate(self, model, instance, exclude=None, using=None):
        # Like Django's CheckConstraint: a rule on a field that is not validated (it failed already,
        # or a form leaves it out) is not checked.
        if exclude and not self.referenced.isdisjoint(exclude):
            return
        if not self.holds(instance):
            raise self.error()


def rules_of(model):
    return [constraint for constraint in model._meta.constraints if isinstance(constraint, Rule)]


def broken(instance, exclude=()):
    """The Rules of `instance`'s model that it breaks, leaving out those on fields in `exclude`."""
    exclude = set(exclude)
    return [rule for rule in rules_of(type(instance))
            if rule.referenced.isdisjoint(exclude) and not rule.holds(instance)]


def validate(instance, *, trusted=()):
    """What full_clean() refuses, less its queries for foreign keys and uniqueness: the fields'
    own validation (but for the `trusted` ones, such as foreign keys read a moment ago), clean(),
    and the rules on every field that passed. Raises a ValidationError by field, as full_clean()
    does; uniqueness is the caller's (an import checks it a batch of rows at a time) and the
    database's."""
    errors = {}
    try:
        instance.full_clean(exclude=trusted, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for rule in broken(instance, exclude=errors):
        errors = rule.error().update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
