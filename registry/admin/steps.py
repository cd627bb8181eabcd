"""The steps of a record's life as buttons on its page (publish, close, award or cancel an auction;
offer a lot to the runner-up, or again): each declared once, with its label, what it will do, when
it is offered and the service that takes it. A button is shown only when its step is offered and
the user may act; it leads to a page that says what will happen, and only the confirmation there
calls the service, whose refusal (it has the last word) comes back as a message, or beside the
fields of the step's form when it has one (a date, a reason, a reduction).

A ModelAdmin with StepsMixin lists its `steps`; a new step is one more Step in that list.
"""

from collections.abc import Callable
from typing import NamedTuple

from django import forms
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
    # The message after it, which may name the record's %(status)s (when it has one); or a
    # function of what the service returned giving the message.
    done: str | Callable
    destructive: bool = False  # drawn as a warning, not as the page's main action
    # A StepForm asking what the step needs (its cleaned values go to the service), or None.
    form: type | None = None

    def done_message(self, result):
        if callable(self.done):
            return self.done(result)
        status = getattr(result, "get_status_display", None)
        return self.done % {"status": status()} if status else self.done


class StepForm(forms.Form):
    """The form of a step on `record` for `user`; arguments() are what the service takes besides
    the record and the user."""

    def __init__(self, *args, record, user, **kwargs):
        self.record, self.user = record, user
        super().__init__(*args, **kwargs)

    def arguments(self):
        return self.cleaned_data


def add_service_error(form, error):
    """Put a ServiceError's messages next to the fields they name (the rest above the form)."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


def allowed_by(check):
    """`offered` for a step that registry.services allows when `check` (check_close, …) does not
    refuse it: the button follows the service's own rule, never a copy of it."""
    return lambda record: services.allows(check, record)


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

    def step_return_url(self, record):
        """Where a step's page goes back to, and leads after the step: the record's page."""
        return self.record_change_url(record)

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
            "return_url": self.step_return_url(record),
            **context,
        })

    def step_view(self, request, object_id, step):
        step = next(candidate for candidate in self.steps if candidate.name == step)
        record = self.record_to_act_on(request, object_id)
        form = step.form(request.POST or None, record=record, user=request.user) if step.form else None
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                result = step.service(**{self.opts.model_name: record}, by=request.user,
                                      **(form.arguments() if form is not None else {}))
            except services.ServiceError as error:
                if form is None:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return redirect(self.step_return_url(record))
                add_service_error(form, error)
            else:
                self.message_user(request, step.done_message(result), messages.SUCCESS)
                return redirect(self.step_return_url(result))
        return self.render_step_page(request, record, self.step_template, step.label, step=step, form=form,
                                     details=self.step_details(request, record))
