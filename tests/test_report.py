"""The quarterly report: self-contained HTML in Dutch, figures exactly as published, suppressed cells shown
as suppressed and never worked out, on a small database published by the real publish_analytics."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from jib_assets.report import complete_kwartalen, write_report, write_reports
from jib_assets.report.format import ONDERDRUKT, Bereik, aandeel, getal
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


def _cells(report: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(regiocode, kolom) -> the (text, class) of every cell of the report that shows it."""
    parser = _Cells()
    parser.feed(report.read_text(encoding="utf-8"))
    return parser.cells


def _published(analytics: Path) -> dict[tuple[str, str], object]:
    """(regiocode, kolom) -> the published figure of KWARTAAL, or its published range (table bereiken) where the
    figure is NULL and a range is published, else None."""
    con = duckdb.connect(str(analytics), read_only=True)
    cursor = con.execute("SELECT * FROM monitoring_kwartaal WHERE kwartaal = ?", [KWARTAAL])
    names = [d[0] for d in cursor.description]
    out = {}
    for row in cursor.fetchall():
        record = dict(zip(names, row))
        out.update({(record["regiocode"], k): v for k, v in record.items()})
    for regiocode, kolom, van, tot in con.execute(
            "SELECT regiocode, kolom, van, tot FROM bereiken WHERE tabel = 'monitoring_kwartaal' AND periode = ?",
            [KWARTAAL]).fetchall():
        assert out[(regiocode, kolom)] is None  # a range is only published for a hidden cell
        out[(regiocode, kolom)] = Bereik(van, tot)
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
    cells = _cells(report)
    assert len(cells) > 200
    for (regiocode, kolom), shown in cells.items():
        value = published[(regiocode, kolom)]
        for text, cls in shown:
            assert text == getal(value, 1 if kolom.endswith("_per_1000") else None), (regiocode, kolom, text, value)
            assert ("onderdrukt" in cls) == (value is None) or kolom == "op_lijst"


def test_suppressed_cells_show_as_suppressed_and_are_in_the_legend(report, analytics):
    published = _published(analytics)
    suppressed = [key for key, value in published.items() if value is None and key[1] != "mediaan_maanden_op_lijst_uitstroom"]
    assert suppressed, "the example database should have suppressed cells"
    cells = _cells(report)
    shown = [key for key in suppressed if key in cells]
    assert shown
    for key in shown:
        assert all(text == ONDERDRUKT and "onderdrukt" in cls for text, cls in cells[key])
    html = report.read_text(encoding="utf-8")
    assert f"<dt>{ONDERDRUKT}</dt>" in html and "None" not in html and "nan" not in html.lower().replace("nanos", "")


def test_a_hidden_cell_published_as_a_range_shows_the_range_and_the_legend_says_what_it_means(report, analytics):
    published = _published(analytics)
    ranges = {key: value for key, value in published.items() if isinstance(value, Bereik)}
    assert ranges, "the example database should have cells published as a range"
    cells = _cells(report)
    shown = [key for key in ranges if key in cells]
    assert shown
    for key in shown:
        van, tot = ranges[key].van, ranges[key].tot
        assert tot - van + 1 == 10 and van % 5 == 0 and van >= 5
        assert all(text == f"{getal(van)}–{getal(tot)}" and cls == "bereik" for text, cls in cells[key])
    html = report.read_text(encoding="utf-8")
    assert "<dt>30–39</dt>" in html and "30–39 = tussen 30 en 39" in html


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
        assert "doorgezet naar de casemanager; de anderen" in summary  # no share, and no empty "(–)"
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
    with pytest.raises(ValueError, match="2025-Q1, 2025-Q2.*zodra zijn laatste maand verwerkt is"):
        write_report(analytics, "2024-Q4", REGIO, tmp_path)
    with pytest.raises(ValueError, match="YYYY-Qn"):
        write_report(analytics, "2025-4", REGIO, tmp_path)
    with pytest.raises(ValueError, match="arbeidsmarktregio"):
        write_report(analytics, KWARTAAL, "Weert", tmp_path)


