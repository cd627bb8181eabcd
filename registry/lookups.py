"""`fk__key`: find rows by the natural key of a related record without joining it.

`Product.objects.filter(producer__key="10380284790")` is
`producer_id = (SELECT id FROM registry_producer WHERE national_id = '10380284790')`.
Written as `producer__national_id`, the same condition joins the producer table; ORed with the
row's own columns, as an admin search does, PostgreSQL then cannot use any index and reads the
whole table (1.5 s on a million products). Here every branch of the OR stays on the row's own
table and is answered by an index. The related model's key is its one unique field besides the id.
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


@models.ForeignKey.register_lookup
class RelatedKey(models.Lookup):
    lookup_name = "key"
    # The value is the related record's key (a national ID with its leading zeros), not an id.
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        related = self.lhs.output_field.related_model
        key = related._base_manager.filter(**{natural_key_field(related): self.rhs}).values("pk")
        sql, params = key.query.get_compiler(connection=connection).as_sql()
        return f"{lhs} = ({sql})", (*lhs_params, *params)
