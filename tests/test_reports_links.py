"""Every figure leads to what it counts (registry/reports/links.py): each count of each report's
totals and tables, and of the dashboard, is a link to an admin list whose filters show in its
panel and whose count is the figure. Hand-built data, with a county, a sector and an as-of day or
a year where the report takes them; every link on the page is followed."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from registry import services
from registry.models import Auction, Licence, Lot, Mine, Producer, Shipment, Unit
from registry.text import digits_to_ascii
from tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


class Links(HTMLParser):
    """(href, text) of every link to an admin list of the registry on a page."""

    def __init__(self):
        super().__init__()
        self.links, self._href, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/admin/registry/"):
            self._href, self._text = href, []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def page_links(html):
    parser = Links()
    parser.feed(html)
    return parser.links


def number(text):
    """A figure as the page writes it (۱٬۲۳۴ or 1,234; ۱۲٫۵۰) as a number."""
    plain = digits_to_ascii(text).replace("٬", "").replace(",", "").replace("٫", ".")
    return Decimal(plain) if "." in plain else int(plain)


def listed(response):
    """What an admin list holds of the figure that led to it: its count of records, or for jobs
    and areas (sums, not counts) the sum the list shows."""
    changelist = response.context["cl"]
    model = changelist.model._meta.model_name
    if model == "employmentrecord":
        return response.context["jobs_total"]
    if model == "estate":
        return sum(estate.industrial_area_m2 for estate in changelist.queryset)
    return changelist.result_count


def listed_tonnes(response):
    """The tonnes of the shipments an admin list holds (the sum it shows by stage)."""
    return sum(tonnes for _stage, tonnes in response.context["tonnage_by_stage"])


def assert_filters_shown(response, href):
    """Every parameter of the link is a filter of the list's panel with a choice selected."""
    changelist = response.context["cl"]
    shown = set()
    for spec in changelist.filter_specs:
        choices = list(spec.choices(changelist))
        if spec.has_output() and not choices[0]["selected"] and any(choice["selected"] for choice in choices[1:]):
            shown |= set(spec.expected_parameters())
    asked = set(parse_qs(urlsplit(href).query))
    assert asked <= shown, (href, asked - shown)


def follow_every_link(client, url, params=None):
    """Open the page, follow each figure's link; return {href: figure} after asserting that each
    list holds the figure and shows its filters."""
    html = client.get(url, params or {}).content.decode()
    figures = Figures()
    for href, text in page_links(html):
        response = client.get(href)
        assert response.status_code == 200, href
        figure = number(text)
        assert_filters_shown(response, href)
        # A tonnage leads to the same list as the count of its shipments: it is the list's sum of
        # tonnes, kept apart (the tests' tonnages never equal their counts).
        if "/shipment/" in href and figure != listed(response):
            assert listed_tonnes(response) == figure, (href, text, listed_tonnes(response))
            figures.tonnes[href] = figure
            continue
        assert listed(response) == figure, (href, text, listed(response))
        figures[href] = figure
    assert figures, url
    return figures


class Figures(dict):
    """{href: figure} of the counts (and sums) a page links, and apart {href: tonnes}."""

    def __init__(self):
        super().__init__()
        self.tonnes = {}


def linked(figures, path, **params):
    """The figure whose link goes to `path` with exactly `params` (values as strings)."""
    wanted = {key: [str(value)] for key, value in params.items()}
    [figure] = [figure for href, figure in figures.items()
                if urlsplit(href).path == path and parse_qs(urlsplit(href).query) == wanted]
    return figure


PRODUCTS, PRODUCERS = "/admin/registry/product/", "/admin/registry/producer/"


# -- transparency ------------------------------------------------------------------------------