def test_the_asset_writes_every_complete_quarter_of_every_fully_covered_region(analytics, tmp_path):
    assert complete_kwartalen(analytics) == [("2025-Q1", "AM33"), ("2025-Q2", "AM33")]
    gedaan = write_reports(analytics, tmp_path)
    assert sorted(p.name for p in gedaan.geschreven) == [
        "jib-monitoring-AM33-2025-Q1.html", "jib-monitoring-AM33-2025-Q2.html"]
    assert gedaan.ongewijzigd == []


def test_a_publication_writes_again_only_the_reports_whose_published_figures_changed(analytics, tmp_path, monkeypatch):
    """Every publication wrote the report of every complete quarter of every region again (a national first quarter's
    34 took 3.6 s, and every quarter added as many): now a report whose published figures are as when its file was
    written stays as it was. What a report shows: the quarter rows and month rows up to its quarter of the region and
    its gemeenten, their ranges, and the gemeenten's names."""
    from jib_assets.report import html

    kopie = tmp_path / "analytics.duckdb"
    shutil.copy(analytics, kopie)
    out = tmp_path / "reports"
    q1, q2 = (out / f"jib-monitoring-AM33-{k}.html" for k in ("2025-Q1", "2025-Q2"))
    beide = [q1.name, q2.name]

    def schrijf() -> tuple[list[str], list[str]]:
        gedaan = write_reports(kopie, out)
        return sorted(p.name for p in gedaan.geschreven), sorted(p.name for p in gedaan.ongewijzigd)

    def wijzig(query: str) -> None:
        with duckdb.connect(str(kopie)) as con:
            assert con.execute(query).fetchone()[0] >= 1  # rows changed

    assert schrijf() == (beide, [])
    voor = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (q1, q2)}
    assert schrijf() == ([], beide)  # the same figures: neither file touched
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (q1, q2)} == voor
    # a figure of one of the region's gemeenten in the second quarter: that quarter's report only
    wijzig("UPDATE monitoring_kwartaal SET op_lijst = op_lijst + 1 WHERE kwartaal = '2025-Q2' AND regiocode = 'GM0988'")
    assert schrijf() == ([q2.name], [q1.name])
    assert q1.read_bytes() == voor[q1][1] and q2.read_bytes() != voor[q2][1]
    # a month of the second quarter: that report; a month of the first: both (the second's monthly lines run through it)
    wijzig("UPDATE monitoring_maand SET op_lijst = op_lijst + 1 WHERE peildatum = DATE '2025-05-01' AND regiocode = 'AM33'")
    assert schrijf() == ([q2.name], [q1.name])
    wijzig("UPDATE monitoring_maand SET op_lijst = op_lijst + 1 WHERE peildatum = DATE '2025-02-01' AND regiocode = 'AM33'")
    assert schrijf() == (beide, [])
    # a published range of the first quarter, and a gemeente's name: both
    wijzig("UPDATE bereiken SET tot = tot + 1 WHERE tabel = 'monitoring_kwartaal' AND periode = '2025-Q1' "
           "AND regiocode = (SELECT min(regiocode) FROM bereiken WHERE tabel = 'monitoring_kwartaal' "
           "AND periode = '2025-Q1' AND regiocode IN (SELECT gemeentecode FROM regio_indeling WHERE regiocode = 'AM33'))")
    assert schrijf() == (beide, [])
    wijzig("UPDATE gemeenten SET gemeentenaam = 'Weert-Nederweert' WHERE gemeentecode = 'GM0988'")
    assert schrijf() == (beide, [])
    assert "Weert-Nederweert" in q1.read_text(encoding="utf-8")
    # a region the report does not show (the RMC-regio, which sums the same gemeenten): neither
    wijzig("UPDATE monitoring_kwartaal SET regionaam = regionaam || ' (x)' WHERE regiocode = 'MC38'")
    assert schrijf() == ([], beide)
    # a report file removed is written again; damaged notes, or another release's code, write them all
    q1.unlink()
    assert schrijf() == ([q1.name], [q2.name])
    (out / html.INHOUD_BESTAND).write_text("{", encoding="utf-8")
    assert schrijf() == (beide, [])
    monkeypatch.setattr(html, "_code_versie", lambda: "een-andere-release")
    assert schrijf() == (beide, [])
    assert schrijf() == ([], beide)


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


