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
from jib_assets.db import sql
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


@pytest.mark.parametrize(("table", "release_sql"), [
    ("gemeente_lijst", "gemeente_lijst_tabel"),
    ("bezwaar_register", "bezwaar_register_tabel"),
    ("persoon_toestand", "persoon_toestand_tabel"),
])
def test_generated_ddl_makes_the_table_the_release_sql_makes(table, release_sql):
    generated, release = duckdb.connect(), duckdb.connect()
    generated.execute(schema.ddl(table))
    release.execute(sql(release_sql))
    assert _columns(generated, table) == _columns(release, table)
    constraints = "SELECT constraint_type, expression FROM duckdb_constraints() WHERE table_name = ? ORDER BY ALL"
    assert generated.execute(constraints, [table]).fetchall() == release.execute(constraints, [table]).fetchall()


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


# Files that still hold a copy of a chain value set, each with why. Helper A's chain files switch to the
# register in the chain restructuring; synth is the independent oracle the tests compare against;
# report/html.py holds display labels per value (owned elsewhere).
NOT_YET_FROM_REGISTER = {
    "jib_assets/chain/gemeente_filter.py", "jib_assets/chain/maand_delta.py", "jib_assets/chain/duo_selectie.py",
    "sql/gemeente_lijst_tabel.sql", "sql/gemeente_lijst_categorieen.sql", "sql/duo_beoordeling.sql",
    "sql/gemeente_filter_vs_ib_lijst.sql",
    "jib_assets/report/html.py", "jib_assets/report/voorbeeld.py",
}


def _copies(text: str, values: tuple[str, ...]) -> list[str]:
    """Runs of 3 or more quoted members of a value set, one after the other: a copy of (part of) the list."""
    alternatives = "|".join(map(re.escape, values))
    quoted = rf"""['"]({alternatives})['"]"""
    return re.findall(rf"(?:{quoted}\s*,\s*){{2,}}{quoted}", text)


def test_each_chain_value_set_is_written_once():
    assert _copies("('bezwaar', 'bekend', 'zzp')", schema.VALUE_SETS["categorie"])  # the detector detects
    found = {}
    files = [*ROOT.glob("jib_assets/**/*.py"), *ROOT.glob("sql/**/*.sql"), *ROOT.glob("expectations/*.json")]
    for path in files:
        rel = str(path.relative_to(ROOT))
        if rel == "jib_assets/schema.py" or rel.startswith("jib_assets/synth/") or rel in NOT_YET_FROM_REGISTER:
            continue
        text = path.read_text(encoding="utf-8")
        for name, values in schema.VALUE_SETS.items():
            if len(values) >= 3 and _copies(text, values):
                found.setdefault(rel, []).append(name)
    assert found == {}


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