@pytest.fixture
def products(db):
    sanandaj = f.make_producer(county="sanandaj")
    f.make_product(sanandaj, status="registered", declared_on=D(2025, 1, 1), registered_on=D(2025, 2, 1))
    f.make_product(sanandaj, declared_on=D(2025, 1, 1))
    f.make_product(sanandaj, status="registered", declared_on=D(2025, 1, 1), registered_on=D(2025, 7, 1))
    f.make_product(sanandaj, declared_on=D(2025, 8, 1))  # after the day
    f.make_product(sanandaj, sector="food", status="registered")  # another sector
    f.make_product(f.make_producer(county="baneh"), status="registered")  # another county


def test_transparency_figures_lead_to_the_products_they_count(supervisor_client, products):
    county, sector = f.county("sanandaj"), f.sector("home_appliances")
    figures = follow_every_link(supervisor_client, "/reports/transparency/",
                                {"county": "sanandaj", "sector": "home_appliances", "as_of": "1404/03/11",
                                 "year": "1404"})
    where = {"producer__county__id__exact": county.pk, "sector__id__exact": sector.pk, "as_of": "2025-06-01"}
    # Declared by 1404/03/11 (2025-06-01): three; of them registered by then: one.
    assert linked(figures, PRODUCTS, **where) == 3
    assert linked(figures, PRODUCTS, **where, registered="yes") == 1
    assert linked(figures, PRODUCTS, **where, registered="no") == 2
    # The month series counts at each month's end: Bahman 1403 ends 2025-02-18, after the first registration.
    assert linked(figures, PRODUCTS, producer__county__id__exact=county.pk, sector__id__exact=sector.pk,
                  as_of="2025-02-18", registered="yes") == 1


def test_transparency_without_a_day_leads_to_every_product(supervisor_client, products):
    figures = follow_every_link(supervisor_client, "/reports/transparency/")
    assert linked(figures, PRODUCTS) == 6
    assert linked(figures, PRODUCTS, registered="yes") == 4
    assert linked(figures, PRODUCTS, producer__county__id__exact=f.county("baneh").pk) == 1


# -- obligations -------------------------------------------------------------------------------


@pytest.fixture
def obligations(db):
    """Four obliged units in Sanandaj and one in Baneh; products declared 2025-01-01, registered 2025-01-31."""
    march, december = D(2025, 3, 1), D(2025, 12, 31)
    met = f.make_producer(name="الف")  # met in home appliances, overdue in auto parts
    f.make_obligation(met, deadline=march)
    f.make_obligation(met, sector="auto_parts", deadline=march)
    f.make_product(met, status="registered")
    f.make_product(met, status="registered")
    open_ = f.make_producer(name="ب")
    f.make_obligation(open_, deadline=december)
    f.make_obligation(open_, sector="auto_parts", deadline=march)
    f.make_product(open_, sector="auto_parts", status="registered")
    overdue = f.make_producer(name="پ")
    f.make_obligation(overdue, deadline=march)
    f.make_product(overdue)
    f.make_product(overdue, status="registered")
    f.make_obligation(f.make_producer(name="ت"), deadline=december, notified_on=D(2025, 7, 1))  # after the day
    f.make_obligation(f.make_producer(county="baneh"), deadline=march)


def test_obligations_figures_lead_to_the_units_and_items_they_count(supervisor_client, obligations):
    figures = follow_every_link(supervisor_client, "/reports/obligations/",
                                {"county": "sanandaj", "sector": "home_appliances", "as_of": "2025-06-01"})
    where = {"county__id__exact": f.county("sanandaj").pk, "obligation_sector": f.sector("home_appliances").pk,
             "as_of": "2025-06-01"}
    assert linked(figures, PRODUCERS, **where, obligation_state="obliged") == 3
    assert [linked(figures, PRODUCERS, **where, obligation_state=state) for state in ("met", "open", "overdue")] == [
        1, 1, 1]
    assert linked(figures, PRODUCTS, producer__county__id__exact=f.county("sanandaj").pk,
                  sector__id__exact=f.sector("home_appliances").pk, as_of="2025-06-01", registered="yes",
                  obligated="yes") == 3


