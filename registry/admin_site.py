"""The admin site of Shafaf: its index groups the records by the clerks' work, in the order they
work, each group with a line saying what it holds (Django's lists one app's models alphabetically,
which in Persian means by code point); its login leads each user to their own starting page
(registry.roles.landing_url) when no page was asked for.

Installed through registry.apps.AdminConfig (Django's documented way to replace the default site);
outside the registry.admin package, which registers on the site while the site is being made.
"""

from typing import NamedTuple

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from registry import formatting, roles


class Group(NamedTuple):
    key: str
    name: str
    description: str
    # The registry models' names, in the order clerks look for them.
    models: tuple


GROUPS = (
    Group("producers", _("Producers and goods"),
          _("Licensed production units, their licences and products with their goods IDs, the obligations to "
            "register goods IDs, the national smuggling list, inspections and awareness sessions."),
          ("producer", "licence", "product", "obligation", "smugglingitem", "inspection")),
    Group("mining", _("Mines and auctions"),
          _("Mining units, the auctions that offer idle mines again with their lots and bids, and mineral "
            "shipments."),
          ("mine", "auction", "lot", "bid", "shipment")),
    Group("estates", _("Industrial estates"),
          _("Industrial estates and their units, and the idle units that distribution companies hand back to "
            "industry."),
          ("estate", "unit", "handover")),
    Group("employment", _("Jobs"),
          _("The jobs each provincial office registers, month by month."),
          ("employmentrecord",)),
    Group("reference", _("Reference data"),
          _("Counties, sectors, minerals and offices, which the other records refer to; administrators edit them."),
          ("county", "sector", "mineral", "office")),
    Group("records", _("Imports and audit"),
          _("Who imported which file and what came of it, the reconciliations with the national goods-ID "
            "list, and every change made to the records."),
          ("importlog", "reconciliation")),
)
# The audit trail is a page, not a model; it closes the last group.
AUDIT_GROUP = "records"


class ShafafAdminSite(admin.AdminSite):
    site_header = _("Shafaf — Industry, Mine and Trade of Kurdistan")
    site_title = _("Shafaf")
    index_title = _("Registry of the directorate")
    site_url = None  # no public site: the reports have their own link
    empty_value_display = formatting.EMPTY  # as reports write a missing figure
    # The index and the breadcrumbs lead everywhere; at 1,366 px the sidebar took a fifth of
    # every list and form.
    enable_nav_sidebar = False

    def login(self, request, extra_context=None):
        # Django sends everyone who did not ask for a page to the admin's index; here they go to
        # the root, which knows their starting page.
        if REDIRECT_FIELD_NAME in request.GET or REDIRECT_FIELD_NAME in request.POST:
            return super().login(request, extra_context)
        if request.method == "GET" and self.has_permission(request):
            return redirect(roles.landing_url(request.user))
        return super().login(request, {**(extra_context or {}), REDIRECT_FIELD_NAME: reverse("landing")})

    def frame_context(self, request):
        """The admin's frame for a page of Shafaf's own (header, user links, language switch; no
        navigation sidebar): each_context(), whose `available_apps` — every app and model the user
        may open: a hundred permission checks and twenty reverse() calls, 2–3 ms — only the sidebar
        reads, so it is worked out when read, not for every report page."""
        request.shafaf_app_list_when_read = True
        try:
            return {**self.each_context(request), "is_nav_sidebar_enabled": False}
        finally:
            del request.shafaf_app_list_when_read

    def get_app_list(self, request, app_label=None):
        """The registry's models in GROUPS, then the other apps (users, login attempts…) as Django
        lists them; a registry model in no group is listed under the registry's own name, last."""
        if getattr(request, "shafaf_app_list_when_read", False):
            return SimpleLazyObject(lambda: self._app_list(request, app_label))
        return self._app_list(request, app_label)

    def _app_list(self, request, app_label):
        if app_label not in (None, "registry"):
            return super().get_app_list(request, app_label)
        apps = {app["app_label"]: app for app in super().get_app_list(request, app_label)}
        registry = apps.pop("registry", None)
        models = {model["object_name"].lower(): model for model in (registry["models"] if registry else ())}
        groups = []
        for group in GROUPS:
            entries = [models.pop(name) for name in group.models if name in models]
            if group.key == AUDIT_GROUP and (audit := self._audit_entry(request)):
                entries.append(audit)
            if entries:
                groups.append({"name": group.name, "description": group.description, "app_label": group.key,
                               "app_url": None, "has_module_perms": True, "models": entries})
        if models:
            groups.append({**registry, "models": list(models.values())})
        return groups + list(apps.values())

    def _audit_entry(self, request):
        from registry.admin.audit import readable_models

        if not readable_models(request.user):
            return None
        return {"name": _("Audit trail"), "object_name": "audit", "perms": {"view": True},
                "admin_url": reverse("audit"), "add_url": None, "view_only": True}

    def app_index(self, request, app_label, extra_context=None):
        # The registry's own page (the breadcrumbs' second step) is the grouped index.
        if app_label == "registry":
            return redirect(reverse("admin:index", current_app=self.name))
        return super().app_index(request, app_label, extra_context)
