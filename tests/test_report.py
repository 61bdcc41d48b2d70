"""The quarterly report: self-contained HTML in Dutch, figures exactly as published, suppressed cells shown
as suppressed and never worked out, on a small database published by the real publish_analytics."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from jib_assets.report import complete_kwartalen, write_report, write_reports
from jib_assets.report.format import ONDERDRUKT, aandeel, getal
from jib_assets.report.voorbeeld import bouw_analytics

KWARTAAL, REGIO = "2025-Q2", "AM33"
SECTIES = ("samenvatting", "lijst", "stromen", "filtering", "casemanager", "bestemming", "uren", "duurzaam-werk",
           "gemeenten", "per-1000", "per-gemeente", "toelichting")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def analytics(tmp_path_factory) -> Path:
    target = tmp_path_factory.getbasetemp() / "voorbeeld" / "analytics.duckdb"
    return target if target.exists() else bouw_analytics(target)


@pytest.fixture(scope="session")
def report(analytics, tmp_path_factory) -> Path:
    return write_report(analytics, KWARTAAL, REGIO, tmp_path_factory.mktemp("reports"))


class _Cells(HTMLParser):
    """Every <td data-k="regiocode|kolom"> and its text, and every <b data-k=...> of the summary."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._open: tuple[str, str] | None = None
        self._class = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-k" in attrs and "|" in attrs["data-k"]:
            self._open = tuple(attrs["data-k"].split("|", 1))
            self._class = attrs.get("class") or ""
            self.cells.setdefault(self._open, []).append(("", self._class))

    def handle_data(self, data):
        if self._open:
            text, cls = self.cells[self._open][-1]
            self.cells[self._open][-1] = (text + data, cls)

    def handle_endtag(self, tag):
        self._open = None


def _published(analytics: Path) -> dict[tuple[str, str], object]:
    con = duckdb.connect(str(analytics), read_only=True)
    cursor = con.execute("SELECT * FROM monitoring_kwartaal WHERE kwartaal = ?", [KWARTAAL])
    names = [d[0] for d in cursor.description]
    out = {}
    for row in cursor.fetchall():
        record = dict(zip(names, row))
        out.update({(record["regiocode"], k): v for k, v in record.items()})
    con.close()
    return out


def test_the_report_is_self_contained_with_no_script_and_nothing_fetched(report):
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "url(" not in html
    assert html.count("<svg") >= 10 and html.count("</svg>") == html.count("<svg")


def test_the_report_has_every_section_in_dutch_and_prints_on_a4(report):
    html = report.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    for section in SECTIES:
        assert f'id="{section}"' in html
    for label in ("In het kort", "Aantal jongeren op de lijst", "Instroom en uitstroom", "Filtering van de nieuwe "
                  "instroom", "Contact door de casemanager", "Uitstroom na contact", "uren per jongere",
                  "Duurzaam werk", "Gemeenten naast elkaar", "Toelichting", "onderdrukt"):
        assert label in html
    assert "@media print" in html and "size:A4" in html
    for gemeente in ("Weert", "Roermond", "Leudal", "Nederweert", "Maasgouw", "Roerdalen", "Cranendonck",
                     "Echt-Susteren"):
        assert gemeente in html


def test_every_figure_in_the_tables_equals_the_published_database(report, analytics):
    published = _published(analytics)
    parser = _Cells()
    parser.feed(report.read_text(encoding="utf-8"))
    assert len(parser.cells) > 200
    for (regiocode, kolom), shown in parser.cells.items():
        value = published[(regiocode, kolom)]
        for text, cls in shown:
            assert text == getal(value, 1 if kolom.endswith("_per_1000") else None), (regiocode, kolom, text, value)
            assert ("onderdrukt" in cls) == (value is None) or kolom == "op_lijst"


def test_suppressed_cells_show_as_suppressed_and_are_in_the_legend(report, analytics):
    published = _published(analytics)
    suppressed = [key for key, value in published.items() if value is None and key[1] != "mediaan_maanden_op_lijst_uitstroom"]
    assert suppressed, "the example database should have suppressed cells"
    parser = _Cells()
    parser.feed(report.read_text(encoding="utf-8"))
    shown = [key for key in suppressed if key in parser.cells]
    assert shown
    for key in shown:
        assert all(text == ONDERDRUKT and "onderdrukt" in cls for text, cls in parser.cells[key])
    html = report.read_text(encoding="utf-8")
    assert f"<dt>{ONDERDRUKT}</dt>" in html and "None" not in html and "nan" not in html.lower().replace("nanos", "")


