"""Estates, units and handovers (registry/models/estates.py) and their derived facts
(HandoverQuerySet.with_stage, CountyQuerySet.industrial_space_per_person)."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import translation

from registry.jalali import parse
from registry.models import County, Estate, Handover, Unit
from tests.factories import make_estate, make_handover, make_unit

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent / "samples"  # copies of ../shared/samples


def make_stages(identified=0, notified=0, relocated=0, handed_over=0):
    """Handovers standing at each stage, with the dates of the sample file (1404/12 – 1405/04)."""
    dates = {"identified_on": parse("1404/12/06"), "notified_on": parse("1404/12/26"),
             "relocated_on": parse("1405/01/25"), "handed_over_on": parse("1405/04/09")}
    for count, filled in ((identified, 1), (notified, 2), (relocated, 3), (handed_over, 4)):
        for _ in range(count):
            make_handover(**dict(list(dates.items())[:filled]))


def test_the_stage_is_the_last_date_filled():
    make_stages(identified=2, notified=1, relocated=3, handed_over=1)

    counts = Handover.objects.with_stage().values("stage").annotate(n=Count("pk")).order_by("stage_rank")
    assert [(row["stage"], row["n"]) for row in counts] == [
        ("identified", 2), ("notified", 1), ("relocated", 3), ("handed_over", 1),
    ]
    assert Handover.objects.in_stage(Handover.Stage.RELOCATED).count() == 3
    for handover in Handover.objects.with_stage():
        assert handover.current_stage == handover.stage


def test_the_stage_rank_sorts_the_stages_in_their_order():
    make_stages(identified=1, notified=1, relocated=1, handed_over=1)

    ranked = Handover.objects.with_stage().order_by("-stage_rank").values_list("stage", "stage_rank")
    assert list(ranked) == [("handed_over", 3), ("relocated", 2), ("notified", 1), ("identified", 0)]


def test_the_next_step_is_the_first_empty_date_after_the_last_filled():
    handover = make_handover(identified_on=parse("1404/12/06"))
    assert handover.next_step() == (Handover.Stage.NOTIFIED, "notified_on")
    handover.notified_on = handover.relocated_on = handover.handed_over_on = parse("1405/01/10")
    assert handover.next_step() is None


@pytest.mark.parametrize("dates", [
    {"notified_on": parse("1404/12/05")},                                       # notified before identified
    {"relocated_on": parse("1405/01/10")},                                      # relocated, never notified
    {"notified_on": parse("1404/12/20"), "relocated_on": parse("1404/12/19")},  # relocated before notified
    {"notified_on": parse("1404/12/20"), "handed_over_on": parse("1405/01/10")},  # handed over, never relocated
    {"notified_on": parse("1404/12/20"), "relocated_on": parse("1405/01/10"),
     "handed_over_on": parse("1405/01/09")},                                    # handed over before relocated
], ids=["notified-early", "relocated-skipping", "relocated-early", "handed-over-skipping", "handed-over-early"])
def test_the_database_refuses_stage_dates_out_of_order(dates):
    handover = make_handover(identified_on=parse("1404/12/06"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.filter(pk=handover.pk).update(**dates)


@pytest.mark.parametrize(("dates", "field", "message"), [
    ({"notified_on": parse("1404/12/05")}, "notified_on",
     "«تاریخ ابلاغ» نمی‌تواند پیش از «تاریخ شناسایی» باشد."),
    ({"notified_on": parse("1404/12/20"), "relocated_on": parse("1404/12/19")}, "relocated_on",
     "«تاریخ جابه‌جایی» نمی‌تواند پیش از «تاریخ ابلاغ» باشد."),
    ({"relocated_on": parse("1405/01/10")}, "relocated_on",
     "پیش از «تاریخ جابه‌جایی»، «تاریخ ابلاغ» را وارد کنید؛ مراحل به ترتیب پیش می‌روند."),
    ({"notified_on": parse("1404/12/20"), "relocated_on": parse("1405/01/10"),
      "handed_over_on": parse("1405/01/09")}, "handed_over_on",
     "«تاریخ واگذاری» نمی‌تواند پیش از «تاریخ جابه‌جایی» باشد."),
])
def test_stage_dates_out_of_order_are_refused_in_persian_naming_the_fields(dates, field, message):
    handover = Handover(unit=make_unit(), distribution_company="پخش البرز", identified_on=parse("1404/12/06"), **dates)
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        handover.full_clean()
    assert refused.value.message_dict == {field: [message]}


def test_dates_on_the_same_day_are_in_order():
    day = parse("1405/01/10")
    handover = make_handover(identified_on=day, notified_on=day, relocated_on=day, handed_over_on=day)
    handover.full_clean()
    assert handover.current_stage == Handover.Stage.HANDED_OVER


@pytest.mark.parametrize("occupant_kind", [Unit.OccupantKind.INDUSTRY, Unit.OccupantKind.NONE])
def test_only_a_unit_held_by_a_distribution_company_can_be_handed_over(occupant_kind):
    status = Unit.Status.VACANT if occupant_kind == Unit.OccupantKind.NONE else Unit.Status.IDLE
    unit = make_unit(occupant_kind=occupant_kind, status=status)
    handover = Handover(unit=unit, distribution_company="پخش البرز", identified_on=parse("1404/12/06"))
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        handover.full_clean()
    assert refused.value.message_dict == {"unit": ["فقط واحدی که در اختیار شرکت پخش است واگذار می‌شود."]}


def test_a_handover_stays_editable_after_its_unit_passes_to_industry():
    handover = make_handover()
    Unit.objects.filter(pk=handover.unit_id).update(occupant_kind=Unit.OccupantKind.INDUSTRY, status="producing")
    handover = Handover.objects.get(pk=handover.pk)
    handover.relocation_site = "منطقه لجستیک سنندج"
    handover.full_clean()

    handover.unit = make_unit(occupant_kind=Unit.OccupantKind.INDUSTRY, status="producing")
    with pytest.raises(ValidationError) as refused:
        handover.full_clean()
    assert list(refused.value.message_dict) == ["unit"]


def test_a_unit_has_at_most_one_handover():
    handover = make_handover()
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.bulk_create([Handover(unit=handover.unit, distribution_company="دیگر",
                                               identified_on=datetime.date(2025, 1, 1))])


def test_a_plot_is_unique_within_its_estate_only():
    unit = make_unit(plot_number="94")
    make_unit(plot_number="94")  # another estate
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.bulk_create([Unit(estate=unit.estate, plot_number="94", area_m2=10, status="vacant",
                                       occupant_kind="none")])


def test_the_industrial_area_cannot_exceed_the_total_area():
    estate = make_estate(total_area_m2=1000, industrial_area_m2=1000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Estate.objects.filter(pk=estate.pk).update(industrial_area_m2=Decimal("1000.01"))
    estate.industrial_area_m2 = Decimal("1000.01")
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        estate.full_clean()
    assert refused.value.message_dict == {"industrial_area_m2": ["مساحت صنعتی نمی‌تواند از مساحت کل بیشتر باشد."]}


@pytest.mark.parametrize(("status", "occupant_kind"), [("vacant", "industry"), ("idle", "none"), ("producing", "none")])
def test_a_unit_is_vacant_exactly_when_nobody_holds_it(status, occupant_kind):
    unit = make_unit()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(status=status, occupant_kind=occupant_kind)
    unit.status, unit.occupant_kind = status, occupant_kind
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert list(refused.value.message_dict) == ["occupant_kind"]


def per_person():
    rows, province = County.objects.industrial_space_per_person()
    return {county.code: (area, per_capita) for county, area, per_capita in rows}, province


def test_industrial_space_per_person_by_county_and_province_rounds_half_up_to_two_decimals():
    make_estate(county="sanandaj", total_area_m2=Decimal("400000"), industrial_area_m2=Decimal("338865.25"))
    make_estate(county="sanandaj", total_area_m2=Decimal("300000"), industrial_area_m2=Decimal("247577.50"))
    # 35,277.90 / 44,940 is exactly 0.785, and 90,045 / 80,040 exactly 1.125: half up, not to even.
    make_estate(county="sarvabad", total_area_m2=Decimal("50000"), industrial_area_m2=Decimal("35277.90"))
    make_estate(county="divandarreh", total_area_m2=Decimal("100000"), industrial_area_m2=Decimal("90045"))
    # Cents that a float sum would get wrong (0.1 + 0.2).
    make_estate(county="baneh", total_area_m2=Decimal("1"), industrial_area_m2=Decimal("0.10"))
    make_estate(county="baneh", total_area_m2=Decimal("1"), industrial_area_m2=Decimal("0.20"))

    counties, province = per_person()

    assert counties["sanandaj"] == (Decimal("586442.75"), Decimal("1.17"))
    assert counties["sarvabad"] == (Decimal("35277.90"), Decimal("0.79"))
    assert counties["divandarreh"] == (Decimal("90045.00"), Decimal("1.13"))
    assert counties["baneh"] == (Decimal("0.30"), Decimal("0.00"))
    assert counties["bijar"] == (Decimal("0.00"), Decimal("0.00"))
    # The same digits on every database (SQLite sums decimals as floats).
    assert [str(counties[code][0]) for code in ("sanandaj", "baneh", "bijar")] == ["586442.75", "0.30", "0.00"]
    assert province == {"population": 1_603_011, "industrial_area_m2": Decimal("711765.95"),
                        "per_capita_m2": Decimal("0.44")}


def test_industrial_space_per_person_of_the_sample_estates():
    with open(SAMPLES / "02_estates.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            make_estate(**row)

    counties, province = per_person()

    assert {code: per_capita for code, (_area, per_capita) in counties.items()} == {
        "sanandaj": Decimal("1.17"), "saqqez": Decimal("3.94"), "marivan": Decimal("0.78"),
        "baneh": Decimal("0.95"), "qorveh": Decimal("1.03"), "kamyaran": Decimal("2.03"),
        "bijar": Decimal("4.16"), "divandarreh": Decimal("2.83"), "dehgolan": Decimal("5.20"),
        "sarvabad": Decimal("9.40"),
    }
    assert counties["sanandaj"][0] == Decimal("586442.00")
    assert province == {"population": 1_603_011, "industrial_area_m2": Decimal("3486637.00"),
                        "per_capita_m2": Decimal("2.18")}


def test_industrial_space_per_person_of_some_counties():
    make_estate(county="sanandaj", industrial_area_m2=Decimal("50140.20"))
    make_estate(county="baneh", industrial_area_m2=Decimal("15869"))

    rows, province = County.objects.filter(code__in=("sanandaj", "baneh")).industrial_space_per_person()

    assert [(county.code, per_capita) for county, _area, per_capita in rows] == [
        ("baneh", Decimal("0.10")), ("sanandaj", Decimal("0.10")),
    ]
    assert province == {"population": 660_092, "industrial_area_m2": Decimal("66009.20"),
                        "per_capita_m2": Decimal("0.10")}
