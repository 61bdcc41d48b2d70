"""Upgrades in place (jib_assets/migrations): numbered migrations recorded in schema_versie, additive
evolution from the register, and a warehouse written by release 48e75e5 that opens, upgrades and runs
the next month with this code, with the same result as a fresh run."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date

import duckdb
import pytest

from jib_assets import db, migrations, schema
from jib_assets.privacy.bewaartermijn import RUWE_TABELLEN
from jib_assets.resources import JibResource
from tests.builders import jib, jib_env, release_warehouse

VERSIONS = [(1, "basis"), (2, "monitoring_opnieuw"), (3, "duo_beoordeling_smal"), (4, "leveringen_aanwezig"),
            (5, "stap_tellingen")]


def _versions(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    return con.execute("SELECT versie, naam FROM schema_versie ORDER BY versie").fetchall()


def test_numbered_migrations_run_once_in_order_and_are_recorded():
    con = duckdb.connect()
    ran: list[int] = []
    steps = [migrations.Migration(1, "een", lambda c: ran.append(1)),
             migrations.Migration(2, "twee", lambda c: ran.append(2))]
    assert migrations.upgrade(con, steps[:1]) == ["v0001 een"]
    assert migrations.upgrade(con, steps) == ["v0002 twee"]
    assert migrations.upgrade(con, steps) == []
    assert ran == [1, 2]
    assert _versions(con) == [(1, "een"), (2, "twee")]


def test_a_failing_migration_leaves_the_warehouse_as_it_was():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x INTEGER)")

    def half(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("ALTER TABLE t ADD COLUMN y INTEGER")
        c.execute("SELECT * FROM bestaat_niet")

    steps = [migrations.Migration(1, "basis", lambda c: None), migrations.Migration(2, "half", half)]
    with pytest.raises(RuntimeError, match=r"v0002 \(half\) failed and was rolled back.*stays at version 1"):
        migrations.upgrade(con, steps)
    assert db.columns_of(con, "t") == {"x": "INTEGER"}
    assert _versions(con) == [(1, "basis")]


def test_a_warehouse_of_a_newer_release_is_refused():
    con = duckdb.connect()
    migrations.upgrade(con)
    con.execute("INSERT INTO schema_versie VALUES (99, 'toekomst', current_localtimestamp())")
    with pytest.raises(migrations.NewerWarehouseError, match=f"version 99.*knows up to {len(VERSIONS)}"):
        migrations.upgrade(con)


def test_the_package_migrations_are_numbered_without_gaps():
    found = migrations.migrations()
    assert [m.versie for m in found] == list(range(1, len(found) + 1))
    assert found[0].naam == "basis"


def test_v0004_records_the_deliveries_a_warehouse_holds_once():
    """Each (peildatum, file) of a delivered table present, once however often it runs; the other tables untouched.
    ingest_doelgroep (c279010) goes into the column `lading`, its files recorded too, and is dropped."""
    from jib_assets.migrations import v0004_leveringen_aanwezig as v0004

    con = duckdb.connect()
    con.execute("CREATE TABLE brp_personen (peildatum DATE, bsn VARCHAR)")
    con.execute("INSERT INTO brp_personen VALUES ('2025-01-01', 'a'), ('2025-01-01', 'b'), ('2025-02-01', 'c')")
    con.execute("CREATE TABLE uwv_polis (peildatum DATE, bsn VARCHAR)")
    con.execute("INSERT INTO uwv_polis VALUES ('2025-02-01', 'a')")
    con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, bsn VARCHAR)")
    con.execute("INSERT INTO gemeente_lijst VALUES ('2025-03-01', 'a')")
    con.execute("CREATE TABLE ingest_doelgroep (peildatum DATE, bestand VARCHAR, lading VARCHAR)")
    con.execute("INSERT INTO ingest_doelgroep VALUES ('2025-02-01', 'brp_personen.csv', '3:7'), "
                "('2025-02-01', 'brp_adressen.csv', '3:7')")
    v0004.apply(con)
    v0004.apply(con)
    assert con.execute("SELECT * FROM ingest_aanwezig ORDER BY ALL").fetchall() == [
        (date(2025, 1, 1), "brp_personen.csv", None), (date(2025, 2, 1), "brp_adressen.csv", "3:7"),
        (date(2025, 2, 1), "brp_personen.csv", "3:7"), (date(2025, 2, 1), "uwv_polis.csv", None)]
    assert not db.table_exists(con, "ingest_doelgroep")
    assert con.execute("SELECT * FROM gemeente_lijst").fetchall() == [(date(2025, 3, 1), "a")]


def test_v0005_records_the_step_tables_counts_per_month_and_gemeente_once():
    """What the month-on-month checks read of the months before, counted by hand from the rows: per step, month and
    woongemeente; a month already counted (by the step itself) is not counted again, however often it runs."""
    from jib_assets.migrations import v0005_stap_tellingen as v0005

    con = duckdb.connect()
    con.execute("CREATE TABLE duo_selectie (peildatum DATE, bsn VARCHAR, woongemeente VARCHAR)")
    con.execute("INSERT INTO duo_selectie VALUES ('2025-01-01', 'a', 'GM0001'), ('2025-01-01', 'b', 'GM0001'), "
                "('2025-01-01', 'c', 'GM0002'), ('2025-02-01', 'a', 'GM0001')")
    con.execute("CREATE TABLE ib_lijst (peildatum DATE, bsn VARCHAR, woongemeente VARCHAR)")
    con.execute("INSERT INTO ib_lijst VALUES ('2025-02-01', 'a', 'GM0001')")
    v0005.apply(con)
    con.execute("DELETE FROM stap_tellingen WHERE stap = 'ib_lijst'")
    con.execute("INSERT INTO stap_tellingen VALUES ('ib_lijst', '2025-02-01', 'GM0001', 7)")  # as the step wrote it
    v0005.apply(con)
    assert con.execute("SELECT * FROM stap_tellingen ORDER BY ALL").fetchall() == [
        ("duo_selectie", date(2025, 1, 1), "GM0001", 2), ("duo_selectie", date(2025, 1, 1), "GM0002", 1),
        ("duo_selectie", date(2025, 2, 1), "GM0001", 1), ("ib_lijst", date(2025, 2, 1), "GM0001", 7)]
    fresh = duckdb.connect()  # a warehouse without step tables gets the table, empty
    v0005.apply(fresh)
    assert db.columns_of(fresh, "stap_tellingen") == {"stap": "VARCHAR", "peildatum": "DATE",
                                                       "gemeentecode": "VARCHAR", "rijen": "BIGINT"}


def test_a_register_column_is_added_to_an_existing_table_as_a_fresh_table_has_it(monkeypatch):
    old, fresh = duckdb.connect(), duckdb.connect()
    old.execute(schema.ddl("bezwaar_register"))
    old.execute("INSERT INTO bezwaar_register VALUES ('JIB-AAAAAAAAAAAA', DATE '2025-02-01')")
    spec = schema.table("bezwaar_register")
    extra = schema.Column("bron", "VARCHAR", "Waar het bezwaar vandaan kwam.")
    monkeypatch.setitem(schema.TABLES, "bezwaar_register", schema.Table(
        spec.name, spec.comment, (*spec.columns, extra), spec.key, spec.created, spec.strict, spec.contract))
    assert migrations.evolve(old) == ["+ bezwaar_register.bron"]
    assert migrations.evolve(old) == []
    fresh.execute(schema.ddl("bezwaar_register"))
    assert db.columns_of(old, "bezwaar_register") == db.columns_of(fresh, "bezwaar_register")
    assert old.execute("SELECT * FROM bezwaar_register").fetchall() == [("JIB-AAAAAAAAAAAA", date(2025, 2, 1), None)]


def test_a_new_query_column_is_added_on_the_next_load_as_a_fresh_table_has_it():
    old, fresh = duckdb.connect(), duckdb.connect()
    before = "SELECT CAST($peildatum AS DATE) AS peildatum, 'a' AS bsn"
    after = "SELECT CAST($peildatum AS DATE) AS peildatum, 'b' AS bsn, CAST(12.5 AS DECIMAL(12, 2)) AS inkomen"
    db.replace_partition(old, "t", before, {"peildatum": date(2025, 1, 1)})
    db.replace_partition(old, "t", after, {"peildatum": date(2025, 2, 1)})
    db.replace_partition(fresh, "t", after, {"peildatum": date(2025, 2, 1)})
    assert db.columns_of(old, "t") == db.columns_of(fresh, "t") == {
        "peildatum": "DATE", "bsn": "VARCHAR", "inkomen": "DECIMAL(12,2)"}
    assert old.execute("SELECT * FROM t ORDER BY peildatum").fetchall() == [
        (date(2025, 1, 1), "a", None), (date(2025, 2, 1), "b", 12.5)]


def test_the_release_warehouse_is_upgraded_when_a_run_opens_it_for_writing(tmp_path):
    home = tmp_path / "home"
    release_warehouse(home / "warehouse" / "jib.duckdb")
    resource = JibResource(home=str(home), duckdb_threads=1)
    uitkomsten = "SELECT peildatum, bsn, uitkomst, reden FROM duo_beoordeling ORDER BY ALL"
    with resource.warehouse(read_only=True) as con:
        assert not db.table_exists(con, "schema_versie")
        assert len(db.columns_of(con, "duo_beoordeling")) == 17
        release = con.execute(uitkomsten).fetchall()
    with resource.warehouse() as con:
        assert _versions(con) == VERSIONS
        assert con.execute("SELECT count(*) FROM gemeente_lijst").fetchone()[0] == 165
        # The release's monitoring predates the area: dropped, rebuilt by the monitoring step of the next run.
        assert not db.table_exists(con, "monitoring_maand")
        # duo_beoordeling keeps every person's outcome and reason, not the conditions it repeated. The release had no
        # jib_id there: added, empty, as the schema register has it (the month's next load fills it).
        assert list(db.columns_of(con, "duo_beoordeling")) == ["peildatum", "bsn", "uitkomst", "reden", "jib_id"]
        assert con.execute(uitkomsten).fetchall() == release
        assert len(release) > 10_000
        # The release kept its months' deliveries: each (peildatum, file) it holds is recorded as held (v0004).
        gehouden = con.execute("SELECT DISTINCT peildatum, 'brp_personen.csv' FROM brp_personen UNION ALL "
                               "SELECT DISTINCT peildatum, 'uwv_polis.csv' FROM uwv_polis ORDER BY ALL").fetchall()
        assert len(gehouden) >= 2
        assert con.execute("SELECT peildatum, bestand FROM ingest_aanwezig WHERE bestand IN ('brp_personen.csv', "
                           "'uwv_polis.csv') "
                           "ORDER BY ALL").fetchall() == gehouden
        # The step tables' rows per month and gemeente, for the month-on-month checks (v0005): every month it holds.
        tellingen = con.execute("SELECT peildatum, gemeentecode, rijen FROM stap_tellingen WHERE stap = 'duo_selectie' "
                                "ORDER BY ALL").fetchall()
        assert {p for p, _, _ in tellingen} == {date(2025, 1, 1), date(2025, 2, 1)}
        assert sum(n for _, _, n in tellingen) == con.execute("SELECT count(*) FROM duo_selectie").fetchone()[0]
    with resource.warehouse() as con:  # the second open has nothing to do
        assert migrations.upgrade(con) == []


MONTHS_RELEASE = ("2025-01", "2025-02")
NEXT = "2025-03"
COMPARED = ("persoon_toestand", "duo_beoordeling", "duo_selectie", "ib_verrijking", "ib_lijst", "gemeente_filter",
            "gemeente_lijst", "werklijst_casemanager", "monitoring_maand", "bezwaar_register",
            "quarantaine")

# Dropped by v0002 and rebuilt by the next run from the release's own months, whose casemanager rows and
# lists the release loaded under its rules: its earlier months are neither the release's nor a fresh run's,
# and so are not compared; its quarter (which sums those months) neither.
REBUILT = {"monitoring_maand"}

JIB_ID = re.compile(r"JIB-[A-Z2-7]{12}")
SHOWN_IDS = 10  # at most this many jib_ids in a message


def row_difference(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], where: str,
                   sides: tuple[str, str]) -> str:
    """How table `table` of the two attached databases `sides` differs on `columns` (rows matching `where`),
    computed in DuckDB: the number of rows only in each side and, when the table has one, up to SHOWN_IDS of
    their jib_ids. Empty when equal. Never a row's values: these rows hold BSNs, names and addresses, and a
    failing assertion's message ends up in CI logs."""
    names = ", ".join(f'"{c}"' for c in columns)
    ids = "list(DISTINCT jib_id ORDER BY jib_id)" if "jib_id" in columns else "[]::VARCHAR[]"
    parts, shown = [], set()
    for this, other in (sides, sides[::-1]):
        only = (f"SELECT {names} FROM {this}.main.{table} WHERE {where} "
                f"EXCEPT ALL SELECT {names} FROM {other}.main.{table} WHERE {where}")
        n, found = con.execute(f"SELECT count(*), {ids} FROM ({only})").fetchone()
        if n:
            parts.append(f"{n} rows only in {this}")
            shown |= set(found or [])
    if not parts:
        return ""
    listed = sorted(shown)[:SHOWN_IDS]
    more = f" (+{len(shown) - len(listed)} more)" if len(shown) > len(listed) else ""
    return f"{table}: {', '.join(parts)}; jib_ids: {', '.join(listed) or 'none in this table'}{more}"