# The area, rates and utility (issue 10) ----------------------------------------------------------------------

def _gegevens(kwartalen, maanden, **rij_extra):
    """A hand-made Gegevens: region AM33 with Weert and Roermond, every quarter and month given."""
    from jib_assets.report.data import Gegevens

    def rij(code, k, per_1000):
        return {"kwartaal": k, "regiocode": code, "regionaam": code, "niveau": "x", "maanden": 3,
                "gemeenten_meegeteld": 2, "gemeenten_in_regio": 8, "deels_in_gebied": False,
                "inwoners_23_26": 2000, "op_lijst_per_1000": per_1000, "instroom_per_1000": per_1000 / 10,
                "uitstroom_per_1000": None, **rij_extra}

    rijen = {(k, code): rij(code, k, 10.0 * (i + 1) + j) for i, k in enumerate(kwartalen)
             for j, code in enumerate(("AM33", "GM0988", "GM0957"))}
    maandrijen = {(p, code): {"op_lijst_per_1000": 100.0 + m} for m, p in enumerate(maanden)
                  for code in ("AM33", "GM0988", "GM0957")}
    return Gegevens(kwartaal=kwartalen[-1], regiocode="AM33", niveau="arbeidsmarktregio", regionaam="Midden-Limburg",
                    gemeenten=[("GM0957", "Roermond"), ("GM0988", "Weert")], kwartalen=list(kwartalen), rijen=rijen,
                    maanden=list(maanden), maandrijen=maandrijen, gepubliceerd_op=None,
                    publicatie={"cellen": 16000, "onderdrukt_primair": 900, "onderdrukt_secundair": 120,
                                "onderdrukt_als_bereik": 80, "aandeel_10_plus_onderdrukt": 0.0137,
                                "aandeel_10_plus_als_bereik": 0.052, "kleinste_interval": 5.0})


def _months(first: date, n: int) -> list[date]:
    from jib_assets.partitions import add_months

    return [add_months(first, k) for k in range(n)]


def test_per_1000_compares_with_the_same_quarter_a_year_earlier_when_published():
    from jib_assets.report.sections import _per_1000

    g = _gegevens(["2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"], _months(date(2024, 4, 1), 15))
    html = _per_1000(g)
    # Quarter i (0-based) holds 10 (i+1) + j: 2025-Q2 (i=4) for Weert (j=1) is 51.0, 2024-Q2 (i=0) is 11.0.
    assert "op de lijst per 1.000, 2025-Q2" in html and "op de lijst per 1.000, 2024-Q2" in html
    weert = html[html.index('<th scope="row">Weert</th>'):].split("</tr>")[0]
    assert re.findall(r">([^<]*)</td>", weert)[:5] == ["2.000", "51,0", "11,0", "5,1", "1,1"]
    assert "hetzelfde kwartaal een jaar eerder (2024-Q2)" in html
    # The trend: the last 12 of the 15 months April 2024 .. June 2025, i.e. July 2024 .. June 2025.
    assert html.count('font-size="10">') == 12  # one label per month (the y-axis labels have a fill)
    assert "jun 24" not in html and "jul 24" in html and "jun 25" in html


def test_per_1000_says_when_the_year_earlier_quarter_is_not_there():
    from jib_assets.report.sections import _per_1000

    g = _gegevens(["2025-Q1", "2025-Q2"], _months(date(2025, 1, 1), 6))
    html = _per_1000(g)
    assert "2024-Q2" in html and "nog geen cijfers" in html and "per 1.000, 2024-Q2" not in html


def test_the_notes_print_the_publications_utility():
    from jib_assets.report.sections import _toelichting

    html = _toelichting(_gegevens(["2025-Q2"], _months(date(2025, 4, 1), 3)))
    assert "16.000 cijfers" in html and "900 onderdrukt omdat ze klein zijn" in html and "120 om die te" in html
    assert "Van de cijfers van 10 of meer is 1,4% helemaal onderdrukt en 5,2% als bereik getoond" in html  # one decimal
    assert "Van die laatste staan er 80 als bereik in de tabellen" in html
    assert "5,0 uit elkaar" in html


