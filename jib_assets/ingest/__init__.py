"""Step 0 of the chain: a landing month's delivery files become typed tables in the warehouse.

Each CSV of sources.md loads into the table named after it, the casemanager spreadsheets into
casemanager_monitoring; rows that break the rules go to quarantaine with file, line and reason, and a
file that cannot be read at all stops the month with a DeliveryError.
"""

from jib_assets.ingest import krimp
from jib_assets.ingest.casemanager import ingest_casemanager
from jib_assets.ingest.csv_source import ingest_csv
from jib_assets.ingest.delivery import DeliveryError, is_complete, month_dir
from jib_assets.ingest.sources import CSV_SOURCES, Column, Kind, SourceSpec
from jib_assets.ingest.store import IngestResult, quarantaine_aandeel, quarantaine_preview

__all__ = [
    "CSV_SOURCES",
    "Column",
    "DeliveryError",
    "IngestResult",
    "Kind",
    "SourceSpec",
    "ingest_casemanager",
    "ingest_csv",
    "is_complete",
    "krimp",
    "month_dir",
    "quarantaine_aandeel",
    "quarantaine_preview",
]
