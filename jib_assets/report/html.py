"""The quarterly monitoring report (reports/): one self-contained Dutch HTML file per region and quarter,
read from the analysts' database only, so it shows the suppressed figures exactly as published.

No figure is recomputed from others: region totals are the region's own row, never a sum of its
gemeenten, and a share is shown only when both published figures are there and the denominator counts
at least MIN_PERSONEN persons (format.aandeel). Charts are inline SVG (svg.py); nothing is fetched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from jib_assets.chain.monitoring import BESTEMMINGEN, REDENEN_UITSTROOM
from jib_assets.privacy.suppression import KLEIN_MAX, KLEIN_MIN, MIN_PERSONEN
from jib_assets.publish.analytics import VERBODEN_KOLOMMEN
from jib_assets.report import svg
from jib_assets.report.format import GEEN_GEGEVENS, ONDERDRUKT, aandeel, getal, procent

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
NIVEAUS = {"AM": ("arbeidsmarktregio", "arbeidsmarktregio_code"), "MC": ("rmc_regio", "rmc_regio_code"),
           "GM": ("gemeente", "gemeentecode")}
NIVEAU_NAAM = {"arbeidsmarktregio": "arbeidsmarktregio", "rmc_regio": "RMC-regio", "gemeente": "gemeente"}
KOLOMMEN_PER_TABEL = 9  # region + 8 gemeenten fit an A4 page in portrait

SOORT = {"instroom_nieuw": "nieuw op de lijst", "instroom_terugkeer": "teruggekeerd op de lijst",
         "instroom_verhuisd": "verhuisd uit een andere gemeente"}
REDEN = {
    "overleden": "overleden", "vertrokken_buitenland": "vertrokken naar het buitenland",
    "verhuisd": "verhuisd naar een andere gemeente", "leeftijd": "27 jaar geworden",
    "startkwalificatie": "startkwalificatie behaald", "onderwijs": "naar onderwijs", "uitkering": "uitkering",
    "werk": "werk gevonden", "onbekend": "reden onbekend",
}
FILTER = {
    "instroom": "nieuwe instroom, voor filtering", "instroom_zzp": "zzp'er (ingeschreven bij de KvK)",
    "instroom_bekend": "al bekend bij de gemeente", "instroom_benaderen": "te benaderen door de casemanager",
    "instroom_bezwaar": "bezwaar gemaakt",
}
CASEMANAGER = {
    "jongeren_casemanager": "op de werklijst", "kaartje_verstuurd": "kaartje verstuurd",
    "reactie_ja": "reageerde op het kaartje", "huisbezoek": "huisbezoek afgelegd", "bereikt": "bereikt",
    "toestemming": "toestemming gegeven", "bezwaar": "bezwaar gemaakt",
}
BESTEMMING = {
    "opleiding": "opleiding", "werk": "werk", "uitkering": "uitkering", "verhuizing": "verhuisd",
    "samenwonen": "samenwonen", "dagbesteding": "dagbesteding", "vrijwilligerswerk": "vrijwilligerswerk",
    "afzien": "ziet af van hulp", "eigen_onderneming": "eigen onderneming", "anders": "anders",
}
WERK = {
    "werk_uitstroom_gevolgd": "gevolgd: uitgestroomd naar werk, 7 maanden eerder",
    "werk_12u": "gemiddeld minstens 12 uur per week gewerkt", "werk_20u": "gemiddeld minstens 20 uur per week gewerkt",
    "werk_na_3_maanden": "na 3 maanden nog aan het werk", "werk_na_6_maanden": "na 6 maanden nog aan het werk",
    "contract_vast": "vast contract na 6 maanden", "contract_flexibel": "flexibel contract na 6 maanden",
    "economisch_zelfstandig": "economisch zelfstandig",
}

Row = dict[str, Any]


@dataclass(frozen=True)
class Gegevens:
    """What the report shows, as read from the published database: rows per quarter and per month."""

    kwartaal: str
    regiocode: str
    niveau: str
    regionaam: str
    gemeenten: list[tuple[str, str]]  # (code, naam) of the region, from the reference table
    kwartalen: list[str]  # the quarters present up to and including kwartaal, oldest first
    rijen: dict[tuple[str, str], Row]  # (kwartaal, regiocode) -> monitoring_kwartaal row
    maanden: list[date]  # peildata present up to the end of kwartaal
    op_lijst: dict[tuple[date, str], Any]  # (peildatum, regiocode) -> op_lijst
    gepubliceerd_op: datetime | None

    def rij(self, regiocode: str, kwartaal: str | None = None) -> Row | None:
        return self.rijen.get((kwartaal or self.kwartaal, regiocode))

    @property
    def vorig_kwartaal(self) -> str:
        year, q = int(self.kwartaal[:4]), int(self.kwartaal[-1])
        return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"

    @property
    def entiteiten(self) -> list[tuple[str, str]]:
        """The region first, then its gemeenten (a gemeente report shows just itself)."""
        if self.niveau == "gemeente":
            return [(self.regiocode, self.regionaam)]
        return [(self.regiocode, self.regionaam), *self.gemeenten]


def kwartaal_maanden(kwartaal: str) -> tuple[date, date]:
    year, q = int(kwartaal[:4]), int(kwartaal[-1])
    return date(year, 3 * q - 2, 1), date(year, 3 * q, 1)


def lees_gegevens(analytics_path: Path, kwartaal: str, region: str) -> Gegevens:
    """Read the region's published rows; ValueError when the quarter or region is not there."""
    if not re.fullmatch(r"\d{4}-Q[1-4]", kwartaal):
        raise ValueError(f"{kwartaal!r} is geen kwartaal; gebruik YYYY-Qn, bijvoorbeeld 2025-Q4")
    region = region.upper()
    if region[:2] not in NIVEAUS:
        raise ValueError(f"{region!r} is geen arbeidsmarktregio (AMxx), RMC-regio (MCxx) of gemeente (GMxxxx)")
    niveau, code_kolom = NIVEAUS[region[:2]]
    _, laatste = kwartaal_maanden(kwartaal)
    con = duckdb.connect(str(analytics_path), read_only=True)
    try:
        _weiger_warehouse(con, analytics_path)
        gemeenten = [tuple(r) for r in con.execute(
            f"SELECT gemeentecode, gemeentenaam FROM gemeenten WHERE {code_kolom} = ? ORDER BY gemeentenaam", [region]
        ).fetchall()]
        codes = [region, *(c for c, _ in gemeenten)]
        cursor = con.execute(
            "SELECT * FROM monitoring_kwartaal WHERE regiocode IN (SELECT unnest($codes)) AND kwartaal <= $k "
            "AND (niveau = $niveau OR niveau = 'gemeente') ORDER BY kwartaal",
            {"codes": codes, "k": kwartaal, "niveau": niveau},
        )
        names = [d[0] for d in cursor.description]
        rijen = {(r["kwartaal"], r["regiocode"]): r for r in (dict(zip(names, row)) for row in cursor.fetchall())}
        maand = con.execute(
            "SELECT peildatum, regiocode, op_lijst FROM monitoring_maand WHERE regiocode IN (SELECT unnest($codes)) "
            "AND peildatum <= $tot AND (niveau = $niveau OR niveau = 'gemeente') ORDER BY peildatum",
            {"codes": codes, "tot": laatste, "niveau": niveau},
        ).fetchall()
        has_publicatie = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = 'publicatie'"
        ).fetchall()[0][0]
        gepubliceerd = con.execute("SELECT max(gepubliceerd_op) FROM publicatie").fetchall()[0][0] if has_publicatie else None
        present = [k for (k,) in con.execute(
            "SELECT DISTINCT kwartaal FROM monitoring_kwartaal WHERE regiocode = ? ORDER BY kwartaal", [region]
        ).fetchall()]
    finally:
        con.close()
    eigen = rijen.get((kwartaal, region))
    if eigen is None:
        raise ValueError(f"geen cijfers voor {region} in {kwartaal} in {analytics_path}"
                         + (f"; wel voor {', '.join(present)}" if present else ""))
    return Gegevens(
        kwartaal=kwartaal, regiocode=region, niveau=niveau, regionaam=eigen["regionaam"], gemeenten=gemeenten,
        kwartalen=sorted({k for k, code in rijen if code == region}),
        rijen=rijen, maanden=sorted({p for p, _, _ in maand}), op_lijst={(p, c): v for p, c, v in maand},
        gepubliceerd_op=gepubliceerd,
    )


