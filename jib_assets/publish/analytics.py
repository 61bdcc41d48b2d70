"""publish/analytics.duckdb: the analysts' copy of the monitoring, small numbers suppressed
(privacy/suppression), no personal data: only figures per gemeente and above, and the reference table.

Built as a new file beside the old one and renamed over it, so an analyst who has the old file open
(read-only) is never blocked and never sees half a run, and the run never waits for the analyst.
Written in DuckDB storage version 1.4, which the 1.4 line and every later DuckDB can open.
Suppressed cells are NULL (never 0); every table and column carries a comment.

Only the deployment's area as it is now is published (see sql/monitoring_publicatie_*.sql), with the
membership of every region (`regio_indeling`), which the suppression reads as its `lidmaatschap`: a
region's published figures are the sum over exactly those gemeenten. The publication's utility (cells,
primary and secondary suppressions, share of cells of 10 or more hidden, the attack's narrowest interval)
goes into the table `publicatie` and the asset's metadata.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from jib_assets import schema
from jib_assets.db import literal, scalar, sql, table_exists
from jib_assets.files import publish
from jib_assets.privacy.suppression import (
    KLEIN_MAX,
    KLEIN_MIN,
    MIN_PERSONEN,
    NIET_ONDERDRUKT,
    Oplossingen,
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
# The suppression's cache (privacy/suppression.Oplossingen): per independent component of the last
# publication, a hash of its exact input and its hidden cells as bits. No person, name or value in it.
OPLOSSINGEN = "suppressie_oplossingen"
STAAT = "suppressie_staat"  # what the last publication showed of each cell: the next one shows it the same
_QUERY = {"monitoring_maand": "monitoring_publicatie_maand", "monitoring_kwartaal": "monitoring_publicatie_kwartaal"}

TABEL_COMMENTAAR = {
    "monitoring_maand": "Monitoring Jongeren in Beeld per maand (peildatum) en niveau (gemeente, arbeidsmarktregio, "
    "rmc_regio, subregio; nederland alleen als het gebied heel Nederland is), voor de gemeenten van het gebied van "
    "deze installatie. Kleine aantallen onderdrukt: NULL = onderdrukt, nooit 0.",
    "monitoring_kwartaal": "Monitoring Jongeren in Beeld per kwartaal en niveau: stromen opgeteld over de maanden, "
    "standen van de laatste maand. Kleine aantallen onderdrukt: NULL = onderdrukt, nooit 0.",
    "gemeenten": "De 342 gemeenten van 2025 met provincie, arbeidsmarktregio, RMC-regio en COROP (CBS).",
    "regio_indeling": "Welke gemeenten van het gebied elke gepubliceerde regio optelt: de cijfers van een regio zijn "
    "de som over precies deze gemeenten (ook van een regio die deels in het gebied ligt).",
    "bereiken": "Extra onderdrukte cijfers (van 5 of meer) die als bereik getoond worden: een tiental (30-39 of "
    "25-34): de waarde ligt tussen van en tot. In monitoring_maand/_kwartaal zijn ze NULL. Alleen waar "
    "geen klein aantal daardoor terug te rekenen is (gedeeltelijke onderdrukking, docs/privacy.md).",
    "publicatie": "Over deze publicatie: wanneer gemaakt, hoeveel cellen onderdrukt en wat dat kost "
    "(regels: rules.md 5, methode: docs/privacy.md).",
}
INDELING_COMMENTAAR = {
    "niveau": "Niveau van de regio: arbeidsmarktregio, rmc_regio, subregio of nederland.",
    "regiocode": "Code van de regio (AMxx, MCxx, SR-..., NL), als in monitoring_maand.",
    "gemeentecode": "Een gemeente van het gebied die de regio optelt (GMxxxx).",
}
BEREIKEN_COMMENTAAR = {
    "tabel": "monitoring_maand of monitoring_kwartaal.",
    "periode": "De peildatum (JJJJ-MM-DD) of het kwartaal (JJJJ-Qn) van de rij.",
    "niveau": "Niveau van de rij, als in de tabel.",
    "regiocode": "Regiocode van de rij, als in de tabel.",
    "kolom": "De kolom van de tabel die in die rij NULL is en hier als bereik staat.",
    "van": "Ondergrens: de waarde is minstens dit (een veelvoud van 5, minstens 5).",
    "tot": "Bovengrens: de waarde is hoogstens dit (van + 9).",
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
    "onderdrukt_secundair": "Cellen extra onderdrukt zodat geen onderdrukte cel uit totalen terug te rekenen is "
    "(ook die als bereik getoond worden).",
    "onderdrukt_als_bereik": "Van de extra onderdrukte cellen: hoeveel als bereik (een tiental) getoond "
    "worden (tabel bereiken).",
    "aandeel_10_plus_onderdrukt": "Aandeel (0-1) van de cellen met een exacte waarde van 10 of meer dat toch "
    "onderdrukt is zonder bereik (om andere cellen te beschermen): wat de bescherming de lezer kost. Leeg als "
    "onbekend.",
    "aandeel_10_plus_als_bereik": "Aandeel (0-1) van de cellen met een exacte waarde van 10 of meer dat als bereik "
    "getoond wordt in plaats van exact (tabel bereiken). Leeg als onbekend.",
    "kleinste_interval": "De aanval als controle: de smalste breedte van het interval waarbinnen iemand die alle "
    "gepubliceerde cijfers combineert (aantallen nooit negatief) een primair onderdrukte cel kan insluiten; "
    "minstens 5. Leeg als er geen primair onderdrukte cel is of als onbekend.",
}
VASTE_COMMENTAAR = {"gemeenten": GEMEENTEN_COMMENTAAR, "regio_indeling": INDELING_COMMENTAAR,
                   "bereiken": BEREIKEN_COMMENTAAR}
# The utility figures, in the order of the table, with their SQL type (a key the suppression does not
# report is written as NULL).
UTILITEIT = {
    "cellen": "BIGINT", "onderdrukt_primair": "BIGINT", "onderdrukt_secundair": "BIGINT", "onderdrukt_als_bereik": "BIGINT",
    "aandeel_10_plus_onderdrukt": "DOUBLE", "aandeel_10_plus_als_bereik": "DOUBLE", "kleinste_interval": "DOUBLE",
}


def refuse_identifying(frames: dict[str, pl.DataFrame]) -> None:
    """Stop publication when a table to publish has a column the schema register marks identifying or
    pseudonymous (read now: a column added there is refused at once)."""
    for table, frame in frames.items():
        forbidden = schema.never_published() & set(frame.columns)
        if forbidden:
            raise RuntimeError(f"refusing to publish {table}: it has identifying columns {sorted(forbidden)}")


def publish_analytics(warehouse: duckdb.DuckDBPyConnection, target: Path, *, processen: int = 1,
                      voortgang: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write the analysts' database from the warehouse connection (read-only is enough), atomically.
    `processen`: how many of the suppression's components are solved at once; above 1 they are solved in
    spawned processes, which import the caller's `__main__` again, so a script of your own that publishes
    with it needs `if __name__ == "__main__":` (`jib`, Dagster and pytest have it). `voortgang`: told how far the
    suppression is, one line at a time (`suppress_monitoring`). Returns row counts per table and the suppression
    counts."""
    invoer = read_input(warehouse)
    refuse_identifying({**invoer.frames, "gemeenten": invoer.gemeenten})
    maand, kwartaal, verslag, oplossingen = suppress(invoer, processen=processen, voortgang=voortgang)
    keep_solutions(warehouse, oplossingen.gebruikt)
    _keep(warehouse, STAAT, verslag.staat)
    published = {"monitoring_maand": maand, "monitoring_kwartaal": kwartaal, "bereiken": verslag.bereiken,
                 "gemeenten": invoer.gemeenten, "regio_indeling": invoer.lidmaatschap}
    return _write(published, invoer.comments, verslag, target)


