"""Turning a rendered admin change page back into the POST data a browser would send."""


def _value(bound_field):
    value = bound_field.value()
    if isinstance(value, bool):
        return "on" if value else ""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return value
    shown = bound_field.field.widget.format_value(value)
    return "" if shown is None else shown


def _form_data(form):
    data = {}
    for bound_field in form:
        value = _value(bound_field)
        if value != "":
            data[bound_field.html_name] = value
        if bound_field.field.show_hidden_initial:
            data[bound_field.html_initial_name] = value
    return data


def change_form_data(response):
    """The POST data of an admin change page (main form and inlines) as the user received it."""
    context = response.context
    data = _form_data(context["adminform"].form)
    inlines = context["inline_admin_formsets"] if "inline_admin_formsets" in context else []
    for inline in inlines:
        data.update(_form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_form_data(form))
    return data
