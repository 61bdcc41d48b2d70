"""Steps 1-4 of one month in card order, as the assets run them, on one connection: for tests and
tools that build the chain without Dagster. The assets call the same functions one by one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import duckdb

from jib_assets.chain.duo_selectie import build_duo_selectie
from jib_assets.chain.gemeente_filter import build_gemeente_filter
from jib_assets.chain.ib_verrijking import build_ib_lijst
from jib_assets.chain.maand_delta import build_gemeente_lijst, build_werklijst
from jib_assets.chain.persoon_toestand import build_persoon_toestand
from jib_assets.parameters import Versioned


def build_month(
    con: duckdb.DuckDBPyConnection,
    peildatum: date,
    key: bytes,
    *,
    gebied: Sequence[str] | None = None,
    inkomensgrens: Decimal | Versioned | None = None,
    lag_maanden: int | None = None,
    bekend_regelingen: Sequence[str] | None = None,
) -> dict[str, dict[str, int]]:
    """persoon_toestand, duo_selectie, ib_lijst, gemeente_filter, gemeente_lijst and the worklist of P.
    Returns each step's counts (no personal data)."""
    toestand = build_persoon_toestand(
        con, peildatum, key, inkomensgrens=inkomensgrens, lag_maanden=lag_maanden, bekend_regelingen=bekend_regelingen
    )
    counts = {
        "persoon_toestand": {"rijen": toestand},
        "duo_selectie": build_duo_selectie(con, peildatum, gebied),
        "ib_verrijking": build_ib_lijst(con, peildatum),
        "gemeente_filter": build_gemeente_filter(con, peildatum),
        "gemeente_lijst": build_gemeente_lijst(con, peildatum),
    }
    counts["werklijst_casemanager"] = {"rijen": build_werklijst(con, peildatum)}
    return counts
