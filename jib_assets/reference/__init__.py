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


def load_reference(con) -> int:
    """(Re)load table `gemeenten` from the shipped CSV; returns its row count."""
    con.execute(
        "CREATE OR REPLACE TABLE gemeenten AS SELECT * FROM read_csv(?, header = true, all_varchar = false, "
        "types = {'inwoners': 'BIGINT'})",
        [str(GEMEENTEN_CSV)],
    )
    from jib_assets.db import scalar

    return scalar(con, "SELECT count(*) FROM gemeenten")
