"""The data dictionary of the analysts' database, generated from its COMMENTs, so docs/analysts.md cannot
drift from what is published: `python -m jib_assets.report.dictionary` rewrites the section between the
markers, `--check` fails when it differs (tests/test_dictionary.py does the same).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import duckdb

BEGIN = "<!-- woordenboek:begin (gegenereerd: python -m jib_assets.report.dictionary; niet met de hand bewerken) -->"
END = "<!-- woordenboek:einde -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "analysts.md"
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
    parser.add_argument("--check", action="store_true", help="exit 1 when the document differs, change nothing")
    args = parser.parse_args(argv)
    inhoud = woordenboek_uit(args.db) if args.db else vers_woordenboek()
    doc = args.doc.read_text(encoding="utf-8")
    if args.check:
        if sectie(doc) != inhoud:
            print(f"{args.doc}: the data dictionary is out of date; run python -m jib_assets.report.dictionary")
            return 1
        return 0
    args.doc.write_text(vervang_sectie(doc, inhoud), encoding="utf-8")
    print(f"wrote the data dictionary into {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