def test_the_summary_warns_when_the_region_lies_partly_outside_the_area():
    from jib_assets.report.sections import _samenvatting

    rij = {"op_lijst": 300, "instroom": 40, "uitstroom": 30, "uitstroom_werk": 10, "instroom_benaderen": 30,
           "bereikt": 20, "jongeren_casemanager": 90, "toestemming": 10}
    g = _gegevens(["2025-Q1", "2025-Q2"], _months(date(2025, 1, 1), 6), deels_in_gebied=True, **rij)
    html = _samenvatting(g)
    assert "deels buiten het gebied" in html and "over de 2 gemeenten binnen het gebied" in html
    # The rate card: 2025-Q2 (i=1) for AM33 (j=0) is 20.0 per 1,000 of 2,000 residents.
    assert "Per 1.000 jongeren" in html and "<b data-k='AM33|op_lijst_per_1000'>20,0</b> per 1.000" in html


def test_the_cards_show_the_regions_figures(report, analytics):
    con = duckdb.connect(str(analytics), read_only=True)
    op_lijst, instroom, uitstroom = con.execute(
        "SELECT op_lijst, instroom, uitstroom FROM monitoring_kwartaal WHERE kwartaal = ? AND regiocode = ?",
        [KWARTAAL, REGIO]).fetchall()[0]
    con.close()
    assert None not in (op_lijst, instroom, uitstroom)  # with the area restriction, the region is published
    html = report.read_text(encoding="utf-8")
    kaarten = re.findall(r'<div class="kop">([^<]*)</div><div class="waarde">([^<]*)</div>', html)
    assert kaarten[:3] == [("Op de lijst", getal(op_lijst)), ("Per 1.000 jongeren", kaarten[1][1]),
                           ("Instroom", getal(instroom))]
    assert ONDERDRUKT not in kaarten[1][1] and ("Uitstroom", getal(uitstroom)) in kaarten


def test_nobody_followed_yet_is_no_figure_and_a_hidden_share_leaves_no_empty_brackets():
    """Audit 3: in the first quarters every gemeente showed "na 6 maanden aan het werk: 0" while nobody had been
    followed yet (the leavers of seven months before), read as "nobody kept their job"; and a card said "... doorgezet
    naar de casemanager (–);" when the share could not be shown."""
    from jib_assets.report.format import GEEN_GEGEVENS
    from jib_assets.report.sections import _per_gemeente, _samenvatting

    rij = {"op_lijst": 300, "instroom": 40, "uitstroom": 30, "uitstroom_werk": 10, "instroom_benaderen": None,
           "bereikt": None, "jongeren_casemanager": 90, "toestemming": 10, "werk_uitstroom_gevolgd": 0,
           "werk_na_6_maanden": 0}
    g = _gegevens(["2025-Q1"], _months(date(2025, 1, 1), 3), **rij)
    weert = _per_gemeente(g, ["2025-Q1"]).split("<h3>Weert")[1]
    rij_werk = weert[weert.index("na 6 maanden aan het werk"):].split("</tr>")[0]
    assert re.findall(r">([^<]*)</td>", rij_werk) == [GEEN_GEGEVENS]
    html = _samenvatting(g)
    assert "(–)" not in html and "doorgezet naar de casemanager; de anderen" in html
    assert "jongeren op hun werklijsten bereikt; 10 gaven toestemming" in html
    # once a cohort is followed, its 0 is a figure
    g = _gegevens(["2025-Q1"], _months(date(2025, 1, 1), 3), **{**rij, "werk_uitstroom_gevolgd": 6})
    weert = _per_gemeente(g, ["2025-Q1"]).split("<h3>Weert")[1]
    assert re.findall(r">([^<]*)</td>", weert[weert.index("na 6 maanden aan het werk"):].split("</tr>")[0]) == ["0"]
