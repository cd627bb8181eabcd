"""The steps of a record's life as buttons on its page (publish, close, award or cancel an auction):
each declared once, with its label, what it will do, when it is offered and the service that
takes it. A button is shown only when its step is offered and the user may act; it leads to a
page that says what will happen, and only the confirmation there calls the service, whose
refusal (it has the last word) comes back as a message.

A ModelAdmin with StepsMixin lists its `steps`; a new step is one more Step in that list.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from registry import services


class Step(NamedTuple):
    name: str  # in the URL: <object_id>/<name>/
    label: str  # the button
    explanation: str  # what will happen: beside the button and on the confirmation page
    offered: Callable  # offered(record) -> bool: when the button is shown
    service: Callable  # service(<model name>=record, by=user) -> the record after the step
    done: str  # the message after it, which may name the record's %(status)s
    destructive: bool = False  # drawn as a warning, not as the page's main action


def in_status(*statuses):
    """`offered` for a step allowed in these statuses of the record."""
    return lambda record: record.status in statuses


class StepsMixin:
    steps = ()
    step_template = "admin/registry/confirm_step.html"

    def has_step_permission(self, request, record):
        return self.has_change_permission(request, record)

    def offered_steps(self, request, record):
        """[(step, url)] of the steps this user may take on `record` now."""
        if record is None or not self.has_step_permission(request, record):
            return []
        return [(step, self._step_url(step, record)) for step in self.steps if step.offered(record)]

    def step_details(self, request, record):
        """Lines (label, value) that the confirmation page shows about `record`."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["lifecycle_steps"] = self.offered_steps(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        opts = self.opts
        return [
            *(path(f"<path:object_id>/{step.name}/", view(self.step_view), {"step": step.name},
                   name=f"{opts.app_label}_{opts.model_name}_{step.name}") for step in self.steps),
            *super().get_urls(),
        ]

    def _step_url(self, step, record):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{step.name}",
                       args=(record.pk,))

    def record_change_url(self, record):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                       args=(record.pk,))

    def record_to_act_on(self, request, object_id):
        """The record of a step's page, if this user may take steps on it."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not self.has_step_permission(request, record):
            raise PermissionDenied
        return record

    def render_step_page(self, request, record, template, title, **context):
        """A page of one step on `record` (admin/registry/step.html: under the record in the breadcrumbs)."""
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "title": title,
            "change_url": self.record_change_url(record),
            **context,
        })

    def step_view(self, request, object_id, step):
        step = next(candidate for candidate in self.steps if candidate.name == step)
        record = self.record_to_act_on(request, object_id)
        if request.method == "POST":
            try:
                record = step.service(**{self.opts.model_name: record}, by=request.user)
            except services.ServiceError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, step.done % {"status": record.get_status_display()}, messages.SUCCESS)
            return redirect(self.record_change_url(record))
        return self.render_step_page(request, record, self.step_template, step.label, step=step,
                                     details=self.step_details(request, record))
