"""The clerk and supervisor groups; their permissions are set by registry.roles after migrate."""

from django.db import migrations

GROUPS = ("clerk", "supervisor")


def create(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in GROUPS:
        group.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_data"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, remove)]
