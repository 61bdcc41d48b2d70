"""sources.md for the casemanager spreadsheets: hand-kept values normalised, empty rows skipped,
opmerkingen never loaded, bad values set aside with the Excel row, unreadable workbooks refused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from jib_assets.ingest import DeliveryError, ingest_casemanager, quarantaine_aandeel
from jib_assets.ingest.casemanager import ontbrekende_gemeenten
from jib_assets.ingest.sources import CASEMANAGER_KOLOMMEN
from jib_assets.quality.contracts import validate_table

P = date(2025, 3, 1)
SECRET = "Woont bij oma, schulden bij Bakker"  # an opmerking: must never reach the warehouse
JIB1, JIB2, JIB3 = "JIB-ABCDEFGHIJKL", "JIB-MNOPQRSTUVWX", "JIB-234567ABCDEF"


@pytest.fixture(autouse=True)
def given(con):
    """The youths the spreadsheets may be about: on a worklist of GM0014 and GM0034 in February."""
    con.execute("CREATE TABLE werklijst_casemanager (peildatum DATE, gemeentecode VARCHAR, jib_id VARCHAR)")
    con.execute(
        "INSERT INTO werklijst_casemanager SELECT DATE '2025-02-01', g, j "
        "FROM unnest(['GM0014', 'GM0034']) AS a(g), unnest($ids) AS b(j)",
        {"ids": [JIB1, JIB2, JIB3]},
    )


def month(tmp_path: Path, complete: bool = True) -> Path:
    folder = tmp_path / "landing" / "2025-03"
    (folder / "casemanager").mkdir(parents=True, exist_ok=True)
    if complete:
        (folder / "_COMPLETE").touch()
    return folder


def workbook(path: Path, rows: dict[int, list], *, sheet: str = "monitoring", header: list | None = None) -> Path:
    """Write an .xlsx: `rows` maps a 1-based Excel row number to its cells (datetime cells as Excel dates)."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    as_date = book.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_row(0, 0, CASEMANAGER_KOLOMMEN if header is None else header)
    for number, cells in rows.items():
        for col, value in enumerate(cells):
            if isinstance(value, datetime):
                ws.write_datetime(number - 1, col, value, as_date)
            elif value is not None:
                ws.write(number - 1, col, value)
    book.close()
    return path


def loaded(con) -> list[tuple]:
    return con.execute(
        "SELECT * EXCLUDE (peildatum) FROM casemanager_monitoring WHERE peildatum = ? ORDER BY bestand, regel", [P]
    ).fetchall()


def test_messy_values_are_normalised_exactly(con, tmp_path):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "noord.xlsx", {
        2: [" jib-abcdefghijkl ", " gm0014", datetime(2025, 2, 3), " Ja ", "03-02-2025", "j", "NEE",
            " Werk ", "2025-03-01", "Eigen onderneming", "1,5", "n", SECRET],
        3: [JIB2, "GM0014", 45700, "geen", "2025-02-14", "N", "Ja", None, None, None, 2.25, " JA ", SECRET],
        4: [JIB3, "GM0014", None, "j", None, None, None, "schulden", None, None, "0.5", None],
    })
    result = ingest_casemanager(con, folder, P)

    assert (result.bestand, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("casemanager", 3, 3, 0)
    assert loaded(con) == [
        ("noord.xlsx", 2, JIB1, "GM0014", date(2025, 2, 3), "ja", date(2025, 2, 3), True, False, "werk",
         date(2025, 3, 1), "eigen_onderneming", Decimal("1.50"), False),
        ("noord.xlsx", 3, JIB2, "GM0014", date(2025, 2, 12), "geen", date(2025, 2, 14), False, True, None,
         None, None, Decimal("2.25"), True),
        ("noord.xlsx", 4, JIB3, "GM0014", None, "ja", None, None, None, "schulden", None, None, Decimal("0.50"), None),
    ]
    assert validate_table(con, "casemanager_monitoring", P) == (True, 0, [])


def test_empty_rows_are_skipped_and_rows_keep_their_excel_number(con, tmp_path):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "zuid.xlsx", {
        3: [JIB1, "GM0014"],
        5: [None, "  ", None, None, None, None, None, None, None, None, None, None, "alleen een opmerking"],
        7: [JIB2, "GM0034"],
        9: [None] * 20 + ["trailing"],  # a stray cell far right: not a column of ours
    })
    result = ingest_casemanager(con, folder, P)
    assert result.rows_read == 2
    assert [(b, r, j) for b, r, j, *_ in loaded(con)] == [("zuid.xlsx", 3, JIB1), ("zuid.xlsx", 7, JIB2)]