def line_difference(name: str, a: list[str], b: list[str], sides: tuple[str, str]) -> str:
    """How two files' lines differ: lines only in each side, counted, and up to SHOWN_IDS jib_ids found in
    them. Empty when the files have the same lines in the same order. Never a line itself (an export line
    holds a BSN, a name and an address)."""
    if a == b:
        return ""
    only_a, only_b = Counter(a) - Counter(b), Counter(b) - Counter(a)
    ids = sorted({i for line in (only_a + only_b) for i in JIB_ID.findall(line)})
    order = "" if only_a or only_b else "; the same lines in another order"
    more = f" (+{len(ids) - SHOWN_IDS} more)" if len(ids) > SHOWN_IDS else ""
    return (f"{name}: {only_a.total()} lines only in {sides[0]}, {only_b.total()} only in {sides[1]}{order}; "
            f"jib_ids: {', '.join(ids[:SHOWN_IDS]) or 'none'}{more}")


def test_a_failing_comparison_names_counts_and_jib_ids_never_a_person():
    con = duckdb.connect()
    bsn, naam, straat, postcode = "123456782", "Vermeulen", "Kerkstraat", "6041AB"
    for side in ("upgraded", "fresh"):
        con.execute(f"ATTACH ':memory:' AS {side}")
        con.execute(f"CREATE TABLE {side}.gemeente_lijst (peildatum DATE, jib_id VARCHAR, bsn VARCHAR, "
                    "geslachtsnaam VARCHAR, straatnaam VARCHAR, postcode VARCHAR, leeftijd INTEGER)")
        con.execute(f"INSERT INTO {side}.gemeente_lijst VALUES (DATE '2025-03-01', 'JIB-AAAAAAAAAAAA', "
                    "'111222333', 'Jansen', 'Markt', '6041AA', 24)")
    # One person differs in one side only by a value the message must not show.
    con.execute("INSERT INTO upgraded.gemeente_lijst VALUES (DATE '2025-03-01', 'JIB-BBBBBBBBBBBB', ?, ?, ?, ?, 25)",
                [bsn, naam, straat, postcode])
    con.execute("INSERT INTO fresh.gemeente_lijst VALUES (DATE '2025-03-01', 'JIB-BBBBBBBBBBBB', ?, ?, ?, ?, 26)",
                [bsn, naam, straat, postcode])
    columns = ["peildatum", "jib_id", "bsn", "geslachtsnaam", "straatnaam", "postcode", "leeftijd"]
    message = row_difference(con, "gemeente_lijst", columns, "TRUE", ("upgraded", "fresh"))
    assert message == ("gemeente_lijst: 1 rows only in upgraded, 1 rows only in fresh; "
                       "jib_ids: JIB-BBBBBBBBBBBB")
    for value in (bsn, naam, straat, postcode, "111222333", "Jansen", "25", "26"):
        assert value not in message
    # Without a jib_id column: counts only.
    message = row_difference(con, "gemeente_lijst", ["bsn", "leeftijd"], "TRUE", ("upgraded", "fresh"))
    assert message == "gemeente_lijst: 1 rows only in upgraded, 1 rows only in fresh; jib_ids: none in this table"
    # Equal on the columns compared: nothing to say.
    assert row_difference(con, "gemeente_lijst", ["jib_id", "bsn"], "TRUE", ("upgraded", "fresh")) == ""

    header = "bsn;jib_id;geslachtsnaam;straatnaam"
    same = "111222333;JIB-AAAAAAAAAAAA;Jansen;Markt"
    a = [header, same, f"{bsn};JIB-BBBBBBBBBBBB;{naam};{straat}"]
    b = [header, same, f"{bsn};JIB-BBBBBBBBBBBB;{naam};Dorpsstraat"]
    message = line_difference("jib_lijst.csv", a, b, ("upgraded", "fresh"))
    assert message == "jib_lijst.csv: 1 lines only in upgraded, 1 only in fresh; jib_ids: JIB-BBBBBBBBBBBB"
    assert not any(v in message for v in (bsn, naam, straat, "Dorpsstraat", "Jansen"))
    assert line_difference("x.csv", [header, a[2], same], a, ("upgraded", "fresh")) == (
        "x.csv: 0 lines only in upgraded, 0 only in fresh; the same lines in another order; jib_ids: none")
    assert line_difference("x.csv", a, list(a), ("upgraded", "fresh")) == ""


