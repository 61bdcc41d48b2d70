"""Issue 13, spreadsheet against register: a warning when a casemanager recorded that a youth left
(bestemming and datum_uitstroom, e.g. "werk") more than three months ago while the register still has them
on the municipality's list. The jib_ids stay in the restricted table bestemming_afwijking; Dagster shows
counts per gemeente only."""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets.db import replace_partition, sql, table_exists

# More than this many months between the casemanager's datum_uitstroom and P, still on the list: a warning.
MAX_MAANDEN_VERSCHIL = 3


def build_bestemming_afwijking(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """Replace the peildatum's rows of bestemming_afwijking; return the count per gemeente (no jib_id)."""
    if not table_exists(con, "casemanager_monitoring"):
        return {}
    replace_partition(con, "bestemming_afwijking", sql("bestemming_afwijking"),
                      {"peildatum": peildatum, "maanden": MAX_MAANDEN_VERSCHIL})
    rows = con.execute("SELECT gemeentecode, count(*) FROM bestemming_afwijking WHERE peildatum = $p "
                       "GROUP BY ALL ORDER BY 1", {"p": peildatum}).fetchall()
    return {g: int(n) for g, n in rows}
