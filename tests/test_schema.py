"""The schema register (jib_assets/schema.py): every fact about a column once, and everything generated
from it: DDL, contracts, erasure, the analysts' forbidden columns. A column added in the register alone
is erased and never published."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from jib_assets import schema
from jib_assets.chain.gemeente_filter import erase_bezwaar
from jib_assets.chain.persoon_toestand import DIPLOMA_NIVEAUS
from jib_assets.db import sql
from jib_assets.explain.bestemming import ZICHTBAAR_IN_REGISTER
from jib_assets.parameters import STARTKWALIFICATIE_DIPLOMAS
from jib_assets.privacy import erasure
from jib_assets.privacy.pseudonym import jib_id
from jib_assets.publish.analytics import refuse_identifying
from jib_assets.quality.contracts import CONTRACTS
from tests.builders import elfproef_bsn, release_warehouse

ROOT = Path(__file__).resolve().parents[1]
KEY = b"register-test-key-3c1f"
P = date(2025, 3, 1)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, bool]]:
    return con.execute(
        "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()


def test_identifying_columns_are_bsn_name_address_and_birth_date():
    # rules.md 3: BSN, name, address, birth date; the pseudonym is kept but never published.
    assert schema.identifying_columns() == {
        "bsn", "geslachtsnaam", "voorvoegsel", "voornamen", "geboortedatum", "straatnaam", "huisnummer",
        "huisletter", "huisnummertoevoeging", "postcode", "woonplaats",
    }
    assert schema.never_published() == schema.identifying_columns() | {"jib_id"}
    assert erasure.identifying() == sorted(schema.identifying_columns())


@pytest.mark.parametrize("table", ["gemeente_lijst", "bezwaar_register", "quarantaine"])
def test_generated_ddl_makes_the_table_the_release_made(table, tmp_path):
    # The chain creates these tables from the register alone (no SQL file holds their DDL or value lists):
    # the generated table equals the one release 48e75e5 wrote, CHECK (IN value set) constraints included.
    generated = duckdb.connect()
    generated.execute(schema.ddl(table))
    release = duckdb.connect(str(release_warehouse(tmp_path / "jib.duckdb")), read_only=True)
    assert _columns(generated, table) == _columns(release, table)
    constraints = "SELECT constraint_type, expression FROM duckdb_constraints() WHERE table_name = ? ORDER BY ALL"
    assert generated.execute(constraints, [table]).fetchall() == release.execute(constraints, [table]).fetchall()


def test_gemeente_lijst_checks_every_chain_value_set_it_holds():
    con = duckdb.connect()
    con.execute(schema.ddl("gemeente_lijst"))
    checks = {e for (e,) in con.execute("SELECT expression FROM duckdb_constraints() WHERE table_name = "
                                        "'gemeente_lijst' AND constraint_type = 'CHECK'").fetchall()}
    assert len(checks) == 4
    for column in ("categorie", "status", "soort_instroom", "reden_uitstroom"):
        assert any(e.startswith(f"({column} IN ") for e in checks), column


def test_generated_ddl_refuses_a_value_outside_the_register():
    con = duckdb.connect()
    con.execute(schema.ddl("gemeente_lijst"))
    insert = ("INSERT INTO gemeente_lijst (peildatum, gemeentecode, jib_id, categorie, status, datum_instroom, "
              "eerste_maand) VALUES (DATE '2025-03-01', 'GM0988', 'JIB-A', ?, 'blijft', DATE '2025-01-01', false)")
    con.execute(insert, ["zzp"])
    with pytest.raises(duckdb.ConstraintException):
        con.execute(insert, ["onbekend"])


def test_quarantaine_ddl_matches_the_ingest_table():
    generated, ingest = duckdb.connect(), duckdb.connect()
    generated.execute(schema.ddl("quarantaine"))
    text = "\n".join(line for line in sql("ingest_tabellen").splitlines() if not line.startswith("--"))
    for statement in text.split(";"):
        if statement.strip():
            ingest.execute(statement)
    assert _columns(generated, "quarantaine") == _columns(ingest, "quarantaine")


def test_every_column_the_release_wrote_is_in_the_register_with_its_type(tmp_path):
    # The register may add columns (additive evolution); it may not drop or retype one a warehouse holds.
    con = duckdb.connect(str(release_warehouse(tmp_path / "jib.duckdb")), read_only=True)
    for name in ("duo_selectie", "ib_lijst", "gemeente_lijst", "werklijst_casemanager", "bezwaar_register",
                 "quarantaine"):
        register = {c.name: c.type for c in schema.table(name).columns}
        for column, data_type, _ in _columns(con, name):
            assert register.get(column) == data_type, (name, column)
    added = {n: sorted(set(schema.table(n).names) - {c for c, _, _ in _columns(con, n)})
             for n in ("duo_selectie", "ib_lijst")}
    assert added == {"duo_selectie": ["jib_id"], "ib_lijst": ["jib_id"]}


def test_every_contract_of_a_register_table_is_the_register():
    for name, spec in schema.TABLES.items():
        if not spec.contract:
            continue
        contract = CONTRACTS[name].to_schema()
        assert list(contract.columns) == list(spec.names), name
        for column in spec.columns:
            field = contract.columns[column.name]
            assert field.nullable == column.nullable, (name, column.name)
            isin = [list(c.statistics["allowed_values"]) for c in field.checks if c.name == "isin"]
            assert isin == ([list(schema.value_set(column.values))] if column.values else []), (name, column.name)
        assert contract.unique == (list(spec.key) or None), name
        assert bool(contract.strict) == spec.strict, name


# Files that still hold a copy of a chain value set, each with why: synth is the independent oracle the tests
# compare against; report/html.py and report/voorbeeld.py hold display labels per value (owned elsewhere).
NOT_YET_FROM_REGISTER = {
    "jib_assets/report/html.py", "jib_assets/report/voorbeeld.py",
}
# Another fact about the members of a set, not a copy of the set; each kept honest by a test below.
OTHER_FACTS = {
    ("jib_assets/chain/persoon_toestand.py", "diploma"): "DIPLOMA_NIVEAUS: the diplomas in rank order",
    ("jib_assets/parameters.py", "diploma"): "STARTKWALIFICATIE_DIPLOMAS: which diplomas are one (a parameter)",
    ("jib_assets/explain/bestemming.py", "bestemming"): "ZICHTBAAR_IN_REGISTER: the outflows a delivery can show",
}


def _copies(text: str, values: tuple[str, ...]) -> list[str]:
    """Runs of 3 or more quoted members of a value set (the whole set when it has 2), one after the other:
    a copy of (part of) the list."""
    alternatives = "|".join(map(re.escape, values))
    quoted = rf"""['"]({alternatives})['"]"""
    return re.findall(rf"(?:{quoted}\s*,\s*){{{min(2, len(values) - 1)},}}{quoted}", text)


def test_the_copy_detector_detects():
    assert _copies("('bezwaar', 'bekend', 'zzp')", schema.VALUE_SETS["categorie"])
    assert _copies("categorie IN ('zzp', 'benaderen')", schema.VALUE_SETS["werklijst_categorie"])
    assert _copies('VRAGEN = ("werk", "opleiding", "zorg")', schema.SOURCE_VALUE_SETS["vraag"])
    assert not _copies("('bezwaar', 'bekend')", schema.VALUE_SETS["categorie"])
    assert not _copies("WHEN t.zzp THEN 'zzp' ELSE 'benaderen'", schema.VALUE_SETS["werklijst_categorie"])


def test_each_value_set_is_written_once():
    # The chain's sets live in the register, the delivered ones in ingest/sources.py (which the register
    # reads); every other file takes them from there or as a bound list parameter ($categorieen).
    found = {}
    files = [*ROOT.glob("jib_assets/**/*.py"), *ROOT.glob("sql/**/*.sql"), *ROOT.glob("expectations/*.json")]
    sets = {**schema.VALUE_SETS, **schema.SOURCE_VALUE_SETS}
    for path in files:
        rel = str(path.relative_to(ROOT))
        if rel == "jib_assets/schema.py" or rel.startswith("jib_assets/synth/") or rel in NOT_YET_FROM_REGISTER:
            continue
        text = path.read_text(encoding="utf-8")
        for name, values in sets.items():
            if rel == "jib_assets/ingest/sources.py" and name in schema.SOURCE_VALUE_SETS:
                continue
            if len(values) >= 2 and _copies(text, values) and (rel, name) not in OTHER_FACTS:
                found.setdefault(rel, []).append(name)
    assert found == {}


def test_the_other_facts_about_a_set_stay_within_it():
    assert sorted(DIPLOMA_NIVEAUS) == sorted(schema.value_set("diploma"))
    assert set(STARTKWALIFICATIE_DIPLOMAS) < set(schema.value_set("diploma"))
    assert set(ZICHTBAAR_IN_REGISTER) < set(schema.value_set("bestemming"))
    # The exclusion reasons of selection are the uitstroom reasons that are selection conditions, in order.
    assert schema.REDENEN_UITSLUITING == (
        "overleden", "vertrokken_buitenland", "leeftijd", "startkwalificatie", "onderwijs", "buiten_gebied")


def _objector_world(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """gemeente_lijst and bezwaar_register made by the register's DDL; two people with a telefoonnummer,
    one in objection whose other identifying fields an earlier erasure already cleared."""
    con.execute(schema.ddl("gemeente_lijst"))
    con.execute(schema.ddl("bezwaar_register"))
    objector, other = elfproef_bsn(1), elfproef_bsn(2)
    row = ("INSERT INTO gemeente_lijst (peildatum, gemeentecode, bsn, jib_id, categorie, status, datum_instroom, "
           "eerste_maand, geboortedatum, leeftijd, geslachtsnaam, telefoonnummer) "
           "VALUES (?, 'GM0988', ?, ?, ?, 'blijft', DATE '2025-01-01', false, ?, 24, ?, ?)")
    con.execute(row, [P, None, jib_id(KEY, objector), "bezwaar", None, None, "0612345678"])
    con.execute(row, [P, other, jib_id(KEY, other), "benaderen", date(2000, 6, 1), "Jansen", "0687654321"])
    con.execute("INSERT INTO bezwaar_register VALUES (?, ?)", [jib_id(KEY, objector), P])
    return objector, other


@pytest.fixture
def telefoonnummer(monkeypatch):
    """The register alone gains an identifying column in gemeente_lijst."""
    lijst = schema.table("gemeente_lijst")
    extra = schema.Column("telefoonnummer", "VARCHAR", "Telefoonnummer (test).", identifying=True)
    monkeypatch.setitem(schema.TABLES, "gemeente_lijst", schema.Table(
        lijst.name, lijst.comment, (*lijst.columns, extra), lijst.key, lijst.created, lijst.strict, lijst.contract))
    return extra


def test_an_identifying_column_added_in_the_register_alone_is_erased(telefoonnummer):
    con = duckdb.connect()
    _objector_world(con)
    # The check reads the register: it sees the objector's telefoonnummer (nothing else of them is left).
    assert erasure.remaining_in_warehouse(con, KEY) == {"gemeente_lijst": 1}
    assert erasure.erase_warehouse(con, KEY) == {"gemeente_lijst": 1}
    assert erasure.remaining_in_warehouse(con, KEY) == {}
    rows = con.execute("SELECT categorie, telefoonnummer, geslachtsnaam FROM gemeente_lijst ORDER BY ALL").fetchall()
    assert rows == [("benaderen", "0687654321", "Jansen"), ("bezwaar", None, None)]


def test_without_the_register_entry_the_column_is_not_identifying(telefoonnummer, monkeypatch):
    # The control: the same table, the register without the column; neither erasure nor its check
    # has a second list that would still find it.
    con = duckdb.connect()
    _objector_world(con)
    monkeypatch.setitem(schema.TABLES, "gemeente_lijst", schema.table("werklijst_casemanager"))
    monkeypatch.setitem(schema.TABLES, "werklijst_casemanager", schema.table("werklijst_casemanager"))
    assert "telefoonnummer" not in schema.identifying_columns()
    assert erasure.remaining_in_warehouse(con, KEY) == {}


def test_an_identifying_column_added_in_the_register_alone_is_never_published(telefoonnummer):
    frame = pl.DataFrame({"peildatum": [date(2025, 3, 1)], "regiocode": ["GM0988"], "op_lijst": [40],
                          "telefoonnummer": ["0612345678"]})
    with pytest.raises(RuntimeError, match="telefoonnummer"):
        refuse_identifying({"monitoring_maand": frame})
    refuse_identifying({"monitoring_maand": frame.drop("telefoonnummer")})  # the rest is publishable


def test_the_chains_monthly_erasure_is_generated_from_the_register(telefoonnummer):
    # The erasure the chain runs on its lists every month (gemeente_filter.erase_bezwaar) has no SQL file of
    # its own: it is generated from the register, so the new column is erased there too, and only the
    # objector's row is touched.
    con = duckdb.connect()
    _objector_world(con)
    assert erase_bezwaar(con) == 1
    assert erase_bezwaar(con) == 0  # nothing left to erase: a rerun changes nothing
    rows = con.execute("SELECT categorie, telefoonnummer, geslachtsnaam FROM gemeente_lijst ORDER BY ALL").fetchall()
    assert rows == [("benaderen", "0687654321", "Jansen"), ("bezwaar", None, None)]


def test_the_chains_monthly_erasure_clears_every_identifying_column_and_nothing_else():
    con = duckdb.connect()
    con.execute(schema.ddl("gemeente_lijst"))
    con.execute(schema.ddl("bezwaar_register"))
    objector = jib_id(KEY, elfproef_bsn(1))
    ident = sorted(c.name for c in schema.table("gemeente_lijst").columns if c.identifying)
    assert len(ident) == 11  # bsn, 3 name fields, birth date, 6 address fields (rules.md 3)
    values = {"bsn": elfproef_bsn(1), "geboortedatum": date(2000, 6, 1), "huisnummer": 12}
    columns = ["peildatum", "gemeentecode", "jib_id", "categorie", "status", "datum_instroom", "eerste_maand",
               "leeftijd", *ident]
    con.execute(f"INSERT INTO gemeente_lijst ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [P, "GM0988", objector, "bezwaar", "blijft", P, False, 24, *(values.get(c, "x") for c in ident)])
    con.execute("INSERT INTO bezwaar_register VALUES (?, ?)", [objector, P])
    assert erase_bezwaar(con) == 1
    row = con.execute(f"SELECT {', '.join(ident)}, jib_id, leeftijd, categorie FROM gemeente_lijst").fetchone()
    assert row == (*([None] * len(ident)), objector, 24, "bezwaar")


def test_generated_erasure_refuses_a_name_that_is_not_a_plain_word():
    assert erasure.erasure_statements("gemeente_lijst", ["jib_id", "bsn"]) is not None
    assert erasure.erasure_statements("gemeente_lijst", ["bsn"]) is None  # no jib_id: not found by the register
    with pytest.raises(ValueError, match="not a plain table or column name"):
        erasure.erasure_statements("lijst; DROP TABLE x", ["jib_id", "bsn"])


def test_blank_identifying_empties_the_registers_identifying_columns_of_the_flagged_rows(telefoonnummer):
    # gemeente_lijst.sql marks objectors with `gewist`; the rendered query blanks every identifying column
    # the register gives the table (here with the added telefoonnummer) and drops the flag.
    ident = [c.name for c in schema.table("gemeente_lijst").columns if c.identifying]
    assert "telefoonnummer" in ident and "bsn" in ident
    query = ("SELECT * FROM (VALUES ('JIB-A', true, 24), ('JIB-B', false, 25)) AS t(jib_id, gewist, leeftijd), "
             f"(SELECT {', '.join(repr('v-' + c) + ' AS ' + c for c in ident)})")
    con = duckdb.connect()
    result = con.execute(schema.blank_identifying(query, "gemeente_lijst", "gewist") + " ORDER BY jib_id")
    names = [d[0] for d in result.description]
    rows = [dict(zip(names, r, strict=True)) for r in result.fetchall()]
    assert "gewist" not in names
    assert [{c: r[c] for c in ident} for r in rows] == [dict.fromkeys(ident), {c: f"v-{c}" for c in ident}]
    assert [(r["jib_id"], r["leeftijd"]) for r in rows] == [("JIB-A", 24), ("JIB-B", 25)]


def test_blank_identifying_says_which_identifying_column_a_query_misses(telefoonnummer):
    query = "SELECT 'JIB-A' AS jib_id, 'x' AS bsn, true AS gewist"
    with pytest.raises(duckdb.BinderException, match="geslachtsnaam|telefoonnummer|voorvoegsel"):
        duckdb.connect().execute(schema.blank_identifying(query, "gemeente_lijst", "gewist"))
    with pytest.raises(ValueError, match="plain column name"):
        schema.blank_identifying(query, "gemeente_lijst", "gewist OR true")
