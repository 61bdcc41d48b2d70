"""publish/xlsx.py: the municipalities' xlsx files open as the files polars' write_excel on xlsxwriter wrote
before (the reference below, as exports.write_xlsx called it), in openpyxl and in polars.read_excel (fastexcel),
and keep the rules Excel enforces when it opens a package."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from jib_assets.publish.xlsx import write_table

CREATED = datetime(2025, 3, 1)
SHEET = "jib_lijst"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SOFFICE = shutil.which("soffice")


def reference(frame: pl.DataFrame, path: Path, sheet: str, created: datetime) -> None:
    """The writer before publish/xlsx.py."""
    workbook = xlsxwriter.Workbook(path, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    workbook.set_properties({"created": created})
    frame.write_excel(workbook, worksheet=sheet, table_name=sheet, autofit=True, freeze_panes=(1, 0),
                      dtype_formats={pl.Date: "yyyy-mm-dd", pl.Decimal: "0.00"})
    workbook.close()


def tricky() -> pl.DataFrame:
    """The export's five dtypes; a row of nulls; a BSN with a leading zero; texts a spreadsheet could take for a
    formula; XML's special characters; non-ASCII; control characters; a literal _xHHHH_; several lines; spaces
    at the ends; an empty text; a text longer than a cell holds."""
    return pl.DataFrame({
        "peildatum": [date(2025, 3, 1), None, date(1900, 1, 1), date(2000, 2, 29), date(1900, 3, 1)],
        "bsn": ["012345678", None, "", "=1+1", "+31 6 12345678"],
        "geslachtsnaam": ["-2+3", None, '<&>"\'', "Kuijpers-ëmre Ĳsselstein ĳ 😀 \x01\x1f", " regel een\nregel twee "],
        "opmerking": ["x" * 40_000, None, "@SUM(1)", "_x0041_ blijft _x0041_", "\r\tTestnaam"],
        "leeftijd": pl.Series([24, None, -3, 0, 2**31 - 1], dtype=pl.Int32),
        "eerder_maanden_op_lijst": pl.Series([2**40, None, 0, -(2**40), 7], dtype=pl.Int64),
        "inkomen_werk": pl.Series([Decimal("12.50"), None, Decimal("-1234567890.12"), Decimal("0"), Decimal("0.05")],
                                  dtype=pl.Decimal(12, 2)),
    })


FRAMES = {
    "tricky": tricky(),
    "single row": tricky().head(1),
    "header only": tricky().clear(),
    "wider than column Z": pl.DataFrame({f"kolom_{i}": [i, None, -i] for i in range(30)}),
    "one column, no rows": pl.DataFrame({"bsn": pl.Series([], dtype=pl.String)}),
}


def read_back(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    table = sheet.tables[SHEET]
    return {
        "sheets": book.sheetnames,
        "cells": [[(cell.value, cell.data_type, cell.number_format) for cell in row] for row in sheet.iter_rows()],
        "freeze_panes": sheet.freeze_panes,
        "table": (table.name, table.displayName, table.ref, table.autoFilter.ref,
                  [column.name for column in table.tableColumns]),
    }


def widths(path: Path) -> dict[int, float]:
    """Each column's width; one <col> element may hold several columns."""
    dimensions = openpyxl.load_workbook(path)[SHEET].column_dimensions.values()
    return {i: d.width for d in dimensions for i in range(d.min, d.max + 1)}


def parts(path: Path) -> dict[str, ET.Element]:
    """Every part of the package, parsed: a part that is not well-formed XML fails here."""
    with zipfile.ZipFile(path) as package:
        return {name: ET.fromstring(package.read(name)) for name in package.namelist()}


@pytest.fixture(params=list(FRAMES), ids=list(FRAMES))
def written(request, tmp_path):
    """(frame, the new file, the reference's file)."""
    frame = FRAMES[request.param]
    write_table(frame, tmp_path / "new.xlsx", SHEET, CREATED)
    reference(frame, tmp_path / "reference.xlsx", SHEET, CREATED)
    return frame, tmp_path / "new.xlsx", tmp_path / "reference.xlsx"


