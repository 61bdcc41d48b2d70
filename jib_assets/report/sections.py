"""The sections of the quarterly report, as HTML strings: the summary cards, one section per theme, the
gemeenten side by side and per 1,000 youths, and the notes. Every figure is a published one (data.Gegevens);
a share is shown only from two published figures over at least MIN_PERSONEN persons (format.aandeel).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from typing import Any

from jib_assets.chain.monitoring import BESTEMMINGEN, REDENEN_UITSTROOM
from jib_assets.privacy.suppression import KLEIN_MAX, KLEIN_MIN, MIN_PERSONEN
from jib_assets.report import svg
from jib_assets.report.data import BEREIKEN, Gegevens, Row, kwartaal_maanden
from jib_assets.report.format import GEEN_GEGEVENS, ONDERDRUKT, Bereik, aandeel, getal, procent
from jib_assets.report.labels import BESTEMMING, CASEMANAGER, FILTER, MAANDEN, REDEN, SOORT, WERK

KOLOMMEN_PER_TABEL = 9  # region + 8 gemeenten fit an A4 page in portrait


def _cel(value: Any, regiocode: str = "", kolom: str = "", *, procent_van: bool = False,
         decimalen: int | None = None) -> str:
    attrs = f' data-k="{escape(regiocode)}|{escape(kolom)}"' if kolom else ""
    if value is _GEEN:
        return f'<td class="geen"{attrs}>{GEEN_GEGEVENS}</td>'
    if value is None:
        return f'<td class="onderdrukt"{attrs}>{ONDERDRUKT}</td>'
    if isinstance(value, Bereik):
        return f'<td class="bereik"{attrs}>{getal(value)}</td>'
    return f"<td{attrs}>{procent(value) if procent_van else getal(value, decimalen)}</td>"


_GEEN = object()  # no row at all for this gemeente and quarter


def _gevolgd(rij: Row | None, kolom: str) -> Any:
    """`_waarde`, but no figure for the werk cohort's outcome while nobody was followed yet (the leavers of seven months
    before): a 0 there read as "nobody kept their job" (audit 3)."""
    if kolom in WERK and kolom != "werk_uitstroom_gevolgd" and rij is not None and rij.get("werk_uitstroom_gevolgd") == 0:
        return _GEEN
    return _waarde(rij, kolom)


def _waarde(rij: Row | None, kolom: str) -> Any:
    """What a cell shows: the published figure, else its published range (Bereik), else None (suppressed)."""
    if rij is None:
        return _GEEN
    waarde = rij.get(kolom)
    return rij.get(BEREIKEN, {}).get(kolom) if waarde is None else waarde


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
    if isinstance(bereik := _waarde(nu, "op_lijst"), Bereik):
        tekst = f"In {eind} stonden tussen de {getal(bereik.van)} en {getal(bereik.tot)} jongeren op de lijst."
    punten.append(("Op de lijst", getal(_waarde(nu, "op_lijst")), tekst))
    per_1000, inwoners = nu.get("op_lijst_per_1000"), nu.get("inwoners_23_26")
    if inwoners:
        punten.append(("Per 1.000 jongeren", getal(per_1000, 1),
                       f"Dat is <b data-k='{g.regiocode}|op_lijst_per_1000'>{getal(per_1000, 1)}</b> per 1.000 "
                       f"inwoners van 23 tot en met 26 jaar ({getal(inwoners)} inwoners in die leeftijd)."))
    instroom, uitstroom = nu["instroom"], nu["uitstroom"]
    toon = {k: getal(_waarde(nu, k)) for k in ("instroom", "uitstroom", "uitstroom_werk", "instroom_benaderen")}
    punten.append(("Instroom", toon["instroom"],
                   f"In {g.kwartaal} kwamen {toon['instroom']} jongeren op de lijst en gingen er "
                   f"{toon['uitstroom']} af (uitstroom)."
                   + (f" Van de uitstroom vond {toon['uitstroom_werk']} werk." if _waarde(nu, "uitstroom_werk") else "")))
    punten.append(("Uitstroom", toon["uitstroom"], ""))
    benaderd = aandeel(nu["instroom_benaderen"], instroom)
    punten.append(("Benaderd", procent(benaderd),
                   f"Van de nieuwe jongeren zijn er {toon['instroom_benaderen']} doorgezet naar de casemanager"
                   + (f" ({procent(benaderd)})" if benaderd is not None else "")
                   + "; de anderen waren al bekend bij de gemeente, hadden een eigen bedrijf of maakten bezwaar."))
    bereikt = aandeel(nu["bereikt"], nu["jongeren_casemanager"])
    punten.append(("Bereikt", procent(bereikt),
                   f"De casemanagers hebben {getal(nu['bereikt'])} van de {getal(nu['jongeren_casemanager'])} "
                   "jongeren op hun werklijsten bereikt" + (f" ({procent(bereikt)})" if bereikt is not None else "")
                   + f"; {getal(nu['toestemming'])} gaven toestemming voor hulp."))
    kaarten = "".join(
        f'<div class="kaart"><div class="kop">{escape(kop)}</div><div class="waarde">{escape(waarde)}</div></div>'
        for kop, waarde, _ in punten
    )
    zinnen = "".join(f"<li>{tekst}</li>" for _, _, tekst in punten if tekst)
    onvolledig = ""
    if nu["maanden"] and nu["maanden"] < 3:
        onvolledig = (f'<p class="let-op">Let op: van {g.kwartaal} zijn pas {nu["maanden"]} van de 3 maanden '
                      "verwerkt; stromen tellen alleen die maanden.</p>")
    if nu.get("deels_in_gebied"):
        onvolledig += (f'<p class="let-op">Let op: deze regio ligt deels buiten het gebied van deze installatie; de '
                       f"cijfers gaan alleen over de {len(g.gemeenten)} gemeenten binnen het gebied.</p>")
    elif g.niveau != "gemeente" and nu["gemeenten_meegeteld"] != nu["gemeenten_in_regio"]:
        onvolledig += (f'<p class="let-op">Let op: {nu["gemeenten_meegeteld"]} van de {nu["gemeenten_in_regio"]} '
                       "gemeenten van de regio hebben een lijst; de regiocijfers gaan alleen over die gemeenten.</p>")
    return (f'<section id="samenvatting" class="samenvatting"><h2>In het kort</h2><div class="kaarten">{kaarten}</div>'
            f"<ul>{zinnen}</ul>{onvolledig}</section>")


def _sectie(id_: str, titel: str, uitleg: str, *inhoud: str) -> str:
    return f'<section id="{id_}"><h2>{escape(titel)}</h2><p class="uitleg">{uitleg}</p>{"".join(inhoud)}</section>'


def _reeks(g: Gegevens, kolom: str, code: str | None = None) -> list[Any]:
    return [(g.rij(code or g.regiocode, k) or {}).get(kolom) for k in g.kwartalen]


def secties(g: Gegevens) -> list[str]:
    """Every section of the report, in order."""
    nu = g.rij(g.regiocode)
    kwartalen = g.kwartalen[-5:]
    maandlabels = [_maandlabel(p) for p in g.maanden]
    naam = f"{g.regionaam} ({g.regiocode})"

    lijn_regio = svg.lijnen(maandlabels, [(g.regionaam, [g.maandwaarde(p, g.regiocode, "op_lijst") for p in g.maanden])],
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

    out = [_samenvatting(g), sectie_lijst, sectie_stromen, sectie_filter, sectie_cm, sectie_bestemming,
               sectie_uren, sectie_werk]
    if g.niveau != "gemeente":
        out.append(_gemeenten(g))
        out.append(_per_1000(g))
        out.append(_per_gemeente(g, kwartalen))
    out.append(_toelichting(g))
    return out


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
    """A number for a chart: no row, a suppressed cell or a range is a gap."""
    return None if value is _GEEN or isinstance(value, Bereik) else value


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
        lijn = svg.lijnen([_maandlabel(p) for p in g.maanden], [(naam, [g.maandwaarde(p, code, "op_lijst") for p in g.maanden])],
                          f"Op de lijst per maand, {naam}", width=300, height=150, legenda=False)
        head = "".join(f"<th>{k}</th>" for k in kwartalen)
        body = "".join(f'<tr><th scope="row">{label}</th>'
                       + "".join(_cel(_gevolgd(g.rij(code, k), kolom)) for k in kwartalen) + "</tr>"
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
        "<dt>30–39</dt><dd>Een afgeschermd cijfer van 5 of meer dat als bereik getoond kan worden (een tiental als "
        "30–39 of 25–34): het ligt tussen die twee grenzen. Het precieze getal blijft onderdrukt, omdat een klein cijfer er anders uit terug "
        "te rekenen is.</dd>"
        f"<dt>{GEEN_GEGEVENS}</dt><dd>Geen cijfers: de gemeente had in dat kwartaal nog geen lijst.</dd>"
        "<dt>Stroom en stand</dt><dd>Instroom, uitstroom en het werk-cohort zijn stromen: opgeteld over de maanden "
        "van het kwartaal. Het aantal op de lijst en alle casemanagercijfers zijn standen: die van de laatste "
        "maand van het kwartaal.</dd>"
        "<dt>Regio en gemeenten</dt><dd>Het regiocijfer is zelf berekend en onderdrukt, niet opgeteld uit de "
        "gemeenten; een verhuizing binnen de regio telt als uitstroom en instroom. Een regio die deels buiten het "
        "gebied van deze installatie ligt, telt alleen de gemeenten binnen het gebied ('deels in gebied'); "
        "subregio's zijn groeperingen die de regio zelf kiest.</dd>"
        "<dt>Per 1.000 jongeren</dt><dd>Een aantal gedeeld door de inwoners van 23 tot en met 26 jaar van dezelfde "
        "gemeente of regio op dezelfde peildatum (uit de BRP), maal 1.000. Zo zijn gemeenten van verschillende "
        "grootte te vergelijken. In een kwartaal: instroom en uitstroom van het hele kwartaal per 1.000 inwoners "
        "aan het eind ervan. Onderdrukt als het aantal zelf onderdrukt is.</dd>"
        f"{_utiliteit(g)}"
        "<dt>Bron</dt><dd>De analistendatabase publish/analytics.duckdb van jib (Jongeren in Beeld); de "
        "definitie van elke kolom staat in docs/analysts.md.</dd>"
        "</dl>")


def _utiliteit(g: Gegevens) -> str:
    """What the protection cost in this publication (table publicatie), as far as it is recorded."""
    p = g.publicatie
    if not p.get("cellen"):
        return ""
    zinnen = [f"De analistendatabase bevat {getal(p['cellen'])} cijfers; daarvan zijn {getal(p['onderdrukt_primair'])} "
              f"onderdrukt omdat ze klein zijn en {getal(p['onderdrukt_secundair'])} om die te beschermen."]
    if p.get("onderdrukt_als_bereik"):
        zinnen.append(f"Van die laatste staan er {getal(p['onderdrukt_als_bereik'])} als bereik in de tabellen (een "
                      "tiental als 30–39 of 25–34): het juiste getal is onderdrukt, het bereik niet.")
    if p.get("aandeel_10_plus_onderdrukt") is not None:
        zinnen.append(f"Van de cijfers van 10 of meer is {getal(100 * p['aandeel_10_plus_onderdrukt'], 1)}% "
                      "helemaal onderdrukt"
                      + (f" en {getal(100 * p['aandeel_10_plus_als_bereik'], 1)}% als bereik getoond."
                         if p.get("aandeel_10_plus_als_bereik") else "."))
    if p.get("kleinste_interval") is not None:
        zinnen.append(f"Wie alle gepubliceerde cijfers combineert, kan een klein onderdrukt cijfer op zijn best "
                      f"insluiten tussen twee grenzen die {getal(p['kleinste_interval'], 1)} uit elkaar liggen.")
    return f"<dt>Wat de bescherming kost</dt><dd>{' '.join(zinnen)}</dd>"


def _per_1000(g: Gegevens) -> str:
    """The area's gemeenten compared per 1,000 youths: the trend over the last 12 months, and this quarter
    beside the same quarter a year earlier when that is published."""
    maanden = g.trend_maanden
    trend = svg.lijnen(
        [_maandlabel(p) for p in maanden],
        [(naam, [g.maandwaarde(p, code, "op_lijst_per_1000") for p in maanden]) for code, naam in g.entiteiten],
        f"Jongeren op de lijst per 1.000 inwoners van 23-26 jaar, per maand, {g.regionaam} en gemeenten")
    eerder = g.kwartaal_jaar_eerder
    met_eerder = g.rij(g.regiocode, eerder) is not None
    kolommen: list[tuple[str, str, str]] = [("inwoners 23-26 jaar", "inwoners_23_26", g.kwartaal)]
    for label, kolom in (("op de lijst", "op_lijst_per_1000"), ("instroom", "instroom_per_1000"),
                         ("uitstroom", "uitstroom_per_1000")):
        kolommen.append((f"{label} per 1.000, {g.kwartaal}", kolom, g.kwartaal))
        if met_eerder:
            kolommen.append((f"{label} per 1.000, {eerder}", kolom, eerder))
    head = "".join(f'<th scope="col">{escape(k)}</th>' for k, _, _ in kolommen)
    body = "".join(
        f'<tr{" class=regio" if code == g.regiocode else ""}><th scope="row">{escape(naam)}</th>'
        + "".join(_cel(_waarde(g.rij(code, k), kolom), code if k == g.kwartaal else "",
                       kolom if k == g.kwartaal else "", decimalen=1 if kolom.endswith("_per_1000") else None)
                  for _, kolom, k in kolommen) + "</tr>"
        for code, naam in g.entiteiten
    )
    uitleg = ("Per 1.000 inwoners van 23 tot en met 26 jaar, zodat grote en kleine gemeenten te vergelijken zijn: de "
              f"lijn volgt de laatste {len(maanden)} maanden")
    uitleg += (f"; de tabel zet {g.kwartaal} naast hetzelfde kwartaal een jaar eerder ({eerder})." if met_eerder
               else f"; van hetzelfde kwartaal een jaar eerder ({eerder}) zijn nog geen cijfers.")
    return _sectie("per-1000", "Gemeenten vergeleken per 1.000 jongeren", uitleg, trend,
                   f'<table class="gemeenten"><caption>Per 1.000 inwoners van 23-26 jaar</caption><thead><tr><th></th>'
                   f"{head}</tr></thead><tbody>{body}</tbody></table>")
