"""SQL built from a SourceSpec: the typed table, the staging query (lines -> typed rows with reasons), the
duplicate-key rule.

The rules themselves are the macros of sql/ingest_macros.sql; this module only says which macro applies
to which column. Only column names from sources.py enter the SQL text; value sets, patterns and
explanations are bound as parameters.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jib_assets.db import sql
from jib_assets.ingest.sources import EINDE, GEBEURTENIS, GEBOORTE, GEMEENTECODE_PATROON, Column, Kind, SourceSpec
from jib_assets.ingest.store import STAGED
from jib_assets.parameters import GEBEURTENIS_MAX_JAREN_NA_PEILDATUM, MAX_TEKST_LENGTE, VROEGSTE_DATUM


def table_ddl(spec: SourceSpec) -> str:
    columns = ", ".join(f"{c.name} {c.sql_type}" for c in spec.columns)
    return f"CREATE TABLE IF NOT EXISTS {spec.name} (peildatum DATE, regel BIGINT, {columns})"


def date_windows(peildatum: date) -> dict[str, tuple[date, date, str]]:
    """Per Column.venster: (earliest, latest, what 'too late' means) of a plausible date on the peildatum."""
    jaren = GEBEURTENIS_MAX_JAREN_NA_PEILDATUM
    return {
        GEBOORTE: (VROEGSTE_DATUM, peildatum, "na de peildatum"),
        GEBEURTENIS: (VROEGSTE_DATUM, peildatum.replace(year=peildatum.year + jaren),
                      f"meer dan {jaren} jaar na de peildatum"),
        EINDE: (VROEGSTE_DATUM, date(9999, 12, 31), ""),
    }


def staging_query(
    spec: SourceSpec, peildatum: date, bewaar: tuple[str, dict[str, Any]] | None = None
) -> tuple[str, dict[str, Any]]:
    """One row per non-empty data line: regel, bron, the typed columns, and reden (NULL = valid; else the
    broken rules joined by '; '). Dates are checked against the plausible windows of the peildatum.

    `bewaar` (condition on the typed columns, its parameters; csv_source.bewaard): a column `bewaard` says whether
    the row is to be stored, and the columns besides the key and the BSN are written only for those rows: a row not
    stored needs its key (the repeated-key rule) and its BSN (the quarantaine) only. National February's polis step
    (32.0 million lines, 2.77 million stored) alone: 16.7 and 17.1 s against 18.2 and 18.0 s, alternating."""
    params: dict[str, Any] = {"bron": spec.bestand}
    vensters = date_windows(peildatum)
    ruw = ", ".join(f"nullif(velden[{i}], '') AS {c.name}" for i, c in enumerate(spec.columns, 1))
    getypt = ", ".join(f"{_typed(c)} AS t_{c.name}" for c in spec.columns)
    # The BSN as a number for the elfproef, computed once here rather than at each use inside the macro.
    getypt += "".join(f", TRY_CAST({c.name} AS BIGINT) AS n_{c.name}" for c in spec.columns if c.kind is Kind.BSN)
    kolommen = ", ".join(f"t_{c.name} AS {c.name}" for c in spec.columns)
    redenen = [reason for c in spec.columns if (reason := _reason(c, params))]
    for c in spec.columns:
        if c.kind in (Kind.DATE, Kind.MONTH):
            venster = c.venster or GEBEURTENIS
            van, tot, na = vensters[venster]
            params |= {"datum_van": van, f"datum_tot_{venster}": tot, f"datum_na_{venster}": na}
            redenen.append(
                f"ingest_venster_reden('{c.name}', t_{c.name}, $datum_van, $datum_tot_{venster}, $datum_na_{venster})"
            )
    if spec.period:
        begin, eind = spec.period
        redenen.append(f"CASE WHEN t_{eind} < t_{begin} THEN '{eind}: voor {begin}' END")
    n = len(spec.columns)
    query = f"""
        WITH regels AS ({sql("ingest_velden")}),
        ruw AS (SELECT regel, velden, {ruw} FROM regels),
        getypt AS (SELECT *, {getypt} FROM ruw)
        SELECT regel, $bron AS bron, {kolommen},
            CASE
                WHEN velden IS NULL THEN 'regel: aanhalingstekens kloppen niet'
                WHEN len(velden) <> {n} THEN 'regel: ' || len(velden) || ' velden, verwacht {n}'
                ELSE nullif(concat_ws('; ', {", ".join(redenen)}), '')
            END AS reden
        FROM getypt
    """
    if bewaar is not None:
        conditie, bewaar_params = bewaar
        params |= bewaar_params
        rest = [c.name for c in spec.columns if c.name not in spec.key and c.kind is not Kind.BSN]
        alleen_bewaard = ", ".join(f"CASE WHEN bewaard THEN {c} END AS {c}" for c in rest)
        query = (f"SELECT * EXCLUDE ({', '.join(rest)}), {alleen_bewaard} "
                 f"FROM (SELECT *, coalesce({conditie}, true) AS bewaard FROM ({query}))")
    return query, params


def key_hashes(spec: SourceSpec) -> str:
    """The hash of the natural key of each valid staged row. As many distinct hashes as rows proves there
    is no repeat (equal keys have equal hashes; NULLs hash alike, as IS NOT DISTINCT FROM matches them), so
    the UPDATE below runs only when it may find one. On a national polis file fetching and counting them in
    Polars takes 1.1-1.3 s, DuckDB's count(DISTINCT) of the same hashes 7-9 s, the UPDATE with its grouping 10 s."""
    return f"SELECT hash({', '.join(spec.key)}) AS h FROM {STAGED} WHERE reden IS NULL"