def test_openpyxl_reads_what_it_read_from_the_reference(written):
    # Values, their types (a BSN is a text), number formats (of empty cells too), the frozen header, the table.
    _, new, old = written
    assert read_back(new) == read_back(old)


def test_polars_read_excel_reads_what_it_read_from_the_reference(written):
    _, new, old = written
    assert_frame_equal(pl.read_excel(new, sheet_name=SHEET), pl.read_excel(old, sheet_name=SHEET))
    as_text = {"sheet_name": SHEET, "infer_schema_length": 0}
    assert_frame_equal(pl.read_excel(new, **as_text), pl.read_excel(old, **as_text))


def test_columns_are_as_wide_as_the_references_autofit(written):
    _, new, old = written
    new_widths, old_widths = widths(new), widths(old)
    assert new_widths.keys() == old_widths.keys()
    assert all(abs(new_widths[i] - old_widths[i]) <= 1.5 for i in old_widths), (new_widths, old_widths)


def test_the_header_is_frozen_and_the_texts_stay_texts(tmp_path):
    write_table(tricky(), tmp_path / "new.xlsx", SHEET, CREATED)
    sheet = openpyxl.load_workbook(tmp_path / "new.xlsx")[SHEET]
    assert sheet.freeze_panes == "A2"
    bsn, formula = sheet["B2"], sheet["B5"]
    assert (bsn.value, bsn.data_type, formula.value, formula.data_type) == ("012345678", "s", "=1+1", "s")
    assert sheet["A2"].is_date and sheet["A2"].value == datetime(2025, 3, 1)
    assert (sheet["G3"].value, sheet["G3"].number_format) == (None, "0.00")  # a null: an empty cell, still 0.00


def test_the_same_frame_gives_the_same_bytes_and_its_creation_time(tmp_path):
    write_table(tricky(), tmp_path / "a.xlsx", SHEET, CREATED)
    write_table(tricky(), tmp_path / "b.xlsx", SHEET, CREATED)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    core = parts(tmp_path / "a.xlsx")["docProps/core.xml"]
    created = core.find("{http://purl.org/dc/terms/}created")
    assert created is not None and created.text == "2025-03-01T00:00:00Z"
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.created == CREATED


def test_every_part_is_well_formed_and_has_its_content_type(written):
    _, new, _ = written
    package = parts(new)
    types = package["[Content_Types].xml"]
    overrides = {o.get("PartName") for o in types if o.tag.endswith("Override")}
    defaults = {d.get("Extension") for d in types if d.tag.endswith("Default")}
    assert overrides == {f"/{name}" for name in package if not name.endswith(".rels") and name != "[Content_Types].xml"}
    assert defaults >= {"rels", "xml"}


