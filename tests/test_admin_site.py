"""The admin's index groups the records by the clerks' work, in their order, each group saying in a
line what it holds, in Persian and in English; every record kind is in exactly one group."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils.html import strip_tags
from django.utils.text import capfirst

from registry import roles
from registry.admin_site import GROUPS
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

CLERK_INDEX = [
    ("واحدهای تولیدی و کالاها", ["واحدهای تولیدی", "پروانه‌ها", "کالاها", "الزام‌های اخذ شناسه کالا",
                                  "اقلام مشمول قاچاق", "نظارت و آگاهی‌بخشی"]),
    ("معادن و مزایده‌ها", ["معادن", "مزایده‌ها", "قطعه‌های مزایده", "پیشنهادها", "محموله‌های مواد معدنی"]),
    ("شهرک‌های صنعتی", ["شهرک‌های صنعتی", "واحدهای شهرک‌های صنعتی", "واگذاری واحدهای راکد"]),
    ("اشتغال", ["اشتغال"]),
    ("اطلاعات پایه", ["شهرستان‌ها", "حوزه‌ها", "مواد معدنی", "دستگاه‌ها"]),
    ("ورود از فایل و ردپای تغییرات", ["سوابق ورود از فایل", "تطبیق‌ها با سامانه جامع", "ردپای تغییرات"]),
]


def index(client, language="fa"):
    """[(group, description, [record kinds])] of the index as the page shows them."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/admin/").content.decode()
    groups = []
    for module in re.findall(r'<div class="app-[^"]+ module[^"]*">(.*?)</table>', html, re.DOTALL):
        name = strip_tags(re.search(r'<(?:span|a)[^>]* class="section"[^>]*>(.*?)</', module).group(1))
        description = re.search(r'<span class="group-description">(.*?)</span>', module)
        kinds = [strip_tags(kind).strip() for kind in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', module, re.DOTALL)]
        groups.append((name, strip_tags(description.group(1)) if description else None, kinds))
    return groups


def test_a_clerk_finds_the_records_grouped_by_their_work_in_order(clerk_client):
    groups = index(clerk_client)
    assert [(name, kinds) for name, _description, kinds in groups] == CLERK_INDEX
    assert groups[0][1] == ("واحدهای تولیدی دارای پروانه، پروانه‌ها و کالاهایشان با شناسه کالا، الزام به اخذ شناسه "
                            "کالا، فهرست ملی اقلام مشمول قاچاق، و نظارت و آگاهی‌بخشی.")
    assert all(description for _name, description, _kinds in groups)


def test_the_english_index_has_the_same_groups_in_english(clerk_client):
    groups = index(clerk_client, "en")
    assert [name for name, _description, _kinds in groups] == [
        "Producers and goods", "Mines and auctions", "Industrial estates", "Jobs", "Reference data",
        "Imports and audit"]
    assert groups[1] == ("Mines and auctions", "Mining units, the auctions that offer idle mines again with their lots "
                         "and bids, and mineral shipments.", ["Mines", "Auctions", "Lots", "Bids", "Mineral shipments"])


def test_every_record_kind_is_in_exactly_one_group_and_administrators_see_their_own_apps_after(admin_client_):
    groups = index(admin_client_, "en")
    listed = [kind for _name, _description, kinds in groups for kind in kinds]
    registered = [capfirst(model._meta.verbose_name_plural) for model in admin.site._registry
                  if model._meta.app_label == "registry"]
    assert sorted(listed[:len(registered) + 1]) == sorted([*registered, "Audit trail"])
    assert len(set(listed)) == len(listed)
    # Then the apps that are not records (users, login attempts, second factors), as Django lists them.
    assert [name for name, _description, _kinds in groups][6:] == [
        "Authentication and Authorization", "Login attempts", "Two-factor login"]


def test_a_supervisor_sees_the_groups_read_only(supervisor_client):
    html = supervisor_client.get("/admin/").content.decode()
    assert [name for name, _description, _kinds in index(supervisor_client)] == [name for name, _ in CLERK_INDEX]
    assert 'class="addlink"' not in html and 'class="changelink"' not in html


def test_the_registry_page_of_the_breadcrumbs_is_the_grouped_index(clerk_client):
    response = clerk_client.get("/admin/registry/")
    assert (response.status_code, response.url) == (302, "/admin/")


def test_the_index_costs_a_fixed_number_of_queries_for_each_kind_of_user(clerk_client, supervisor_client):
    # The session, the user, their groups' permissions, their own permissions; the recent actions;
    # a clerk's header also counts their worklist (the counties they work in, the count).
    assert count_queries(supervisor_client, "/admin/") == 5
    assert count_queries(clerk_client, "/admin/") == 7


def test_the_group_list_names_registry_models_only():
    models = {model._meta.model_name for model in roles.registry_models() + roles.read_only_models()}
    grouped = [name for group in GROUPS for name in group.models]
    assert sorted(grouped) == sorted(models) and len(set(grouped)) == len(grouped)
