"""Step 0 of the chain: a landing month's delivery files become typed tables in the warehouse.

Each CSV of sources.md loads into the table named after it, the casemanager spreadsheets into
casemanager_monitoring; rows that break the rules go to quarantaine with file, line and reason, and a
file that cannot be read at all stops the month with a DeliveryError.

The names below load with their module when first asked for: `jib_assets.schema` reads `sources` here, and the
processes that write exports or solve the suppression import it without needing the loaders (openpyxl, Dagster).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_MODULE = {
    "ingest_casemanager": "casemanager",
    "ingest_csv": "csv_source",
    "DeliveryError": "delivery",
    "is_complete": "delivery",
    "month_dir": "delivery",
    "CSV_SOURCES": "sources",
    "Column": "sources",
    "Kind": "sources",
    "SourceSpec": "sources",
    "IngestResult": "store",
    "quarantaine_aandeel": "store",
    "quarantaine_preview": "store",
}

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

if TYPE_CHECKING:
    from jib_assets.ingest import krimp
    from jib_assets.ingest.casemanager import ingest_casemanager
    from jib_assets.ingest.csv_source import ingest_csv
    from jib_assets.ingest.delivery import DeliveryError, is_complete, month_dir
    from jib_assets.ingest.sources import CSV_SOURCES, Column, Kind, SourceSpec
    from jib_assets.ingest.store import IngestResult, quarantaine_aandeel, quarantaine_preview


def __getattr__(name: str):
    if name == "krimp":
        return importlib.import_module(f"{__name__}.krimp")
    if name in _MODULE:
        return getattr(importlib.import_module(f"{__name__}.{_MODULE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