@pytest.mark.slow
def test_a_release_warehouse_runs_the_next_month_like_a_fresh_run(tmp_path):
    """The fixture warehouse (release 48e75e5, 2025-01..02) is copied, upgraded and runs 2025-03 with this
    code. Month 2025-03 of every chain table and its exports equal those of a fresh 2025-01..03 run, and
    the release's months stay as the release wrote them (a column added since is NULL there, a table
    added since starts at 2025-03; the raw snapshots and per-person states of those months are removed by
    retention, which keeps the latest month's only; where this code's rules differ, the fresh run's earlier months differ
    from them on purpose, e.g. youths outside JIB_GEBIED no longer selected).

    Every comparison runs in DuckDB and a failure says per table how many rows differ and which jib_ids,
    never a row (row_difference, line_difference): the rows hold BSNs, names and addresses."""
    landing = tmp_path / "landing-home"
    env = jib_env(landing, JIB_GEBIED="GM0988", JIB_FIRST_MONTH="2025-01", JIB_DUCKDB_THREADS="1")
    synth = jib(["synth", "--region", "GM0988", "--from", MONTHS_RELEASE[0], "--to", NEXT], env)
    assert synth.returncode == 0, synth.stderr[-2000:]
    homes = {}
    for name in ("upgraded", "fresh"):
        homes[name] = tmp_path / name
        shutil.copytree(landing / "landing", homes[name] / "landing")
    release_warehouse(homes["upgraded"] / "warehouse" / "jib.duckdb")
    kept = release_warehouse(tmp_path / "release.duckdb")  # an untouched copy, to compare the history with
    before = "peildatum < DATE '2025-03-01'"
    runs = {
        "upgraded": jib(["run", "--from", NEXT, "--to", NEXT], {**env, **jib_env(homes["upgraded"])}),
        "fresh": jib(["run", "--from", MONTHS_RELEASE[0], "--to", NEXT], {**env, **jib_env(homes["fresh"])}),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stdout[-3000:], run.stderr[-3000:])
    con = duckdb.connect()
    for name in ("upgraded", "fresh"):
        con.execute(f"ATTACH '{homes[name] / 'warehouse' / 'jib.duckdb'}' AS {name} (READ_ONLY)")
    con.execute(f"ATTACH '{kept}' AS release (READ_ONLY)")

    def columns_of(side: str, table: str) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' "
            "AND table_name = ? ORDER BY column_index", [side, table]).fetchall()]

    assert all(con.execute(f"SELECT versie, naam FROM {side}.main.schema_versie ORDER BY versie").fetchall()
               == VERSIONS for side in ("upgraded", "fresh"))
    # Identifying columns aside: the month's erasure clears them for objectors in every month.
    release_columns = {t: [c for c in columns_of("release", t) if c not in schema.identifying_columns()]
                       for t in COMPARED}
    # The release listed youths who had moved out of the area; one who moves back in March is `verhuisd`
    # (from that out-of-area list) after the upgrade and not in a fresh run, which never listed them. Those
    # youths, and the kind-of-instroom split they change, are the rule change on purpose; all else is equal.
    area = [r[0] for r in con.execute("SELECT DISTINCT gemeentecode FROM fresh.main.gemeente_lijst").fetchall()]
    returned = [r[0] for r in con.execute(
        "SELECT jib_id FROM upgraded.main.gemeente_lijst WHERE peildatum = ? AND soort_instroom = 'verhuisd' "
        "AND NOT list_contains(?, verhuisd_van)", [date.fromisoformat(f"{NEXT}-01"), area]).fetchall()]
    assert len(returned) <= 3, len(returned)
    soort = {"instroom_nieuw", "instroom_terugkeer", "instroom_verhuisd"} if returned else set()
    compared, differences = {}, []
    for table in COMPARED:
        columns = columns_of("fresh", table)
        assert sorted(columns_of("upgraded", table)) == sorted(columns), table
        columns = [c for c in columns if c not in soort]
        where = "TRUE"
        if "peildatum" in columns:
            where = f"peildatum = DATE '{NEXT}-01'"
            # The release listed gemeenten outside JIB_GEBIED too; their rows end as this code's rules say
            # (uitstroom) and a fresh run never had them: compare the area's gemeenten and regions.
            for key in ("gemeentecode", "regiocode"):
                if key in columns:
                    codes = con.execute(f"SELECT list(DISTINCT {key}) FROM fresh.main.{table} WHERE {where}").fetchone()[0]
                    where += f" AND list_contains({[str(c) for c in codes or []]}, {key})"
            if "jib_id" in columns:
                where += f" AND coalesce(NOT list_contains({returned}, jib_id), true)"
            if release_columns[table] and table in RUWE_TABELLEN:  # retention removes the release's months
                left = con.execute(f"SELECT count(*) FROM upgraded.main.{table} WHERE {before}").fetchone()[0]
                differences += [f"{table}: {left} rows of the release's months left after retention"] if left else []
            elif release_columns[table] and table not in REBUILT:  # the upgrade keeps the release's months as they were
                kept_history = row_difference(con, table, release_columns[table], before, ("upgraded", "release"))
                differences += [f"{kept_history} (the release's months)"] if kept_history else []
        differences += [d for d in [row_difference(con, table, columns, where, ("upgraded", "fresh"))] if d]
        compared[table] = con.execute(f"SELECT count(*) FROM fresh.main.{table} WHERE {where}").fetchone()[0]
    assert not differences, "\n".join(differences)
    assert compared["gemeente_lijst"] > 50 and compared["werklijst_casemanager"] > 0, compared
    exports = sorted((homes["fresh"] / "exports" / NEXT).rglob("*.csv"))
    assert exports
    for path in exports:
        twin = homes["upgraded"] / path.relative_to(homes["fresh"])
        # The same file but for the lines of the youths who moved back into the area (if any).
        a, b = ([line for line in p.read_text(encoding="utf-8-sig").splitlines()
                 if not any(jib_id in line for jib_id in returned)] for p in (twin, path))
        name = str(path.relative_to(homes["fresh"]))
        differences += [d for d in [line_difference(name, a, b, ("upgraded", "fresh"))] if d]
        if not returned and a == b and twin.read_bytes() != path.read_bytes():
            differences.append(f"{name}: the same lines, other bytes (byte order mark or line ends)")
    assert not differences, "\n".join(differences)
