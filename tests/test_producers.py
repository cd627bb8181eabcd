"""Producers, licences, products, smuggling items, obligations and inspections: the rules the
database holds, the model validation, and the facts derived in queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from registry.models import Licence, Obligation, Producer, Product, SmugglingItem
from tests.factories import (
    county,
    make_licence,
    make_obligation,
    make_producer,
    make_product,
    make_smuggling_item,
    sector,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)


def refused_by_database(queryset, **values):
    """True when the database itself refuses `queryset.update(**values)` (no form, no clean())."""
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


class TestDatabaseConstraints:
    def test_producer_national_id_is_unique_and_digits_only(self):
        first = make_producer()
        second = make_producer()
        assert refused_by_database(Producer.objects.filter(pk=second.pk), national_id=first.national_id)
        assert refused_by_database(Producer.objects.filter(pk=second.pk), national_id="1038028479x")
        assert refused_by_database(Producer.objects.filter(pk=second.pk), national_id="123")

    def test_producer_counts_and_codes(self):
        producer = make_producer()
        rows = Producer.objects.filter(pk=producer.pk)
        assert refused_by_database(rows, employees=-1)
        assert refused_by_database(rows, status="sleeping")
        assert refused_by_database(rows, postal_code="12345")
        assert refused_by_database(rows, isic_code="12")
        assert refused_by_database(rows, phone="9181234567")
        assert not refused_by_database(rows, postal_code="6617715175", isic_code="2930", phone="09181234567")

    def test_licence_expiry_must_follow_issue(self):
        licence = make_licence(issued_on=datetime.date(2024, 1, 1), expires_on=datetime.date(2025, 1, 1))
        rows = Licence.objects.filter(pk=licence.pk)
        assert refused_by_database(rows, expires_on=datetime.date(2023, 12, 31))
        assert refused_by_database(rows, expires_on=datetime.date(2024, 1, 1))
        assert not refused_by_database(rows, expires_on=None)
        assert refused_by_database(rows, kind="temporary")

    def test_licence_number_is_unique(self):
        licence = make_licence()
        other = make_licence()
        assert refused_by_database(Licence.objects.filter(pk=other.pk), number=licence.number)

    def test_a_registered_product_has_a_goods_id_and_a_registration_date(self):
        product = make_product(status=Product.Status.REGISTERED)
        rows = Product.objects.filter(pk=product.pk)
        assert refused_by_database(rows, goods_id=None)
        assert refused_by_database(rows, registered_on=None)
        assert not refused_by_database(rows, status=Product.Status.PENDING, goods_id=None, registered_on=None)

    def test_registration_is_not_before_declaration(self):
        product = make_product(status=Product.Status.REGISTERED, declared_on=datetime.date(2025, 1, 10))
        rows = Product.objects.filter(pk=product.pk)
        assert refused_by_database(rows, registered_on=datetime.date(2025, 1, 9))
        assert not refused_by_database(rows, registered_on=datetime.date(2025, 1, 10))

    def test_goods_id_is_unique_when_present_and_has_13_digits(self):
        registered = make_product(status=Product.Status.REGISTERED)
        other = make_product()
        make_product()  # two products without a goods ID are fine
        assert refused_by_database(Product.objects.filter(pk=other.pk), goods_id=registered.goods_id)
        assert refused_by_database(Product.objects.filter(pk=other.pk), goods_id="626123456789")
        assert Product.objects.filter(goods_id__isnull=True).count() == 2

    def test_product_name_is_unique_per_producer(self):
        producer = make_producer()
        first = make_product(producer=producer, name="یخچال")
        second = make_product(producer=producer, name="فریزر")
        make_product(name="یخچال")  # another producer may use the same name
        assert refused_by_database(Product.objects.filter(pk=second.pk), name=first.name)
        assert refused_by_database(Product.objects.filter(pk=second.pk), status="approved")

    def test_obligation_is_unique_per_producer_and_sector_and_deadline_follows_notice(self):
        obligation = make_obligation()
        other = make_obligation(sector="auto_parts")
        assert refused_by_database(Obligation.objects.filter(pk=other.pk), producer=obligation.producer,
                                   sector=obligation.sector)
        assert refused_by_database(Obligation.objects.filter(pk=obligation.pk), deadline=datetime.date(2024, 12, 31))

    def test_smuggling_item_code_is_unique_and_list_year_is_jalali(self):
        item = make_smuggling_item()
        other = make_smuggling_item()
        assert refused_by_database(SmugglingItem.objects.filter(pk=other.pk), code=item.code)
        assert refused_by_database(SmugglingItem.objects.filter(pk=other.pk), list_year=2024)


class TestModelValidation:
    """What forms and imports show: Persian messages attached to the field at fault."""

    def errors(self, instance):
        with translation.override("fa"), pytest.raises(ValidationError) as caught:
            instance.full_clean()
        return {field: [str(message) for message in messages] for field, messages in caught.value.message_dict.items()}

    def test_wrong_national_id_is_refused_on_its_field(self):
        producer = make_producer()
        producer.national_id = "10380284792"
        errors = self.errors(producer)
        assert list(errors) == ["national_id"]
        assert "شناسه ملی معتبری نیست" in errors["national_id"][0]

    def test_persian_digits_and_arabic_letters_are_normalised_before_validation(self):
        producer = Producer(national_id="۱۰۳۸۰۲۸۴۷۹۰", name="  علي   كرمي  ", county=make_producer().county,
                            sector=sector())
        producer.full_clean()
        assert producer.national_id == "10380284790"
        assert producer.name == "علی کرمی"

    def test_registered_product_without_goods_id(self):
        product = make_product()
        product.status = Product.Status.REGISTERED
        product.registered_on = datetime.date(2025, 2, 1)
        errors = self.errors(product)
        assert list(errors) == ["goods_id"]
        assert errors["goods_id"] == ["کالای ثبت‌شده باید شناسه کالا داشته باشد."]

    def test_invalid_goods_id_check_digit(self):
        product = make_product()
        product.goods_id = "6261234567890"
        assert "شناسه کالای معتبری نیست" in self.errors(product)["goods_id"][0]

    def test_registration_before_declaration(self):
        product = make_product(status=Product.Status.REGISTERED, declared_on=datetime.date(2025, 3, 1))
        product.registered_on = datetime.date(2025, 2, 1)
        assert self.errors(product) == {"registered_on": ["تاریخ ثبت نمی‌تواند پیش از تاریخ اظهار باشد."]}

    def test_expiry_before_issue(self):
        licence = make_licence()
        licence.expires_on = licence.issued_on - datetime.timedelta(days=1)
        assert self.errors(licence) == {"expires_on": ["تاریخ انقضا باید پس از تاریخ صدور باشد."]}

    def test_duplicate_goods_id_is_a_validation_error(self):
        registered = make_product(status=Product.Status.REGISTERED)
        other = make_product()
        other.goods_id = registered.goods_id
        assert list(self.errors(other)) == ["goods_id"]


class TestLicensed:
    def test_a_producer_is_licensed_by_an_operating_licence_that_has_not_expired(self):
        valid = make_licence(issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2026, 1, 1)).producer
        no_expiry = make_licence(issued_on=datetime.date(2020, 1, 1), expires_on=None).producer
        expires_today = make_licence(issued_on=datetime.date(2020, 1, 1), expires_on=TODAY).producer
        expired = make_licence(issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2025, 5, 31)).producer
        later = datetime.date(2030, 1, 1)
        establishment_only = make_licence(kind=Licence.Kind.ESTABLISHMENT, expires_on=later).producer
        not_yet_issued = make_licence(issued_on=datetime.date(2025, 6, 2), expires_on=later).producer
        without_licence = make_producer()
        make_licence(producer=expired, kind=Licence.Kind.ESTABLISHMENT, expires_on=datetime.date(2030, 1, 1))

        licensed = set(Producer.objects.licensed(TODAY))
        assert licensed == {valid, no_expiry, expires_today}
        assert set(Producer.objects.unlicensed(TODAY)) == {expired, establishment_only, not_yet_issued, without_licence}
        flags = dict(Producer.objects.with_licensed(TODAY).values_list("pk", "licensed"))
        assert sum(flags.values()) == 3
        assert flags[expired.pk] is False

    def test_product_counts_are_annotated(self):
        producer = make_producer()
        make_product(producer=producer, status=Product.Status.REGISTERED)
        make_product(producer=producer, status=Product.Status.REGISTERED)
        make_product(producer=producer)
        make_product(producer=producer, status=Product.Status.REJECTED)
        empty = make_producer()
        counts = {p.pk: (p.products_count, p.registered_count) for p in Producer.objects.with_product_counts()}
        assert counts == {producer.pk: (4, 2), empty.pk: (0, 0)}


class TestObligationState:
    def state(self, obligation, as_of=TODAY):
        return Obligation.objects.with_state(as_of).get(pk=obligation.pk).state

    def test_met_when_every_product_of_the_sector_is_registered(self):
        obligation = make_obligation(deadline=datetime.date(2025, 3, 1))
        make_product(producer=obligation.producer, status=Product.Status.REGISTERED)
        make_product(producer=obligation.producer, status=Product.Status.REGISTERED)
        make_product(producer=obligation.producer, sector="food")  # another sector does not count
        assert self.state(obligation) == "met"

    def test_overdue_when_not_met_after_the_deadline(self):
        obligation = make_obligation(deadline=datetime.date(2025, 5, 31))
        make_product(producer=obligation.producer, status=Product.Status.REGISTERED)
        make_product(producer=obligation.producer)
        assert self.state(obligation) == "overdue"
        assert self.state(obligation, as_of=datetime.date(2025, 5, 31)) == "open"  # the deadline day itself

    def test_open_without_products_before_the_deadline(self):
        obligation = make_obligation(deadline=datetime.date(2025, 12, 31))
        assert self.state(obligation) == "open"
        assert self.state(obligation, as_of=datetime.date(2026, 1, 1)) == "overdue"

    def test_a_rejected_product_keeps_an_obligation_unmet(self):
        obligation = make_obligation(deadline=datetime.date(2025, 12, 31))
        make_product(producer=obligation.producer, status=Product.Status.REGISTERED)
        make_product(producer=obligation.producer, status=Product.Status.REJECTED)
        assert self.state(obligation) == "open"

    def test_as_of_counts_products_declared_and_registered_by_that_day(self):
        obligation = make_obligation(deadline=datetime.date(2025, 3, 1))
        make_product(producer=obligation.producer, status=Product.Status.REGISTERED,
                     declared_on=datetime.date(2025, 1, 1), registered_on=datetime.date(2025, 4, 1))
        assert self.state(obligation, as_of=datetime.date(2025, 3, 15)) == "overdue"
        assert self.state(obligation, as_of=datetime.date(2025, 4, 1)) == "met"
        assert self.state(obligation, as_of=datetime.date(2024, 12, 31)) == "open"  # nothing declared yet

    def test_counts_by_state(self):
        met = make_obligation(deadline=datetime.date(2025, 1, 31))
        make_product(producer=met.producer, status=Product.Status.REGISTERED)
        make_obligation(deadline=datetime.date(2025, 1, 31))
        make_obligation(deadline=datetime.date(2025, 12, 31))
        make_obligation(deadline=datetime.date(2025, 12, 31))
        assert [Obligation.objects.in_state(state, TODAY).count() for state in ("met", "open", "overdue")] == [1, 2, 1]
        assert list(Producer.objects.obliged("met", TODAY)) == [met.producer]

    def test_a_unit_stands_in_the_state_of_its_worst_obligation(self):
        """Met only when every obligation is met; overdue when any is (what the report counts)."""
        unit = make_producer()
        make_obligation(unit, deadline=datetime.date(2025, 1, 31))
        make_obligation(unit, sector="auto_parts", deadline=datetime.date(2025, 12, 31))
        make_product(producer=unit, status=Product.Status.REGISTERED)
        assert [list(Producer.objects.obliged(state, TODAY)) for state in ("met", "open", "overdue")] == [
            [], [unit], []]
        assert list(Producer.objects.obliged("met", TODAY, sector=sector("home_appliances"))) == [unit]
        assert list(Producer.objects.obliged(as_of=datetime.date(2024, 12, 31))) == []  # notified 2025-01-01

    def test_overdue_and_open_as_plain_conditions_agree_with_the_state(self):
        met = make_obligation(deadline=datetime.date(2025, 1, 31))
        make_product(producer=met.producer, status=Product.Status.REGISTERED)
        overdue = make_obligation(deadline=datetime.date(2025, 5, 31))
        make_product(producer=overdue.producer)
        on_the_day = make_obligation(deadline=TODAY)
        empty = make_obligation(deadline=datetime.date(2025, 12, 31))
        for as_of in (TODAY, datetime.date(2026, 1, 1)):
            for state, method in (("overdue", Obligation.objects.overdue), ("open", Obligation.objects.open)):
                assert set(method(as_of)) == set(Obligation.objects.in_state(state, as_of)), (state, as_of)
        assert set(Obligation.objects.open(TODAY)) == {on_the_day, empty}
        assert set(Obligation.objects.overdue(datetime.date(2026, 1, 1))) == {overdue, on_the_day, empty}


class TestSmugglingItems:
    def test_produced_and_registered_locally(self):
        registered_item = make_smuggling_item()
        pending_item = make_smuggling_item()
        unproduced_item = make_smuggling_item()
        make_product(smuggling_item=registered_item, status=Product.Status.REGISTERED, sector="auto_parts")
        make_product(smuggling_item=registered_item, sector="auto_parts")
        make_product(smuggling_item=pending_item, sector="auto_parts")
        flags = {item.code: (item.produced_locally, item.registered_locally)
                 for item in SmugglingItem.objects.with_local_flags()}
        assert flags == {registered_item.code: (True, True), pending_item.code: (True, False),
                         unproduced_item.code: (False, False)}

    def test_in_a_county_and_by_a_day_only_that_county_s_products_count_by_then(self):
        # The county's flags are read in one grouped query (SmugglingItemQuerySet._with_county_flags);
        # they must say what the province's EXISTS rule says of that county's products.
        baneh, saqqez = county("baneh"), county("saqqez")
        in_baneh, in_saqqez = make_producer(county=baneh), make_producer(county=saqqez)
        both, baneh_late, saqqez_only, none = (make_smuggling_item() for _ in range(4))
        make_product(in_baneh, smuggling_item=both, sector="auto_parts", status=Product.Status.REGISTERED,
                     declared_on=datetime.date(2024, 1, 1), registered_on=datetime.date(2024, 6, 1))
        make_product(in_saqqez, smuggling_item=both, sector="auto_parts")
        make_product(in_baneh, smuggling_item=baneh_late, sector="auto_parts", status=Product.Status.REGISTERED,
                     declared_on=datetime.date(2024, 1, 1), registered_on=datetime.date(2025, 6, 1))
        make_product(in_saqqez, smuggling_item=saqqez_only, sector="auto_parts", declared_on=datetime.date(2025, 3, 1))

        def flags(**kwargs):
            return {item.code: (item.produced_locally, item.registered_locally)
                    for item in SmugglingItem.objects.with_local_flags(**kwargs)}

        assert flags(county=baneh.pk) == {both.code: (True, True), baneh_late.code: (True, True),
                                          saqqez_only.code: (False, False), none.code: (False, False)}
        assert flags(county=saqqez.pk) == {both.code: (True, False), baneh_late.code: (False, False),
                                           saqqez_only.code: (True, False), none.code: (False, False)}
        assert flags(county=baneh.pk, as_of=datetime.date(2025, 1, 1)) == {
            both.code: (True, True), baneh_late.code: (True, False), saqqez_only.code: (False, False),
            none.code: (False, False)}
        assert flags(county=saqqez.pk, as_of=datetime.date(2025, 1, 1)) == {
            both.code: (True, False), baneh_late.code: (False, False), saqqez_only.code: (False, False),
            none.code: (False, False)}
        assert SmugglingItem.objects.with_local_flags(county=saqqez.pk).filter(produced_locally=True).count() == 2
