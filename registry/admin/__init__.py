"""The clerks' screens, one module per domain on a shared base (registry.admin.base)."""

from django.contrib import admin

# Importing the modules registers their ModelAdmins.
from registry.admin import (  # noqa: F401
    access,
    auctions,
    employment,
    estates,
    imports,
    mining,
    producers,
    products,
    reconciliation,
    reference,
)
from registry.security import LoginForm

admin.site.login_form = LoginForm
