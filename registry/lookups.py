"""Lookups on a foreign key that find rows by their related record without joining it:

* `producer__key="10380284790"`: the related record whose natural key (its one unique field
  besides the id) is the value: `producer_id = (SELECT id FROM registry_producer WHERE
  national_id = '10380284790')`;
* `producer__name_contains="زاگرس"`: the related records whose name contains the text, case
  aside: `producer_id = ANY(ARRAY(SELECT id FROM registry_producer WHERE UPPER(name) LIKE …))`
  on PostgreSQL (`IN (SELECT …)` elsewhere).

Written as `producer__national_id` or `producer__name__icontains`, the same conditions join the
producer table; ORed with the row's own columns, as an admin search does, PostgreSQL then cannot
use any index and reads the whole table (1.4 s on a million products). In these forms every
branch of the OR stays on the row's own table and is answered by an index on it (an `IN`
subquery would be checked row by row inside an OR; an array is an index condition).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models


def natural_key_field(model):
    """The name of `model`'s one unique field besides its primary key."""
    names = [field.name for field in model._meta.concrete_fields
             if field.unique and not field.primary_key and not field.is_relation]
    if len(names) != 1:
        raise ImproperlyConfigured(f"{model.__name__} has no single unique key for the `key` lookup: {names}")
    return names[0]


class RelatedSubquery(models.Lookup):
    """The foreign key compared with a subquery of the related table (see the module)."""

    # The value is the related record's (a national ID keeps its leading zeros), not an id.
    prepare_rhs = False

    def related_rows(self, related):
        raise NotImplementedError

    def template(self, connection):
        raise NotImplementedError

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rows = self.related_rows(self.lhs.output_field.related_model).values("pk")
        sql, params = rows.query.get_compiler(connection=connection).as_sql()
        return self.template(connection) % {"lhs": lhs, "rows": sql}, (*lhs_params, *params)


@models.ForeignKey.register_lookup
class RelatedKey(RelatedSubquery):
    lookup_name = "key"

    def related_rows(self, related):
        return related._base_manager.filter(**{natural_key_field(related): self.rhs})

    def template(self, connection):
        return "%(lhs)s = (%(rows)s)"


@models.ForeignKey.register_lookup
class RelatedNameContains(RelatedSubquery):
    lookup_name = "name_contains"

    def related_rows(self, related):
        return related._base_manager.filter(name__icontains=self.rhs)

    def template(self, connection):
        return "%(lhs)s = ANY(ARRAY(%(rows)s))" if connection.vendor == "postgresql" else "%(lhs)s IN (%(rows)s)"