def duplicate_update(spec: SourceSpec) -> str:
    """Mark later valid rows with the same natural key as an earlier valid row (the first is kept).

    Only rows that passed every other rule take part, so a bad first row never costs a good second one.
    """
    keys = ", ".join(spec.key)
    same = " AND ".join(f"s.{k} IS NOT DISTINCT FROM d.{k}" for k in spec.key)
    return f"""
        UPDATE {STAGED} AS s SET reden = 'dubbele sleutel, eerste op regel ' || d.eerste
        FROM (
            SELECT {keys}, min(regel) AS eerste FROM {STAGED}
            WHERE reden IS NULL GROUP BY ALL HAVING count(*) > 1
        ) AS d
        WHERE s.reden IS NULL AND s.regel > d.eerste AND {same}
    """


def _typed(c: Column) -> str:
    v = c.name
    return {
        Kind.DATE: f"ingest_datum({v})",
        Kind.MONTH: f"ingest_maand({v})",
        Kind.AMOUNT: f"TRY_CAST(ingest_decimaal({v}) AS {c.sql_type})",
        Kind.HOURS: f"TRY_CAST(ingest_decimaal({v}) AS {c.sql_type})",
        Kind.INTEGER: f"ingest_geheel({v})",
    }.get(c.kind, v)


def _reason(c: Column, params: dict[str, Any]) -> str | None:
    v, t, label = c.name, f"t_{c.name}", f"'{c.name}'"
    match c.kind:
        case Kind.BSN:
            rule = f"ingest_bsn_reden({label}, {v}, n_{v})"
        case Kind.DATE:
            rule = f"ingest_datum_reden({label}, {v}, {t})"
        case Kind.MONTH:
            rule = f"ingest_maand_reden({label}, {v}, {t})"
        case Kind.AMOUNT | Kind.HOURS:
            rule = f"ingest_bedrag_reden({label}, {v}, {t})"
        case Kind.INTEGER:
            rule = f"ingest_geheel_reden({label}, {v}, {t})"
        case Kind.ENUM:
            params[f"waarden_{v}"] = list(c.values)
            rule = f"ingest_waarde_reden({label}, {v}, $waarden_{v})"
        case Kind.PATTERN:
            params[f"patroon_{v}"], params[f"uitleg_{v}"] = c.pattern, c.pattern_uitleg
            rule = f"ingest_patroon_reden({label}, {v}, $patroon_{v}, $uitleg_{v})"
        case Kind.TEXT:
            params["max_tekst"] = MAX_TEKST_LENGTE
            rule = f"ingest_tekst_reden({label}, {v}, $max_tekst)"
        case Kind.GEMEENTECODE:
            params["patroon_gemeentecode"] = GEMEENTECODE_PATROON
            rule = f"ingest_gemeentecode_reden({label}, {v}, $patroon_gemeentecode)"
        case _:
            rule = None
    if c.required:
        return f"CASE WHEN {v} IS NULL THEN '{c.name}: leeg'" + (f" ELSE {rule}" if rule else "") + " END"
    return rule
