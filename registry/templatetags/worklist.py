"""The header's link to the worklist: how many items wait for the user (registry/worklist.py)."""

from django import template

from registry import worklist
from registry.formatting import number

register = template.Library()


@register.simple_tag(takes_context=True)
def worklist_badge(context):
    """'۱۲', or '۹۹+' past worklist.HEADER_CAP; '' for a user who acts on no item (a supervisor
    reads the worklist, so the header links to it without a count)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not worklist.acts_on(user):
        return ""
    counts = getattr(request, "worklist_counts", None)  # the worklist page counted already
    if counts is None:
        shown, more = worklist.header_count(user)
    else:
        total = sum(counts.values())
        shown, more = min(total, worklist.HEADER_CAP), total > worklist.HEADER_CAP
    return number(shown) + ("+" if more else "")
