"""Shafaf's records, one module per domain; import them from here."""

from registry.models.access import CountyAssignment, ReportAccess
from registry.models.auctions import Auction, Bid, Lot
from registry.models.base import RegistryModel
from registry.models.employment import EmploymentRecord
from registry.models.estates import Estate, Handover, Unit
from registry.models.imports import ImportLog, PendingUpload
from registry.models.mining import Mine, Shipment
from registry.models.producers import Inspection, Licence, Producer
from registry.models.products import Obligation, Product, SmugglingItem
from registry.models.reconciliation import MissingNationally, Reconciliation, ReconciliationRow
from registry.models.reference import County, Mineral, Office, Sector
from registry.models.summaries import ProductCount
from registry.models.worklist import WorklistReminder

__all__ = [
    "Auction",
    "Bid",
    "County",
    "CountyAssignment",
    "EmploymentRecord",
    "Estate",
    "Handover",
    "ImportLog",
    "Inspection",
    "Licence",
    "Lot",
    "Mine",
    "Mineral",
    "MissingNationally",
    "Obligation",
    "Office",
    "PendingUpload",
    "Producer",
    "Product",
    "ProductCount",
    "Reconciliation",
    "ReconciliationRow",
    "RegistryModel",
    "ReportAccess",
    "Shipment",
    "SmugglingItem",
    "Sector",
    "Unit",
    "WorklistReminder",
]
