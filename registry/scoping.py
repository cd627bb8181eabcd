"""County offices: a clerk assigned some counties works only on the records of those counties.

Each registry model names the path to its county (`county_path`); a model without one (the
national smuggling list, reference data) is the same for every county.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from registry.models import County, CountyAssignment

_CACHE = "_shafaf_counties"


def assigned_counties(user):
    """The ids of the counties `user` is limited to, or None when the user works province-wide."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    if not hasattr(user, _CACHE):
        ids = frozenset(CountyAssignment.objects.filter(user=user).values_list("county_id", flat=True))
        setattr(user, _CACHE, ids or None)
    return getattr(user, _CACHE)


def county_paths(model):
    if model is County:
        return ("pk",)
    path = getattr(model, "county_path", None)
    if path is None:
        return ()
    return (path,) if isinstance(path, str) else tuple(path)


def scope(queryset, user):
    """`queryset` narrowed to the records of the counties `user` works in."""
    counties = assigned_counties(user) if county_paths(queryset.model) else None
    return queryset if counties is None else in_counties(queryset, counties)


def in_counties(queryset, counties):
    """`queryset` narrowed to the records of `counties` (ids); records of the whole province stay."""
    paths = county_paths(queryset.model)
    if not paths:
        return queryset
    condition = reduce(or_, (Q(**{f"{path}__in": counties}) for path in paths))
    if any("__" in path and _crosses_many(queryset.model, path) for path in paths):
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def _crosses_many(model, path):
    for name in path.split("__")[:-1]:
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        model = field.related_model
    return False


def in_scope(instance, user):
    """True when `user` may write `instance` (for records built outside a form, such as imports)."""
    paths = county_paths(type(instance))
    counties = assigned_counties(user) if paths else None
    if counties is None:
        return True
    for path in paths:
        if _crosses_many(type(instance), path):
            # e.g. an auction, whose counties are those of its lots' mines
            if instance.pk is None or scope(type(instance)._default_manager.filter(pk=instance.pk), user).exists():
                return True
            continue
        target = instance
        names = path.split("__")
        for name in names[:-1]:
            target = getattr(target, name, None)
            if target is None:
                break
        else:
            county_id = target.pk if names[-1] == "pk" else getattr(target, f"{names[-1]}_id", None)
            if county_id in counties:
                return True
    return False
