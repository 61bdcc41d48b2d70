"""ingest_aanwezig records which delivered files of a peildatum the warehouse holds (written by each load since this
release, emptied with the deliveries): a step refuses a month of which a file its run loaded is gone while another
was loaded again (privacy.bewaartermijn.verdwenen_leveringen).

A warehouse written before holds deliveries without that record only when it keeps snapshots after their run
(JIB_BEWAAR_MAANDEN_RUW above 0): recorded here from the rows it holds, so loading one file of such a month again
does not make its other files count as gone.
"""

from __future__ import annotations

import duckdb

from jib_assets.db import table_exists
from jib_assets.ingest.sources import CSV_SOURCES


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create ingest_aanwezig (as sql/ingest_tabellen.sql had it then) and record each (peildatum, file) of the
    delivered tables present."""
    con.execute("CREATE TABLE IF NOT EXISTS ingest_aanwezig (peildatum DATE, bestand VARCHAR)")
    for naam, spec in CSV_SOURCES.items():
        if table_exists(con, naam):
            con.execute(f"INSERT INTO ingest_aanwezig SELECT DISTINCT peildatum, $bestand FROM {naam} "
                        "WHERE (peildatum, $bestand) NOT IN (SELECT (peildatum, bestand) FROM ingest_aanwezig)",
                        {"bestand": spec.bestand})