def _weiger_warehouse(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The report shows published (suppressed) figures only: refuse the restricted store's exact ones."""
    exact = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND (table_name IN ('monitoring_feiten', 'gemeente_lijst') OR column_name IN (SELECT unnest($verboden)))",
        {"verboden": sorted(VERBODEN_KOLOMMEN)},
    ).fetchall()[0][0]
    if exact:
        raise ValueError(f"{path} is not the analysts' database (it has exact or personal data); "
                         "the report reads publish/analytics.duckdb only")


def write_report(analytics_path: Path, kwartaal: str, region: str, out_dir: Path) -> Path:
    """Write reports/jib-monitoring-<region>-<kwartaal>.html (replaced atomically) and return its path."""
    gegevens = lees_gegevens(Path(analytics_path), kwartaal, region)
    html = render(gegevens)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"jib-monitoring-{gegevens.regiocode}-{kwartaal}.html"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    return target


def complete_kwartalen(analytics_path: Path) -> list[tuple[str, str]]:
    """(kwartaal, arbeidsmarktregio) pairs with all three months and every gemeente of the region counted:
    what the report asset writes after each quarter's last month."""
    con = duckdb.connect(str(analytics_path), read_only=True)
    try:
        return [tuple(r) for r in con.execute(
            "SELECT kwartaal, regiocode FROM monitoring_kwartaal WHERE niveau = 'arbeidsmarktregio' AND maanden = 3 "
            "AND gemeenten_meegeteld = gemeenten_in_regio ORDER BY kwartaal, regiocode"
        ).fetchall()]
    finally:
        con.close()