def test_opmerkingen_is_never_loaded(con, tmp_path):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "noord.xlsx", {2: [JIB1, "GM0014", *[None] * 10, SECRET],
                                                     3: [JIB2, "GM9999", *[None] * 10, SECRET]})
    ingest_casemanager(con, folder, P)
    columns = [c for c, *_ in con.execute("DESCRIBE casemanager_monitoring").fetchall()]
    assert "opmerkingen" not in columns
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' AND NOT internal"
    ).fetchall():
        hits = con.execute(f'SELECT count(*) FROM "{table}" WHERE contains("{column}", ?)', ["oma"]).fetchall()
        assert hits == [(0,)], f"opmerking text found in {table}.{column}"


def test_zero_spreadsheets_is_fine(con, tmp_path):
    folder = month(tmp_path)
    assert ingest_casemanager(con, folder, P).rows_read == 0
    (folder / "casemanager").rmdir()
    result = ingest_casemanager(con, folder, P)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined, result.reasons) == (0, 0, 0, {})
    assert loaded(con) == []


BAD = [
    ([None, "GM0014"], "jib_id: leeg"),
    (["JIB-123", "GM0014"], "jib_id: niet JIB- en 12 tekens"),
    ([JIB1, "GM9999"], "gemeentecode: onbekend (GM9999)"),
    ([JIB1, None], "gemeentecode: leeg"),
    ([JIB1, "GM0014", "31-02-2025"], "datum_kaartje: geen datum (DD-MM-JJJJ, JJJJ-MM-DD of Excel-datum)"),
    ([JIB1, "GM0014", "2025/02/03"], "datum_kaartje: geen datum (DD-MM-JJJJ, JJJJ-MM-DD of Excel-datum)"),
    ([JIB1, "GM0014", 3], "datum_kaartje: geen datum (DD-MM-JJJJ, JJJJ-MM-DD of Excel-datum)"),
    ([JIB1, "GM0014", None, "misschien"], "reactie_kaartje: onbekende waarde"),
    ([JIB1, "GM0014", None, None, None, "jawel"], "bereikt: niet ja of nee"),
    ([JIB1, "GM0014", None, None, None, None, None, "geld"], "ondersteuningsvraag: onbekende waarde"),
    ([JIB1, "GM0014", *[None] * 7, "pensioen"], "bestemming: onbekende waarde"),
    ([JIB1, "GM0014", *[None] * 8, "anderhalf"], "bestede_uren: geen getal"),
    ([JIB1, "GM0014", *[None] * 8, -2], "bestede_uren: negatief"),
    ([JIB1, "GM0014", *[None] * 9, "ok"], "bezwaar: niet ja of nee"),
    (["x", "GM9999"], "jib_id: niet JIB- en 12 tekens; gemeentecode: onbekend (GM9999)"),
]


@pytest.mark.parametrize(("cells", "reden"), BAD, ids=[r for _, r in BAD])
def test_unreadable_value_goes_to_quarantaine_with_excel_row(con, tmp_path, cells, reden):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "west.xlsx", {2: [JIB2, "GM0014"], 4: cells, 5: [JIB3, "GM0014"]})
    result = ingest_casemanager(con, folder, P)
    assert con.execute("SELECT bestand, regel, bsn, reden FROM quarantaine").fetchall() == [
        ("casemanager/west.xlsx", 4, None, reden)
    ]
    assert [r for _, r, *_ in loaded(con)] == [2, 5]
    assert (result.rows_read, result.rows_quarantined) == (3, 1)
    assert quarantaine_aandeel(con, P) == {"casemanager": pytest.approx(1 / 3)}


def test_several_spreadsheets_load_together_and_lock_files_are_ignored(con, tmp_path):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "b.xlsx", {2: [JIB2, "GM0034"]})
    workbook(folder / "casemanager" / "a.xlsx", {2: [JIB1, "GM0014"], 3: [JIB3, "GM0014"]})
    (folder / "casemanager" / "~$a.xlsx").write_bytes(b"lock")
    ingest_casemanager(con, folder, P)
    assert [(b, r) for b, r, *_ in loaded(con)] == [("a.xlsx", 2), ("a.xlsx", 3), ("b.xlsx", 2)]