def test_an_obligated_unit_s_row_leads_to_its_obligations_and_registered_items(supervisor_client, obligations):
    figures = follow_every_link(supervisor_client, "/reports/obligations/", {"as_of": "2025-06-01"})
    unit = Producer.objects.get(name="ب")
    assert linked(figures, "/admin/registry/obligation/", producer__id__exact=unit.pk, as_of="2025-06-01") == 2
    assert linked(figures, PRODUCTS, producer__id__exact=unit.pk, as_of="2025-06-01", registered="yes",
                  obligated="yes") == 1
    # Of the whole province: the Baneh unit too, not the one notified after the day; a unit
    # stands in the state of its worst obligation.
    assert linked(figures, PRODUCERS, as_of="2025-06-01", obligation_state="obliged") == 4
    assert [linked(figures, PRODUCERS, as_of="2025-06-01", obligation_state=state)
            for state in ("met", "open", "overdue")] == [0, 1, 3]


# -- smuggling ---------------------------------------------------------------------------------


@pytest.fixture
def smuggling(db):
    items = [f.make_smuggling_item() for _n in range(3)]
    sanandaj, baneh = f.make_producer(), f.make_producer(county="baneh")
    f.make_product(sanandaj, sector="auto_parts", smuggling_item=items[0], status="registered")
    f.make_product(baneh, sector="auto_parts", smuggling_item=items[1], status="registered")
    f.make_product(baneh, sector="auto_parts", smuggling_item=items[2], declared_on=D(2025, 8, 1))
    f.make_smuggling_item(sector="home_appliances")


def test_smuggling_figures_lead_to_the_items_they_count(supervisor_client, smuggling):
    figures = follow_every_link(supervisor_client, "/reports/smuggling/",
                                {"county": "baneh", "sector": "auto_parts", "as_of": "2025-06-01"})
    where = {"sector__id__exact": f.sector("auto_parts").pk, "production_county": f.county("baneh").pk,
             "as_of": "2025-06-01"}
    assert linked(figures, "/admin/registry/smugglingitem/", **where) == 3
    assert linked(figures, "/admin/registry/smugglingitem/", **where, produced_locally="yes") == 1
    assert linked(figures, "/admin/registry/smugglingitem/", **where, registered_locally="yes") == 1


def test_smuggling_figures_as_of_a_day_lead_to_the_items_of_the_lists_up_to_its_year(supervisor_client, smuggling):
    f.make_product(sector="auto_parts", smuggling_item=f.make_smuggling_item(list_year=1404))
    figures = follow_every_link(supervisor_client, "/reports/smuggling/", {"as_of": "1403/12/30"})  # 2025-03-20
    assert linked(figures, "/admin/registry/smugglingitem/", as_of="2025-03-20") == 4
    assert linked(figures, "/admin/registry/smugglingitem/", as_of="2025-03-20", produced_locally="yes") == 2
    figures = follow_every_link(supervisor_client, "/reports/smuggling/", {"as_of": "1404/01/01"})
    assert linked(figures, "/admin/registry/smugglingitem/", as_of="2025-03-21") == 5


# -- mining ------------------------------------------------------------------------------------


@pytest.fixture
def mines(db):
    f.make_mine(status=Mine.Status.ACTIVE, mineral="limestone")
    f.make_mine()
    f.make_mine()
    f.make_mine(status=Mine.Status.IN_AUCTION)
    f.make_mine(county="baneh", status=Mine.Status.REVOKED, mineral="gypsum")
    f.make_mine(county="baneh")


def test_mining_figures_lead_to_the_mines_they_count(supervisor_client, mines):
    figures = follow_every_link(supervisor_client, "/reports/mining/", {"county": "sanandaj"})
    sanandaj = f.county("sanandaj").pk
    assert linked(figures, "/admin/registry/mine/", county__id__exact=sanandaj) == 4
    assert linked(figures, "/admin/registry/mine/", county__id__exact=sanandaj, status__exact="idle",
                  mineral__rubble_stone__exact="1") == 2
    assert linked(figures, "/admin/registry/mine/", county__id__exact=sanandaj,
                  mineral__id__exact=f.mineral("limestone").pk, status__exact="active") == 1
    figures = follow_every_link(supervisor_client, "/reports/mining/")
    assert linked(figures, "/admin/registry/mine/", county__id__exact=f.county("baneh").pk) == 2


