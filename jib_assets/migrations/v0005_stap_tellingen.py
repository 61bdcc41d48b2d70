"""stap_tellingen keeps, per month and gemeente, how many rows duo_selectie and ib_lijst had (counts only, kept for
life): the month-on-month checks (the GX frames `per_gemeente`) read the months before from it, so retention keeps the
step tables themselves only the rerun window and the month before it (privacy.bewaartermijn.stap_maanden).

A warehouse written before holds the step tables' rows of up to six months: their counts are recorded here, so the
first month after the upgrade still compares with its months before.
"""

from __future__ import annotations

import duckdb

from jib_assets.db import table_exists


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create stap_tellingen (as sql/stap_tellingen_*.sql shape it) and record the counts of every month the step
    tables hold that it does not have yet."""
    con.execute("CREATE TABLE IF NOT EXISTS stap_tellingen "
                "(stap VARCHAR, peildatum DATE, gemeentecode VARCHAR, rijen BIGINT)")
    for stap in ("duo_selectie", "ib_lijst"):
        if table_exists(con, stap):
            con.execute(f"INSERT INTO stap_tellingen SELECT '{stap}', peildatum, woongemeente, count(*) FROM {stap} "
                        f"WHERE peildatum NOT IN (SELECT peildatum FROM stap_tellingen WHERE stap = '{stap}') "
                        "GROUP BY ALL")