def test_ingesting_twice_replaces_only_the_casemanager_rows(con, tmp_path):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "a.xlsx", {2: [JIB1, "GM0014"], 3: [JIB2, "GM9999"]})
    con.execute("CREATE TABLE quarantaine (peildatum DATE, bestand VARCHAR, regel BIGINT, bsn VARCHAR, reden VARCHAR)")
    con.execute("INSERT INTO quarantaine VALUES (?, 'uwv_polis.csv', 7, NULL, 'bsn: elfproef faalt')", [P])
    ingest_casemanager(con, folder, P)
    first = (loaded(con), con.execute("SELECT * FROM quarantaine ORDER BY bestand").fetchall())
    ingest_casemanager(con, folder, P)
    assert (loaded(con), con.execute("SELECT * FROM quarantaine ORDER BY bestand").fetchall()) == first
    assert [b for _, b, *_ in first[1]] == ["casemanager/a.xlsx", "uwv_polis.csv"]

    (folder / "casemanager" / "a.xlsx").unlink()  # a month without spreadsheets replaces them by nothing
    ingest_casemanager(con, folder, P)
    assert loaded(con) == []
    assert [b for _, b, *_ in con.execute("SELECT * FROM quarantaine").fetchall()] == ["uwv_polis.csv"]


def test_wrong_header_is_refused(con, tmp_path):
    folder = month(tmp_path)
    header = [c if c != "bereikt" else "contact" for c in CASEMANAGER_KOLOMMEN]
    workbook(folder / "casemanager" / "oost.xlsx", {2: [JIB1, "GM0014"]}, header=header)
    with pytest.raises(DeliveryError) as error:
        ingest_casemanager(con, folder, P)
    assert str(error.value).startswith(
        "casemanager/oost.xlsx: wrong header: missing columns: bereikt; 1 unexpected column(s) at position 6. "
        "Expected exactly: jib_id;gemeentecode;"
    )


def test_header_case_spaces_and_trailing_blank_columns_are_accepted(con, tmp_path):
    folder = month(tmp_path)
    header = [f" {c.upper()} " for c in CASEMANAGER_KOLOMMEN] + ["", ""]
    workbook(folder / "casemanager" / "oost.xlsx", {2: [JIB1, "GM0014"]}, header=header)
    assert ingest_casemanager(con, folder, P).rows_loaded == 1


def test_header_must_be_on_row_one(con, tmp_path):
    folder = month(tmp_path)
    book = xlsxwriter.Workbook(str(folder / "casemanager" / "titel.xlsx"))
    ws = book.add_worksheet("monitoring")
    ws.write_row(1, 0, CASEMANAGER_KOLOMMEN)
    ws.write_row(2, 0, [JIB1, "GM0014"])
    book.close()
    with pytest.raises(DeliveryError, match=r"^casemanager/titel\.xlsx: wrong header: no header line"):
        ingest_casemanager(con, folder, P)


def _row_one_as_openpyxl_reads_it(path: Path, sheet: str) -> list[str]:
    """The reference: row 1 through openpyxl's whole workbook (what `_row_one` read before it read the XML itself)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        cells = next(book[sheet].iter_rows(min_row=1, max_row=1, values_only=True), ())
    finally:
        book.close()
    names = ["" if c is None else str(c).strip().lower() for c in cells]
    while names and not names[-1]:
        names.pop()
    return names


def test_row_one_is_read_as_openpyxl_reads_it(tmp_path):
    """Row 1 comes from the sheet's XML (casemanager._row_one): the same names as openpyxl's whole workbook gives,
    for workbooks written by xlsxwriter (shared strings, or inline strings in its constant-memory mode) and by
    openpyxl, with the sheet not first, gaps, numbers, booleans, rich text, a header only on row 2 and a string
    table in which the header's names come last."""
    import openpyxl

    from jib_assets.ingest.casemanager import _row_one

    def xlsxwriter_book(name: str, write, **options) -> Path:
        book = xlsxwriter.Workbook(str(tmp_path / name), options)
        book.add_worksheet("Voorblad").write(0, 0, "eerst dit blad")
        ws = book.add_worksheet(" Monitoring ")
        write(book, ws)
        book.close()
        return tmp_path / name

    def kolommen(book, ws):
        ws.write_row(0, 0, CASEMANAGER_KOLOMMEN)
        ws.write_row(1, 0, [JIB1, "GM0014", "x" * 40])

    def gaten(book, ws):
        ws.write(0, 1, " JIB_ID ")
        ws.write(0, 3, 123456789)
        ws.write(0, 4, 1.5)
        ws.write_boolean(0, 5, True)
        ws.write_rich_string(0, 6, book.add_format({"bold": True}), "gemeente", "code")
        ws.write(0, 9, "")
        ws.write_formula(0, 10, "=1+1", None, 2)

    def rij_twee(book, ws):
        ws.write_row(1, 0, CASEMANAGER_KOLOMMEN)

    books = [
        xlsxwriter_book("kolommen.xlsx", kolommen),
        xlsxwriter_book("inline.xlsx", kolommen, constant_memory=True),
        xlsxwriter_book("gaten.xlsx", gaten),
        xlsxwriter_book("rij_twee.xlsx", rij_twee),
        xlsxwriter_book("leeg.xlsx", lambda book, ws: None),
    ]
    # openpyxl writes the string table in the order of its cells: the header's names after those of another sheet.
    book = openpyxl.Workbook()
    book.active.title = "Voorblad"
    book.active.append([f"tekst {i}" for i in range(50)])
    ws = book.create_sheet(" Monitoring ")
    ws.append(["", *CASEMANAGER_KOLOMMEN[:5], None, 7, False])
    ws.append([JIB1])
    book.save(tmp_path / "openpyxl.xlsx")
    books.append(tmp_path / "openpyxl.xlsx")
    expected = {
        "kolommen.xlsx": list(CASEMANAGER_KOLOMMEN),
        "inline.xlsx": list(CASEMANAGER_KOLOMMEN),
        "gaten.xlsx": ["", "jib_id", "", "123456789", "1.5", "true", "gemeentecode", "", "", "", "2"],
        "rij_twee.xlsx": [],
        "leeg.xlsx": [],
        "openpyxl.xlsx": ["", *CASEMANAGER_KOLOMMEN[:5], "", "7", "false"],
    }
    for path in books:
        found = _row_one(path, " Monitoring ")
        assert found == _row_one_as_openpyxl_reads_it(path, " Monitoring "), path.name
        assert found == expected[path.name], path.name