# -- auctions ----------------------------------------------------------------------------------


@pytest.fixture
def auctions(db):
    awarded = f.make_auction(status=Auction.Status.AWARDED)  # announced 2025-01-01 (1403)
    signed, won, failed = (f.make_lot(awarded) for _n in range(3))
    for lot, contract in ((signed, D(2025, 3, 1)), (won, None)):
        lot.winning_bid = f.make_bid(lot)
        lot.contract_signed_on = contract
        lot.save()
    f.make_lot(awarded, mine=f.make_mine(county="baneh"))
    under_way = f.make_auction(status=Auction.Status.PUBLISHED, announced_on=D(2025, 4, 1),
                               bid_deadline=D(2025, 5, 1), opening_on=D(2025, 5, 2))
    f.make_lot(under_way)


def test_auction_figures_lead_to_the_auctions_and_lots_they_count(supervisor_client, auctions):
    figures = follow_every_link(supervisor_client, "/reports/auctions/", {"county": "sanandaj", "year": "1403"})
    where = {"mine__county__id__exact": f.county("sanandaj").pk, "announced_in": "1403"}
    assert linked(figures, "/admin/registry/auction/", county=f.county("sanandaj").pk,
                  announced_on__jalali_year="1403") == 1
    assert linked(figures, "/admin/registry/lot/", **where) == 3
    assert [linked(figures, "/admin/registry/lot/", **where, outcome=outcome)
            for outcome in ("awarded", "failed", "reactivated")] == [2, 1, 1]


def test_auction_figures_as_of_a_day_lead_to_the_auctions_announced_and_contracts_signed_by_then(
        supervisor_client, auctions):
    figures = follow_every_link(supervisor_client, "/reports/auctions/", {"as_of": "2025-02-28"})
    assert linked(figures, "/admin/registry/auction/", as_of="2025-02-28") == 1
    assert linked(figures, "/admin/registry/lot/", as_of="2025-02-28") == 4
    assert linked(figures, "/admin/registry/lot/", as_of="2025-02-28", outcome="reactivated") == 0
    figures = follow_every_link(supervisor_client, "/reports/auctions/", {"as_of": "2025-03-01", "county": "sanandaj"})
    assert linked(figures, "/admin/registry/lot/", mine__county__id__exact=f.county("sanandaj").pk,
                  as_of="2025-03-01", outcome="reactivated") == 1


# -- shipments ---------------------------------------------------------------------------------


@pytest.fixture
def shipments(db):
    goods = f.make_product(status="registered").goods_id
    f.make_shipment(stage=Shipment.Stage.RAW, mine=f.make_mine(), quantity_tonnes=Decimal("100.25"))
    f.make_shipment(stage=Shipment.Stage.PROCESSED, destination=Shipment.Destination.EXPORT,
                    destination_country="IQ", goods_id=goods, processor=f.make_producer(),
                    quantity_tonnes=Decimal("40.125"))
    f.make_shipment(mine=f.make_mine(county="baneh"), quantity_tonnes=Decimal("7.5"))
    f.make_shipment(mine=f.make_mine(), shipped_on=D(2024, 6, 1), quantity_tonnes=Decimal("3.5"))  # 1403


