"""docs/analysts.md's data dictionary is what the generator makes from a freshly published database, and
the generator covers every table and column with its comment."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from jib_assets import schema
from jib_assets.report.dictionary import (
    DOC,
    WAREHOUSE_DOC,
    sectie,
    vervang_sectie,
    warehouse_woordenboek,
    woordenboek_uit,
)
from jib_assets.report.voorbeeld import bouw_analytics


@pytest.fixture(scope="session")
def analytics(tmp_path_factory) -> Path:
    target = tmp_path_factory.getbasetemp() / "voorbeeld" / "analytics.duckdb"
    return target if target.exists() else bouw_analytics(target)


def test_the_guide_dictionary_equals_the_generated_one(analytics):
    assert sectie(DOC.read_text(encoding="utf-8")) == woordenboek_uit(analytics), (
        "docs/analysts.md is out of date: run `.venv/bin/python -m jib_assets.report.dictionary`")


def test_every_published_table_and_column_is_in_the_dictionary_with_its_comment(analytics):
    text = woordenboek_uit(analytics)
    con = duckdb.connect(str(analytics), read_only=True)
    columns = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns() "
                          "WHERE database_name = current_database()").fetchall()
    con.close()
    assert {t for t, _, _ in columns} == {"monitoring_maand", "monitoring_kwartaal", "bereiken", "gemeenten",
                                         "regio_indeling", "publicatie"}
    for table, column, comment in columns:
        assert f"### `{table}`" in text
        assert f"| `{column}` |" in text and comment.replace("|", "\\|") in text


def test_replacing_the_section_keeps_the_rest_of_the_document():
    doc = DOC.read_text(encoding="utf-8")
    replaced = vervang_sectie(doc, "X\n")
    assert sectie(replaced) == "X\n"
    assert replaced.split("<!-- woordenboek:begin")[0] == doc.split("<!-- woordenboek:begin")[0]


def test_the_warehouse_dictionary_equals_the_one_generated_from_the_register():
    assert sectie(WAREHOUSE_DOC.read_text(encoding="utf-8")) == warehouse_woordenboek(), (
        "docs/warehouse.md is out of date: run `.venv/bin/python -m jib_assets.report.dictionary`")


def test_the_warehouse_dictionary_shows_every_register_column_and_what_identifies(monkeypatch):
    lijst = schema.table("gemeente_lijst")
    extra = schema.Column("telefoonnummer", "VARCHAR", "Telefoonnummer.", identifying=True)
    monkeypatch.setitem(schema.TABLES, "gemeente_lijst", schema.Table(
        lijst.name, lijst.comment, (*lijst.columns, extra), lijst.key, lijst.created))
    text = warehouse_woordenboek()
    for spec in schema.TABLES.values():
        assert f"### `{spec.name}`" in text
        for column in spec.columns:
            assert f"| `{column.name}` | {column.type} |" in text
    assert "| `telefoonnummer` | VARCHAR | Telefoonnummer. | **identificerend**" in text
    assert "waarden: `bezwaar`, `bekend`, `zzp`, `benaderen`" in text
