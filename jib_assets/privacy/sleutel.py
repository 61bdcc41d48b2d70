"""The guard of the pseudonym key, and its deliberate rotation (docs/privacy.md, "The key").

Every jib_id in a warehouse was made with one key. The warehouse records a keyed fingerprint of that key
(HMAC-SHA256(key, a fixed label), 16 hex characters: it cannot give the key back), and every jib_id
computation on it (register_jib_id, here) refuses another key: with it, every youth would leave the
lists and come back as new, and a youth who objected would be approached again under a new jib_id.

A rotation recomputes every stored jib_id with the new key, set-based in DuckDB: from the BSN still on the
lists, and for objectors whose BSN was erased from the BSNs of the landing deliveries (their old jib_id is
computed with the old key and matched). Old jib_ids that casemanager spreadsheets still use are mapped in
sleutel_rotatie, which the spreadsheets' ingest reads.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from jib_assets import db
from jib_assets.db import columns_of, scalar, sql, table_exists
from jib_assets.parameters import MIN_SLEUTEL_LENGTE
from jib_assets.privacy.pseudonym import register_function

LABEL = b"jib sleutel vingerafdruk v1"
VINGERAFDRUK = "sleutel_vingerafdruk"
ROTATIE = "sleutel_rotatie"
REGISTER = "bezwaar_register"


class SleutelError(RuntimeError):
    """The pseudonym key cannot be used: blank, too short, or not the key of this warehouse."""


def check_key(key: bytes) -> None:
    """Refuse a key that is blank, only whitespace, or shorter than parameters.MIN_SLEUTEL_LENGTE."""
    text = key.decode("utf-8", errors="replace").strip()
    if not text:
        raise SleutelError(
            "The pseudonym key (JIB_PSEUDONYM_KEY) is empty or only whitespace. Set it to the deployment's "
            f"secret key: at least {MIN_SLEUTEL_LENGTE} characters, random (e.g. `python -c \"import secrets; "
            "print(secrets.token_urlsafe(32))\"` for a new deployment)."
        )
    if len(text) < MIN_SLEUTEL_LENGTE:
        raise SleutelError(
            f"The pseudonym key (JIB_PSEUDONYM_KEY) has {len(text)} characters; at least {MIN_SLEUTEL_LENGTE} "
            "are required, so that jib_ids cannot be linked to BSNs by trying keys. A new deployment sets a long "
            "random key; a deployment with data made with a short key rotates it (`jib sleutel roteer`)."
        )


def register_jib_id(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Make `jib_id(bsn)` callable from SQL on this connection, with the key bound in the closure.

    The key never enters a SQL text, a table or a log. The key is guarded: a blank or short key, or another
    key than the one this warehouse's jib_ids were made with, is refused here, so every step that computes a
    jib_id on a warehouse refuses alike.
    """
    check_key(key)
    register_function(con, "jib_id", key)
    try:
        guard(con, key)
    except BaseException:
        db.owner(con).remove_function("jib_id")
        raise


def fingerprint(key: bytes) -> str:
    """A keyed fingerprint of the key: recognises it, never gives it back."""
    return hmac.new(key, LABEL, "sha256").hexdigest()[:16]


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    for statement in con.extract_statements(sql("sleutel_tabellen")):
        con.execute(statement)


@dataclass(frozen=True)
class Status:
    """What the warehouse knows of a key: counts and dates only."""

    recorded: bool
    matches: bool
    retired: bool
    since: datetime | None


def status(con: duckdb.DuckDBPyConnection, key: bytes) -> Status:
    if not table_exists(con, VINGERAFDRUK):
        return Status(False, False, False, None)
    mine = fingerprint(key)
    current = con.execute(
        f"SELECT vingerafdruk, in_gebruik_vanaf FROM {VINGERAFDRUK} WHERE in_gebruik_tot IS NULL "
        "ORDER BY in_gebruik_vanaf DESC LIMIT 1"
    ).fetchall()
    if not current:
        return Status(False, False, False, None)
    retired = bool(
        scalar(con, f"SELECT count(*) FROM {VINGERAFDRUK} WHERE in_gebruik_tot IS NOT NULL AND vingerafdruk = ?",
               [mine])
    )
    return Status(True, current[0][0] == mine, retired, current[0][1])