def test_missing_sheet_is_refused(con, tmp_path):
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "blad.xlsx", {2: [JIB1, "GM0014"]}, sheet="Blad1")
    with pytest.raises(DeliveryError, match=r"^casemanager/blad\.xlsx: no sheet 'monitoring' \(1 other sheet\(s\)\)"):
        ingest_casemanager(con, folder, P)


def test_a_damaged_workbook_is_refused(con, tmp_path):
    folder = month(tmp_path)
    (folder / "casemanager" / "kapot.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DeliveryError, match=r"^casemanager/kapot\.xlsx: cannot be opened as an \.xlsx workbook"):
        ingest_casemanager(con, folder, P)


def test_a_workbook_whose_parts_cannot_be_found_is_refused(con, tmp_path):
    """Row 1 is read through the workbook's relationships; one that does not name its shared strings is refused with
    the file's name (fastexcel finds them by their usual name)."""
    import re
    import zipfile

    folder = month(tmp_path)
    heel = workbook(tmp_path / "heel.xlsx", {2: [JIB1, "GM0014"]})
    rels = "xl/_rels/workbook.xml.rels"
    with zipfile.ZipFile(heel) as src, zipfile.ZipFile(folder / "casemanager" / "delen.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == rels:
                data = re.sub(rb"<Relationship [^>]*sharedStrings[^>]*/>", b"", data)
            dst.writestr(item, data)
    with pytest.raises(DeliveryError, match=r"^casemanager/delen\.xlsx: cannot be read as an \.xlsx workbook \(row 1"):
        ingest_casemanager(con, folder, P)


def test_incomplete_month_is_refused(con, tmp_path):
    with pytest.raises(DeliveryError, match="delivery not complete"):
        ingest_casemanager(con, month(tmp_path, complete=False), P)


NOOIT = "jib_id: nooit op een werklijst van deze gemeente"


def test_a_row_about_someone_the_municipality_was_never_given_is_quarantined(con, tmp_path):
    from jib_assets.chain.gemeente_filter import update_bezwaar_register

    other = "JIB-QQQQQQQQQQQQ"
    con.execute("INSERT INTO werklijst_casemanager VALUES (DATE '2025-03-01', 'GM0014', ?)", [other])  # only on P
    con.execute("INSERT INTO werklijst_casemanager VALUES (DATE '2025-01-01', 'GM0034', ?)", [other])  # elsewhere
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "west.xlsx", {
        2: [JIB1, "GM0014", *[None] * 9, "ja"],
        3: ["JIB-ZZZZZZZZZZZZ", "GM0014", *[None] * 9, "ja"],  # on no worklist at all
        4: [other, "GM0014", *[None] * 7, "werk", 12, "ja"],  # GM0014 got them only on P itself
        5: [JIB2, "GM0034", datetime(2025, 2, 3)],
    })
    result = ingest_casemanager(con, folder, P)
    assert con.execute("SELECT bestand, regel, bsn, reden FROM quarantaine ORDER BY regel").fetchall() == [
        ("casemanager/west.xlsx", 3, None, NOOIT), ("casemanager/west.xlsx", 4, None, NOOIT),
    ]
    assert con.execute("SELECT jib_id, gemeentecode FROM casemanager_monitoring ORDER BY regel").fetchall() == [
        (JIB1, "GM0014"), (JIB2, "GM0034"),
    ]
    assert result.reasons == {NOOIT: 2}
    # The objection register and the monitoring read casemanager_monitoring: only the youth they were given.
    update_bezwaar_register(con)
    assert con.execute("SELECT jib_id FROM bezwaar_register").fetchall() == [(JIB1,)]


def test_without_any_earlier_worklist_every_row_is_quarantined(con, tmp_path):
    con.execute("DROP TABLE werklijst_casemanager")
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "west.xlsx", {2: [JIB1, "GM0014"]})
    result = ingest_casemanager(con, folder, P)
    assert (result.rows_loaded, result.reasons) == (0, {NOOIT: 1})


