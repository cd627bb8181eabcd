"""An admin site for the import tests: records whose admin pages other modules own, registered on
the shared RegistryModelAdmin, so that the import pages are tested on their own."""

from django.contrib import admin
from django.urls import include, path

from registry.admin.base import RegistryModelAdmin
from registry.models import Producer, Product

site = admin.AdminSite(name="importsite")
site.register(Producer, RegistryModelAdmin)
site.register(Product, RegistryModelAdmin)

urlpatterns = [path("admin/", site.urls), path("i18n/", include("django.conf.urls.i18n"))]
