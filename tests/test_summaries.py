"""The product counts the reports read (ProductCount) are kept exact by the database itself, in
the same transaction as every change to a product or to a producer's county, by the ORM or not
(registry/summaries.py); `refresh_summaries` counts them again and finds nothing to repair."""

import datetime
import io
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from registry import summaries
from registry.models import County, Producer, Product, ProductCount, Sector
from tests import factories as f
from tests.locks import another_query_waits_for_a_lock

pytestmark = pytest.mark.django_db
D = datetime.date
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="Only PostgreSQL has concurrent writers (SQLite has one at a time).")


def kept():
    """{(county code, sector code, day): (declared, registered)} as the counts hold them."""
    counties = dict(County.objects.values_list("pk", "code"))
    sectors = dict(Sector.objects.values_list("pk", "code"))
    return {(counties[county], sectors[sector], day): figures
            for (county, sector, day), figures in summaries.day_totals().items()}


def counted():
    """The same, counted from the products as they are."""
    declared, registered = Counter(), Counter()
    for county, sector, declared_on, registered_on, status in Product.objects.values_list(
            "producer__county__code", "sector__code", "declared_on", "registered_on", "status"):
        declared[county, sector, declared_on] += 1
        if status == Product.Status.REGISTERED:
            registered[county, sector, registered_on] += 1
    return {key: (declared[key], registered[key]) for key in declared.keys() | registered.keys()}


@pytest.fixture
def sanandaj():
    return f.make_producer(county="sanandaj")


def test_a_product_counts_on_its_declaration_day_and_once_registered_on_its_registration_day(sanandaj):
    f.make_product(sanandaj, declared_on=D(2025, 1, 1))
    f.make_product(sanandaj, declared_on=D(2025, 1, 1), status="registered", registered_on=D(2025, 2, 1))
    f.make_product(sanandaj, sector="food", declared_on=D(2025, 1, 1), status="registered",
                   registered_on=D(2025, 1, 1))
    assert kept() == {
        ("sanandaj", "home_appliances", D(2025, 1, 1)): (2, 0),
        ("sanandaj", "home_appliances", D(2025, 2, 1)): (0, 1),
        ("sanandaj", "food", D(2025, 1, 1)): (1, 1),
    }


def test_registering_moving_and_redating_a_product_moves_its_counts(sanandaj):
    product = f.make_product(sanandaj, declared_on=D(2025, 1, 1))
    product.status, product.goods_id, product.registered_on = "registered", "6261234567897", D(2025, 3, 1)
    product.save()
    assert kept() == {("sanandaj", "home_appliances", D(2025, 1, 1)): (1, 0),
                      ("sanandaj", "home_appliances", D(2025, 3, 1)): (0, 1)}
    product.producer = f.make_producer(county="baneh")
    product.sector = f.sector("food")
    product.declared_on = D(2025, 2, 1)
    product.save()
    assert kept() == {("baneh", "food", D(2025, 2, 1)): (1, 0), ("baneh", "food", D(2025, 3, 1)): (0, 1)}


def test_an_edit_that_changes_nothing_counted_writes_no_counts(sanandaj):
    product = f.make_product(sanandaj)
    rows = list(ProductCount.objects.values_list("pk", "declared", "registered", "pending"))
    product.name = "نام دیگر"
    product.save()
    Product.objects.filter(pk=product.pk).update(name="باز هم نامی دیگر")
    assert list(ProductCount.objects.values_list("pk", "declared", "registered", "pending")) == rows


def test_bulk_writes_and_deletes_are_counted_like_single_ones(sanandaj):
    Product.objects.bulk_create([
        Product(producer=sanandaj, name=f"کالا {n}", sector=f.sector(), declared_on=D(2025, 1, 1 + n % 3),
                **({"status": "registered", "goods_id": f.goods_id(900 + n), "registered_on": D(2025, 4, 1)}
                   if n % 3 == 1 else {}))
        for n in range(9)
    ])
    Product.objects.filter(declared_on=D(2025, 1, 3)).update(sector=f.sector("food"))
    assert kept() == counted() == {
        ("sanandaj", "home_appliances", D(2025, 1, 1)): (3, 0),
        ("sanandaj", "home_appliances", D(2025, 1, 2)): (3, 0),
        ("sanandaj", "home_appliances", D(2025, 4, 1)): (0, 3),
        ("sanandaj", "food", D(2025, 1, 3)): (3, 0),
    }
    Product.objects.filter(declared_on__lte=D(2025, 1, 2)).delete()
    assert kept() == {("sanandaj", "food", D(2025, 1, 3)): (3, 0)}
    sanandaj.delete()  # its products go with it
    assert kept() == {}