def test_a_jib_id_of_a_rotated_key_is_read_as_its_current_one(con, tmp_path):
    from jib_assets.privacy import sleutel

    sleutel.prepare(con)
    old = "JIB-OOOOOOOOOOOO".replace("O", "A")
    con.execute("INSERT INTO sleutel_rotatie VALUES (?, ?, now())", [old, JIB1])
    folder = month(tmp_path)
    workbook(folder / "casemanager" / "west.xlsx", {2: [old.lower(), "GM0014", *[None] * 9, "ja"]})
    result = ingest_casemanager(con, folder, P)
    assert result.rows_loaded == 1
    assert con.execute("SELECT jib_id, bezwaar FROM casemanager_monitoring").fetchall() == [(JIB1, True)]


def test_rows_set_aside_that_may_carry_an_objection_are_named_for_the_blocking_check(con, tmp_path):
    """An objection in a row quarantined for another cell (or an unreadable bezwaar or reactie) never reached the
    register, which reads loaded rows only: the youth stayed `benaderen` and kept their name in every export. The
    ingest names such rows (file and Excel row, no value) for the blocking check geen_bezwaar_in_quarantaine."""
    folder = month(tmp_path)
    uren, bezwaar, reactie, kaartje = 10, 11, 3, 2

    def rij(jib: str, gemeente: str, **cellen) -> list:
        cells = [jib, gemeente, *[None] * 10]
        for kolom, waarde in cellen.items():
            cells[{"uren": uren, "bezwaar": bezwaar, "reactie": reactie, "kaartje": kaartje}[kolom]] = waarde
        return cells

    workbook(folder / "casemanager" / "west.xlsx", {
        2: rij(JIB2, "GM0014", bezwaar="ja"),                      # loaded: the register takes it
        3: rij(JIB1, "GM0014", uren="ca. 2", bezwaar="ja"),        # set aside for the hours
        4: rij(JIB3, "GM0014", bezwaar="Ja, per mail"),            # the objection itself unreadable
        5: rij(JIB3, "GM0034", reactie="nee", kaartje="31-02-2025"),  # a card answered no, a bad date
        6: rij(JIB2, "GM0034", uren="ca. 2"),                       # set aside, no objection
        7: rij("JIB-AAAAAAAAAAAA", "GM0014", bezwaar="ja"),           # a jib_id never given: a typo?
    })
    result = ingest_casemanager(con, folder, P)
    assert result.bezwaar_in_quarantaine == tuple(("casemanager/west.xlsx", r) for r in (3, 4, 5, 7))
    assert [r for _, r, *_ in loaded(con)] == [2]
    assert result.rows_quarantined == 5


def test_a_gemeente_whose_spreadsheet_rows_stop_is_named(con, tmp_path):
    """A forgotten spreadsheet ran without a word and the monitoring repeated the gemeente's state of the month before
    (Weert's June: May's 77 youths, 33 reached). The warning check names the gemeenten with rows last month and none
    now; an empty month folder before any delivery names nothing."""
    maart = month(tmp_path)
    workbook(maart / "casemanager" / "west.xlsx", {2: [JIB1, "GM0014"], 3: [JIB2, "GM0034"]})
    ingest_casemanager(con, maart, P)
    assert ontbrekende_gemeenten(con, P) == (None, [])
    april = tmp_path / "landing" / "2025-04"
    (april / "casemanager").mkdir(parents=True)
    (april / "_COMPLETE").touch()
    workbook(april / "casemanager" / "west.xlsx", {2: [JIB1, "GM0014"]})
    ingest_casemanager(con, april, date(2025, 4, 1))
    assert ontbrekende_gemeenten(con, date(2025, 4, 1)) == (P, ["GM0034"])
