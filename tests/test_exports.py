"""interfaces.md, exports: per municipality its list (with BSN) and the casemanager worklist (without),
as CSV that Dutch Excel opens and as xlsx. Assertions never show a file's contents."""

from __future__ import annotations

import csv
import io
import logging
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from jib_assets.publish.exports import rewrite_files, write_exports
from tests.builders import spy_pools

P = date(2025, 3, 1)
WEERT, ROERMOND = "GM0988", "GM0957"
BSN_LIKE = re.compile(r"(?<!\d)\d{9}(?!\d)")

LIJST = (
    "peildatum DATE, gemeentecode VARCHAR, bsn VARCHAR, jib_id VARCHAR, categorie VARCHAR, status VARCHAR, "
    "soort_instroom VARCHAR, reden_uitstroom VARCHAR, verhuisd_van VARCHAR, verhuisd_naar VARCHAR, datum_instroom DATE, "
    "eerste_maand BOOLEAN, geslachtsnaam VARCHAR, voorvoegsel VARCHAR, voornamen VARCHAR, geboortedatum DATE, "
    "geslacht VARCHAR, leeftijd INTEGER, straatnaam VARCHAR, huisnummer INTEGER, huisletter VARCHAR, "
    "huisnummertoevoeging VARCHAR, postcode VARCHAR, woonplaats VARCHAR, hoogste_diploma VARCHAR, "
    "laatste_onderwijssoort VARCHAR, inkomen_werk DECIMAL(12,2)"
)
WERKLIJST = (
    "peildatum DATE, gemeentecode VARCHAR, jib_id VARCHAR, geslachtsnaam VARCHAR, voorvoegsel VARCHAR, "
    "voornamen VARCHAR, straatnaam VARCHAR, huisnummer INTEGER, huisletter VARCHAR, huisnummertoevoeging VARCHAR, "
    "postcode VARCHAR, woonplaats VARCHAR, geboortedatum DATE, categorie VARCHAR, datum_instroom DATE"
)
FILES = ("jib_lijst.csv", "jib_lijst.xlsx", "werklijst_casemanager.csv", "werklijst_casemanager.xlsx",
         "uitstroom_casemanager.csv", "uitstroom_casemanager.xlsx")

# (gemeente, bsn, jib_id, status, categorie, naam, inkomen); bsn with a leading zero on purpose.
PERSONEN = [
    (WEERT, "012345672", "JIB-AAAAAAAAAAAA", "instroom", "benaderen", "Testnaam Een", Decimal("12.50")),
    (WEERT, "123456782", "JIB-BBBBBBBBBBBB", "blijft", "zzp", "Testnaam Twee", Decimal("0.00")),
    (WEERT, "234567893", "JIB-CCCCCCCCCCCC", "uitstroom", "benaderen", "Testnaam Drie", Decimal("600.00")),
    (ROERMOND, "345678904", "JIB-DDDDDDDDDDDD", "instroom", "zzp", "Testnaam Vier", Decimal("100.25")),
]


@pytest.fixture
def db(con):
    con.execute(f"CREATE TABLE gemeente_lijst ({LIJST})")
    con.execute(f"CREATE TABLE werklijst_casemanager ({WERKLIJST})")
    for gemeente, bsn, jib, status, categorie, naam, inkomen in PERSONEN:
        con.execute(
            "INSERT INTO gemeente_lijst (peildatum, gemeentecode, bsn, jib_id, status, categorie, soort_instroom, "
            "reden_uitstroom, datum_instroom, eerste_maand, geslachtsnaam, voornamen, geboortedatum, geslacht, leeftijd, "
            "straatnaam, huisnummer, postcode, woonplaats, inkomen_werk) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, 'Test', DATE '2001-02-03', 'V', 24, 'Teststraat', 12, '6001AB', "
            "'Teststad', ?)",
            [P, gemeente, bsn, jib, status, categorie, "nieuw" if status == "instroom" else None,
             "werk" if status == "uitstroom" else None, date(2025, 1, 1), naam, inkomen],
        )
        if status == "instroom":
            con.execute(
                "INSERT INTO werklijst_casemanager VALUES (?, ?, ?, ?, NULL, 'Test', 'Teststraat', 12, 'a', NULL, "
                "'6001AB', 'Teststad', DATE '2001-02-03', ?, ?)",
                [P, gemeente, jib, naam, categorie, P],
            )
    # Another month: never in March's files.
    con.execute("INSERT INTO gemeente_lijst (peildatum, gemeentecode, bsn, status) VALUES (?, ?, '456789015', 'blijft')",
                [date(2025, 2, 1), WEERT])
    return con


