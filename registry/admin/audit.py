"""The audit trail as one filterable list: every change, import and deletion of every kind of
record, newest first, with who and when; each row leads to the record's history, which shows
the values before and after (django-simple-history)."""

import heapq
import itertools

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry import formatting, history, jalali, roles
from registry.admin_site import GROUPS

PAGE_SIZE = 50
ACTIONS = (("+", _("created")), ("~", _("changed")), ("-", _("deleted")))


def readable_models(user):
    """The registry models whose history `user` may read, by model name."""
    return {model._meta.model_name: model for model in roles.registry_models()
            if user.has_perm(f"registry.view_{model._meta.model_name}")}


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False)
    action = forms.ChoiceField(label=_("action"), required=False, choices=(("", "---------"), *ACTIONS))
    user = forms.ModelChoiceField(label=_("user"), required=False, queryset=get_user_model().objects.none())
    since = jalali.JalaliDateField(label=_("from"), required=False)
    until = jalali.JalaliDateField(label=_("until"), required=False)
    reason = forms.CharField(label=_("reason contains"), required=False, help_text=_("e.g. a file name"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data, models):
        super().__init__(data)
        # In the order of the admin's index, which follows the clerks' work.
        order = [name for group in GROUPS for name in group.models]
        self.fields["kind"].choices = [("", _("all kinds"))] + [
            (name, capfirst(models[name]._meta.verbose_name_plural))
            for name in sorted(models, key=lambda name: order.index(name) if name in order else len(order))]
        self.fields["user"].queryset = get_user_model().objects.filter(is_staff=True).order_by("username")


def _history_rows(model, cleaned, limit):
    """The `limit` newest history records of `model` that pass the filters."""
    records = model.history.select_related("history_user").order_by("-history_date", "-history_id")
    if cleaned.get("action"):
        records = records.filter(history_type=cleaned["action"])
    if cleaned.get("user"):
        records = records.filter(history_user=cleaned["user"])
    if cleaned.get("since"):
        records = records.filter(history_date__date__gte=cleaned["since"])
    if cleaned.get("until"):
        records = records.filter(history_date__date__lte=cleaned["until"])
    if cleaned.get("reason"):
        records = records.filter(history_change_reason__icontains=cleaned["reason"])
    return [(record.history_date, record.history_id, model, record) for record in records[:limit]]


LABEL_FIELDS = ("name", "number", "licence_number", "reference", "code", "plot_number", "bidder_name")


def _label(record):
    """A record's name from its own columns (str() of some kinds would query their relations)."""
    for field in LABEL_FIELDS:
        value = getattr(record, field, None)
        if value:
            return value
    return f"#{record.id}"


def _history_url(model, record):
    try:
        return reverse(f"admin:registry_{model._meta.model_name}_simple_history", args=(record.id, record.history_id))
    except NoReverseMatch:
        return None


def audit_view(request):
    models = readable_models(request.user)
    if not models:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, models)
    cleaned = form.cleaned_data if form.is_valid() else {}
    page = cleaned.get("page") or 1
    chosen = [models[cleaned["kind"]]] if cleaned.get("kind") else list(models.values())
    # Newest first across kinds: each kind gives its newest rows up to this page (one indexed
    # query per kind), and the pages are merged here.
    wanted = page * PAGE_SIZE + 1
    merged = heapq.merge(*(_history_rows(model, cleaned, wanted) for model in chosen),
                         key=lambda row: (row[0], row[1]), reverse=True)
    rows = list(itertools.islice(merged, (page - 1) * PAGE_SIZE, wanted))
    entries = [{
        "date": record.history_date,
        "kind": model._meta.verbose_name,
        "record": formatting.text(_label(record)),
        "object_id": record.id,
        "action": record.get_history_type_display(),
        "action_code": record.history_type,
        "user": record.history_user,
        "reason": history.describe(record.history_change_reason),
        "url": _history_url(model, record),
    } for _date, _id, model, record in rows[:PAGE_SIZE]]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": _("Audit trail"),
        "form": form,
        "entries": entries,
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "registry/admin/audit.html", context)