def test_shipment_figures_lead_to_the_shipments_they_count(supervisor_client, shipments):
    figures = follow_every_link(supervisor_client, "/reports/shipments/", {"county": "sanandaj", "year": "1404"})
    where = {"county": f.county("sanandaj").pk, "shipped_on__jalali_year": "1404"}
    assert linked(figures, "/admin/registry/shipment/", **where) == 2
    assert linked(figures, "/admin/registry/shipment/", **where, stage__exact="processed",
                  destination__exact="export") == 1
    assert linked(figures, "/admin/registry/shipment/", **where, stage__exact="raw", destination__exact="export") == 0
    # The tonnes lead to the shipments they sum: all of them (100.25 + 40.125), the exported ones,
    # each stage and destination's.
    assert linked(figures.tonnes, "/admin/registry/shipment/", **where) == Decimal("140.375")
    assert linked(figures.tonnes, "/admin/registry/shipment/", **where, destination__exact="export") == Decimal(
        "40.125")
    assert linked(figures.tonnes, "/admin/registry/shipment/", **where, stage__exact="raw",
                  destination__exact="domestic") == Decimal("100.25")


def test_shipment_figures_as_of_a_day_lead_to_that_year_s_shipments_by_then(supervisor_client, shipments):
    """As of 1404/03/11 (2025-06-01), the day three of them were shipped; not the one of 1403."""
    f.make_shipment(mine=f.make_mine(), shipped_on=D(2025, 6, 2))
    figures = follow_every_link(supervisor_client, "/reports/shipments/", {"as_of": "1404/03/11"})
    where = {"shipped_on__jalali_year": "1404", "as_of": "2025-06-01"}
    assert linked(figures, "/admin/registry/shipment/", **where) == 3
    assert linked(figures, "/admin/registry/shipment/", **where, stage__exact="crushed",
                  destination__exact="domestic") == 1


# -- industrial space --------------------------------------------------------------------------


def test_industrial_space_leads_to_the_county_s_estates(supervisor_client, db):
    f.make_estate(industrial_area_m2=401_402, total_area_m2=600_000)
    f.make_estate(industrial_area_m2=100_000)
    f.make_estate(county="baneh", industrial_area_m2=79_345)
    figures = follow_every_link(supervisor_client, "/reports/industrial-space/")
    assert linked(figures, "/admin/registry/estate/", county__id__exact=f.county("sanandaj").pk) == 501_402
    assert linked(figures, "/admin/registry/estate/") == 580_747


# -- handovers ---------------------------------------------------------------------------------


@pytest.fixture
def handovers(db):
    baneh = f.make_estate(county="baneh")
    f.make_handover()
    f.make_handover(notified_on=D(2025, 2, 1))
    f.make_handover(notified_on=D(2025, 2, 1), relocated_on=D(2025, 3, 1))
    f.make_handover(f.make_unit(baneh), notified_on=D(2025, 2, 1), relocated_on=D(2025, 3, 1),
                    handed_over_on=D(2025, 4, 1))
    f.make_handover(identified_on=D(2025, 5, 1))
    f.make_unit(baneh)  # held by a distribution company, no case yet


def test_handover_figures_lead_to_the_cases_at_each_stage_as_of_a_day(supervisor_client, handovers):
    figures = follow_every_link(supervisor_client, "/reports/handovers/", {"as_of": "1403/11/27"})  # 2025-02-15
    assert [linked(figures, "/admin/registry/handover/", as_of="2025-02-15", stage=stage)
            for stage in ("identified", "notified", "relocated", "handed_over")] == [1, 3, 0, 0]
    figures = follow_every_link(supervisor_client, "/reports/handovers/", {"county": "baneh"})
    baneh = f.county("baneh").pk
    assert linked(figures, "/admin/registry/handover/", unit__estate__county__id__exact=baneh,
                  stage="handed_over") == 1
    estate = Unit.objects.filter(estate__county=baneh).first().estate_id
    assert linked(figures, "/admin/registry/unit/", estate__county__id__exact=baneh, estate__id__exact=estate,
                  status__exact="idle", occupant_kind__exact="distribution") == 2


# -- employment --------------------------------------------------------------------------------


