"""The municipalities' xlsx files (exports.write_xlsx): one sheet holding one table with filter buttons, a frozen
header row, dates as Excel dates, columns fitted to their contents, every text a string cell.

It writes the parts, cells, styles, widths and table that polars' write_excel on xlsxwriter wrote before (the
reference in tests/test_xlsx.py; the sheet's XML is the same but for the order of the shared strings), but builds
the sheet set-based: the cells' values with a few polars operations per column, their XML with one polars expression
per table, the widths with numpy. xlsxwriter spent about 10 µs of Python on each cell: the largest file of a national
month (1,254 rows by 26 columns) took 165-350 ms and takes 15-25 ms here, a list of 64 rows 14-18 ms and 2.5-4 ms.
A file of a few rows takes 1.2-2.5 ms, about as long as before: its few polars calls, zip and file cost that much.

Texts are escaped as Excel and xlsxwriter escape them: &, < and > as entities, the control characters XML 1.0
forbids as _xHHHH_, a literal _xHHHH_ as _x005F_xHHHH_. A text that looks like a link or like rich-text markup stays
that text (xlsxwriter made a link of the first, a mailto: without its mailto:, and emptied the second).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import polars as pl
from xlsxwriter.theme import THEME_XML_2007
from xlsxwriter.utility import CHAR_WIDTHS, xl_col_to_name

# Per dtype: the cell's style (cellXfs in STYLES) and the table column's format (dxfs), numbered as xlsxwriter did.
STYLE = {pl.Date: (1, 0), pl.String: (2, 1), pl.Int32: (3, 2), pl.Int64: (3, 2), pl.Decimal: (4, 3)}

# Excel's limits: rows and columns of a sheet, UTF-16 units of a text (xlsxwriter cut longer texts there).
MAX_ROWS, MAX_COLUMNS, MAX_TEXT = 1_048_576, 16_384, 32_767

# The control characters XML 1.0 forbids (tab and newline aside) as Excel writes them; &, < and > as entities.
# Few texts hold one of these or "_x", so the others skip the escaping.
ESCAPES = {chr(c): f"_x{c:04X}_" for c in [*range(0x09), *range(0x0B, 0x20), 0xFFFE, 0xFFFF]}
ESCAPES |= {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x")

# xlsxwriter's autofit, in pixels: a text as wide as its characters (8 for one not in CHAR_WIDTHS), 16 more for a
# header's filter button; a number 7 a character; a date 68. Then 7 of padding, at most 1790, in widths of a digit.
DATE_PIXELS, FILTER_PIXELS, PADDING_PIXELS, MAX_PIXELS, DIGIT_PIXELS = 68, 16, 7, 1790, 7
# The same per byte of UTF-8: any character not in CHAR_WIDTHS counts at its first byte; a newline ends a line.
PIXELS = np.full(256, 8, np.int64)
PIXELS[[ord(c) for c in CHAR_WIDTHS]] = list(CHAR_WIDTHS.values())
PIXELS[0x80:0xC0] = PIXELS[ord("\n")] = 0

# A table's name (here the sheet's too): a plain identifier that Excel cannot take for a cell reference.
TABLE_NAME = re.compile(r"(?![A-Za-z]{1,3}[0-9]+$|[RrCc][0-9]*$)[A-Za-z_][A-Za-z0-9_.]{0,30}")

# The package's parts as xlsxwriter wrote them for polars' write_excel (xlsxwriter 3.3).
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006"
TYPE = "application/vnd.openxmlformats-officedocument"

CONTENT_TYPES = (
    f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{TYPE}.extended-properties+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{TYPE}.spreadsheetml.styles+xml"/>'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="{TYPE}.theme+xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/tables/table1.xml" ContentType="{TYPE}.spreadsheetml.table+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.spreadsheetml.sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    f'{XML}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/relationships/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC}/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
CORE = (
    f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified></cp:coreProperties>'
)
APP = (
    f'{XML}<Properties xmlns="{DOC}/extended-properties" xmlns:vt="{DOC}/docPropsVTypes">'
    "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
    "<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>"
    '<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{sheet}</vt:lpstr></vt:vector></TitlesOfParts>'
    "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
)
WORKBOOK = (
    f"{XML}<workbook {NS} {NS_R}>"
    '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
    '<workbookPr defaultThemeVersion="124226"/>'
    '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>'
    '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
)
WORKBOOK_RELS = (
    f'{XML}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC}/relationships/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC}/relationships/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId4" Type="{DOC}/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_RELS = (
    f'{XML}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/relationships/table" Target="../tables/table1.xml"/></Relationships>'
)
DATE, INTEGER, DECIMAL = "yyyy-mm-dd", "#,##0;[Red]-#,##0", "0.00"  # polars' formats for the export's dtypes
# Cell styles: 0 the header (General), then as STYLE says; polars centred every data cell vertically.
_XF = ('<xf numFmtId="{}" fontId="0" fillId="0" borderId="0" xfId="0"{} applyAlignment="1">'
       '<alignment vertical="center"/></xf>')
STYLES = (
    f"{XML}<styleSheet {NS}>"
    f'<numFmts count="3"><numFmt numFmtId="164" formatCode="{DATE}"/><numFmt numFmtId="165" formatCode="{INTEGER}"/>'
    f'<numFmt numFmtId="166" formatCode="{DECIMAL}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + _XF.format(164, ' applyNumberFormat="1"') + _XF.format(0, "")
    + _XF.format(165, ' applyNumberFormat="1"') + _XF.format(166, ' applyNumberFormat="1"') + "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    f'<dxfs count="4"><dxf><numFmt numFmtId="164" formatCode="{DATE}"/></dxf><dxf></dxf>'
    f'<dxf><numFmt numFmtId="165" formatCode="{INTEGER}"/></dxf><dxf><numFmt numFmtId="166" formatCode="{DECIMAL}"/>'
    '</dxf></dxfs><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)
SHEET = (
    f'{XML}<worksheet {NS} {NS_R}><dimension ref="{{dimension}}"/><sheetViews><sheetView tabSelected="1" '
    'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    "{cols}<sheetData>{rows}</sheetData>"
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '<tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>'
)
TABLE = (
    f'{XML}<table {NS} id="1" name="{{name}}" displayName="{{name}}" ref="{{ref}}" totalsRowShown="0">'
    '<autoFilter ref="{ref}"/><tableColumns count="{count}">{columns}</tableColumns><tableStyleInfo '
    'showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
)
SST = f'{XML}<sst {NS} count="{{count}}" uniqueCount="{{unique}}">{{strings}}</sst>'

SI = '<si><t xml:space="preserve">'
BETWEEN_ITEMS = f"</t></si>{SI}"


def write_table(frame: pl.DataFrame, path: Path, sheet: str, created: datetime) -> None:
    """Write `frame` to `path` as an xlsx workbook of one sheet `sheet` holding one table of that name. Columns
    are Date, String, Int32, Int64 or Decimal; another dtype raises a TypeError naming the column. `created` is the
    workbook's creation time and every part's time in the zip, so the same frame always gives the same bytes."""
    schema = frame.schema
    for name, dtype in schema.items():
        if dtype.base_type() not in STYLE:
            raise TypeError(f"column {name!r} is {dtype}: the xlsx writer takes Date, String, Int32, Int64, Decimal")
    if not TABLE_NAME.fullmatch(sheet):
        raise ValueError(f"{sheet!r} cannot name an Excel table")
    if not 0 < frame.width <= MAX_COLUMNS or frame.height >= MAX_ROWS:
        raise ValueError(f"an Excel table cannot hold {frame.height} rows of {frame.width} columns")
    if not all(name.isprintable() for name in schema):
        raise ValueError("an Excel table's column names are printable texts")
    strings = [name for name, dtype in schema.items() if dtype == pl.String]
    shared, indices = _shared_strings(frame, strings)
    joined, items = _joined(shared)
    if len(joined) > MAX_TEXT // 2 and shared.str.len_bytes().max() > MAX_TEXT:  # only then can a text be too long
        frame = frame.with_columns(_truncated(name) for name in strings)
        shared, indices = _shared_strings(frame, strings)
        joined, items = _joined(shared)
    pixels = _pixels(joined, shared)
    rows = _values(frame, indices).select(_rows(tuple(schema.items()))).item() if frame.height else ""
    if NEEDS_ESCAPE.search(joined):
        escaped = shared.str.replace_all(r"_(x[0-9A-Fa-f]{4}_)", "_x005F_${1}").str.replace_many(ESCAPES)
        items = escaped.str.join(BETWEEN_ITEMS).item()
    last = xl_col_to_name(frame.width - 1)
    # A table holds at least one data row: xlsxwriter gave a header-only table an empty one, and so does this.
    ref = f"A1:{last}{max(frame.height, 1) + 1}"
    dimension = f"A1:{last}{frame.height + 1}" if (frame.width, frame.height) != (1, 0) else "A1"
    columns = "".join(f'<tableColumn id="{i}" name={quoteattr(name)} dataDxfId="{STYLE[dtype.base_type()][1]}"/>'
                      for i, (name, dtype) in enumerate(schema.items(), start=1))
    parts = {
        "xl/worksheets/sheet1.xml": SHEET.format(dimension=dimension, cols=_cols(frame, indices, pixels),
                                                 rows=_header(frame.width) + rows),
        "xl/tables/table1.xml": TABLE.format(name=sheet, ref=ref, count=frame.width, columns=columns),
        "xl/sharedStrings.xml": SST.format(count=indices.len() - indices.null_count(), unique=shared.len(),
                                           strings=f"{SI}{items}</t></si>"),
    }
    Path(path).write_bytes(_zip(created, _constant_parts(sheet, created), parts))


def _shared_strings(frame: pl.DataFrame, strings: list[str]) -> tuple[pl.Series, pl.Series]:
    """The shared strings (the column names, then each text once) and the index of its shared string for each
    column name and then each cell of the text columns, column after column: null for a null and for an empty text,
    which xlsxwriter wrote as an empty cell."""
    texts = pl.concat([pl.Series(["", *frame.columns]), *(frame.get_column(name) for name in strings)]).to_frame()
    shared = texts.select(pl.first().unique(maintain_order=True).drop_nulls().slice(1)).to_series()
    indices = texts.select(pl.first().slice(1).cast(pl.Enum(shared), strict=False).to_physical()).to_series()
    return shared, indices


def _joined(shared: pl.Series) -> tuple[str, str]:
    """The shared strings joined by newlines, and joined as the texts of <si> elements."""
    return shared.to_frame().select(pl.first().str.join("\n"), pl.first().str.join(BETWEEN_ITEMS).alias("items")).row(0)


def _values(frame: pl.DataFrame, indices: pl.Series) -> pl.DataFrame:
    """Column `v`: each data cell's <v> text, column after column, null for an empty cell. A text is the index of
    its shared string; a date its serial day: days since 1899-12-31, plus one from March 1900 on for the 29 February
    1900 that Excel counts."""
    texts = (indices.slice(start, frame.height) for start in range(frame.width, indices.len(), frame.height))
    values = []
    for column in frame:
        if column.dtype == pl.String:
            column = next(texts)
        elif column.dtype == pl.Date:
            days = column.cast(pl.Int32)  # since 1970-01-01, Excel's day 25569
            column = days + 25569 - (days < -25508).cast(pl.Int32)
        values.append(column.cast(pl.String))
    return pl.concat(values).alias("v").to_frame()


@functools.cache
def _rows(schema: tuple[tuple[str, pl.DataType], ...]) -> pl.Expr:
    """The data's <row> elements as one text, from _values: a cell in its column's style with its value, or empty."""
    width, styles = len(schema), [STYLE[dtype.base_type()][0] for _, dtype in schema]
    kinds = [' t="s"' if dtype == pl.String else "" for _, dtype in schema]  # a shared string, else a number
    heads = pl.lit(pl.Series([f'<c r="{xl_col_to_name(i)}' for i in range(width)]))
    opens = pl.lit(pl.Series([f'" s="{style}"{kind}><v>' for style, kind in zip(styles, kinds, strict=True)]))
    empties = pl.lit(pl.Series([f'" s="{style}"/>' for style in styles]))
    cell = pl.int_range(pl.len())  # row after row
    column, row = cell % width, cell // width + 2
    value = pl.col("v").gather(column * (pl.len() // width) + cell // width)
    cells = pl.format("{}{}{}", heads.gather(column), row,
                      pl.format("{}{}</v></c>", opens.gather(column), value).fill_null(empties.gather(column)))
    rows = pl.format(f'<row r="{{}}" spans="1:{width}">{{}}</row>', pl.int_range(2, pl.len() // width + 2),
                     cells.reshape((-1, width)).arr.join(""))
    return rows.str.join("")


@functools.cache
def _header(width: int) -> str:
    """Row 1: the column names, the first shared strings."""
    cells = "".join(f'<c r="{xl_col_to_name(i)}1" t="s"><v>{i}</v></c>' for i in range(width))
    return f'<row r="1" spans="1:{width}">{cells}</row>'


def _truncated(name: str) -> pl.Expr:
    """The column's texts cut to MAX_TEXT UTF-16 units, where a character beyond U+FFFF counts two. Of a text that
    long holding such characters this cuts a few characters more than xlsxwriter did."""
    head = pl.col(name).str.slice(0, MAX_TEXT)
    return head.str.slice(0, MAX_TEXT - head.str.count_matches(r"[\x{10000}-\x{10FFFF}]")).alias(name)


def _pixels(joined: str, shared: pl.Series) -> np.ndarray:
    """Each shared string's width in pixels as xlsxwriter's autofit measured it (xlsxwriter.utility.xl_pixel_width
    of its widest line). `joined` is the shared strings joined by newlines."""
    data = np.frombuffer(joined.encode(), np.uint8)
    ends = np.append(np.flatnonzero(data == 10), data.size - 1)  # each line's last byte
    lines = np.diff(np.cumsum(PIXELS[data])[ends], prepend=0)
    if lines.size == shared.len():  # no text of several lines
        return lines
    per_text = shared.str.count_matches("\n", literal=True).cast(pl.Int64).to_numpy() + 1
    return np.maximum.reduceat(lines, np.cumsum(per_text) - per_text)


def _cols(frame: pl.DataFrame, indices: pl.Series, pixels: np.ndarray) -> str:
    """The <cols> element: each column as wide as xlsxwriter's autofit made it (none for a header-only table)."""
    if not frame.height:
        return ""
    # The widest text of each text column, from its cells' indices (a null: no text, 0 pixels).
    cells = np.nan_to_num(indices.slice(frame.width).to_numpy(), nan=len(pixels)).astype(np.intp)
    texts = iter(np.append(pixels, 0)[cells].reshape(-1, frame.height).max(axis=1))
    cols = []
    for i, column in enumerate(frame):
        if column.dtype == pl.String:
            widest = next(texts)
        elif column.dtype == pl.Date:
            widest = DATE_PIXELS if column.null_count() < frame.height else 0
        else:  # the longest number is the greatest or the least
            widest = DIGIT_PIXELS * max((len(str(n)) for n in (column.max(), column.min()) if n is not None), default=0)
        fitted = min(max(widest, pixels[i] + FILTER_PIXELS) + PADDING_PIXELS, MAX_PIXELS)
        custom = ' customWidth="1"' if fitted != 64 else ""  # 64 pixels is Excel's default width
        cols.append(f'<col min="{i + 1}" max="{i + 1}" width="{fitted * 256 // DIGIT_PIXELS / 256:.16g}" '
                    f'bestFit="1"{custom}/>')
    return f"<cols>{''.join(cols)}</cols>"


@functools.lru_cache(maxsize=8)
def _constant_parts(sheet: str, created: datetime) -> bytes:
    """A zip of the parts that depend on no cell, made once per sheet name and creation time."""
    return _zip(created, b"", {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "docProps/app.xml": APP.format(sheet=sheet),
        "docProps/core.xml": CORE.format(created=created.strftime("%Y-%m-%dT%H:%M:%SZ")),
        "xl/workbook.xml": WORKBOOK.format(sheet=sheet),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/theme/theme1.xml": THEME_XML_2007,
        "xl/worksheets/_rels/sheet1.xml.rels": SHEET_RELS,
    })


def _zip(created: datetime, start: bytes, parts: dict[str, str]) -> bytes:
    """The zip `start` (b"" for a new one) with the parts added, deflated (fast level), dated `created`."""
    stamp = max(created, datetime(1980, 1, 1)).timetuple()[:6]  # the oldest time a zip can hold
    book = io.BytesIO(start)
    with zipfile.ZipFile(book, "a") as package:
        for name, text in parts.items():
            package.writestr(zipfile.ZipInfo(name, stamp), text, zipfile.ZIP_DEFLATED, 1)
    return book.getvalue()
