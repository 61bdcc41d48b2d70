"""duo_beoordeling keeps each DUO-known person's outcome and reason only; the conditions it repeated from
persoon_toestand (13 columns, 15% of a national warehouse's file, rewritten every month) are read from there.

Dropped here from a warehouse written before; the rows keep their peildatum, bsn, jib_id, uitkomst and
reden. The values were copies of persoon_toestand's, so nothing is lost; the pages they held are freed at
the month's compaction (bezwaar_wissing), as any deleted row's are.
"""

from __future__ import annotations

import duckdb

from jib_assets.db import columns_of, table_exists

BLIJFT = ("peildatum", "bsn", "jib_id", "uitkomst", "reden")


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every column of duo_beoordeling but BLIJFT (the 13 conditions every earlier release wrote)."""
    if not table_exists(con, "duo_beoordeling"):
        return
    for column in [c for c in columns_of(con, "duo_beoordeling") if c not in BLIJFT]:
        con.execute(f'ALTER TABLE duo_beoordeling DROP COLUMN "{column}"')