def guard(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Refuse a key that is not the one this warehouse's jib_ids were made with; record it on first use.

    Needs the SQL function jib_id of `key` on `con` (for a warehouse made before fingerprints: its lists
    are checked against the key instead). A read-only connection is checked, never written.
    """
    check_key(key)
    state = status(con, key)
    if state.matches:
        return
    where = _database_path(con)
    if state.recorded:
        if state.retired:
            problem = "is a key this warehouse used before and retired by a rotation"
        else:
            problem = "is not the key this warehouse's jib_ids were made with"
        raise SleutelError(
            f"The pseudonym key in JIB_PSEUDONYM_KEY {problem} (the warehouse {where} uses its current key since "
            f"{state.since:%Y-%m-%d %H:%M}). Running with it would give every youth a new jib_id: every person's "
            "history would break (everyone leaves the lists and comes back as new) and youths who objected would "
            "be approached again under a new jib_id. Set JIB_PSEUDONYM_KEY back to the warehouse's key; to change "
            "the key on purpose, rotate it first with `jib sleutel roteer` (docs/privacy.md)."
        )
    _check_lists(con)
    if not _read_only(con):
        _record(con, key)


def _check_lists(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse made before keys were fingerprinted: its lists must hold the jib_ids of this key."""
    if not table_exists(con, "gemeente_lijst"):
        return
    rijen, gelijk = con.execute(sql("sleutel_controle")).fetchall()[0]
    if rijen and gelijk < rijen:
        raise SleutelError(
            f"The pseudonym key in JIB_PSEUDONYM_KEY is not the key the lists in the warehouse {_database_path(con)} "
            f"were made with ({rijen - gelijk} of {rijen} sampled jib_ids differ). Running with it would break every "
            "person's history and the objections. Set JIB_PSEUDONYM_KEY back to the key of those lists; to "
            "change the key on purpose, rotate it with `jib sleutel roteer` (docs/privacy.md)."
        )


def _record(con: duckdb.DuckDBPyConnection, key: bytes, at: datetime | None = None) -> None:
    prepare(con)
    con.execute(
        f"INSERT INTO {VINGERAFDRUK} VALUES (?, ?, NULL)", [fingerprint(key), at or datetime.now().replace(microsecond=0)]
    )


@dataclass(frozen=True)
class Rotation:
    """What a rotation did, as counts: safe to print and log."""

    jib_ids: int
    via_warehouse: int
    via_landing: int
    niet_gevonden: int
    bezwaar: int
    bezwaar_niet_gevonden: int
    tabellen: dict[str, int]
    exportmaanden: int = 0


def rotate(
    con: duckdb.DuckDBPyConnection,
    old: bytes,
    new: bytes,
    *,
    landing: Path,
    accepteer_onvindbaar: bool = False,
) -> Rotation:
    """Recompute every stored jib_id from the old key to the new one, in one transaction.

    Each jib_id is mapped old -> new through its BSN: the BSN beside it on the lists, or else (objectors
    whose BSN was erased) a BSN of the delivered brp_personen.csv files of every landing month whose old-key
    jib_id it is. An objector found nowhere keeps the old jib_id in bezwaar_register and gets no new one;
    the rotation refuses that unless `accepteer_onvindbaar` (docs/privacy.md says what it means).
    Afterwards the warehouse accepts only the new key.
    """
    if not old.strip():
        raise SleutelError("The old key (JIB_PSEUDONYM_KEY) is empty: set it to the key the warehouse uses now.")
    check_key(new)  # the old key may be short: rotating is how a deployment gets rid of one
    if fingerprint(old) == fingerprint(new):
        raise SleutelError("The new key is the same as the current one: nothing to rotate.")
    state = status(con, old)
    if state.recorded and not state.matches:
        raise SleutelError(
            "The old key (JIB_PSEUDONYM_KEY) is not this warehouse's current key, so its jib_ids cannot be "
            "recomputed. Set JIB_PSEUDONYM_KEY to the key the warehouse uses now and JIB_PSEUDONYM_KEY_NIEUW to "
            "the new one."
        )
    register_function(con, "jib_id", old)
    if not state.recorded:
        _check_lists(con)  # a warehouse made before fingerprints: its lists must match the old key
    register_function(con, "jib_id_oud", old)
    register_function(con, "jib_id_nieuw", new)
    prepare(con)
    tables = _jib_id_tables(con)
    try:
        via_warehouse, via_landing = _stage_mapping(con, tables, landing)
        open_ids = scalar(con, "SELECT count(*) FROM rotatie_open")
        in_register = table_exists(con, REGISTER)
        bezwaar = scalar(con, f"SELECT count(*) FROM {REGISTER}") if in_register else 0
        bezwaar_open = scalar(
            con, f"SELECT count(*) FROM {REGISTER} WHERE jib_id IN (SELECT jib_id FROM rotatie_open)"
        ) if in_register else 0
        if bezwaar_open and not accepteer_onvindbaar:
            raise SleutelError(
                f"{bezwaar_open} of {bezwaar} youths in objection cannot be found: their BSN was erased and is in "
                "no brp_personen.csv of the landing folder, so their jib_id under the new key cannot be computed. "
                "If they came back in a delivery later, the new key would not recognise their objection. Restore "
                "the landing months they were delivered in and rotate again, or accept this with "
                "--accepteer-onvindbaar (docs/privacy.md, key rotation). Nothing was changed."
            )
        changed = _apply(con, tables, new)
    finally:
        for name in ("rotatie_map", "rotatie_open"):
            con.execute(f"DROP TABLE IF EXISTS {name}")
        for name in ("jib_id_oud", "jib_id_nieuw"):
            con.remove_function(name)
    register_function(con, "jib_id", new)
    return Rotation(
        jib_ids=via_warehouse + via_landing + open_ids,
        via_warehouse=via_warehouse,
        via_landing=via_landing,
        niet_gevonden=open_ids,
        bezwaar=bezwaar,
        bezwaar_niet_gevonden=bezwaar_open,
        tabellen=changed,
    )


def _stage_mapping(con: duckdb.DuckDBPyConnection, tables: list[str], landing: Path) -> tuple[int, int]:
    """Temp tables rotatie_map(jib_id_oud, jib_id_nieuw) and rotatie_open(jib_id): the stored jib_ids
    (of the current key) with their new jib_id, and those that could not be mapped."""
    alle = " UNION ".join(f"SELECT jib_id FROM {t} WHERE jib_id IS NOT NULL" for t in tables) or (
        "SELECT NULL::VARCHAR AS jib_id WHERE false"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE rotatie_alle AS SELECT DISTINCT jib_id FROM ({alle})")
    paren = [t for t in tables if "bsn" in columns_of(con, t)]
    bekend = " UNION ".join(
        f"SELECT DISTINCT jib_id, bsn FROM {t} WHERE jib_id IS NOT NULL AND bsn IS NOT NULL" for t in paren
    ) or "SELECT NULL::VARCHAR AS jib_id, NULL::VARCHAR AS bsn WHERE false"
    con.execute(f"CREATE OR REPLACE TEMP TABLE rotatie_paren AS {bekend}")
    wrong = scalar(con, "SELECT count(*) FROM rotatie_paren WHERE jib_id_oud(bsn) <> jib_id")
    if wrong:
        raise SleutelError(
            f"{wrong} stored jib_ids are not the old key's jib_id of the BSN beside them: the warehouse mixes "
            "keys. Nothing was changed; rerun the affected months with the current key first."
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rotatie_map AS "
        "SELECT DISTINCT jib_id AS jib_id_oud, jib_id_nieuw(bsn) AS jib_id_nieuw FROM rotatie_paren"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rotatie_open AS "
        "SELECT jib_id FROM rotatie_alle WHERE jib_id NOT IN (SELECT jib_id_oud FROM rotatie_map)"
    )
    via_warehouse = scalar(con, "SELECT count(*) FROM rotatie_map")
    files = sorted(str(p) for p in Path(landing).glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]/brp_personen.csv"))
    via_landing = 0
    if files and scalar(con, "SELECT count(*) FROM rotatie_open"):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE rotatie_landing AS {sql('sleutel_rotatie_landing')}", {"bestanden": files}
        )
        via_landing = scalar(con, "SELECT count(*) FROM rotatie_landing")
        con.execute("INSERT INTO rotatie_map SELECT * FROM rotatie_landing")
        con.execute("DELETE FROM rotatie_open WHERE jib_id IN (SELECT jib_id_oud FROM rotatie_landing)")
        con.execute("DROP TABLE rotatie_landing")
    for name in ("rotatie_alle", "rotatie_paren"):
        con.execute(f"DROP TABLE {name}")
    return via_warehouse, via_landing


def _apply(con: duckdb.DuckDBPyConnection, tables: list[str], new: bytes) -> dict[str, int]:
    """Replace every stored jib_id by its new one, keep the mapping for old spreadsheets, and make the new
    key the warehouse's key: all or nothing."""
    now = datetime.now().replace(microsecond=0)
    changed: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table in tables:
            n = scalar(con, f"SELECT count(*) FROM {table} WHERE jib_id IN (SELECT jib_id_oud FROM rotatie_map)")
            if n:
                con.execute(
                    f"UPDATE {table} SET jib_id = m.jib_id_nieuw FROM rotatie_map AS m WHERE {table}.jib_id = m.jib_id_oud"
                )
                changed[table] = int(n)
        con.execute(
            f"UPDATE {ROTATIE} SET jib_id_nieuw = m.jib_id_nieuw FROM rotatie_map AS m "
            f"WHERE {ROTATIE}.jib_id_nieuw = m.jib_id_oud"
        )
        con.execute(
            f"UPDATE {ROTATIE} SET jib_id_nieuw = NULL WHERE jib_id_nieuw IN (SELECT jib_id FROM rotatie_open)"
        )
        con.execute(f"INSERT INTO {ROTATIE} SELECT jib_id_oud, jib_id_nieuw, $nu FROM rotatie_map", {"nu": now})
        if table_exists(con, REGISTER):
            con.execute(
                f"INSERT INTO {ROTATIE} SELECT jib_id, NULL, $nu FROM rotatie_open "
                f"WHERE jib_id IN (SELECT jib_id FROM {REGISTER})",
                {"nu": now},
            )
        con.execute(f"UPDATE {VINGERAFDRUK} SET in_gebruik_tot = $nu WHERE in_gebruik_tot IS NULL", {"nu": now})
        _record(con, new, now)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return changed


def _jib_id_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every persistent table with a jib_id column, except the rotation's own mapping."""
    rows = con.execute(
        "SELECT DISTINCT c.table_name FROM duckdb_columns() AS c JOIN duckdb_tables() AS t "
        "ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name "
        "WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT t.temporary "
        "AND c.column_name = 'jib_id' ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows if r[0] != ROTATIE]


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return scalar(con, "SELECT current_setting('access_mode')") == "read_only"


def _database_path(con: duckdb.DuckDBPyConnection) -> str:
    path = scalar(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    return str(path) if path else "(in memory)"