def write_reports(analytics_path: Path, out_dir: Path) -> list[Path]:
    """Every complete quarter of every fully covered arbeidsmarktregio (the asset's job)."""
    return [write_report(analytics_path, k, r, out_dir) for k, r in complete_kwartalen(analytics_path)]


# ---- rendering ----

def _cel(value: Any, regiocode: str = "", kolom: str = "", *, procent_van: bool = False) -> str:
    attrs = f' data-k="{escape(regiocode)}|{escape(kolom)}"' if kolom else ""
    if value is _GEEN:
        return f'<td class="geen"{attrs}>{GEEN_GEGEVENS}</td>'
    if value is None:
        return f'<td class="onderdrukt"{attrs}>{ONDERDRUKT}</td>'
    return f"<td{attrs}>{procent(value) if procent_van else getal(value)}</td>"


_GEEN = object()  # no row at all for this gemeente and quarter


def _waarde(rij: Row | None, kolom: str) -> Any:
    return _GEEN if rij is None else rij.get(kolom)


Spec = tuple[str, str | Callable[[Row], float | None]]  # (label, column or a share computed from the row)


def _naast_elkaar(g: Gegevens, specs: Sequence[Spec], caption: str) -> str:
    """Indicators as rows, the region and each gemeente as columns (split into A4-wide tables)."""
    entiteiten = g.entiteiten
    blokken = [entiteiten[i:i + KOLOMMEN_PER_TABEL] for i in range(0, len(entiteiten), KOLOMMEN_PER_TABEL)]
    out = []
    for blok in blokken:
        head = "".join(f'<th scope="col">{escape(naam)}</th>' for _, naam in blok)
        body = []
        for label, spec in specs:
            cells = []
            for code, _ in blok:
                rij = g.rij(code)
                if callable(spec):
                    cells.append(_cel(_GEEN if rij is None else spec(rij), procent_van=True))
                else:
                    cells.append(_cel(_waarde(rij, spec), code, spec))
            body.append(f'<tr><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>')
        out.append(f'<table class="naast"><caption>{escape(caption)}</caption><thead><tr><th></th>{head}</tr></thead>'
                   f'<tbody>{"".join(body)}</tbody></table>')
    return "".join(out)


def _deel(teller: str, noemer: str) -> Callable[[Row], float | None]:
    return lambda rij: aandeel(rij.get(teller), rij.get(noemer))


def _maandlabel(p: date) -> str:
    return f"{MAANDEN[p.month - 1][:3]} {p.year % 100:02d}"