def test_summary_states_the_list_now_and_a_quarter_ago_inflow_outflow_and_share_approached(report, analytics):
    con = duckdb.connect(str(analytics), read_only=True)
    (nu, instroom, uitstroom, benaderen), (eerder,) = (
        con.execute("SELECT op_lijst, instroom, uitstroom, instroom_benaderen FROM monitoring_kwartaal "
                    "WHERE kwartaal = ? AND regiocode = ?", [KWARTAAL, REGIO]).fetchall()[0],
        con.execute("SELECT op_lijst FROM monitoring_kwartaal WHERE kwartaal = '2025-Q1' AND regiocode = ?",
                    [REGIO]).fetchall()[0],
    )
    con.close()
    html = report.read_text(encoding="utf-8")
    summary = html[html.index('id="samenvatting"'):html.index('id="lijst"')]
    assert f"{getal(nu)}</b> jongeren op de lijst" in summary
    assert f"({getal(eerder)})" in summary and ("meer dan" in summary or "minder dan" in summary or "evenveel" in summary)
    assert f"kwamen {getal(instroom)} jongeren op de lijst en gingen er {getal(uitstroom)} af" in summary
    if benaderen is None or instroom is None or instroom < 10:  # a share needs two published figures over 10+
        assert f"doorgezet naar de casemanager ({ONDERDRUKT})" in summary
    else:
        assert f"{round(100 * benaderen / instroom)}%" in summary


def test_a_share_needs_two_published_figures_and_ten_persons():
    assert aandeel(None, 50) is None and aandeel(3, None) is None
    assert aandeel(5, 9) is None
    assert aandeel(5, 10) == 0.5


def test_dutch_number_format():
    assert getal(1234) == "1.234" and getal(2.5) == "2,5" and getal(None) == ONDERDRUKT
    from decimal import Decimal
    assert getal(Decimal("8.34")) == "8,34" and getal(Decimal("327.00")) == "327,00"


def test_a_gemeente_and_an_rmc_regio_get_a_report_and_an_unknown_one_a_clear_error(analytics, tmp_path):
    weert = write_report(analytics, KWARTAAL, "GM0988", tmp_path).read_text(encoding="utf-8")
    assert "Weert" in weert and 'id="gemeenten"' not in weert
    assert "Gewest Limburg-Noord" in write_report(analytics, KWARTAAL, "mc38", tmp_path).read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="2025-Q1, 2025-Q2"):
        write_report(analytics, "2024-Q4", REGIO, tmp_path)
    with pytest.raises(ValueError, match="YYYY-Qn"):
        write_report(analytics, "2025-4", REGIO, tmp_path)
    with pytest.raises(ValueError, match="arbeidsmarktregio"):
        write_report(analytics, KWARTAAL, "Weert", tmp_path)


def test_the_asset_writes_every_complete_quarter_of_every_fully_covered_region(analytics, tmp_path):
    assert complete_kwartalen(analytics) == [("2025-Q1", "AM33"), ("2025-Q2", "AM33")]
    assert sorted(p.name for p in write_reports(analytics, tmp_path)) == [
        "jib-monitoring-AM33-2025-Q1.html", "jib-monitoring-AM33-2025-Q2.html"]


def test_the_report_refuses_the_restricted_store(tmp_path):
    from jib_assets.report.voorbeeld import bouw_warehouse

    warehouse = tmp_path / "jib.duckdb"
    con = duckdb.connect(str(warehouse))
    bouw_warehouse(con)
    con.close()
    with pytest.raises(ValueError, match="not the analysts' database"):
        write_report(warehouse, KWARTAAL, REGIO, tmp_path)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium: the headless-browser check of the "
                    "report needs it (apt-get install chromium); the other report tests still run")
def test_chromium_loads_the_report_offline_with_its_charts_in_the_dom(report):
    started = time.perf_counter()
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, "--dump-dom", report.as_uri()],
                         capture_output=True, text=True, timeout=60).stdout
    assert time.perf_counter() - started < 30
    assert dom.count("<svg") == report.read_text(encoding="utf-8").count("<svg") >= 10
    assert 'id="samenvatting"' in dom and "In het kort" in dom
