"""The quarterly monitoring report (reports/): one self-contained Dutch HTML file per region and quarter,
read from the analysts' database only, so it shows the suppressed figures exactly as published.

The jobs are split: data.py reads the published rows, sections.py renders the sections, svg.py draws
the charts, style.py holds the stylesheet, labels.py the Dutch words; this module puts the page together
and writes the files. No figure is recomputed from others: region totals are the region's own row, never
a sum of its gemeenten. Charts are inline SVG; nothing is fetched.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path
from typing import NamedTuple

from jib_assets.db import sql_dir
from jib_assets.files import atomic_write_text
from jib_assets.report.data import Gegevens, complete_kwartalen, lees_gegevens, rapporten
from jib_assets.report.format import ONDERDRUKT
from jib_assets.report.labels import NIVEAU_NAAM
from jib_assets.report.sections import secties
from jib_assets.report.style import CSS

__all__ = ["complete_kwartalen", "render", "write_report", "write_reports"]

INHOUD = (
    ("samenvatting", "In het kort"), ("lijst", "Op de lijst"), ("stromen", "Instroom en uitstroom"),
    ("filtering", "Filtering"), ("casemanager", "Casemanager"), ("bestemming", "Bestemming"),
    ("uren", "Uren"), ("duurzaam-werk", "Duurzaam werk"), ("gemeenten", "Gemeenten naast elkaar"),
    ("per-1000", "Per 1.000 jongeren"), ("toelichting", "Toelichting"),
)


def render(g: Gegevens) -> str:
    """The whole page of one region and quarter."""
    naam = f"{g.regionaam} ({g.regiocode})"
    delen = secties(g)
    gepubliceerd = (f"cijfers gepubliceerd op {g.gepubliceerd_op:%d-%m-%Y %H:%M}" if g.gepubliceerd_op
                    else "publicatiemoment onbekend")
    inhoud = "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in INHOUD if any(f'id="{i}"' in d for d in delen))
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Monitoring Jongeren in Beeld {escape(naam)} {g.kwartaal}</title><style>{CSS}</style></head><body>"
        f'<header><p class="bovenkop">Monitoring Jongeren in Beeld · {NIVEAU_NAAM[g.niveau]}</p>'
        f"<h1>{escape(g.regionaam)} <span>{g.kwartaal}</span></h1>"
        f'<p class="meta">{escape(naam)} · {gepubliceerd} · bron: publish/analytics.duckdb · '
        f'{ONDERDRUKT} = onderdrukt, 30–39 = tussen 30 en 39 (zie <a href="#toelichting">toelichting</a>)</p>'
        f'<nav><ol>{inhoud}</ol></nav></header><main>{"".join(delen)}</main></body></html>'
    )


def write_report(analytics_path: Path, kwartaal: str, region: str, out_dir: Path) -> Path:
    """Write reports/jib-monitoring-<region>-<kwartaal>.html (replaced atomically) and return its path."""
    gegevens = lees_gegevens(Path(analytics_path), kwartaal, region)
    return atomic_write_text(Path(out_dir) / bestandsnaam(gegevens.regiocode, kwartaal), render(gegevens))


class Rapporten(NamedTuple):
    """What `write_reports` did: the reports written, and those left as they were (the same figures)."""

    geschreven: list[Path]
    ongewijzigd: list[Path]


# Beside the reports: per report file the digest of the published rows it shows (sql/report_rapporten.sql) when it was
# written, and the version of the code that wrote it. No figure, person or pseudonym in it.
INHOUD_BESTAND = ".rapporten.json"


def _code_versie() -> str:
    """A hash of the report's own code and queries: another release's reports are written again."""
    bronnen = sorted(Path(__file__).parent.glob("*.py")) + sorted(sql_dir().glob("report_*.sql"))
    return hashlib.sha256(b"\0".join(bron.read_bytes() for bron in bronnen)).hexdigest()[:16]


def write_reports(analytics_path: Path, out_dir: Path) -> Rapporten:
    """Every complete quarter of every fully covered arbeidsmarktregio (the asset's job), except a report whose file
    shows the same published figures as now, written by the same code (`INHOUD_BESTAND`): left as it was, with the
    moment its figures were published and what the protection cost then. So a publication writes the reports of the
    quarters whose figures changed (the new quarter, or every quarter from a rerun month on), not the whole history
    again: 34 arbeidsmarktregio's read and written took 3.5 s after a national first quarter, and as much more with
    every quarter."""
    out_dir = Path(out_dir)
    code = _code_versie()
    try:
        eerder = json.loads((out_dir / INHOUD_BESTAND).read_text(encoding="utf-8"))
        gedaan = eerder["rapporten"] if eerder.get("code") == code else {}
    except (OSError, ValueError, KeyError, AttributeError):  # none yet, or damaged: write them all
        gedaan = {}
    uitkomst = Rapporten([], [])
    nu: dict[str, str] = {}
    try:
        for kwartaal, regio, inhoud in rapporten(analytics_path):
            target = out_dir / bestandsnaam(regio, kwartaal)
            if gedaan.get(target.name) == inhoud and target.is_file():
                uitkomst.ongewijzigd.append(target)
            else:
                uitkomst.geschreven.append(write_report(analytics_path, kwartaal, regio, out_dir))
            nu[target.name] = inhoud
    finally:  # what was written before a failure is recorded too
        atomic_write_text(out_dir / INHOUD_BESTAND, json.dumps({"code": code, "rapporten": {**gedaan, **nu}}, indent=1))
    return uitkomst


def bestandsnaam(regio: str, kwartaal: str) -> str:
    """The report file of a region and quarter in reports/."""
    return f"jib-monitoring-{regio}-{kwartaal}.html"