def _samenvatting(g: Gegevens) -> str:
    nu, vorig = g.rij(g.regiocode), g.rij(g.regiocode, g.vorig_kwartaal)
    _, laatste = kwartaal_maanden(g.kwartaal)
    eind = f"{MAANDEN[laatste.month - 1]} {laatste.year}"
    punten = []
    op_lijst, eerder = nu["op_lijst"], vorig["op_lijst"] if vorig else None
    if op_lijst is None:
        tekst = f"Het aantal jongeren op de lijst in {eind} is onderdrukt (klein aantal)."
    else:
        tekst = f"In {eind} stonden <b data-k='{g.regiocode}|op_lijst'>{getal(op_lijst)}</b> jongeren op de lijst"
        if vorig is None:
            tekst += "; van het kwartaal ervoor zijn geen cijfers."
        elif eerder is None:
            tekst += "; het aantal een kwartaal eerder is onderdrukt."
        else:
            verschil = op_lijst - eerder
            richting = "evenveel als" if verschil == 0 else (
                f"{getal(abs(verschil))} {'meer' if verschil > 0 else 'minder'} dan")
            tekst += f", {richting} een kwartaal eerder ({getal(eerder)})."
    punten.append(("Op de lijst", getal(op_lijst), tekst))
    instroom, uitstroom = nu["instroom"], nu["uitstroom"]
    punten.append(("Instroom", getal(instroom),
                   f"In {g.kwartaal} kwamen {getal(instroom)} jongeren op de lijst en gingen er "
                   f"{getal(uitstroom)} af (uitstroom)."
                   + (f" Van de uitstroom vond {getal(nu['uitstroom_werk'])} werk." if nu["uitstroom_werk"] else "")))
    punten.append(("Uitstroom", getal(uitstroom), ""))
    benaderd = aandeel(nu["instroom_benaderen"], instroom)
    punten.append(("Benaderd", procent(benaderd),
                   f"Van de nieuwe jongeren zijn er {getal(nu['instroom_benaderen'])} doorgezet naar de casemanager "
                   f"({procent(benaderd)}); de anderen waren al bekend bij de gemeente, hadden een eigen bedrijf "
                   "of maakten bezwaar."))
    bereikt = aandeel(nu["bereikt"], nu["jongeren_casemanager"])
    punten.append(("Bereikt", procent(bereikt),
                   f"De casemanagers hebben {getal(nu['bereikt'])} van de {getal(nu['jongeren_casemanager'])} "
                   f"jongeren op hun werklijsten bereikt ({procent(bereikt)}); {getal(nu['toestemming'])} gaven "
                   "toestemming voor hulp."))
    kaarten = "".join(
        f'<div class="kaart"><div class="kop">{escape(kop)}</div><div class="waarde">{escape(waarde)}</div></div>'
        for kop, waarde, _ in punten
    )
    zinnen = "".join(f"<li>{tekst}</li>" for _, _, tekst in punten if tekst)
    onvolledig = ""
    if nu["maanden"] and nu["maanden"] < 3:
        onvolledig = (f'<p class="let-op">Let op: van {g.kwartaal} zijn pas {nu["maanden"]} van de 3 maanden '
                      "verwerkt; stromen tellen alleen die maanden.</p>")
    if g.niveau != "gemeente" and nu["gemeenten_meegeteld"] != nu["gemeenten_in_regio"]:
        onvolledig += (f'<p class="let-op">Let op: {nu["gemeenten_meegeteld"]} van de {nu["gemeenten_in_regio"]} '
                       "gemeenten van de regio hebben een lijst; de regiocijfers gaan alleen over die gemeenten.</p>")
    return (f'<section id="samenvatting" class="samenvatting"><h2>In het kort</h2><div class="kaarten">{kaarten}</div>'
            f"<ul>{zinnen}</ul>{onvolledig}</section>")


def _sectie(id_: str, titel: str, uitleg: str, *inhoud: str) -> str:
    return f'<section id="{id_}"><h2>{escape(titel)}</h2><p class="uitleg">{uitleg}</p>{"".join(inhoud)}</section>'


def _reeks(g: Gegevens, kolom: str, code: str | None = None) -> list[Any]:
    return [(g.rij(code or g.regiocode, k) or {}).get(kolom) for k in g.kwartalen]


