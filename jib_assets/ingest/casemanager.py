"""The casemanagers' spreadsheets of a landing month (casemanager/*.xlsx) -> table casemanager_monitoring.

They are kept by hand, so values are normalised rather than refused (sql/ingest_casemanager.sql). A row
must be about a youth its municipality was given: a jib_id never on that municipality's worklist of an
earlier month is quarantined, so it is neither counted in the monitoring nor entered in the objection
register (both read casemanager_monitoring). The column opmerkingen, free text about a person, is never
selected: it does not reach Python, DuckDB or a log.
"""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

import duckdb
import fastexcel
import polars as pl
from openpyxl.cell.text import Text
from openpyxl.worksheet._reader import WorkSheetParser

from jib_assets.db import scalar, sql, table_exists
from jib_assets.ingest import delivery, store
from jib_assets.ingest.sources import (
    BESTEMMINGEN,
    CASEMANAGER_GELADEN,
    CASEMANAGER_KOLOMMEN,
    CASEMANAGER_SHEET,
    GEMEENTECODE_PATROON,
    JIB_ID_PATROON,
    ONDERSTEUNINGSVRAGEN,
    REACTIES_KAARTJE,
)

TABLE = "casemanager_monitoring"
BESTAND = "casemanager"


def ingest_casemanager(con: duckdb.DuckDBPyConnection, month_dir: Path, peildatum: date) -> store.IngestResult:
    """Load every spreadsheet of the month folder's casemanager/ as the rows of `peildatum` (none is fine).

    Quarantaine rows carry bestand 'casemanager/<file>.xlsx' and the Excel row number.
    """
    delivery.require_peildatum(peildatum)
    delivery.require_complete(Path(month_dir))
    store.prepare(con)
    frames = [_read(path) for path in spreadsheets(Path(month_dir))]
    ruw = pl.concat(frames) if frames else _empty()
    params = {
        "patroon_jib_id": JIB_ID_PATROON,
        "patroon_gemeentecode": GEMEENTECODE_PATROON,
        "reacties_kaartje": list(REACTIES_KAARTJE),
        "ondersteuningsvragen": list(ONDERSTEUNINGSVRAGEN),
        "bestemmingen": list(BESTEMMINGEN),
    }
    with store.staging(con):
        _stage_references(con, peildatum)
        con.register("ingest_cm_ruw", ruw)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {store.STAGED} AS {sql('ingest_casemanager')}", params)
        finally:
            con.unregister("ingest_cm_ruw")
            con.execute("DROP TABLE IF EXISTS ingest_cm_gegeven")
            con.execute("DROP TABLE IF EXISTS ingest_cm_rotatie")
        bezwaren = tuple(con.execute(sql("ingest_casemanager_bezwaar_quarantaine")).fetchall())
        result = store.store_staged(
            con,
            table=TABLE,
            peildatum=peildatum,
            bestand=BESTAND,
            quarantaine_where="starts_with(bestand, $bestand || '/')",
            exclude=("bron", "reden", "bsn"),
        )
        return dataclasses.replace(result, bezwaar_in_quarantaine=bezwaren)


def ontbrekende_gemeenten(con: duckdb.DuckDBPyConnection, peildatum: date) -> tuple[date | None, list[str]]:
    """The month before P that had spreadsheets, and the gemeenten whose rows it had and P has not. The spreadsheets
    are cumulative, so the monitoring reads such a gemeente's state of that earlier month as its state on P: right
    when the casemanager changed nothing, stale when the file was forgotten. Gemeentecodes only."""
    vorige = scalar(con, f"SELECT max(peildatum) FROM {TABLE} WHERE peildatum < $p", {"p": peildatum})
    if vorige is None:
        return None, []
    rows = con.execute(
        f"SELECT DISTINCT gemeentecode FROM {TABLE} WHERE peildatum = $v "
        f"EXCEPT SELECT DISTINCT gemeentecode FROM {TABLE} WHERE peildatum = $p ORDER BY 1",
        {"v": vorige, "p": peildatum},
    ).fetchall()
    return vorige, [r[0] for r in rows]


def _stage_references(con: duckdb.DuckDBPyConnection, peildatum: date) -> None:
    """Temp tables ingest_cm_gegeven (who each municipality was given on a worklist before P) and
    ingest_cm_rotatie (old jib_id -> current one, after a key rotation); empty when there is none yet.
    The rotation's table sleutel_rotatie belongs to privacy/sleutel.py: it is read here when a rotation
    made it, never created (ingest does not import privacy, which reads ingest's source formats)."""
    if table_exists(con, "sleutel_rotatie"):
        con.execute("CREATE OR REPLACE TEMP TABLE ingest_cm_rotatie AS "
                    "SELECT jib_id_oud, jib_id_nieuw FROM sleutel_rotatie WHERE jib_id_nieuw IS NOT NULL")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE ingest_cm_rotatie (jib_id_oud VARCHAR, jib_id_nieuw VARCHAR)")
    if table_exists(con, "werklijst_casemanager"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE ingest_cm_gegeven AS {sql('ingest_casemanager_gegeven')}",
                    {"peildatum": peildatum})
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE ingest_cm_gegeven (jib_id VARCHAR, gemeentecode VARCHAR)")


def spreadsheets(month_dir: Path) -> list[Path]:
    """The month's spreadsheets, in name order; Excel's own lock files (~$name.xlsx) are not deliveries."""
    folder = month_dir / "casemanager"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.xlsx") if p.is_file() and not p.name.startswith("~$"))


