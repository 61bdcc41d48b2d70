"""ingest_aanwezig records which delivered files of a peildatum the warehouse holds (written by each load since this
release, emptied with the deliveries): a step refuses a month of which a file its run loaded is gone while another
was loaded again (privacy.bewaartermijn.verdwenen_leveringen). Its column `lading` takes over table ingest_doelgroep
(which load of brp_personen chose the rows of a file stored for the target group only), dropped here.

A warehouse written before holds deliveries without that record only when it keeps snapshots after their run
(JIB_BEWAAR_MAANDEN_RUW above 0): recorded here from the rows it holds, with the `lading` ingest_doelgroep had for
them, so loading one file of such a month again does not make its other files count as gone.
"""

from __future__ import annotations

import duckdb

from jib_assets.db import table_exists
from jib_assets.ingest.sources import CSV_SOURCES


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create ingest_aanwezig (as sql/ingest_tabellen.sql had it then), record each (peildatum, file) of the delivered
    tables present and of ingest_doelgroep, with ingest_doelgroep's `lading`, and drop ingest_doelgroep."""
    con.execute("CREATE TABLE IF NOT EXISTS ingest_aanwezig (peildatum DATE, bestand VARCHAR, lading VARCHAR)")
    for naam, spec in CSV_SOURCES.items():
        if table_exists(con, naam):
            con.execute(f"INSERT INTO ingest_aanwezig SELECT DISTINCT peildatum, $bestand, NULL FROM {naam} "
                        "WHERE (peildatum, $bestand) NOT IN (SELECT (peildatum, bestand) FROM ingest_aanwezig)",
                        {"bestand": spec.bestand})
    if table_exists(con, "ingest_doelgroep"):
        con.execute("INSERT INTO ingest_aanwezig SELECT DISTINCT peildatum, bestand, NULL FROM ingest_doelgroep "
                    "WHERE (peildatum, bestand) NOT IN (SELECT (peildatum, bestand) FROM ingest_aanwezig)")
        con.execute("UPDATE ingest_aanwezig AS a SET lading = d.lading FROM ingest_doelgroep AS d "
                    "WHERE d.peildatum = a.peildatum AND d.bestand = a.bestand")
        con.execute("DROP TABLE ingest_doelgroep")