@dataclass(frozen=True)
class Invoer:
    """What a publication reads from the warehouse: the figures to publish (`frames`), their comments, the reference
    table, the regions' membership, the previous publication's hidden sets (`vorige`, see `Oplossingen`) and what it
    showed of each cell (`eerder`). Figures and keys only: it may go to another process (`publish/vooruit.py`)."""

    frames: dict[str, pl.DataFrame]
    comments: dict[str, dict[str, str]]
    gemeenten: pl.DataFrame
    lidmaatschap: pl.DataFrame
    vorige: dict[str, str]
    eerder: pl.DataFrame | None


def read_input(warehouse: duckdb.DuckDBPyConnection) -> Invoer:
    """Read what the publication needs from the warehouse (read-only is enough)."""
    if not table_exists(warehouse, "regio_indeling"):
        raise RuntimeError("the warehouse has no regio_indeling (written by the monitoring step from this release on): "
                           "run the monitoring of the latest month (jib run --from YYYY-MM --to YYYY-MM) and publish again")
    return Invoer(
        frames={table: warehouse.sql(sql(_QUERY[table])).pl() for table in TABELLEN},
        comments={table: dict(_comments(warehouse, table)) for table in TABELLEN},
        gemeenten=warehouse.sql(f"SELECT {', '.join(GEMEENTEN_KOLOMMEN)} FROM gemeenten ORDER BY gemeentecode").pl(),
        lidmaatschap=warehouse.sql(sql("monitoring_lidmaatschap")).pl(),
        vorige=read_solutions(warehouse),
        eerder=warehouse.sql(f"SELECT * FROM {STAAT}").pl() if table_exists(warehouse, STAAT) else None,
    )


def suppress(invoer: Invoer, *, processen: int = 1, voortgang: Callable[[str], None] | None = None,
             ) -> tuple[pl.DataFrame, pl.DataFrame, Verslag, Oplossingen]:
    """The suppressed copies of the figures, what the suppression did, and the hidden sets it used or made."""
    oplossingen = Oplossingen(vorige=invoer.vorige)
    maand, kwartaal, verslag = suppress_monitoring(
        invoer.frames["monitoring_maand"], invoer.frames["monitoring_kwartaal"], invoer.lidmaatschap,
        oplossingen=oplossingen, processen=processen, eerder=invoer.eerder, voortgang=voortgang)
    return maand, kwartaal, verslag, oplossingen