def _read(path: Path) -> pl.DataFrame:
    """One spreadsheet's loaded columns as text, with the Excel row number; opmerkingen is never selected."""
    bestand = f"{BESTAND}/{path.name}"
    try:
        reader = fastexcel.read_excel(path)
    except Exception as error:  # noqa: BLE001 - calamine raises several types for a damaged file
        raise delivery.DeliveryError(
            f"{bestand}: cannot be opened as an .xlsx workbook ({type(error).__name__}). "
            "Ask the casemanager to save it again as .xlsx."
        ) from None
    sheet = _sheet_name(bestand, reader.sheet_names)
    try:
        header = _row_one(path, sheet)
    except (KeyError, StopIteration, IndexError, ElementTree.ParseError, zipfile.BadZipFile) as error:
        raise delivery.DeliveryError(
            f"{bestand}: cannot be read as an .xlsx workbook (row 1 of sheet {sheet!r}: {type(error).__name__}). "
            "Ask the casemanager to save it again as .xlsx."
        ) from None
    delivery.check_header(bestand, header, CASEMANAGER_KOLOMMEN)
    # Row 1 holds the header and starts in column A, so the data's row i is Excel row i + 2.
    data = reader.load_sheet(sheet, use_columns=list(range(len(CASEMANAGER_GELADEN))), dtypes="string").to_polars()
    data.columns = list(CASEMANAGER_GELADEN)
    return data.with_columns(
        bron=pl.lit(bestand), bestand=pl.lit(path.name), regel=pl.int_range(2, data.height + 2, dtype=pl.Int64)
    )


def _sheet_name(bestand: str, names: list[str]) -> str:
    for name in names:
        if name.strip().lower() == CASEMANAGER_SHEET:
            return name
    raise delivery.DeliveryError(
        f"{bestand}: no sheet '{CASEMANAGER_SHEET}' ({len(names)} other sheet(s)). "
        f"Ask the casemanager to keep the worklist in a sheet named '{CASEMANAGER_SHEET}' (sources.md)."
    )


def _row_one(path: Path, sheet: str) -> list[str]:
    """Row 1 of the sheet, names trimmed and in lower case, trailing blank cells dropped.

    fastexcel reports the header relative to the first non-empty row, so row 1 is read from the sheet's XML by
    openpyxl's own cell parser (`WorkSheetParser`), which stops after the first row. Loading the workbook through
    openpyxl read every shared string and style first: 13-15 ms a file, 2.5 s for a national month's 170. The one
    difference: a header cell holding a number formatted as a date reads as that number, not as a date (no style
    is read); neither is a column name, so the header check says the same.
    """
    with zipfile.ZipFile(path) as z:
        sheet_part, strings_part = _parts(z, sheet)
        with z.open(sheet_part) as src, closing(_SharedStrings(z, strings_part)) as strings:
            first = next(WorkSheetParser(_Kort(src), strings, data_only=True).parse(), None)
    if first is None or first[0] != 1:
        return []
    cells = first[1]
    values: list[object] = [None] * max((c["column"] for c in cells), default=0)
    for cell in cells:
        values[cell["column"] - 1] = cell["value"]
    names = ["" if v is None else str(v).strip().lower() for v in values]
    while names and not names[-1]:
        names.pop()
    return names


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
_SI = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}si"


def _parts(z: zipfile.ZipFile, sheet: str) -> tuple[str, str | None]:
    """The zip members of the sheet named `sheet` and of the shared strings, found as openpyxl finds them: the
    package's officeDocument relationship names the workbook, the workbook's relationships its parts."""
    workbook = next(r.get("Target") for r in _relationships(z, "_rels/.rels")
                    if r.get("Type", "").endswith("/officeDocument"))
    workbook = workbook.lstrip("/")
    folder, name = posixpath.split(workbook)
    rels = {r.get("Id"): r for r in _relationships(z, posixpath.join(folder, "_rels", f"{name}.rels"))}
    r_id = next(e.get(_R_ID) for e in ElementTree.fromstring(z.read(workbook)).iter(_SHEET) if e.get("name") == sheet)

    def member(rel: ElementTree.Element) -> str:
        target = rel.get("Target", "")
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))

    strings = next((member(r) for r in rels.values() if r.get("Type", "").endswith("/sharedStrings")), None)
    return member(rels[r_id]), strings


class _Kort:
    """A zip member read in pieces of 2 KB: `iterparse` parses what each read returns before it hands out events, in
    pieces of 16 KB, and the first row and the header's names sit in the first few hundred bytes."""

    def __init__(self, src: IO[bytes]):
        self._src = src

    def read(self, size: int = -1) -> bytes:
        return self._src.read(2048 if size < 0 else min(size, 2048))


def _relationships(z: zipfile.ZipFile, part: str) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(z.read(part)).iter(_RELS))


class _SharedStrings:
    """The workbook's shared strings, read from the start only as far as a cell asks (a header's names come first
    in the table of a workbook written from the top), each as openpyxl's `read_string_table` reads it."""

    def __init__(self, z: zipfile.ZipFile, part: str | None):
        self._src = z.open(part) if part is not None else None
        self._items = ElementTree.iterparse(_Kort(self._src)) if self._src is not None else iter(())
        self._read: list[str] = []

    def __getitem__(self, index: int) -> str:
        while len(self._read) <= index:
            _, node = next(self._items, (None, None))
            if node is None:
                raise IndexError(f"shared string {index} of {len(self._read)}")
            if node.tag == _SI:
                self._read.append(Text.from_tree(node).content.replace("x005F_", ""))
                node.clear()
        return self._read[index]

    def close(self) -> None:
        if self._src is not None:
            self._src.close()


def _empty() -> pl.DataFrame:
    schema = {c: pl.String for c in CASEMANAGER_GELADEN} | {"bron": pl.String, "bestand": pl.String, "regel": pl.Int64}
    return pl.DataFrame(schema=schema)
