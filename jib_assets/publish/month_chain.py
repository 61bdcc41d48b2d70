"""The guard before publication: the months of gemeente_lijst must chain (sql/checks/maanden_sluiten_aan.sql),
or a month rebuilt after later months were made would publish later months that no longer add up."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import duckdb

from jib_assets.db import sql


class Breuk(NamedTuple):
    """One way a month fails to follow from the month before it, for one gemeente (counts only)."""

    peildatum: date
    gemeentecode: str | None
    probleem: str
    aantal: int


def month_chain_breaks(con: duckdb.DuckDBPyConnection) -> list[Breuk]:
    """Every (month, gemeente, problem) where gemeente_lijst does not follow from the month before;
    empty when the months chain or no month was processed yet."""
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name IN ('gemeente_lijst', 'gemeente_lijst_maanden')"
    ).fetchall()}
    if present != {"gemeente_lijst", "gemeente_lijst_maanden"}:
        return []
    return [Breuk(*row) for row in con.execute(sql("checks/maanden_sluiten_aan")).fetchall()]


def broken_months(breaks: list[Breuk]) -> list[date]:
    return sorted({b.peildatum for b in breaks})


def refusal(breaks: list[Breuk]) -> str:
    """One message naming the months that do not chain and how to make them whole again."""
    months = broken_months(breaks)
    names = ", ".join(f"{m:%Y-%m}" for m in months)
    example = breaks[0]
    where = f" (e.g. {example.gemeentecode}: {example.probleem})" if example.gemeentecode else f" ({example.probleem})"
    return (f"Not publishing: gemeente_lijst of {names} no longer follows from the month before{where}. "
            f"An earlier month was rebuilt after these were made; rerun them in order: "
            f"`jib run --from {months[0]:%Y-%m}` (or let the sensor latere_maanden_bijwerken do it), then publish again.")
