"""Public reference data shipped with the package: municipalities and their regions (see SOURCES.md)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import polars as pl

GEMEENTEN_CSV = Path(str(files("jib_assets.reference") / "gemeenten.csv"))


def gemeenten() -> pl.DataFrame:
    """The 342 municipalities of 2025 with arbeidsmarktregio, RMC-regio, COROP and inwoners."""
    return pl.read_csv(GEMEENTEN_CSV, schema_overrides={"inwoners": pl.Int64})


def gemeenten_in_region(code: str) -> pl.DataFrame:
    """The municipalities of a region CODE: a gemeentecode, an AMxx, an MCxx, or NL."""
    g = gemeenten()
    code = code.upper()
    if code == "NL":
        return g
    for column in ("gemeentecode", "arbeidsmarktregio_code", "rmc_regio_code"):
        hit = g.filter(pl.col(column) == code)
        if hit.height:
            return hit
    raise ValueError(
        f"unknown region code {code!r}: use a gemeentecode (GM0988), an arbeidsmarktregio (AM33), "
        "an RMC-regio (MC38) or NL"
    )


def gebied_gemeentecodes(gebied: str) -> list[str]:
    """The gemeentecodes of the deployment's area (interfaces.md, JIB_GEBIED): a region code as in
    gemeenten_in_region, or a comma-separated list of gemeentecodes. Sorted; raises on an unknown code."""
    codes: set[str] = set()
    for part in gebied.split(","):
        if part.strip():
            codes |= set(gemeenten_in_region(part.strip())["gemeentecode"].to_list())
    if not codes:
        raise ValueError("JIB_GEBIED is empty: set it to NL, a region code (AM33, MC38) or gemeentecodes (GM0988,GM0957)")
    return sorted(codes)


def gebied_selectie(gebied: str) -> list[str] | None:
    """The gemeentecodes the selection keeps for the area: None for NL (every gemeente, whatever its code)."""
    return None if gebied.strip().upper() == "NL" else gebied_gemeentecodes(gebied)


def load_reference(con) -> int:
    """(Re)load table `gemeenten` from the shipped CSV; returns its row count."""
    con.execute(
        "CREATE OR REPLACE TABLE gemeenten AS SELECT * FROM read_csv(?, header = true, all_varchar = false, "
        "types = {'inwoners': 'BIGINT'})",
        [str(GEMEENTEN_CSV)],
    )
    from jib_assets.db import scalar

    return scalar(con, "SELECT count(*) FROM gemeenten")
