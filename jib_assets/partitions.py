"""The monthly partitions every asset, job, schedule and sensor shares: key = peildatum YYYY-MM-01.
The first month is a setting (JIB_FIRST_MONTH), read when the partitions are first asked for."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from jib_assets.settings import get_settings

if TYPE_CHECKING:
    import dagster as dg


def monthly_partitions_def(first_month: date | None = None) -> dg.MonthlyPartitionsDefinition:
    """The monthly partitions from `first_month` (default: JIB_FIRST_MONTH, read now, not at import)."""
    import dagster as dg  # here, not at import: the date helpers below serve processes that never load Dagster

    first = first_month or get_settings().first_month
    return dg.MonthlyPartitionsDefinition(
        start_date=first.isoformat(),
        # The current month is a partition as soon as it starts: its deliveries arrive during it.
        end_offset=1,
    )


def __getattr__(name: str):
    """`monthly_partitions` is built when first asked for (when the assets are defined, that is when a
    run or `dagster dev` loads the definitions), from the settings of that moment, not when this module
    is imported: `jib benchmark --month 2024-06` sets JIB_FIRST_MONTH after `jib` imported this module."""
    if name == "monthly_partitions":
        return monthly_partitions_def()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def peildatum_of(partition_key: str) -> date:
    return date.fromisoformat(partition_key)


def month_folder(peildatum: date) -> str:
    """The landing folder name of a peildatum: YYYY-MM."""
    return peildatum.strftime("%Y-%m")


def previous_month(peildatum: date) -> date:
    return date(peildatum.year - 1, 12, 1) if peildatum.month == 1 else date(peildatum.year, peildatum.month - 1, 1)


def add_months(peildatum: date, months: int) -> date:
    index = peildatum.year * 12 + peildatum.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