def render(g: Gegevens) -> str:
    nu = g.rij(g.regiocode)
    kwartalen = g.kwartalen[-5:]
    maandlabels = [_maandlabel(p) for p in g.maanden]
    naam = f"{g.regionaam} ({g.regiocode})"

    lijn_regio = svg.lijnen(maandlabels, [(g.regionaam, [g.op_lijst.get((p, g.regiocode)) for p in g.maanden])],
                            f"Aantal jongeren op de lijst per maand, {g.regionaam}", legenda=False)
    lijst_tabel = _tabel_kwartalen(g, kwartalen, "op_lijst", "Jongeren op de lijst aan het eind van elk kwartaal")
    sectie_lijst = _sectie(
        "lijst", "Aantal jongeren op de lijst",
        "De stand op de peildatum van elke maand: alle jongeren op de lijst, voor filtering door de gemeente.",
        lijn_regio, lijst_tabel)

    stromen = svg.kolommen(g.kwartalen[-5:], [("instroom", _reeks(g, "instroom")[-5:]),
                                               ("uitstroom", _reeks(g, "uitstroom")[-5:])],
                           f"Instroom en uitstroom per kwartaal, {g.regionaam}")
    redenen = svg.staafdiagram([(REDEN[r], nu[f"uitstroom_{r}"]) for r in REDENEN_UITSTROOM],
                               f"Uitstroom in {g.kwartaal} naar reden, {g.regionaam}")
    sectie_stromen = _sectie(
        "stromen", "Instroom en uitstroom",
        "Instroom: jongeren die in het kwartaal op de lijst van een gemeente kwamen. Uitstroom: jongeren die "
        "eraf gingen, met de reden. Een verhuizing binnen de regio telt bij beide gemeenten mee.",
        stromen, f"<h3>Uitstroom in {g.kwartaal} naar reden</h3>", redenen,
        _naast_elkaar(g, [("instroom", "instroom"), *((v, k) for k, v in SOORT.items()), ("uitstroom", "uitstroom"),
                          *((REDEN[r], f"uitstroom_{r}") for r in REDENEN_UITSTROOM)],
                      f"Instroom naar soort en uitstroom naar reden, {g.kwartaal}"))

    filter_items = [(v, nu[k]) for k, v in FILTER.items()]
    filter_noten = ["", *(f"({procent(aandeel(nu[k], nu['instroom']))})" if aandeel(nu[k], nu["instroom"]) is not None
                          else "" for k in list(FILTER)[1:])]
    sectie_filter = _sectie(
        "filtering", "Filtering van de nieuwe instroom",
        "De gemeente filtert de nieuwe jongeren: wie al klant is (WMO of Participatiewet) heet bekend, wie "
        "bij de KvK staat ingeschreven krijgt als zzp'er een andere brief, wie bezwaar maakte wordt nooit "
        "benaderd. De rest gaat naar de casemanager.",
        svg.staafdiagram(filter_items, f"Filtering van de nieuwe instroom in {g.kwartaal}", noten=filter_noten),
        _naast_elkaar(g, [*((v, k) for k, v in FILTER.items()), ("aandeel benaderd", _deel("instroom_benaderen", "instroom"))],
                      f"Filtering van de nieuwe instroom per gemeente, {g.kwartaal}"))

    cm_items = [(v, nu[k]) for k, v in CASEMANAGER.items()]
    cm_noten = [f"({procent(aandeel(nu[k], nu['jongeren_casemanager']))})"
                if k != "jongeren_casemanager" and aandeel(nu[k], nu["jongeren_casemanager"]) is not None else ""
                for k in CASEMANAGER]
    sectie_cm = _sectie(
        "casemanager", "Contact door de casemanager",
        "Uit de spreadsheets van de casemanagers, de stand aan het eind van het kwartaal (alle jongeren die ooit "
        "op een werklijst kwamen): kaartje, reactie, huisbezoek, bereikt en toestemming voor hulp.",
        svg.staafdiagram(cm_items, f"Casemanagertrechter eind {g.kwartaal}", noten=cm_noten, kleur=svg.KLEUREN[2]),
        _naast_elkaar(g, [*((v, k) for k, v in CASEMANAGER.items()),
                          ("aandeel bereikt", _deel("bereikt", "jongeren_casemanager"))],
                      f"Casemanagertrechter per gemeente, eind {g.kwartaal}"))

    sectie_bestemming = _sectie(
        "bestemming", "Uitstroom na contact, naar bestemming",
        "Waar de jongeren met wie de casemanager contact had naartoe gingen (stand eind kwartaal).",
        svg.staafdiagram([(BESTEMMING[b], nu[f"bestemming_{b}"]) for b in BESTEMMINGEN],
                         f"Uitstroom na contact naar bestemming, eind {g.kwartaal}", kleur=svg.KLEUREN[3]),
        _naast_elkaar(g, [(BESTEMMING[b], f"bestemming_{b}") for b in BESTEMMINGEN],
                      f"Uitstroom na contact per gemeente, eind {g.kwartaal}"))

    sectie_uren = _sectie(
        "uren", "Inzet: uren per jongere",
        "Alle uren die de casemanagers op de jongeren boekten, en het gemiddelde per opgepakte jongere "
        f"(met een kaartje). Een gemiddelde over minder dan {MIN_PERSONEN} jongeren is onderdrukt.",
        svg.kolommen(g.kwartalen[-5:], [("uren per jongere", _reeks(g, "uren_gemiddeld_per_jongere")[-5:])],
                     f"Gemiddeld aantal uren per opgepakte jongere, {g.regionaam}"),
        _naast_elkaar(g, [("uren totaal", "uren_totaal"), ("opgepakte jongeren", "uren_gemiddeld_per_jongere_basis"),
                          ("uren per jongere", "uren_gemiddeld_per_jongere")],
                      f"Uren per gemeente, eind {g.kwartaal}"))

    werk_noten = ["", *(f"({procent(aandeel(nu[k], nu['werk_uitstroom_gevolgd']))})"
                        if aandeel(nu[k], nu["werk_uitstroom_gevolgd"]) is not None else "" for k in list(WERK)[1:])]
    sectie_werk = _sectie(
        "duurzaam-werk", "Duurzaam werk",
        "Jongeren die de lijst verlieten omdat ze werk vonden, gevolgd in de polisadministratie over de zes "
        "maanden erna. In dit kwartaal: wie 7 tot 9 maanden eerder uitstroomde. Uren per week = uren per "
        "maand / 4,33; economisch zelfstandig = inkomen uit werk minstens 70% van het netto minimumloon.",
        svg.staafdiagram([(v, nu[k]) for k, v in WERK.items()], f"Duurzaam werk, cohort gevolgd in {g.kwartaal}",
                         noten=werk_noten, kleur=svg.KLEUREN[0]),
        _naast_elkaar(g, [*((v, k) for k, v in WERK.items()),
                          ("aandeel na 6 maanden aan het werk", _deel("werk_na_6_maanden", "werk_uitstroom_gevolgd"))],
                      f"Duurzaam werk per gemeente, {g.kwartaal}"))

    secties = [_samenvatting(g), sectie_lijst, sectie_stromen, sectie_filter, sectie_cm, sectie_bestemming,
               sectie_uren, sectie_werk]
    if g.niveau != "gemeente":
        secties.append(_gemeenten(g))
        secties.append(_per_gemeente(g, kwartalen))
    secties.append(_toelichting(g))
    gepubliceerd = (f"cijfers gepubliceerd op {g.gepubliceerd_op:%d-%m-%Y %H:%M}" if g.gepubliceerd_op
                    else "publicatiemoment onbekend")
    inhoud = "".join(
        f'<li><a href="#{i}">{t}</a></li>' for i, t in (
            ("samenvatting", "In het kort"), ("lijst", "Op de lijst"), ("stromen", "Instroom en uitstroom"),
            ("filtering", "Filtering"), ("casemanager", "Casemanager"), ("bestemming", "Bestemming"),
            ("uren", "Uren"), ("duurzaam-werk", "Duurzaam werk"),
            *((("gemeenten", "Gemeenten naast elkaar"),) if g.niveau != "gemeente" else ()),
            ("toelichting", "Toelichting")))
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Monitoring Jongeren in Beeld {escape(naam)} {g.kwartaal}</title><style>{CSS}</style></head><body>"
        f'<header><p class="bovenkop">Monitoring Jongeren in Beeld · {NIVEAU_NAAM[g.niveau]}</p>'
        f"<h1>{escape(g.regionaam)} <span>{g.kwartaal}</span></h1>"
        f'<p class="meta">{escape(naam)} · {gepubliceerd} · bron: publish/analytics.duckdb · '
        f'{ONDERDRUKT} = onderdrukt (zie <a href="#toelichting">toelichting</a>)</p>'
        f'<nav><ol>{inhoud}</ol></nav></header><main>{"".join(secties)}</main></body></html>'
    )


