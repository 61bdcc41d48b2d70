"""Step 2 of the chain, IB income enrichment (rules.md 2): income from work and benefits of every
selected person, as persoon_toestand holds them; those below the threshold without a benefit make the
JIB list (ib_lijst)."""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets.db import Load, replace_partitions, scalar, sql


def build_ib_lijst(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """Replace the peildatum's rows of ib_verrijking (every selected person) and ib_lijst (those on the list, with
    their counts per gemeente in stap_tellingen, as build_duo_selectie's).

    Reads duo_selectie and persoon_toestand of the peildatum (whose threshold and income month apply).
    Returns counts for the Dagster UI.
    """
    params = {"peildatum": peildatum}
    replace_partitions(con, [
        Load("ib_verrijking", sql("ib_verrijking"), params),
        Load("ib_lijst", sql("ib_lijst"), params),
        Load("stap_tellingen", sql("stap_tellingen_ib_lijst"), params,
             where="peildatum = $peildatum AND stap = 'ib_lijst'"),
    ])
    result = con.execute(sql("ib_verrijking_tellingen"), params)
    names = [d[0] for d in result.description]
    return {name: int(value) for name, value in zip(names, result.fetchall()[0], strict=True)}


def enrichment_matches_selection(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Check: selected persons of P missing from ib_verrijking, or in it more than once or without being
    selected (must be 0)."""
    return scalar(con, sql("ib_verrijking_vs_duo_selectie"), {"peildatum": peildatum})