def read_solutions(warehouse: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The previous publication's hidden sets per component (`OPLOSSINGEN`), empty when there are none."""
    if not table_exists(warehouse, OPLOSSINGEN):
        return {}
    return dict(warehouse.execute(f"SELECT sleutel, verborgen FROM {OPLOSSINGEN}").fetchall())


def keep_solutions(warehouse: duckdb.DuckDBPyConnection, gebruikt: Mapping[str, str], *, bij: bool = False) -> None:
    """Replace the stored hidden sets by those this publication used or made (`Oplossingen.gebruikt`: the table holds
    one publication's components, never grows), or with `bij` add them to the stored ones (hidden sets solved ahead
    of the publication, `publish/vooruit.py`: the next publication keeps only what it uses). On a read-only
    warehouse nothing is kept: the next publication solves again, with the same result."""
    if bij:
        gebruikt = {**read_solutions(warehouse), **gebruikt}
    frame = pl.DataFrame({"sleutel": list(gebruikt), "verborgen": list(gebruikt.values())},
                         schema={"sleutel": pl.String, "verborgen": pl.String})
    _keep(warehouse, OPLOSSINGEN, frame)


def _keep(warehouse: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Replace `table` (of the schema register) by `frame`, sorted by its first column, with the register's
    comments; on a read-only warehouse nothing is kept."""
    if scalar(warehouse, "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"):
        return
    warehouse.register("_bewaren", frame)
    try:
        warehouse.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _bewaren ORDER BY {frame.columns[0]}")
    finally:
        warehouse.unregister("_bewaren")
    spec = schema.table(table)
    warehouse.execute(f"COMMENT ON TABLE {table} IS {literal(spec.comment)}")
    for kolom, commentaar in schema.comments(table):
        warehouse.execute(f"COMMENT ON COLUMN {table}.{kolom} IS {literal(commentaar)}")


def _write(
    published: dict[str, pl.DataFrame], comments: dict[str, dict[str, str]], verslag: Verslag, target: Path
) -> dict[str, int]:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect()  # the warehouse connection only reads; a separate one writes the new file
    try:
        con.execute(f"ATTACH {literal(str(tmp))} AS pub (STORAGE_VERSION '{STORAGE_VERSION}')")
        for table, frame in published.items():
            con.register("_frame", frame)
            con.execute(f"CREATE TABLE pub.{table} AS SELECT * FROM _frame")
            con.unregister("_frame")
            counts[table] = scalar(con, f"SELECT count(*) FROM pub.{table}")
            con.execute(f"COMMENT ON TABLE pub.{table} IS {literal(TABEL_COMMENTAAR[table])}")
            for column in frame.columns:
                if table in VASTE_COMMENTAAR:
                    text = VASTE_COMMENTAAR[table][column]
                else:
                    text = _column_comment(column, comments[table].get(column), frame.columns)
                con.execute(f'COMMENT ON COLUMN pub.{table}."{column}" IS {literal(text)}')
        utiliteit = verslag.as_dict()
        con.execute(
            "CREATE TABLE pub.publicatie AS SELECT current_timestamp::TIMESTAMPTZ AS gepubliceerd_op, "
            + ", ".join(f"CAST(${k} AS {t}) AS {k}" for k, t in UTILITEIT.items()),
            {k: utiliteit.get(k) for k in UTILITEIT},
        )
        con.execute(f"COMMENT ON TABLE pub.publicatie IS {literal(TABEL_COMMENTAAR['publicatie'])}")
        for column, text in PUBLICATIE_COMMENTAAR.items():
            con.execute(f"COMMENT ON COLUMN pub.publicatie.{column} IS {literal(text)}")
        con.execute("DETACH pub")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    publish(tmp, target)
    return {**counts, **{k: v for k, v in verslag.as_dict().items() if v is not None}}


def _column_comment(column: str, warehouse_comment: str | None, columns: list[str]) -> str:
    """The warehouse's comment on what the column counts, and what NULL means here."""
    text = (warehouse_comment or column.replace("_", " ")).strip()
    if column in NIET_ONDERDRUKT:
        return text
    if column.endswith("_per_1000"):
        return f"{text} NULL = onderdrukt, samen met het aantal zelf ({column.removesuffix('_per_1000')})."
    basis = basis_kolom(column, columns)
    if basis:
        return (f"{text} NULL = onderdrukt: berekend over minder dan {MIN_PERSONEN} personen ({basis}), "
                "of om een andere onderdrukte cel te beschermen.")
    return (f"{text} NULL = onderdrukt: een aantal van {KLEIN_MIN} t/m {KLEIN_MAX}, of om een andere onderdrukte "
            "cel te beschermen (zodat die niet uit totalen terug te rekenen is; dan staat het bereik vaak in de "
            "tabel bereiken). Een 0 is altijd gepubliceerd: NULL betekent nooit 0.")


def _comments(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str | None]]:
    return con.execute(
        "SELECT column_name, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
