"""Every figure leads to what it counts: the admin list of exactly the records a report's count
counts, with the report's filters (county, sector, year, as-of day, days) applied as the list's own
filters, so they show in its filter panel and the list's count is the figure.

An AdminList names a change list and the query parameters its filters take; calling it makes the
Link of one figure: the conditions of that figure (a state, a stage, the row's county) on top of
the report's filters. Report columns and totals carry their Link (registry/reports/catalogue.py),
and the pages build each URL from the filters and the row the figure stands in.
"""

import datetime
from typing import NamedTuple
from urllib.parse import quote_plus

from django.db.models import Model
from django.urls import reverse

# The report filters a list takes as its own when a figure does not say otherwise.
REPORT_FILTERS = ("county", "sector", "year", "as_of", "days")


class Row(NamedTuple):
    """A value of the table row the figure stands in (its county, its month's last day…)."""

    key: str


class AdminList:
    """The change list of `model` (admin:registry_<model>_changelist) and, for each name a figure
    may give (the report filters and the list's own conditions), the query parameter of the list
    filter that takes it."""

    def __init__(self, model, **parameters):
        self.model = model
        self.parameters = parameters
        self._path = None

    def __call__(self, **values):
        """The link of a figure: `values` are constants, Row(key), or None to leave a report filter out."""
        unknown = set(values) - set(self.parameters)
        if unknown:
            raise ValueError(f"{self.model}: no list filter for {sorted(unknown)}")
        return Link(self, values)

    @property
    def path(self):
        if self._path is None:
            self._path = reverse(f"admin:registry_{self.model}_changelist")
        return self._path


def _parameter(value):
    """A value as it stands in a query string: a record by its id, a day in ISO."""
    if isinstance(value, Model):
        value = value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    # Ids and numbers need no quoting (the row values of a long table mostly are).
    return str(value) if isinstance(value, int) else quote_plus(str(value))


class Link(NamedTuple):
    changelist: AdminList
    values: dict

    def url(self, filters, row=None):
        """The list's address for the figure counted under `filters` (a queries.Filters) in `row`."""
        return self.addresses(filters)(row)

    def addresses(self, filters):
        """A function giving the list's address for a row of a table counted under `filters`: what
        does not change from row to row is encoded once (a table draws hundreds of links)."""
        parts = []  # an encoded "parameter=value", or (parameter, row key) to encode for each row
        for name, parameter in self.changelist.parameters.items():
            if name in self.values:
                value = self.values[name]
                if isinstance(value, Row):
                    parts.append((parameter, value.key))
                    continue
            elif name in REPORT_FILTERS:
                value = getattr(filters, name)
            else:
                continue
            if value is not None:
                parts.append(f"{parameter}={_parameter(value)}")
        path = self.changelist.path

        def address(row):
            query = "&".join(
                part if isinstance(part, str) else f"{part[0]}={_parameter(row[part[1]])}"
                for part in parts if isinstance(part, str) or row[part[1]] is not None
            )
            return f"{path}?{query}" if query else path
        return address


# The lists the reports' figures lead to.
PRODUCTS = AdminList(
    "product", county="producer__county__id__exact", sector="sector__id__exact", as_of="as_of",
    registered="registered", obligated="obligated", producer="producer__id__exact",
)
PRODUCERS = AdminList(
    "producer", county="county__id__exact", sector="sector__id__exact", as_of="as_of", status="status__exact",
    licensed="licensed",
)
# Producers as the units the obligations report counts: `sector` is the obligation's sector.
OBLIGED_UNITS = AdminList(
    "producer", county="county__id__exact", sector="obligation_sector", as_of="as_of", state="obligation_state",
)
OBLIGATIONS = AdminList(
    "obligation", county="producer__county__id__exact", sector="sector__id__exact", as_of="as_of",
    producer="producer__id__exact", state="state",
)
# `county` is where an item counts as produced (the list keeps every item).
SMUGGLING_ITEMS = AdminList(
    "smugglingitem", sector="sector__id__exact", county="production_county", as_of="as_of",
    produced_locally="produced_locally", registered_locally="registered_locally",
)
MINES = AdminList(
    "mine", county="county__id__exact", status="status__exact", mineral="mineral__id__exact",
    rubble_stone="mineral__rubble_stone__exact",
)
AUCTIONS = AdminList("auction", county="county", year="announced_on__jalali_year", as_of="as_of",
                     status="status__exact")
LOTS = AdminList(
    "lot", county="mine__county__id__exact", year="announced_in", as_of="as_of",
    status="auction__status__exact", outcome="outcome", auction="auction__id__exact", signed_in="signed_in",
    reoffer="reoffer", chain="chain",
)
SHIPMENTS = AdminList(
    "shipment", county="county", year="shipped_on__jalali_year", as_of="as_of", stage="stage__exact",
    destination="destination__exact",
)
ESTATES = AdminList("estate", county="county__id__exact")
UNITS = AdminList(
    "unit", county="estate__county__id__exact", estate="estate__id__exact", status="status__exact",
    occupant_kind="occupant_kind__exact",
)
HANDOVERS = AdminList(
    "handover", county="unit__estate__county__id__exact", as_of="as_of", estate="unit__estate__id__exact",
    stage="stage",
)
EMPLOYMENT = AdminList(
    "employmentrecord", county="county__id__exact", year="year", as_of="as_of", office="office__id__exact",
    own_office="office__is_self__exact",
)
LICENCES = AdminList(
    "licence", county="producer__county__id__exact", sector="producer__sector__id__exact", as_of="as_of",
    days="expiring_within", kind="kind__exact",
)
