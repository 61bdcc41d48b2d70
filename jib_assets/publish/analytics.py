"""publish/analytics.duckdb: the analysts' copy of the monitoring, small numbers suppressed
(privacy/suppression), no personal data: only figures per gemeente and above, and the reference table.

Built as a new file beside the old one and renamed over it, so an analyst who has the old file open
(read-only) is never blocked and never sees half a run, and the run never waits for the analyst.
Written in DuckDB storage version 1.4, which the 1.4 line and every later DuckDB can open.
Suppressed cells are NULL (never 0); every table and column carries a comment.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl

from jib_assets import schema
from jib_assets.db import scalar
from jib_assets.files import publish
from jib_assets.privacy.suppression import (
    KLEIN_MAX,
    KLEIN_MIN,
    MIN_PERSONEN,
    NIET_ONDERDRUKT,
    Verslag,
    basis_kolom,
    suppress_monitoring,
)

STORAGE_VERSION = "v1.4.0"
TABELLEN = ("monitoring_maand", "monitoring_kwartaal")
GEMEENTEN_KOLOMMEN = (
    "gemeentecode", "gemeentenaam", "provincie", "arbeidsmarktregio_code", "arbeidsmarktregio_naam",
    "rmc_regio_code", "rmc_regio_naam", "corop_code", "corop_naam",
)
# Never published, whatever a table upstream grows: the identifying columns and the pseudonym of the
# schema register (read again by every publish_analytics, so a column added there is refused at once).
VERBODEN_KOLOMMEN = schema.never_published()
_ORDE = {"monitoring_maand": "peildatum", "monitoring_kwartaal": "kwartaal"}
_NIVEAU_ORDE = "CASE niveau WHEN 'nederland' THEN 1 WHEN 'arbeidsmarktregio' THEN 2 WHEN 'rmc_regio' THEN 3 ELSE 4 END"

TABEL_COMMENTAAR = {
    "monitoring_maand": "Monitoring Jongeren in Beeld per maand (peildatum) en niveau (gemeente, arbeidsmarktregio, "
    "rmc_regio, nederland). Kleine aantallen onderdrukt: NULL = onderdrukt, nooit 0.",
    "monitoring_kwartaal": "Monitoring Jongeren in Beeld per kwartaal en niveau: stromen opgeteld over de maanden, "
    "standen van de laatste maand. Kleine aantallen onderdrukt: NULL = onderdrukt, nooit 0.",
    "gemeenten": "De 342 gemeenten van 2025 met provincie, arbeidsmarktregio, RMC-regio en COROP (CBS).",
    "publicatie": "Over deze publicatie: wanneer gemaakt en hoeveel cellen onderdrukt (regels: rules.md 5).",
}
GEMEENTEN_COMMENTAAR = {
    "gemeentecode": "CBS-code van de gemeente (GMxxxx).",
    "gemeentenaam": "Naam van de gemeente.",
    "provincie": "Provincie van de gemeente.",
    "arbeidsmarktregio_code": "Code van de arbeidsmarktregio (AMxx) van de gemeente.",
    "arbeidsmarktregio_naam": "Naam van de arbeidsmarktregio.",
    "rmc_regio_code": "Code van de RMC-regio (MCxx) van de gemeente.",
    "rmc_regio_naam": "Naam van de RMC-regio.",
    "corop_code": "Code van de COROP-regio.",
    "corop_naam": "Naam van de COROP-regio.",
}
PUBLICATIE_COMMENTAAR = {
    "gepubliceerd_op": "Moment waarop dit bestand is gemaakt.",
    "cellen": "Aantal cijfers (cellen) in monitoring_maand en monitoring_kwartaal samen.",
    "onderdrukt_primair": f"Cellen onderdrukt omdat het aantal {KLEIN_MIN} t/m {KLEIN_MAX} is, of een gemiddelde of "
    f"mediaan over minder dan {MIN_PERSONEN} personen.",
    "onderdrukt_secundair": "Cellen extra onderdrukt zodat geen onderdrukte cel uit totalen terug te rekenen is.",
}


def publish_analytics(warehouse: duckdb.DuckDBPyConnection, target: Path) -> dict[str, int]:
    """Write the analysts' database from the warehouse connection (read-only is enough), atomically.
    Returns row counts per table and the suppression counts."""
    frames = {
        table: warehouse.sql(f"SELECT * FROM {table} ORDER BY {_ORDE[table]}, {_NIVEAU_ORDE}, regiocode").pl()
        for table in TABELLEN
    }
    comments = {table: dict(_comments(warehouse, table)) for table in TABELLEN}
    gemeenten = warehouse.sql(f"SELECT {', '.join(GEMEENTEN_KOLOMMEN)} FROM gemeenten ORDER BY gemeentecode").pl()
    for table, frame in {**frames, "gemeenten": gemeenten}.items():
        forbidden = schema.never_published() & set(frame.columns)
        if forbidden:
            raise RuntimeError(f"refusing to publish {table}: it has identifying columns {sorted(forbidden)}")
    maand, kwartaal, verslag = suppress_monitoring(frames["monitoring_maand"], frames["monitoring_kwartaal"], gemeenten)
    published = {"monitoring_maand": maand, "monitoring_kwartaal": kwartaal, "gemeenten": gemeenten}
    return _write(published, comments, verslag, target)


def _write(
    published: dict[str, pl.DataFrame], comments: dict[str, dict[str, str]], verslag: Verslag, target: Path
) -> dict[str, int]:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect()  # the warehouse connection only reads; a separate one writes the new file
    try:
        con.execute(f"ATTACH {_literal(str(tmp))} AS pub (STORAGE_VERSION '{STORAGE_VERSION}')")
        for table, frame in published.items():
            con.register("_frame", frame)
            con.execute(f"CREATE TABLE pub.{table} AS SELECT * FROM _frame")
            con.unregister("_frame")
            counts[table] = scalar(con, f"SELECT count(*) FROM pub.{table}")
            con.execute(f"COMMENT ON TABLE pub.{table} IS {_literal(TABEL_COMMENTAAR[table])}")
            for column in frame.columns:
                text = GEMEENTEN_COMMENTAAR[column] if table == "gemeenten" else _column_comment(
                    column, comments[table].get(column), frame.columns
                )
                con.execute(f'COMMENT ON COLUMN pub.{table}."{column}" IS {_literal(text)}')
        con.execute(
            "CREATE TABLE pub.publicatie AS SELECT current_timestamp::TIMESTAMPTZ AS gepubliceerd_op, "
            "$cellen::BIGINT AS cellen, $primair::BIGINT AS onderdrukt_primair, $secundair::BIGINT AS onderdrukt_secundair",
            {"cellen": verslag.cellen, "primair": verslag.primair, "secundair": verslag.secundair},
        )
        con.execute(f"COMMENT ON TABLE pub.publicatie IS {_literal(TABEL_COMMENTAAR['publicatie'])}")
        for column, text in PUBLICATIE_COMMENTAAR.items():
            con.execute(f"COMMENT ON COLUMN pub.publicatie.{column} IS {_literal(text)}")
        con.execute("DETACH pub")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    publish(tmp, target)
    return {**counts, **verslag.as_dict()}


def _column_comment(column: str, warehouse_comment: str | None, columns: list[str]) -> str:
    """The warehouse's comment on what the column counts, and what NULL means here."""
    text = (warehouse_comment or column.replace("_", " ")).strip()
    if column in NIET_ONDERDRUKT:
        return text
    basis = basis_kolom(column, columns)
    if basis:
        return (f"{text} NULL = onderdrukt: berekend over minder dan {MIN_PERSONEN} personen ({basis}), "
                "of om een andere onderdrukte cel te beschermen.")
    return (f"{text} NULL = onderdrukt: een aantal van {KLEIN_MIN} t/m {KLEIN_MAX}, of om een andere onderdrukte "
            "cel te beschermen (zodat die niet uit totalen terug te rekenen is). Nooit 0.")


def _comments(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str | None]]:
    return con.execute(
        "SELECT column_name, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON and ATTACH take no bound parameters); the texts are our own, never data."""
    return "'" + text.replace("'", "''") + "'"
