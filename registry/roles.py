"""The two groups of spec section 7 and what each may do, kept in step with the models.

clerk: add, change and view registry records, import and export them, view reference data,
read the reports. supervisor: view and export everything, read the reports, change nothing.
Deleting is for administrators (superusers). The permissions are set after every `migrate`, so
a model added later is covered without a new migration; a group's permissions are exactly
these (make another group for another role).
"""

from django.apps import apps
from django.urls import reverse

CLERK = "clerk"
SUPERVISOR = "supervisor"
GROUPS = (CLERK, SUPERVISOR)

REFERENCE_MODELS = ("county", "sector", "mineral", "office")
# Records written only by the application itself (clerks and supervisors may read them; clerks
# reconcile through the products they may add and change).
READ_ONLY_MODELS = ("importlog", "reconciliation")


def landing_url(user):
    """Where a user starts after logging in and from the site's header: a supervisor on the reports'
    dashboard, a clerk on the worklist, an administrator on the admin."""
    if user.is_authenticated and not user.is_superuser:
        groups = set(user.groups.values_list("name", flat=True))
        if SUPERVISOR in groups:
            return reverse("reports:dashboard")
        if CLERK in groups:
            return reverse("worklist")
    return reverse("admin:index")


def registry_models():
    from registry.models import RegistryModel

    return [
        model for model in apps.get_app_config("registry").get_models()
        if issubclass(model, RegistryModel)
    ]


def read_only_models():
    """The models of READ_ONLY_MODELS that are not records (the import log)."""
    return [
        model for model in apps.get_app_config("registry").get_models()
        if model._meta.model_name in READ_ONLY_MODELS and model not in registry_models()
    ]


def group_codenames():
    """{group name: {permission codename}} for every registry model, as the spec defines them."""
    clerk, supervisor = {"view_reports"}, {"view_reports"}
    for model in registry_models() + read_only_models():
        name = model._meta.model_name
        supervisor |= {f"view_{name}", f"export_{name}"}
        if name in REFERENCE_MODELS or name in READ_ONLY_MODELS:
            clerk |= {f"view_{name}", f"export_{name}"}
        else:
            clerk |= {f"{action}_{name}" for action in ("add", "change", "view", "import", "export")}
    return {CLERK: clerk, SUPERVISOR: supervisor}


def sync_groups(using="default", **kwargs):
    """post_migrate: create the groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Django creates permissions in a post_migrate handler too; make sure they exist first.
    create_permissions(apps.get_app_config("registry"), verbosity=0, using=using)
    permissions = Permission.objects.using(using).filter(content_type__app_label="registry")
    by_codename = {permission.codename: permission for permission in permissions}
    for group_name, codenames in group_codenames().items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        group.permissions.set([by_codename[codename] for codename in sorted(codenames) if codename in by_codename])