@pytest.fixture
def jobs(db):
    """Baneh in 1404: 50 jobs of this directorate in two records, 30 of cooperatives; elsewhere or
    in another year, more."""
    for month, jobs in ((1, 20), (2, 30)):
        f.make_employment(year=1404, month=month, jobs=jobs, county="baneh")
    f.make_employment(year=1404, jobs=30, office="coop", county="baneh")
    f.make_employment(year=1404, jobs=200, office="agri")
    f.make_employment(year=1403, jobs=500, county="baneh")


def test_employment_figures_lead_to_the_records_whose_jobs_they_sum(supervisor_client, jobs):
    figures = follow_every_link(supervisor_client, "/reports/employment/", {"county": "baneh", "year": "1404"})
    where = {"county__id__exact": f.county("baneh").pk, "year": "1404"}
    assert linked(figures, "/admin/registry/employmentrecord/", **where) == 80
    assert linked(figures, "/admin/registry/employmentrecord/", **where, office__is_self__exact="1") == 50
    assert linked(figures, "/admin/registry/employmentrecord/", **where,
                  office__id__exact=f.office("coop").pk) == 30


def test_employment_figures_as_of_a_day_lead_to_the_records_of_its_year_up_to_its_month(supervisor_client, jobs):
    """The fixture's records of 1404 are of Farvardin and Ordibehesht; one more of Khordad."""
    f.make_employment(year=1404, month=3, jobs=40, county="baneh")
    figures = follow_every_link(supervisor_client, "/reports/employment/", {"as_of": "1404/02/31"})  # 2025-05-21
    where = {"year": "1404", "as_of": "2025-05-21"}
    assert linked(figures, "/admin/registry/employmentrecord/", **where) == 280
    assert linked(figures, "/admin/registry/employmentrecord/", **where, office__is_self__exact="1") == 50
    figures = follow_every_link(supervisor_client, "/reports/employment/", {"as_of": "1404/03/01"})
    assert linked(figures, "/admin/registry/employmentrecord/", year="1404", as_of="2025-05-22",
                  office__is_self__exact="1") == 90


# -- licences ----------------------------------------------------------------------------------


@pytest.fixture
def licences(db):
    """Home-appliance producers in Sanandaj unless said: licences expiring 30, 122 and 200 days
    after 2025-06-01, one expired, one only an establishment licence, one idle; elsewhere, one
    expiring in Baneh and one in the food sector."""
    issued = D(2024, 1, 1)
    for expires in (D(2025, 7, 1), D(2025, 10, 1), D(2025, 12, 18), D(2025, 5, 1)):
        f.make_licence(f.make_producer(), issued_on=issued, expires_on=expires)
    f.make_licence(f.make_producer(), kind=Licence.Kind.ESTABLISHMENT, issued_on=issued, expires_on=D(2026, 1, 1))
    f.make_producer(status="idle")
    f.make_licence(f.make_producer(county="baneh"), issued_on=issued, expires_on=D(2025, 8, 15))
    f.make_licence(f.make_producer(sector="food"), issued_on=issued, expires_on=D(2025, 8, 15))


def test_licence_figures_lead_to_the_licences_and_producers_they_count(supervisor_client, licences):
    figures = follow_every_link(supervisor_client, "/reports/licences/",
                                {"county": "sanandaj", "sector": "home_appliances", "as_of": "2025-06-01",
                                 "days": "150"})
    sanandaj, appliances = f.county("sanandaj").pk, f.sector("home_appliances").pk
    assert linked(figures, "/admin/registry/licence/", producer__county__id__exact=sanandaj,
                  producer__sector__id__exact=appliances, as_of="2025-06-01", expiring_within="150",
                  kind__exact="operating") == 2
    assert linked(figures, PRODUCERS, county__id__exact=sanandaj, sector__id__exact=appliances, as_of="2025-06-01",
                  status__exact="active", licensed="no") == 2


# -- the dashboard -----------------------------------------------------------------------------