def test_the_package_keeps_the_rules_excel_enforces(written):
    # Excel repairs (or refuses) a file that breaks these: each relationship's target exists; the table's ref is
    # the header and its data rows (a header-only table still holds one, empty, data row) and its autofilter the
    # same; the table's columns are the header cells, in order and unique; one table, unique id and name; rows and
    # cells in order; every cell's style and shared string exist.
    frame, new, _ = written
    package = parts(new)
    for rels in (name for name in package if name.endswith(".rels")):
        source = posixpath.dirname(posixpath.dirname(rels))  # xl/_rels/workbook.xml.rels: a part in xl
        targets = [posixpath.normpath(posixpath.join(source, r.get("Target"))) for r in package[rels]]
        assert set(targets) <= set(package), rels
    sheet, table = package["xl/worksheets/sheet1.xml"], package["xl/tables/table1.xml"]
    shared = [si.find(f"{MAIN}t").text or "" for si in package["xl/sharedStrings.xml"]]
    last = _column_name(frame.width)
    data_range = f"A1:{last}{max(frame.height, 1) + 1}"
    assert (table.get("ref"), table.find(f"{MAIN}autoFilter").get("ref")) == (data_range, data_range)
    assert (table.get("id"), table.get("name"), table.get("displayName")) == ("1", SHEET, SHEET)
    assert [p for p in package if p.startswith("xl/tables/")] == ["xl/tables/table1.xml"]
    names = [column.get("name") for column in table.find(f"{MAIN}tableColumns")]
    rows = list(sheet.find(f"{MAIN}sheetData"))
    header = [shared[int(cell.find(f"{MAIN}v").text)] for cell in rows[0]]
    assert names == header == frame.columns and len(set(names)) == len(names)
    assert [int(row.get("r")) for row in rows] == list(range(1, frame.height + 2))
    styles = len(package["xl/styles.xml"].find(f"{MAIN}cellXfs"))
    text_cells = 0
    for row in rows:
        refs = [re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r")).groups() for cell in row]
        assert [letters for letters, _ in refs] == [_column_name(i) for i in range(1, frame.width + 1)]
        assert {number for _, number in refs} == {row.get("r")}
        for cell in row:
            assert int(cell.get("s", 0)) < styles
            if cell.get("t") == "s":
                text_cells += 1
                assert 0 <= int(cell.find(f"{MAIN}v").text) < len(shared)
    sst = package["xl/sharedStrings.xml"]
    assert (int(sst.get("count")), int(sst.get("uniqueCount"))) == (text_cells, len(shared))


def test_a_text_like_a_link_or_like_markup_stays_that_text(tmp_path):
    # Where this writer leaves the reference on purpose: xlsxwriter made links of the first two (showing the second
    # without its mailto:) and wrote the third as rich-text markup, which read back as an empty text.
    texts = ["https://example.org/x", "mailto:a@b.nl", "<r>x</r>"]
    write_table(pl.DataFrame({"opmerking": texts}), tmp_path / "new.xlsx", SHEET, CREATED)
    cells = openpyxl.load_workbook(tmp_path / "new.xlsx")[SHEET]["A"][1:]
    assert [(cell.value, cell.hyperlink) for cell in cells] == [(text, None) for text in texts]
    assert pl.read_excel(tmp_path / "new.xlsx", sheet_name=SHEET)["opmerking"].to_list() == texts


def test_another_dtype_is_refused_by_name(tmp_path):
    frame = pl.DataFrame({"bsn": ["012345678"], "score": [0.5]})
    with pytest.raises(TypeError, match="'score'"):
        write_table(frame, tmp_path / "new.xlsx", SHEET, CREATED)
    assert not (tmp_path / "new.xlsx").exists()


def _column_name(number: int) -> str:
    """1 -> A, 27 -> AA."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


@pytest.mark.skipif(SOFFICE is None, reason="no LibreOffice (soffice): .ci/run installs Debian's "
                    "libreoffice-calc-nogui for this check; the other xlsx tests still run")
def test_libreoffice_opens_the_file_with_every_value_as_written(tmp_path):
    """A spreadsheet program itself, not a library, reads the file: LibreOffice Calc converts it to CSV (`;`,
    UTF-8, the cells' values). Texts stay texts (the leading zero, a formula that is not evaluated), dates are the
    dates (after 29 February 1900 too), numbers and decimals their values, nulls empty cells."""
    frame = pl.DataFrame({
        "peildatum": [date(2025, 3, 1), None, date(1900, 3, 1)],
        "bsn": ["012345678", None, "=1+1"],
        "geslachtsnaam": ['<&>"\'', "Kuijpers-ëmre Ĳ 😀", "@SUM(1)"],
        "leeftijd": pl.Series([24, None, 2**31 - 1], dtype=pl.Int32),
        "eerder_maanden_op_lijst": pl.Series([2**40, None, -7], dtype=pl.Int64),
        "inkomen_werk": pl.Series([Decimal("12.50"), None, Decimal("-1234567890.12")], dtype=pl.Decimal(12, 2)),
    })
    write_table(frame, tmp_path / "lijst.xlsx", SHEET, CREATED)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1", "--outdir",
         str(tmp_path / "csv"), str(tmp_path / "lijst.xlsx")],
        check=True, capture_output=True, timeout=180,
    )
    assert (tmp_path / "csv" / f"lijst-{SHEET}.csv").read_text(encoding="utf-8").splitlines() == [
        "peildatum;bsn;geslachtsnaam;leeftijd;eerder_maanden_op_lijst;inkomen_werk",
        '2025-03-01;012345678;"<&>""\'";24;1099511627776;12.5',
        ";;Kuijpers-ëmre Ĳ 😀;;;",
        "1900-03-01;=1+1;@SUM(1);2147483647;-7;-1234567890.12",
    ]
