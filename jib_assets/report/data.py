"""What the quarterly report shows, read from the analysts' database (publish/analytics.duckdb) only:
a region's quarter and month rows and those of the gemeenten it sums, and the publication's colophon.
The queries are in sql/report_*.sql."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from jib_assets.db import sql, table_exists
from jib_assets.partitions import add_months
from jib_assets.publish.analytics import VERBODEN_KOLOMMEN
from jib_assets.report.format import Bereik
from jib_assets.report.labels import NIVEAUS

Row = dict[str, Any]
BEREIKEN = "_bereiken"  # key of a quarter row: {kolom: Bereik} for its hidden cells published as a range
TREND_MAANDEN = 12  # the comparison per 1,000 youths follows the last 12 months


@dataclass(frozen=True)
class Gegevens:
    """What the report shows, as read from the published database: rows per quarter and per month."""

    kwartaal: str
    regiocode: str
    niveau: str
    regionaam: str
    gemeenten: list[tuple[str, str]]  # (code, naam) of the gemeenten the region sums (inside the area)
    kwartalen: list[str]  # the quarters present up to and including kwartaal, oldest first
    rijen: dict[tuple[str, str], Row]  # (kwartaal, regiocode) -> monitoring_kwartaal row (+ BEREIKEN: its ranges)
    maanden: list[date]  # peildata present up to the end of kwartaal
    maandrijen: dict[tuple[date, str], Row]  # (peildatum, regiocode) -> monitoring_maand row
    gepubliceerd_op: datetime | None
    publicatie: Row = field(default_factory=dict)  # the row of table publicatie (its utility figures)

    def rij(self, regiocode: str, kwartaal: str | None = None) -> Row | None:
        return self.rijen.get((kwartaal or self.kwartaal, regiocode))

    def maandwaarde(self, peildatum: date, regiocode: str, kolom: str) -> Any:
        return (self.maandrijen.get((peildatum, regiocode)) or {}).get(kolom)

    @property
    def vorig_kwartaal(self) -> str:
        year, q = int(self.kwartaal[:4]), int(self.kwartaal[-1])
        return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"

    @property
    def kwartaal_jaar_eerder(self) -> str:
        return f"{int(self.kwartaal[:4]) - 1}-Q{self.kwartaal[-1]}"

    @property
    def trend_maanden(self) -> list[date]:
        """The months present of the last TREND_MAANDEN up to the end of the quarter."""
        _, laatste = kwartaal_maanden(self.kwartaal)
        eerste = add_months(laatste, -(TREND_MAANDEN - 1))
        return [p for p in self.maanden if p >= eerste]

    @property
    def entiteiten(self) -> list[tuple[str, str]]:
        """The region first, then its gemeenten (a gemeente report shows just itself)."""
        if self.niveau == "gemeente":
            return [(self.regiocode, self.regionaam)]
        return [(self.regiocode, self.regionaam), *self.gemeenten]


def kwartaal_maanden(kwartaal: str) -> tuple[date, date]:
    year, q = int(kwartaal[:4]), int(kwartaal[-1])
    return date(year, 3 * q - 2, 1), date(year, 3 * q, 1)


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[Row]:
    cursor = con.execute(sql(name), params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def lees_gegevens(analytics_path: Path, kwartaal: str, region: str) -> Gegevens:
    """Read the region's published rows; ValueError when the quarter or region is not there."""
    if not re.fullmatch(r"\d{4}-Q[1-4]", kwartaal):
        raise ValueError(f"{kwartaal!r} is geen kwartaal; gebruik YYYY-Qn, bijvoorbeeld 2025-Q4")
    region = region.upper()
    if region[:2] not in NIVEAUS:
        raise ValueError(f"{region!r} is geen arbeidsmarktregio (AMxx), RMC-regio (MCxx), subregio (SR-...) of "
                         "gemeente (GMxxxx)")
    niveau = NIVEAUS[region[:2]]
    _, laatste = kwartaal_maanden(kwartaal)
    con = duckdb.connect(str(analytics_path), read_only=True)
    try:
        _weiger_warehouse(con, analytics_path)
        if not table_exists(con, "regio_indeling"):
            raise ValueError(f"{analytics_path} has no table regio_indeling (published from this release on): "
                             "publish the analysts' database again (jib run, or materialize analytics_database)")
        gemeenten = [] if niveau == "gemeente" else [
            (r["gemeentecode"], r["gemeentenaam"]) for r in _rows(con, "report_gemeenten", {"regio": region})]
        codes = [region, *(c for c, _ in gemeenten)]
        rijen = {(r["kwartaal"], r["regiocode"]): r
                 for r in _rows(con, "report_kwartalen", {"codes": codes, "kwartaal": kwartaal, "niveau": niveau})}
        maand = _rows(con, "report_maanden", {"codes": codes, "tot": laatste, "niveau": niveau})
        publicatie = _rows(con, "report_publicatie", {})[0] if table_exists(con, "publicatie") else {}
        bereiken = _rows(con, "report_bereiken", {"codes": codes, "kwartaal": kwartaal}) if table_exists(con, "bereiken") else []
        present = [r["kwartaal"] for r in _rows(con, "report_kwartalen_aanwezig", {"regio": region})]
    finally:
        con.close()
    for b in bereiken:
        rij = rijen.get((b["kwartaal"], b["regiocode"]))
        if rij is not None:
            rij.setdefault(BEREIKEN, {})[b["kolom"]] = Bereik(b["van"], b["tot"])
    eigen = rijen.get((kwartaal, region))
    if eigen is None:
        raise ValueError(f"geen cijfers voor {region} in {kwartaal} in {analytics_path}"
                         + (f"; wel voor {', '.join(present)}" if present else "")
                         + " (een kwartaal wordt gepubliceerd zodra zijn laatste maand verwerkt is)")
    return Gegevens(
        kwartaal=kwartaal, regiocode=region, niveau=niveau, regionaam=eigen["regionaam"], gemeenten=gemeenten,
        kwartalen=sorted({k for k, code in rijen if code == region}),
        rijen=rijen, maanden=sorted({r["peildatum"] for r in maand}),
        maandrijen={(r["peildatum"], r["regiocode"]): r for r in maand},
        gepubliceerd_op=publicatie.get("gepubliceerd_op"), publicatie=publicatie,
    )


def _weiger_warehouse(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The report shows published (suppressed) figures only: refuse the restricted store's exact ones."""
    exact = con.execute(sql("report_exacte_kolommen"), {"verboden": sorted(VERBODEN_KOLOMMEN)}).fetchall()[0][0]
    if exact:
        raise ValueError(f"{path} is not the analysts' database (it has exact or personal data); "
                         "the report reads publish/analytics.duckdb only")


def rapporten(analytics_path: Path) -> list[tuple[str, str, str]]:
    """(kwartaal, arbeidsmarktregio, inhoud) of each report the asset writes: the quarters with all three months and
    every gemeente of the region counted, and a digest of every published row the report shows (its `inhoud`: the
    same digest, the same figures)."""
    con = duckdb.connect(str(analytics_path), read_only=True)
    try:
        return [tuple(r) for r in con.execute(sql("report_rapporten")).fetchall()]
    finally:
        con.close()


def complete_kwartalen(analytics_path: Path) -> list[tuple[str, str]]:
    """(kwartaal, arbeidsmarktregio) pairs with all three months and every gemeente of the region counted:
    what the report asset writes after each quarter's last month."""
    return [(kwartaal, regio) for kwartaal, regio, _ in rapporten(analytics_path)]