def test_every_dashboard_figure_leads_to_what_it_counts(supervisor_client, products, mines, auctions, handovers,
                                                        licences):
    figures = follow_every_link(supervisor_client, "/reports/")
    assert linked(figures, "/admin/registry/mine/", status__exact="active") == 1
    assert linked(figures, PRODUCTS, registered="yes") == 4


def test_the_dashboard_s_smuggling_headline_counts_the_listed_items_produced_and_registered_locally(
        supervisor_client, smuggling):
    html = supervisor_client.get("/reports/").content.decode()
    assert ('<p class="headline"><a href="/admin/registry/smugglingitem/?registered_locally=yes">۲</a> '
            '<span class="target">قلم از فهرست قاچاق که در استان تولید می‌شود و شناسه کالای ثبت‌شده دارد</span></p>'
            ) in html
    assert ('<a href="/admin/registry/smugglingitem/?produced_locally=yes">۳</a> قلم از '
            '<a href="/admin/registry/smugglingitem/">۴</a> قلم فهرست در استان تولید می‌شود.') in html
    figures = follow_every_link(supervisor_client, "/reports/")
    assert linked(figures, "/admin/registry/smugglingitem/", registered_locally="yes") == 2
    assert linked(figures, "/admin/registry/smugglingitem/", produced_locally="yes") == 3
    assert linked(figures, "/admin/registry/smugglingitem/") == 4


@pytest.fixture
def second_chances(db):
    """A Sanandaj quarry offered twice in vain and then won (1403), a Sanandaj lot signed by its
    runner-up, and a Baneh quarry offered again after failing."""
    quarry = f.make_mine(county="sanandaj")
    first = f.make_failed_lot(quarry, announced_on=D(2024, 5, 1), bid_deadline=D(2024, 6, 1), opening_on=D(2024, 6, 5))
    second = f.make_failed_lot(previous=first, announced_on=D(2024, 8, 1), bid_deadline=D(2024, 9, 1),
                               opening_on=D(2024, 9, 5))
    services.sign_contract(lot=f.make_awarded_lot(900_000_000, previous=second), signed_on=D(2025, 3, 1), by=None)
    walked_away = f.make_awarded_lot(1_200_000_000, 1_100_000_000, mine=f.make_mine(county="sanandaj"))
    services.offer_to_runner_up(lot=walked_away, winner=walked_away.winning_bid, reason="withdrew",
                                forfeited_on=D(2025, 2, 10), by=None)
    services.sign_contract(lot=walked_away, signed_on=D(2025, 3, 1), by=None)
    baneh = f.make_failed_lot(f.make_mine(county="baneh"), announced_on=D(2024, 5, 1), bid_deadline=D(2024, 6, 1),
                              opening_on=D(2024, 6, 5))
    f.make_awarded_lot(previous=baneh)


def test_second_chance_figures_lead_to_the_lots_they_count(supervisor_client, second_chances):
    figures = follow_every_link(supervisor_client, "/reports/auctions/", {"county": "sanandaj", "year": "1403"})
    where = {"mine__county__id__exact": f.county("sanandaj").pk, "announced_in": "1403"}
    assert linked(figures, "/admin/registry/lot/", **where, outcome="runner_up") == 1
    assert linked(figures, "/admin/registry/lot/", **where, reoffer="yes") == 2
    third = Lot.objects.get(previous_lot__previous_lot__isnull=False)
    # The most attempts, and the reactivated mine's attempts in its row: both lead to the lots of
    # its chain, whenever and wherever they were offered.
    assert linked(figures, "/admin/registry/lot/", chain=third.pk) == 3
    html = supervisor_client.get("/reports/auctions/", {"county": "sanandaj", "year": "1403"}).content.decode()
    assert html.count(f'/admin/registry/lot/?chain={third.pk}"') == 2


def test_the_most_attempts_without_any_lot_leads_to_an_empty_list(supervisor_client, db):
    figures = follow_every_link(supervisor_client, "/reports/auctions/")
    assert linked(figures, "/admin/registry/lot/", chain=0) == 0