def test_a_producer_moving_to_another_county_takes_its_products_counts_along(sanandaj):
    f.make_product(sanandaj, declared_on=D(2025, 1, 1), status="registered", registered_on=D(2025, 2, 1))
    f.make_product(sanandaj, declared_on=D(2025, 1, 1))
    f.make_product(f.make_producer(county="sanandaj"), declared_on=D(2025, 1, 1))
    sanandaj.county = f.county("baneh")
    sanandaj.save()
    assert kept() == counted() == {
        ("baneh", "home_appliances", D(2025, 1, 1)): (2, 0),
        ("baneh", "home_appliances", D(2025, 2, 1)): (0, 1),
        ("sanandaj", "home_appliances", D(2025, 1, 1)): (1, 0),
    }
    Producer.objects.filter(pk=sanandaj.pk).update(county=f.county("saqqez"), employees=3)
    assert kept() == counted()


def test_a_change_shows_in_the_report_at_once(supervisor_client, sanandaj):
    def transparency():
        response = supervisor_client.get("/reports/transparency/", {"format": "json", "county": "sanandaj"})
        return response.json()["totals"]

    product = f.make_product(sanandaj)
    assert (transparency()["products"], transparency()["registered"]) == (1, 0)
    product.status, product.goods_id, product.registered_on = "registered", "6261234567897", D(2025, 3, 1)
    product.save()
    f.make_product(sanandaj)
    assert (transparency()["products"], transparency()["registered"]) == (2, 1)


def test_refresh_summaries_counts_everything_again_and_says_what_differed(sanandaj):
    for day in (1, 2, 3):
        f.make_product(sanandaj, declared_on=D(2025, 1, day))
    out = io.StringIO()
    call_command("refresh_summaries", stdout=out)
    assert "3 day rows" in out.getvalue() and "0 differed" in out.getvalue()
    # A change that bypassed the triggers (here: the counts themselves wiped) is repaired.
    ProductCount.objects.filter(day=D(2025, 1, 2)).delete()
    ProductCount.objects.filter(day=D(2025, 1, 3)).update(declared=5)
    out = io.StringIO()
    call_command("refresh_summaries", stdout=out)
    assert "2 differed" in out.getvalue()
    assert kept() == counted()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_brings_back_the_counts_of_its_own_products(tmp_path):
    """The counts are data of the backup like any other; restoring does not count twice."""
    f.make_product(f.make_producer(county="baneh"), declared_on=D(2025, 1, 1))
    target = tmp_path / "shafaf.backup"
    call_command("backup", output=str(target))
    f.make_product(f.make_producer(county="sanandaj"), declared_on=D(2025, 1, 2))
    call_command("restore", str(target), interactive=False)
    assert kept() == counted() == {("baneh", "home_appliances", D(2025, 1, 1)): (1, 0)}


# -- concurrent writers (PostgreSQL) -------------------------------------------------------------


def hold(sql, ready, release):
    """In a transaction of another connection: run `sql`, say so, wait to be released, commit."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            ready.set()
            assert release.wait(timeout=30)
    finally:
        connection.close()


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_never_wait_on_each_others_counts_and_pending_changes_count_all_the_same():
    """While another transaction folds, a writer leaves its changes pending instead of waiting;
    the sums count them, and the next write that may fold adds them into their day's rows."""
    producer = f.make_producer(county="sanandaj")
    ready, release = threading.Event(), threading.Event()
    folder = threading.Thread(target=hold, args=(f"SELECT {summaries.FOLD_LOCK}", ready, release))
    folder.start()
    try:
        assert ready.wait(timeout=30)
        f.make_product(producer, declared_on=D(2025, 1, 1))
        f.make_product(producer, declared_on=D(2025, 1, 1), status="registered", registered_on=D(2025, 2, 1))
        assert ProductCount.objects.filter(pending=True).count() == 3
        assert kept() == counted() == {("sanandaj", "home_appliances", D(2025, 1, 1)): (2, 0),
                                       ("sanandaj", "home_appliances", D(2025, 2, 1)): (0, 1)}
    finally:
        release.set()
        folder.join(timeout=30)
    f.make_product(producer, declared_on=D(2025, 1, 1))
    assert not ProductCount.objects.filter(pending=True).exists()
    assert kept() == counted() == {("sanandaj", "home_appliances", D(2025, 1, 1)): (3, 0),
                                   ("sanandaj", "home_appliances", D(2025, 2, 1)): (0, 1)}


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_product_written_while_its_producer_moves_county_is_counted_in_the_new_county():
    """A transaction still open has counted its new product under the county it saw; the move
    waits for it to commit, so that the product moves too."""
    producer = f.make_producer(county="sanandaj")
    sector = f.sector().pk
    ready, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold, args=(
        "INSERT INTO registry_product (version, name, status, declared_on, producer_id, sector_id) "
        f"VALUES (0, 'کالای هم‌زمان', 'pending', '2025-01-01', {producer.pk}, {sector})", ready, release))
    writer.start()
    assert ready.wait(timeout=30)

    def move():
        try:
            Producer.objects.filter(pk=producer.pk).update(county=f.county("baneh"))
        finally:
            connection.close()

    mover = threading.Thread(target=move)
    mover.start()
    try:
        waited = another_query_waits_for_a_lock()
    finally:
        release.set()
        writer.join(timeout=30)
        mover.join(timeout=30)
    assert kept() == counted() == {("baneh", "home_appliances", D(2025, 1, 1)): (1, 0)}
    assert waited