def _csv_rows(path):
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_files_exist_per_gemeente_with_only_its_rows(db, tmp_path):
    counts = write_exports(db, P, tmp_path)
    assert counts == {"gemeenten": 2, "jib_lijst": 4, "werklijst_casemanager": 2, "uitstroom_casemanager": 0}
    month = tmp_path / "2025-03"
    assert sorted(p.name for p in month.iterdir()) == [ROERMOND, WEERT]
    for gemeente in (WEERT, ROERMOND):
        assert sorted(p.name for p in (month / gemeente).iterdir()) == sorted(FILES)
    weert = _csv_rows(month / WEERT / "jib_lijst.csv")
    assert {r["gemeentecode"] for r in weert} == {WEERT}
    assert [r["status"] for r in weert] == ["instroom", "blijft", "uitstroom"]
    assert {r["jib_id"] for r in _csv_rows(month / ROERMOND / "werklijst_casemanager.csv")} == {"JIB-DDDDDDDDDDDD"}
    assert [r["reden_uitstroom"] for r in weert] == ["", "", "werk"]


def test_list_keeps_the_bsn_as_text_and_drops_internal_columns(db, tmp_path):
    write_exports(db, P, tmp_path)
    rows = _csv_rows(tmp_path / "2025-03" / WEERT / "jib_lijst.csv")
    assert "eerste_maand" not in rows[0]
    assert all(len(r["bsn"]) == 9 for r in rows)
    assert rows[0]["bsn"].startswith("0")  # the leading zero is kept
    ws = openpyxl.load_workbook(tmp_path / "2025-03" / WEERT / "jib_lijst.xlsx").active
    header = [c.value for c in ws[1]]
    bsn_cell = ws.cell(row=2, column=header.index("bsn") + 1)
    assert bsn_cell.data_type == "s" and len(bsn_cell.value) == 9


def test_worklist_has_no_bsn_anywhere(db, tmp_path):
    # Even when the worklist table upstream gains a bsn column, it does not reach the files.
    db.execute("ALTER TABLE werklijst_casemanager ADD COLUMN bsn VARCHAR")
    db.execute("UPDATE werklijst_casemanager w SET bsn = l.bsn FROM gemeente_lijst l WHERE l.jib_id = w.jib_id")
    write_exports(db, P, tmp_path)
    for gemeente in (WEERT, ROERMOND):
        folder = tmp_path / "2025-03" / gemeente
        text = (folder / "werklijst_casemanager.csv").read_bytes().decode("utf-8-sig")
        header = text.splitlines()[0].split(";")
        ws = openpyxl.load_workbook(folder / "werklijst_casemanager.xlsx").active
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        xlsx_header = [c.value for c in ws[1]]
        has_bsn_column = "bsn" in header or "bsn" in xlsx_header
        has_bsn_like_value = bool(BSN_LIKE.search(text)) or any(BSN_LIKE.search(c) for c in cells)
        assert not has_bsn_column, gemeente
        assert not has_bsn_like_value, gemeente


