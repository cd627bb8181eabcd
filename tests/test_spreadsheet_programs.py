"""Files that passed through Excel or LibreOffice import as the clerk meant them (spec section 3):
identifiers that became numbers get their leading zeros back where that is certain, and are
refused saying what happened where it is not; a date cell before 1700 is the Jalali date it shows;
XLSX, ODS, XLS and CSV (`,` or `;`) alike.

tests/samples/calc/libreoffice/ holds files LibreOffice Calc made from tests/samples/calc/*.csv
(tests/libreoffice.py), so this runs everywhere; where LibreOffice is installed, every sample of
tests/samples is opened and saved by it here too.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from registry import reconciliation, spreadsheets
from registry.importing import KINDS, import_file
from registry.importing.cells import Identifier, JalaliDate
from registry.importing.kinds import goods_id, national_id
from registry.models import Producer, Product
from tests import libreoffice
from tests.test_importing import SAMPLE_FILES, SAMPLES, problems

pytestmark = pytest.mark.django_db

CALC = Path(__file__).resolve().parent / "samples" / "calc"
SAVED = CALC / "libreoffice"
FORMATS = ("xlsx", "ods", "xls", "csv")
D = datetime.date
# Products registered once every sample is imported (tests/test_importing.py imports the originals).
REGISTERED = 327


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(kind, path, **options):
    return import_file(kind, path.read_bytes(), path.name, **options)


def imported(kind, path, **options):
    outcome = run(kind, path, **options)
    assert outcome.ok, problems(outcome)
    return outcome


def widget(kind, column):
    return KINDS[kind].columns[column].widget


# -- the restoration table ----------------------------------------------------------------------

RESTORED = [
    # (kind, column, the cell as a spreadsheet gives it, the value read)
    ("producers", "national_id", 2415920663, "02415920663"),       # a legal ID that lost its zero
    ("producers", "national_id", 2415920663.0, "02415920663"),     # as ODS and XLS give numbers
    ("producers", "national_id", "2415920663", "02415920663"),     # as Excel's CSV writes it
    ("producers", "national_id", 112579760, "0112579760"),         # a national code that lost its zero
    ("producers", "national_id", 84575948, "0084575948"),          # … and its two zeros
    ("producers", "national_id", 10380284790, "10380284790"),      # complete: as it is
    ("producers", "national_id", 8501911542, "8501911542"),        # a valid national code as it is
    ("producers", "national_id", "۰۱۱۲۵۷۹۷۶۰", "0112579760"),     # Persian digits, zero kept
    ("products", "goods_id", 12345678905, "0012345678905"),        # a GTIN-13 with two zeros
    ("products", "goods_id", 6261234567897, "6261234567897"),
    ("producers", "phone", 9183951415, "09183951415"),             # a mobile number
    ("producers", "phone", "09183951415", "09183951415"),
    ("producers", "phone", 8733123456.0, None),                     # a landline: not certain
    ("producers", "postal_code", 6616714111, "6616714111"),
    ("producers", "postal_code", 616714111, None),                  # no check digit: not certain
    ("producers", "isic_code", 1511, "1511"),
    ("producers", "isic_code", 810, None),                          # 0810? not certain
    ("producers", "national_id", 129653195, None),                  # 0129653195 or 00129653195
    ("products", "goods_id", "6.26123E+12", None),                  # digits lost for good
    ("producers", "national_id", 12345, "12345"),                   # too short to be shortened: the model refuses it
]


@pytest.mark.parametrize(("kind", "column", "cell", "value"), RESTORED)
def test_the_restoration_table_of_every_identifier_kind(kind, column, cell, value):
    reader = widget(kind, column)
    if value is None:
        with pytest.raises(ValueError):  # noqa: PT011 (the messages are checked below)
            reader.clean(cell)
    else:
        assert reader.clean(cell) == value


def test_what_a_refused_identifier_says_happened():
    with pytest.raises(ValueError) as ambiguous:
        national_id().clean(129653195)
    assert str(ambiguous.value) == (
        "«129653195» could be 0129653195 / 00129653195: a spreadsheet (Excel or LibreOffice) probably removed its "
        "leading zeros. Format the column as text in the spreadsheet and type the value with its zeros.")
    with pytest.raises(ValueError) as short:
        widget("producers", "phone").clean(8733123456)
    assert str(short.value) == (
        "«8733123456» has 10 digits where this column needs 11: a spreadsheet (Excel or LibreOffice) probably "
        "removed its leading zeros. Format the column as text in the spreadsheet and type the value with its zeros.")
    with pytest.raises(ValueError) as scientific:
        goods_id().clean("6.26123E+12")
    assert str(scientific.value) == (
        "«6.26123E+12» is a number in scientific notation, as a spreadsheet shows a long number in a narrow column: "
        "its last digits are lost. Format the column as text and type the number again.")


def test_a_whole_number_in_scientific_notation_is_refused_too():
    with pytest.raises(ValueError, match="scientific notation"):
        widget("auctions", "deposit_rials").clean("2.1E+09")


def test_an_identifier_too_short_to_be_a_shortened_one_is_left_to_the_model():
    assert Identifier(10, 11, check=lambda text: False).clean(123) == "123"


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "libreoffice", "shown"), [
    (D(1405, 5, 27), True, (1405, 5, 18)),     # LibreOffice shows the Julian calendar before 1582
    (D(1400, 3, 9), True, (1400, 2, 29)),      # a Julian leap day no Gregorian date has
    (D(1405, 5, 18), False, (1405, 5, 18)),    # another program's date is read as it is
    (D(1650, 3, 1), True, (1650, 3, 1)),       # Gregorian after 1582, in LibreOffice too
    (datetime.datetime(1405, 5, 27), True, (1405, 5, 18)),
])
def test_a_date_cell_before_1700_is_the_date_its_program_shows(cell, libreoffice, shown):
    assert spreadsheets.shown_date(cell, libreoffice) == spreadsheets.ShownDate(*shown)


def test_a_date_cell_from_1700_on_is_a_gregorian_date():
    assert spreadsheets.shown_date(D(2026, 8, 9), True) == D(2026, 8, 9)


def test_a_shown_date_is_read_as_jalali_and_says_so():
    cell = spreadsheets.ShownDate(1405, 5, 18)
    assert JalaliDate().clean(cell) == D(2026, 8, 9)
    assert JalaliDate().note(cell, D(2026, 8, 9)) == ("read as Jalali", "1405-05-18", "1405/05/18")
    with pytest.raises(ValueError, match="does not exist"):
        JalaliDate().clean(spreadsheets.ShownDate(1404, 12, 31))


# -- files LibreOffice saved (committed) ----------------------------------------------------------


def producers_as_imported():
    return dict(Producer.objects.values_list("national_id", "phone"))


@pytest.mark.parametrize("extension", FORMATS)
def test_producers_saved_by_libreoffice_import_as_the_original(extension):
    original = imported("producers", CALC / "producers.csv")
    expected = producers_as_imported()
    Producer.objects.all().delete()
    saved = imported("producers", SAVED / f"producers.{extension}")
    assert saved.counts == original.counts == {"new": 4, "updated": 0, "unchanged": 0}
    # What the clerk sees in the spreadsheet: a legal ID that reads as a valid national code
    # once its zero is gone (08501911542 → 8501911542) stays so.
    expected["8501911542"] = expected.pop("08501911542")
    assert producers_as_imported() == expected == {
        "02415920663": "09183951415", "0112579760": "09121234567", "0084575948": "", "8501911542": ""}


@pytest.mark.parametrize("extension", FORMATS)
def test_saved_producers_imported_again_change_nothing(extension):
    imported("producers", CALC / "producers.csv")
    again = imported("producers", SAVED / f"producers.{extension}")
    # 8501911542 finds the stored 08501911542: the one zero-padded form on record.
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 4}


@pytest.mark.parametrize("extension", FORMATS)
def test_products_saved_by_libreoffice_refer_to_their_producers_and_keep_their_jalali_dates(extension):
    imported("producers", CALC / "producers.csv")
    imported("products", SAVED / f"products.{extension}")
    products = {name: (producer, goods, declared, registered) for name, producer, goods, declared, registered
                in Product.objects.values_list("name", "producer__national_id", "goods_id", "declared_on",
                                               "registered_on")}
    assert products == {
        "کالای یک": ("02415920663", "6261234567897", D(2026, 1, 22), D(2026, 8, 9)),
        "کالای دو": ("0112579760", "0012345678905", D(2021, 5, 10), D(2021, 5, 19)),
        "کالای سه": ("0084575948", None, D(2026, 4, 4), None),
        "کالای چهار": ("08501911542", None, D(2025, 9, 22), None),
    }


def test_the_preview_says_per_row_what_was_restored():
    imported("producers", CALC / "producers.csv")
    outcome = run("products", SAVED / "products.ods", dry_run=True, keep_rows=True)
    notes = {row.number: [str(note) for note in row.notes] for row in outcome.rows}
    assert notes == {
        2: ["producer: leading zero restored: 2415920663 → 02415920663",
            "declared_on: read as Jalali: 1404-11-02 → 1404/11/02",
            "registered_on: read as Jalali: 1405-05-18 → 1405/05/18"],
        3: ["producer: leading zero restored: 112579760 → 0112579760",
            "goods_id: leading zero restored: 12345678905 → 0012345678905",
            "declared_on: read as Jalali: 1400-02-20 → 1400/02/20",
            "registered_on: read as Jalali: 1400-02-29 → 1400/02/29"],
        4: ["producer: leading zero restored: 84575948 → 0084575948"],
        5: ["producer: leading zero restored: 8501911542 → 08501911542"],
    }


@pytest.mark.parametrize("extension", FORMATS)
def test_the_uncertain_cases_are_refused_with_what_probably_happened(extension):
    outcome = run("producers", SAVED / f"bad_producers.{extension}")
    assert [(issue.row, issue.column) for issue in outcome.errors] == [
        (2, "national_id"), (3, "phone"), (4, "postal_code")]
    assert outcome.errors[0].message.startswith("«129653195» could be 0129653195 / 00129653195")
    assert outcome.errors[1].message.startswith("«8733123456» has 10 digits where this column needs 11")
    assert outcome.errors[2].message.startswith("«616714111» has 9 digits where this column needs 10")


@pytest.mark.parametrize("extension", FORMATS)
def test_the_national_list_saved_by_libreoffice_reads_as_the_original(extension):
    def rows(path):
        return [(row.goods_id, row.national_id, row.registered_on)
                for row in reconciliation.read_list(path.read_bytes(), path.name)]

    assert rows(SAVED / f"national.{extension}") == rows(CALC / "national.csv") == [
        ("6261234567897", "02415920663", D(2026, 8, 9)),
        ("0012345678905", "0112579760", D(2021, 5, 19)),
        ("4006381333931", "0084575948", D(2025, 9, 22)),
    ]


def test_a_csv_with_a_goods_id_in_scientific_notation_is_refused_saying_so():
    imported("producers", CALC / "producers.csv")
    data = "producer;name;sector;goods_id;status;declared_on;registered_on\n" \
           "02415920663;کالا;food;6.26123E+12;registered;1405/01/01;1405/01/02\n"
    outcome = import_file("products", data.encode(), "excel.csv")
    assert [(issue.row, issue.column) for issue in outcome.errors] == [(2, "goods_id")]
    assert "scientific notation" in outcome.errors[0].message


# -- every sample, opened and saved by LibreOffice here ------------------------------------------


@pytest.fixture(scope="module")
def saved_samples(tmp_path_factory):
    libreoffice.require()
    paths = [SAMPLES / name for _kind, name, *_counts in SAMPLE_FILES]
    directory = tmp_path_factory.mktemp("calc")
    return {extension: libreoffice.save_as(paths, extension, directory / extension) for extension in FORMATS}


@pytest.mark.parametrize("extension", FORMATS)
def test_every_sample_saved_by_libreoffice_imports_with_the_totals_of_the_original(saved_samples, extension):
    for (kind, _name, new, unchanged), path in zip(SAMPLE_FILES, saved_samples[extension], strict=True):
        outcome = run(kind, path)
        assert outcome.ok, (path.name, problems(outcome)[:5])
        assert (outcome.counts["new"], outcome.counts["updated"], outcome.counts["unchanged"]) == (
            new, 0, unchanged), path.name
    registered = Product.objects.filter(status="registered")
    assert (Producer.objects.count(), Product.objects.count(), registered.count()) == (150, 602, REGISTERED)
