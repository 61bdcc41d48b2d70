"""The monthly partitions every asset, job, schedule and sensor shares: key = peildatum YYYY-MM-01."""

from __future__ import annotations

from datetime import date

import dagster as dg

from jib_assets.settings import get_settings

monthly_partitions = dg.MonthlyPartitionsDefinition(
    start_date=get_settings().first_month.isoformat(),
    # The current month is a partition as soon as it starts: its deliveries arrive during it.
    end_offset=1,
)


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