def test_csv_is_semicolon_utf8_bom_decimal_comma_iso_dates(db, tmp_path):
    write_exports(db, P, tmp_path)
    raw = (tmp_path / "2025-03" / WEERT / "jib_lijst.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0]
    assert header.startswith("peildatum;gemeentecode;bsn;jib_id;status;")
    rows = _csv_rows(tmp_path / "2025-03" / WEERT / "jib_lijst.csv")
    assert [r["inkomen_werk"] for r in rows] == ["12,50", "0,00", "600,00"]
    assert {r["peildatum"] for r in rows} == {"2025-03-01"}
    assert {r["geboortedatum"] for r in rows} == {"2001-02-03"}


def test_xlsx_has_frozen_header_filter_buttons_and_real_dates(db, tmp_path):
    write_exports(db, P, tmp_path)
    for name, n_rows, first_columns in (
        ("jib_lijst.xlsx", 3, ["peildatum", "gemeentecode", "bsn", "jib_id", "status"]),
        ("werklijst_casemanager.xlsx", 1, ["peildatum", "gemeentecode", "jib_id", "categorie", "datum_instroom"]),
    ):
        ws = openpyxl.load_workbook(tmp_path / "2025-03" / WEERT / name).active
        header = [c.value for c in ws[1]]
        assert header[:5] == first_columns
        assert ws.freeze_panes == "A2"
        tables = list(ws.tables.values())
        assert len(tables) == 1 and tables[0].autoFilter is not None
        assert ws.max_row == 1 + n_rows
        datum = ws.cell(row=2, column=header.index("geboortedatum") + 1)
        assert datum.is_date and datum.value == datetime(2001, 2, 3)
        widths = [ws.column_dimensions[c].width for c in ("A", "B")]
        assert all(w and w >= 8 for w in widths)
    ws = openpyxl.load_workbook(tmp_path / "2025-03" / WEERT / "jib_lijst.xlsx").active
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("inkomen_werk") + 1).value == 12.5


def test_an_empty_worklist_still_gets_its_files_with_a_header(db, tmp_path):
    db.execute("DELETE FROM werklijst_casemanager WHERE gemeentecode = ?", [ROERMOND])
    write_exports(db, P, tmp_path)
    folder = tmp_path / "2025-03" / ROERMOND
    assert _csv_rows(folder / "werklijst_casemanager.csv") == []
    ws = openpyxl.load_workbook(folder / "werklijst_casemanager.xlsx").active
    assert [c.value for c in ws[1]][:3] == ["peildatum", "gemeentecode", "jib_id"]


def test_rerun_replaces_the_month_whole(db, tmp_path):
    write_exports(db, P, tmp_path)
    month = tmp_path / "2025-03"
    (month / "GM0014").mkdir()  # a gemeente from an earlier, wrong run
    (month / "GM0014" / "jib_lijst.csv").write_text("stale")
    (month / WEERT / "oud_bestand.csv").write_text("stale")
    (month / WEERT / ".jib_lijst.csv.abc.tmp").write_text("left by a crash")
    db.execute("DELETE FROM gemeente_lijst WHERE gemeentecode = ?", [ROERMOND])
    db.execute("DELETE FROM werklijst_casemanager WHERE gemeentecode = ?", [ROERMOND])
    other_month = tmp_path / "2025-02"
    other_month.mkdir()
    counts = write_exports(db, P, tmp_path)
    assert counts["gemeenten"] == 1
    assert sorted(p.name for p in month.iterdir()) == [WEERT]
    assert sorted(p.name for p in (month / WEERT).iterdir()) == sorted(FILES)
    assert other_month.exists()  # other months are not touched


def test_rerun_writes_the_same_bytes(db, tmp_path):
    write_exports(db, P, tmp_path / "a")
    write_exports(db, P, tmp_path / "b")
    for name in FILES:
        same = (tmp_path / "a" / "2025-03" / WEERT / name).read_bytes() == (tmp_path / "b" / "2025-03" / WEERT / name).read_bytes()
        assert same, name


def test_files_are_readable_by_the_owner_only(db, tmp_path):
    write_exports(db, P, tmp_path)
    modes = {oct(p.stat().st_mode & 0o777) for p in (tmp_path / "2025-03").rglob("*") if p.is_file()}
    assert modes == {"0o600"}


def test_the_log_holds_counts_never_contents(db, tmp_path, caplog):
    with caplog.at_level(logging.DEBUG):
        write_exports(db, P, tmp_path)
    leaked = any(BSN_LIKE.search(r.getMessage()) or "Testnaam" in r.getMessage() for r in caplog.records)
    assert caplog.records and not leaked


FORMULAS = ['=HYPERLINK("http://x","klik")', "+SUM(1)", "-2+3", "@SUM(1)", "\tTestnaam", "\rTestnaam"]


