"""The data dictionaries, generated so they cannot drift: the analysts' database's from its COMMENTs
(docs/analysts.md), and the restricted store's from the schema register (docs/warehouse.md).
`python -m jib_assets.report.dictionary` rewrites the section between the markers of both documents,
`--check` fails when one differs (tests/test_dictionary.py does the same).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import duckdb

from jib_assets import schema
from jib_assets.files import atomic_write_text

BEGIN = "<!-- woordenboek:begin (gegenereerd: python -m jib_assets.report.dictionary; niet met de hand bewerken) -->"
END = "<!-- woordenboek:einde -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "analysts.md"
WAREHOUSE_DOC = Path(__file__).resolve().parents[2] / "docs" / "warehouse.md"
_VOLGORDE = ("monitoring_maand", "monitoring_kwartaal", "gemeenten", "publicatie")


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def woordenboek(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown: per table its comment and a table of column, type and comment, in a fixed order."""
    tables = con.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    rank = {name: i for i, name in enumerate(_VOLGORDE)}
    tables.sort(key=lambda t: (rank.get(t[0], len(rank)), t[0]))
    out: list[str] = []
    for table, comment in tables:
        columns = con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        out += [f"### `{table}`", "", _md(comment), "", "| kolom | type | betekenis |", "| --- | --- | --- |"]
        out += [f"| `{name}` | {data_type} | {_md(text)} |" for name, data_type, text in columns]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _documented_tables() -> list[tuple[str, str, list[tuple[str, str, str, str]]]]:
    """(table, comment, [(column, type, comment, notes)]) of the restricted store: the register's tables,
    then the monitoring tables with the comments chain/monitoring.py keeps beside its SQL."""
    from jib_assets.chain.monitoring import KOLOMMEN

    out = []
    for spec in schema.TABLES.values():
        rows = []
        for c in spec.columns:
            notes = []
            if c.identifying:
                notes.append("**identificerend**: gewist na bezwaar, nooit gepubliceerd")
            if c.pseudonym:
                notes.append("**pseudoniem**: nooit gepubliceerd")
            if not c.nullable:
                notes.append("verplicht")
            if c.values:
                values = ("een gemeentecode uit `gemeenten`" if c.values == schema.GEMEENTECODE
                          else ", ".join(f"`{v}`" for v in schema.value_set(c.values)))
                notes.append(f"waarden: {values}")
            if c.pattern:
                notes.append(f"patroon `{c.pattern}`")
            rows.append((c.name, c.type or "", c.comment, "; ".join(notes)))
        out.append((spec.name, spec.comment, rows))
    monitoring = {
        "monitoring_maand": ("Exacte monitoringcijfers per maand en niveau (rules.md 5); de analisten krijgen "
                             "ze onderdrukt (publish/analytics.duckdb).", {"kwartaal", "maanden"}),
        "monitoring_kwartaal": ("Exacte monitoringcijfers per kwartaal en niveau: stromen opgeteld over de "
                                "maanden, standen van de laatste maand.", {"peildatum"}),
    }
    for name, (comment, without) in monitoring.items():
        rows = [(k, "", v, "") for k, v in KOLOMMEN.items() if k not in without]
        out.append((name, comment, rows))
    return out


def warehouse_woordenboek() -> str:
    """Markdown of the restricted store's tables from the schema register (types empty: from the query)."""
    out: list[str] = []
    for table, comment, rows in _documented_tables():
        out += [f"### `{table}`", "", _md(comment), "", "| kolom | type | betekenis | regels |",
                "| --- | --- | --- | --- |"]
        out += [f"| `{name}` | {data_type} | {_md(text)} | {_md(notes)} |" for name, data_type, text, notes in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def woordenboek_uit(analytics_path: Path) -> str:
    con = duckdb.connect(str(analytics_path), read_only=True)
    try:
        return woordenboek(con)
    finally:
        con.close()


def sectie(doc: str) -> str:
    """The generated part of a document (between the markers)."""
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    return doc[start:end].strip("\n") + "\n"


def vervang_sectie(doc: str, inhoud: str) -> str:
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    return doc[:start] + "\n\n" + inhoud.strip("\n") + "\n\n" + doc[end:]


def vers_woordenboek() -> str:
    """The dictionary of a database published now by the current code (voorbeeld data: the types and
    comments do not depend on the figures)."""
    from jib_assets.report.voorbeeld import bouw_analytics

    with tempfile.TemporaryDirectory() as tmp:
        return woordenboek_uit(bouw_analytics(Path(tmp) / "analytics.duckdb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a published analytics.duckdb (default: publish a fresh one)")
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument("--warehouse-doc", type=Path, default=WAREHOUSE_DOC)
    parser.add_argument("--check", action="store_true", help="exit 1 when a document differs, change nothing")
    args = parser.parse_args(argv)
    sections = {
        args.doc: woordenboek_uit(args.db) if args.db else vers_woordenboek(),
        args.warehouse_doc: warehouse_woordenboek(),
    }
    status = 0
    for path, inhoud in sections.items():
        doc = path.read_text(encoding="utf-8")
        if args.check:
            if sectie(doc) != inhoud:
                print(f"{path}: the data dictionary is out of date; run python -m jib_assets.report.dictionary")
                status = 1
            continue
        atomic_write_text(path, vervang_sectie(doc, inhoud))
        print(f"wrote the data dictionary into {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