def _tabel_kwartalen(g: Gegevens, kwartalen: Sequence[str], kolom: str, caption: str) -> str:
    head = "".join(f'<th scope="col">{k}</th>' for k in kwartalen)
    body = "".join(
        f'<tr><th scope="row">{escape(naam)}</th>'
        + "".join(_cel(_waarde(g.rij(code, k), kolom), code if k == g.kwartaal else "", kolom if k == g.kwartaal else "")
                  for k in kwartalen) + "</tr>"
        for code, naam in g.entiteiten
    )
    return (f'<table class="naast"><caption>{escape(caption)}</caption><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _gemeenten(g: Gegevens) -> str:
    vorig = g.vorig_kwartaal

    def verandering(code: str) -> Any:
        nu, eerder = g.rij(code), g.rij(code, vorig)
        if nu is None or eerder is None or nu["op_lijst"] is None or eerder["op_lijst"] is None:
            return None if nu is not None else _GEEN
        return nu["op_lijst"] - eerder["op_lijst"]  # two published stocks; reveals nothing suppressed

    kolommen: list[tuple[str, Callable[[str], Any], bool]] = [
        ("op de lijst", lambda c: _waarde(g.rij(c), "op_lijst"), False),
        (f"verschil met {vorig}", verandering, False),
        ("instroom", lambda c: _waarde(g.rij(c), "instroom"), False),
        ("uitstroom", lambda c: _waarde(g.rij(c), "uitstroom"), False),
        ("naar werk", lambda c: _waarde(g.rij(c), "uitstroom_werk"), False),
        ("benaderd", lambda c: _GEEN if g.rij(c) is None else aandeel(g.rij(c)["instroom_benaderen"], g.rij(c)["instroom"]), True),
        ("bereikt", lambda c: _GEEN if g.rij(c) is None else aandeel(g.rij(c)["bereikt"], g.rij(c)["jongeren_casemanager"]), True),
        ("uren per jongere", lambda c: _waarde(g.rij(c), "uren_gemiddeld_per_jongere"), False),
        ("mediaan maanden op de lijst", lambda c: _waarde(g.rij(c), "mediaan_maanden_op_lijst_uitstroom"), False),
    ]
    head = "".join(f'<th scope="col">{escape(k)}</th>' for k, _, _ in kolommen)
    body = "".join(
        f'<tr{" class=regio" if code == g.regiocode else ""}><th scope="row">{escape(naam)}</th>'
        + "".join(_cel(f(code), procent_van=pct) if pct else
                  f'{_cel(f(code))}' for _, f, pct in kolommen) + "</tr>"
        for code, naam in g.entiteiten
    )
    staven = svg.staafdiagram([(naam, _none(_waarde(g.rij(code), "op_lijst"))) for code, naam in g.gemeenten],
                              f"Jongeren op de lijst per gemeente, eind {g.kwartaal}")
    return _sectie(
        "gemeenten", "Gemeenten naast elkaar",
        f"De kerncijfers van {g.kwartaal} per gemeente. Percentages alleen als het gaat om minstens "
        f"{MIN_PERSONEN} jongeren.",
        f'<table class="gemeenten"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>', staven)


def _none(value: Any) -> Any:
    return None if value is _GEEN else value


def _per_gemeente(g: Gegevens, kwartalen: Sequence[str]) -> str:
    rijen = [("op de lijst (eind kwartaal)", "op_lijst"), ("instroom", "instroom"), ("uitstroom", "uitstroom"),
             ("uitstroom naar werk", "uitstroom_werk"), ("te benaderen", "instroom_benaderen"),
             ("kaartje verstuurd", "kaartje_verstuurd"), ("bereikt", "bereikt"), ("toestemming", "toestemming"),
             ("uren per jongere", "uren_gemiddeld_per_jongere"), ("na 6 maanden aan het werk", "werk_na_6_maanden")]
    blokken = []
    for code, naam in g.gemeenten:
        if not any(g.rij(code, k) for k in kwartalen):
            blokken.append(f'<div class="gemeente"><h3>{escape(naam)}</h3><p>Geen cijfers.</p></div>')
            continue
        lijn = svg.lijnen([_maandlabel(p) for p in g.maanden], [(naam, [g.op_lijst.get((p, code)) for p in g.maanden])],
                          f"Op de lijst per maand, {naam}", width=300, height=150, legenda=False)
        head = "".join(f"<th>{k}</th>" for k in kwartalen)
        body = "".join(f'<tr><th scope="row">{label}</th>'
                       + "".join(_cel(_waarde(g.rij(code, k), kolom)) for k in kwartalen) + "</tr>"
                       for label, kolom in rijen)
        blokken.append(f'<div class="gemeente"><h3>{escape(naam)} <small>{code}</small></h3>{lijn}'
                       f'<table class="klein"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table></div>')
    return _sectie("per-gemeente", "Per gemeente", "De kerncijfers van elke gemeente over de laatste kwartalen.",
                   *blokken)


def _toelichting(g: Gegevens) -> str:
    return _sectie(
        "toelichting", "Toelichting",
        "Hoe de cijfers te lezen zijn.",
        "<dl>"
        f"<dt>{ONDERDRUKT}</dt><dd>Onderdrukt om de privacy van de jongeren te beschermen: een aantal van "
        f"{KLEIN_MIN} tot en met {KLEIN_MAX}, een gemiddelde, mediaan of percentage over minder dan {MIN_PERSONEN} "
        "jongeren, of een cijfer dat is afgeschermd zodat een ander onderdrukt cijfer niet uit totalen terug te "
        "rekenen is. Een onderdrukt cijfer is dus niet altijd klein, en nooit 0: een 0 staat er als 0.</dd>"
        f"<dt>{GEEN_GEGEVENS}</dt><dd>Geen cijfers: de gemeente had in dat kwartaal nog geen lijst.</dd>"
        "<dt>Stroom en stand</dt><dd>Instroom, uitstroom en het werk-cohort zijn stromen: opgeteld over de maanden "
        "van het kwartaal. Het aantal op de lijst en alle casemanagercijfers zijn standen: die van de laatste "
        "maand van het kwartaal.</dd>"
        "<dt>Regio en gemeenten</dt><dd>Het regiocijfer is zelf berekend en onderdrukt, niet opgeteld uit de "
        "gemeenten; een verhuizing binnen de regio telt als uitstroom en instroom.</dd>"
        "<dt>Bron</dt><dd>De analistendatabase publish/analytics.duckdb van jib (Jongeren in Beeld); de "
        "definitie van elke kolom staat in docs/analysts.md.</dd>"
        "</dl>")


CSS = """
:root{--blauw:#1f5fa8;--grijs:#5b6770}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;margin:0 auto;max-width:980px;padding:24px}
header{border-bottom:3px solid var(--blauw);margin-bottom:16px}
.bovenkop{color:var(--grijs);margin:0;text-transform:uppercase;letter-spacing:.05em;font-size:12px}
h1{margin:4px 0;font-size:28px}h1 span{color:var(--blauw)}
.meta{color:var(--grijs);font-size:12px}
nav ol{display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;list-style:none;font-size:13px}
h2{border-bottom:1px solid #ccc;padding-bottom:2px;margin-top:28px;font-size:20px}
h3{font-size:15px;margin:14px 0 4px}
.uitleg{color:#333;max-width:760px}
.samenvatting{background:#eef3fa;border-left:5px solid var(--blauw);padding:10px 18px 6px;margin-top:8px}
.samenvatting h2{border:0;margin-top:4px}
.kaarten{display:flex;gap:10px;flex-wrap:wrap}
.kaart{background:#fff;border:1px solid #c9d6e8;padding:6px 12px;min-width:120px}
.kaart .kop{font-size:12px;color:var(--grijs)}.kaart .waarde{font-size:24px;font-weight:600}
.let-op{color:#8a4b00;font-weight:600}
table{border-collapse:collapse;margin:10px 0;font-size:12px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:3px 7px;border-bottom:1px solid #e3e3e3}
td{text-align:right}th[scope=row]{text-align:left;font-weight:normal}
thead th{font-weight:600;text-align:right;vertical-align:bottom}
td.onderdrukt,td.geen{color:#777}
tr.regio{font-weight:600;background:#f4f6f9}
svg.grafiek{max-width:100%;height:auto;display:block;margin:8px 0}
.gemeente{display:inline-block;vertical-align:top;width:48%;margin-right:1%}
table.klein{font-size:11px}
dt{font-weight:600}dd{margin:0 0 6px 16px}
@media print{
  @page{size:A4;margin:14mm 12mm}
  body{max-width:none;padding:0;font-size:10.5pt}
  nav{display:none}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid}
  section{break-inside:auto}
  table,svg.grafiek,.kaarten,.gemeente{break-inside:avoid}
  .samenvatting{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  #gemeenten,#per-gemeente,#toelichting{break-before:page}
}
"""