@pytest.mark.parametrize("formula", FORMULAS, ids=["=HYPERLINK", "+SUM", "-2+3", "@SUM", "tab", "carriage return"])
def test_a_text_cell_that_starts_like_a_formula_is_neutralised_in_every_csv(db, tmp_path, formula):
    # OWASP, CSV Injection: a leading =, +, -, @, tab or carriage return is read as a formula; prefix a quote.
    db.execute("UPDATE gemeente_lijst SET geslachtsnaam = ?, woonplaats = ? WHERE jib_id = 'JIB-AAAAAAAAAAAA'",
               [formula, formula])
    db.execute("UPDATE werklijst_casemanager SET voornamen = ? WHERE jib_id = 'JIB-AAAAAAAAAAAA'", [formula])
    write_exports(db, P, tmp_path)
    folder = tmp_path / "2025-03" / WEERT
    # Opened as Excel does: UTF-8 with byte-order mark, ';'-separated, quotes doubled.
    raw = (folder / "jib_lijst.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lijst = {r["jib_id"]: r for r in _csv_rows(folder / "jib_lijst.csv")}["JIB-AAAAAAAAAAAA"]
    werk = {r["jib_id"]: r for r in _csv_rows(folder / "werklijst_casemanager.csv")}["JIB-AAAAAAAAAAAA"]
    assert lijst["geslachtsnaam"] == lijst["woonplaats"] == werk["voornamen"] == "'" + formula
    # Other text cells and the numbers are as they were: negative or not, an amount is not text.
    assert lijst["voornamen"] == "Test" and lijst["inkomen_werk"] == "12,50"
    # The xlsx keeps the value itself, as a string cell, which no spreadsheet evaluates.
    sheet = openpyxl.load_workbook(folder / "jib_lijst.xlsx").active
    header = [c.value for c in sheet[1]]
    cell = next(row[header.index("geslachtsnaam")] for row in sheet.iter_rows(min_row=2)
                if row[header.index("jib_id")].value == "JIB-AAAAAAAAAAAA")
    assert (cell.value.replace("_x000D_", "\r"), cell.data_type) == (formula, "s")  # xlsx escapes a CR


def test_text_that_merely_contains_formula_characters_is_left_alone(db, tmp_path):
    db.execute("UPDATE gemeente_lijst SET geslachtsnaam = 'Jansen-de Vries', huisnummertoevoeging = 'a=1' "
               "WHERE jib_id = 'JIB-AAAAAAAAAAAA'")
    write_exports(db, P, tmp_path)
    row = {r["jib_id"]: r for r in _csv_rows(tmp_path / "2025-03" / WEERT / "jib_lijst.csv")}["JIB-AAAAAAAAAAAA"]
    assert (row["geslachtsnaam"], row["huisnummertoevoeging"]) == ("Jansen-de Vries", "a=1")


def test_the_erasure_rewrites_export_files_through_the_same_safe_writer(db, tmp_path):
    db.execute("UPDATE gemeente_lijst SET geslachtsnaam = '=1+1' WHERE jib_id = 'JIB-BBBBBBBBBBBB'")
    write_exports(db, P, tmp_path)
    path = tmp_path / "2025-03" / WEERT / "jib_lijst.csv"
    path.unlink()
    path.write_text("jib_id\n", encoding="utf-8")  # a stale file the erasure must write again
    worklist = tmp_path / "2025-03" / WEERT / "werklijst_casemanager.csv"
    before = worklist.stat().st_mtime_ns
    assert rewrite_files(db, tmp_path, [(P, WEERT, "jib_lijst")]) == 2  # the list, csv and xlsx
    assert worklist.stat().st_mtime_ns == before  # the folder's other files are left as they are
    row = {r["jib_id"]: r for r in _csv_rows(path)}["JIB-BBBBBBBBBBBB"]
    assert row["geslachtsnaam"] == "'=1+1"


def test_folders_written_in_two_processes_are_the_files_one_process_writes(db, tmp_path, monkeypatch):
    from jib_assets.publish import exports

    pools = spy_pools(monkeypatch, exports)
    one = write_exports(db, P, tmp_path / "een")
    # two gemeenten, below PROCESSEN_VANAF_GEMEENTEN: written in this process
    assert write_exports(db, P, tmp_path / "klein", processen=2) == one and pools == []
    monkeypatch.setattr(exports, "PROCESSEN_VANAF_GEMEENTEN", 2)
    assert write_exports(db, P, tmp_path / "twee", processen=2) == one
    assert pools == [(2,)]  # the pool ran, with a process per gemeente
    files = _export_files(tmp_path / "een")
    assert len(files) == 2 * len(FILES)
    assert files == _export_files(tmp_path / "twee")
    for name in files:
        assert (tmp_path / "een" / name).read_bytes() == (tmp_path / "twee" / name).read_bytes(), name


def test_the_processes_writing_exports_watch_the_run_that_started_them(db, tmp_path, monkeypatch):
    """A run killed while its exports are written must not leave their processes behind: each has its part and then
    waits for more, forever once the run is gone (`operations.volg_ouder` ends such a process: proved on the
    suppression's processes, test_suppression.py's `wacht`). Both pools start their processes with it."""
    from jib_assets import operations
    from jib_assets.publish import exports

    initializers = []

    class Pool(exports.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            initializers.append(kwargs.get("initializer"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(exports, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(exports, "PROCESSEN_VANAF_GEMEENTEN", 2)
    write_exports(db, P, tmp_path, processen=2)
    assert rewrite_files(db, tmp_path, [(P, WEERT, "jib_lijst"), (P, ROERMOND, "jib_lijst")], processen=2) == 4
    assert initializers == [operations.volg_ouder] * 2


def test_a_process_that_writes_exports_or_solves_the_suppression_does_not_load_dagster():
    """Each such process is spawned and imports the module of its work: with Dagster (reached through
    jib_assets.partitions) and the loaders (openpyxl, through jib_assets.ingest) that was 1,800 modules and about 2 s
    of CPU before it wrote a file, paid four times in a national month (docs/performance.md, 2026-12-06 05:30)."""
    import subprocess
    import sys

    probe = ("import sys, jib_assets.publish.exports, jib_assets.privacy.suppression; "
             "print(sorted(m for m in ('dagster', 'openpyxl', 'great_expectations', 'pandera') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    # The ingest package still hands out its names, loading their module on first use.
    from jib_assets import ingest
    from jib_assets.ingest import csv_source, delivery, sources, store

    assert ingest.ingest_csv is csv_source.ingest_csv and ingest.DeliveryError is delivery.DeliveryError
    assert ingest.CSV_SOURCES is sources.CSV_SOURCES and ingest.IngestResult is store.IngestResult
    assert all(getattr(ingest, name) is not None for name in ingest.__all__)
    with pytest.raises(AttributeError):
        ingest.niet_bestaand  # noqa: B018


def test_the_erasure_rewrites_many_folders_in_two_processes_as_one_process_does(db, tmp_path, monkeypatch):
    from jib_assets.publish import exports

    pools = spy_pools(monkeypatch, exports)
    files = [(P, WEERT, "jib_lijst"), (P, ROERMOND, "jib_lijst"), (P, ROERMOND, "werklijst_casemanager")]
    for folder in ("een", "twee"):
        write_exports(db, P, tmp_path / folder)
    db.execute("UPDATE gemeente_lijst SET geslachtsnaam = NULL, bsn = NULL")  # as an erasure leaves them
    assert rewrite_files(db, tmp_path / "een", files, processen=2) == 6 and pools == []  # two folders: in this process
    monkeypatch.setattr(exports, "PROCESSEN_VANAF_GEMEENTEN", 2)
    assert rewrite_files(db, tmp_path / "twee", files, processen=2) == 6 and pools == [(2,)]
    written = _export_files(tmp_path / "een")
    for name in written:
        assert (tmp_path / "een" / name).read_bytes() == (tmp_path / "twee" / name).read_bytes(), name
    rows = _csv_rows(tmp_path / "twee" / "2025-03" / ROERMOND / "jib_lijst.csv")
    assert rows and all(r["bsn"] == "" and r["geslachtsnaam"] == "" for r in rows)


def _export_files(exports_dir):
    """The export files under a folder, relative to it: the erasure's index beside them is not one (it holds
    each file's inode and mtime, so it differs between two folders of the same files)."""
    return sorted(p.relative_to(exports_dir) for p in exports_dir.rglob("*.*") if p.is_file() and p.parent != exports_dir)


def test_the_writers_tell_the_erasure_index_what_they_wrote_so_it_reads_no_file_back(db, tmp_path, monkeypatch):
    """What the writers record for each file is what reading the file back finds: the rows of each file with an
    identifying value, after the export and after an erasure's rewrite of one of them."""
    from jib_assets.privacy import erasure

    write_exports(db, P, tmp_path)
    columns = {r[0] for r in db.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'gemeente_lijst'").fetchall()}
    wis = ", ".join(f"{c} = NULL" for c in erasure.identifying() if c in columns)
    db.execute(f"UPDATE gemeente_lijst SET {wis} WHERE jib_id = 'JIB-BBBBBBBBBBBB'")  # as the erasure leaves them
    assert rewrite_files(db, tmp_path, [(P, WEERT, "jib_lijst")]) == 2

    def unread(path, ident):
        raise AssertionError(f"{path.name} was read back although its writer recorded it")

    monkeypatch.setattr(erasure, "_rows_with_identifying_value", unread)
    recorded = sorted(erasure.export_index(tmp_path).rows())
    monkeypatch.undo()
    (tmp_path / erasure.EXPORT_INDEX).unlink()
    read_back = sorted(erasure.export_index(tmp_path).rows())
    assert recorded == read_back
    lijst = {jib for bestand, jib in read_back if bestand == f"2025-03/{WEERT}/jib_lijst.csv"}
    assert lijst == {"JIB-AAAAAAAAAAAA", "JIB-CCCCCCCCCCCC"}  # B's row is there, with its identifying fields empty
    assert {b for b, _ in read_back} >= {f"2025-03/{g}/jib_lijst.{ext}" for g in (WEERT, ROERMOND) for ext in ("csv", "xlsx")}


def test_a_rerun_that_changes_files_written_before_names_them_per_gemeente(db, tmp_path):
    """Audit 3: a rerun on a corrected delivery rewrote July's worklist of a gemeente with 4 more youths, and nobody
    was told which municipalities' files already sent were out of date."""
    from jib_assets.publish.exports import gewijzigd, gewijzigd_tekst, vingerafdrukken

    month = tmp_path / "2025-03"
    assert vingerafdrukken(month) == {}
    write_exports(db, P, tmp_path)
    voor = vingerafdrukken(month)
    assert sorted(voor) == [f"{g}/{n}" for g in (ROERMOND, WEERT)
                            for n in ("jib_lijst", "uitstroom_casemanager", "werklijst_casemanager")]
    write_exports(db, P, tmp_path)
    assert gewijzigd(voor, vingerafdrukken(month)) == {}  # the same figures again: nothing changed
    # Weert's youth who stayed now leaves (the corrected delivery showed work): only Weert's list changes.
    db.execute("UPDATE gemeente_lijst SET status = 'uitstroom', reden_uitstroom = 'werk' WHERE jib_id = 'JIB-BBBBBBBBBBBB'")
    write_exports(db, P, tmp_path)
    anders = gewijzigd(voor, vingerafdrukken(month))
    assert anders == {WEERT: ["jib_lijst"]}
    assert gewijzigd_tekst(anders) == f"{WEERT} (jib_lijst)"
    # Roermond's youth is gone from March: its files are emptied or removed, which is a change too.
    voor = vingerafdrukken(month)
    db.execute("DELETE FROM gemeente_lijst WHERE gemeentecode = ? AND peildatum = ?", [ROERMOND, P])
    db.execute("DELETE FROM werklijst_casemanager WHERE gemeentecode = ?", [ROERMOND])
    write_exports(db, P, tmp_path)
    assert gewijzigd(voor, vingerafdrukken(month)) == {ROERMOND: ["jib_lijst", "uitstroom_casemanager",
                                                                 "werklijst_casemanager"]}
