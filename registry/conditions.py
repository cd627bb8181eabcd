"""A model's Q conditions (the Rules' conditions, a UniqueConstraint's condition) evaluated in Python
on an unsaved instance, so that forms and imports check the database's rules without a query.

Django's own CheckConstraint.validate() asks the database, once per row and constraint. The rules
of Shafaf's models are simple comparisons, so they are compiled once into Python functions that
follow SQL's three-valued logic (a comparison with NULL is unknown, and unknown passes a CHECK).
A condition this module does not understand raises Unsupported: a Rule must be understood
(tests/test_rules.py tries every one), an import leaves such a uniqueness condition to the
database.
"""

import operator
import re

from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression


class Unsupported(Exception):
    """A condition with a lookup or expression this module does not evaluate."""


def _compare(function):
    return lambda value, expected: None if value is None or expected is None else function(value, expected)


def _exact(value, expected):
    if expected is None:
        return value is None
    return None if value is None else value == expected


LOOKUPS = {
    "exact": _exact,
    "gt": _compare(operator.gt),
    "gte": _compare(operator.ge),
    "lt": _compare(operator.lt),
    "lte": _compare(operator.le),
    "in": lambda value, expected: None if value is None else value in expected,
    "isnull": lambda value, expected: (value is None) == bool(expected),
    "regex": lambda value, expected: None if value is None else re.search(expected, str(value)) is not None,
}
_CONNECTORS = {"+": operator.add, "-": operator.sub}


def _split(lookup):
    name, _sep, operation = lookup.rpartition("__")
    return (name, operation) if operation in LOOKUPS else (lookup, "exact")


def _attname(model, name):
    if "__" in name:
        raise Unsupported(name)
    return model._meta.get_field(name).attname


def _compile_expression(expression, model):
    if isinstance(expression, F):
        attname = _attname(model, expression.name)
        return operator.attrgetter(attname)
    if isinstance(expression, Value):
        return lambda instance: expression.value
    if isinstance(expression, CombinedExpression) and expression.connector in _CONNECTORS:
        left = _compile_expression(expression.lhs, model)
        right = _compile_expression(expression.rhs, model)
        combine = _CONNECTORS[expression.connector]

        def combined(instance):
            a, b = left(instance), right(instance)
            return None if a is None or b is None else combine(a, b)

        return combined
    if hasattr(expression, "resolve_expression"):
        raise Unsupported(expression)
    return lambda instance: expression


def _all(parts, instance):
    result = True
    for part in parts:
        value = part(instance)
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(parts, instance):
    result = False
    for part in parts:
        value = part(instance)
        if value is True:
            return True
        if value is None:
            result = None
    return result


def compile_condition(condition, model):
    """A function(instance) → True, False or None (unknown) for a Q on `model`."""
    if isinstance(condition, Q):
        if condition.connector not in (Q.AND, Q.OR):
            raise Unsupported(condition.connector)
        parts = [compile_condition(child, model) for child in condition.children]
        combine = _all if condition.connector == Q.AND else _any
        if condition.negated:
            def negated(instance):
                value = combine(parts, instance)
                return None if value is None else not value
            return negated
        return lambda instance: combine(parts, instance)
    if isinstance(condition, tuple):
        lookup, expected = condition
        name, operation = _split(lookup)
        value = operator.attrgetter(_attname(model, name))
        expected = _compile_expression(expected, model)
        test = LOOKUPS[operation]
        return lambda instance: test(value(instance), expected(instance))
    raise Unsupported(condition)


def condition_fields(condition):
    """The names of the model fields a Q refers to, in order of appearance."""
    names = []
    for child in condition.children:
        if isinstance(child, Q):
            names += condition_fields(child)
        else:
            lookup, expected = child
            names += [_split(lookup)[0], *_expression_fields(expected)]
    return list(dict.fromkeys(names))


def _expression_fields(expression):
    if isinstance(expression, F):
        return [expression.name]
    if isinstance(expression, CombinedExpression):
        return _expression_fields(expression.lhs) + _expression_fields(expression.rhs)
    return []
