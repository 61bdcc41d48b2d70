"""jib uitleg (issue 13): why a youth is on (or off) the list of a month, rule by rule of rules.md 1-4,
with the facts each rule used, in plain Dutch sentences, for the data team answering an access request
(AVG art. 15) or a municipality's question.

Reads the restricted store only (persoon_toestand, duo_beoordeling, ib_verrijking, gemeente_filter,
gemeente_lijst and the month's snapshots of client and KvK periods). For a month whose deliveries or per-person
state the warehouse no longer keeps (retention, privacy/bewaartermijn.py: by default the deliveries leave at the
end of the month's run), `uitleg_maand` recomputes steps 1-3 of that month in memory from landing/YYYY-MM with
today's parameters for it (explain/in_memory.py, as wat-als does) and reads the stored lists as they are.
Returns text; logs nothing about the person. For a youth in objection it says only that: nothing else about
them is shown.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from jib_assets import db, parameters
from jib_assets.db import scalar, sql, table_exists
from jib_assets.explain.in_memory import LandingMissing, MaandError, month_in_memory
from jib_assets.privacy.bewaartermijn import RUWE_ENV, ontbrekende_momentopname
from jib_assets.privacy.pseudonym import jib_id as make_jib_id
from jib_assets.quality.contracts import passes_elfproef

# The stored lists of the month that rule 4 is explained from, read as they are (also for a recomputed month).
LIJSTEN: tuple[str, ...] = ("gemeente_lijst", "gemeente_lijst_maanden", "werklijst_casemanager")


class UitlegError(Exception):
    """The person or month cannot be explained; the message says why and what to do."""


class ToestandNietBewaard(UitlegError):
    """The warehouse no longer keeps the month's per-person state (retention): `uitleg_maand` recomputes it."""


@dataclass
class Uitleg:
    """Titled sections of sentences, in the order of rules.md."""

    titel: str
    secties: list[tuple[str, list[str]]] = field(default_factory=list)

    def tekst(self) -> str:
        lines = [self.titel, ""]
        for kop, zinnen in self.secties:
            lines += [kop, *[f"  - {z}" for z in zinnen], ""]
        return "\n".join(lines).rstrip() + "\n"

    def markdown(self) -> str:
        lines = [f"# {self.titel}", ""]
        for kop, zinnen in self.secties:
            lines += [f"## {kop}", "", *[f"- {z}" for z in zinnen], ""]
        return "\n".join(lines).rstrip() + "\n"

    def html(self) -> str:
        body = [f"<h1>{html.escape(self.titel)}</h1>"]
        for kop, zinnen in self.secties:
            body.append(f"<h2>{html.escape(kop)}</h2><ul>")
            body += [f"<li>{html.escape(z)}</li>" for z in zinnen]
            body.append("</ul>")
        return ("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>"
                f"{html.escape(self.titel)}</title></head><body>{''.join(body)}</body></html>\n")


def _d(value: date | None) -> str:
    return "onbekend" if value is None else f"{value:%d-%m-%Y}"


def _eur(value: Decimal | None) -> str:
    amount = Decimal(0) if value is None else Decimal(value)
    return "EUR " + f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _ja(value: bool | None) -> str:
    return "ja" if value else "nee"


def find_jib_id(con: duckdb.DuckDBPyConnection, peildatum: date, *, bsn: str | None, jib_id: str | None,
                key: bytes | None) -> str:
    """The jib_id of the person asked for: given, or the keyed pseudonym of the BSN (needs the key)."""
    if (bsn is None) == (jib_id is None):
        raise UitlegError("Give exactly one of --bsn and --jib-id.")
    if jib_id is not None:
        return jib_id.strip().upper()
    bsn = bsn.strip()
    if len(bsn) != 9 or not bsn.isdigit():
        raise UitlegError("--bsn must be 9 digits (leading zeros kept).")
    if not pl.select(passes_elfproef(pl.lit(bsn))).item():
        raise UitlegError("--bsn is not a BSN: it fails the elfproef (a typing error?); no delivery holds it.")
    if key is None:
        raise UitlegError("--bsn needs JIB_PSEUDONYM_KEY (the warehouse's key) to find the person's jib_id.")
    return make_jib_id(key, bsn)


def huidig_jib_id(con: duckdb.DuckDBPyConnection, jib_id: str) -> tuple[str, str | None]:
    """The jib_id under the current key, and a sentence when a key rotation replaced the one asked for: files sent
    before a rotation, and the casemanagers' spreadsheets, keep the old ids (docs/privacy.md), so a municipality
    asks with those. A retired id the rotation could not map is refused, not explained as "not known"."""
    if not table_exists(con, "sleutel_rotatie"):
        return jib_id, None
    rij = con.execute("SELECT jib_id_nieuw, geroteerd_op FROM sleutel_rotatie WHERE jib_id_oud = $j "
                      "ORDER BY geroteerd_op DESC LIMIT 1", {"j": jib_id}).fetchall()
    if not rij:
        return jib_id, None
    nieuw, op = rij[0]
    if nieuw is None:
        raise UitlegError(f"{jib_id} was replaced by the key rotation of {op:%Y-%m-%d}, which could not find this "
                          "person in the warehouse or a landing delivery; it has no current jib_id to explain.")
    return nieuw, (f"{jib_id} is sinds de sleutelrotatie van {_d(op.date())} vervangen door {nieuw} (eerder "
                   "verstuurde bestanden houden het oude jib_id); hieronder de uitleg onder het huidige jib_id.")


def _met(rotatie: str | None, uit: Uitleg) -> Uitleg:
    if rotatie is not None:
        uit.secties.insert(0, ("Sleutelrotatie", [rotatie]))
    return uit


def uitleg(con: duckdb.DuckDBPyConnection, peildatum: date, jib_id: str) -> Uitleg:
    """Every rule of rules.md 1-4 for this person on `peildatum`, from the restricted store on `con`."""
    maand = f"{peildatum:%Y-%m}"
    titel = f"Uitleg JIB-lijst {maand} (peildatum {_d(peildatum)}) voor {jib_id}"
    if table_exists(con, "bezwaar_register") and scalar(
            con, "SELECT count(*) FROM bezwaar_register WHERE jib_id = $j", {"j": jib_id}):
        return Uitleg(titel, [("Bezwaar", [
            "Deze jongere heeft bezwaar gemaakt tegen contact (rules.md 3). Daarom wordt over deze persoon "
            "niets anders getoond of bewaard dan dat bezwaar."])])
    if not table_exists(con, "gemeente_lijst_maanden") or not scalar(
            con, "SELECT count(*) FROM gemeente_lijst_maanden WHERE peildatum = $p", {"p": peildatum}):
        raise UitlegError(f"The warehouse has no month {maand}: run it first (jib run --from {maand} --to {maand}).")
    # The client schemes and the KvK period come from the month's deliveries, which leave the warehouse at the end of
    # its run (by default): without them the month is recomputed, also when its per-person state is still kept.
    if not table_exists(con, "persoon_toestand") or not scalar(
            con, "SELECT count(*) FROM persoon_toestand WHERE peildatum = $p", {"p": peildatum}
    ) or ontbrekende_momentopname(con, peildatum):
        raise ToestandNietBewaard(
            f"The deliveries or per-person state of {maand} are no longer kept in the warehouse (retention: it keeps "
            f"a month's deliveries only during its run, {RUWE_ENV}); `jib uitleg` recomputes it from landing/{maand}.")
    params = {"peildatum": peildatum, "jib_id": jib_id, "bekend_regelingen": list(parameters.BEKEND_REGELINGEN)}
    persoon = con.execute(sql("uitleg_persoon"), params)
    names = [c[0] for c in persoon.description]
    found = persoon.fetchall()
    lijst = con.execute(sql("uitleg_lijst"), {"peildatum": peildatum, "jib_id": jib_id}).fetchall()
    if not found and not lijst:
        return Uitleg(titel, [("Niet bekend", [
            f"Deze persoon is op {_d(peildatum)} niet bekend bij DUO (geen diploma en geen inschrijving, ooit) "
            "of niet in de leeftijd waarvoor een jib_id wordt gemaakt; DUO kan alleen personen selecteren die "
            "het kent (rules.md 1). Er is dus geen lijst en geen regel die op deze persoon is toegepast."])])
    uit = Uitleg(titel)
    if found:
        r = dict(zip(names, found[0], strict=True))
        uit.secties += [_regel1(r, peildatum), _regel2(r), _regel3(r)]
    else:
        uit.secties.append(("1. DUO-selectie", [
            "Op de peildatum niet bekend bij DUO (geen diploma en geen inschrijving in de levering van deze "
            "maand): niet geselecteerd, de andere regels zijn niet toegepast."]))
    uit.secties.append(_regel4(lijst, peildatum))
    return uit


def uitleg_maand(
    warehouse: Path,
    peildatum: date,
    *,
    bsn: str | None,
    jib_id: str | None,
    key: bytes | None,
    landing: Path,
    gebied: Sequence[str] | None = None,
    memory_limit: str = "2GB",
    threads: int = 2,
) -> Uitleg:
    """The explanation from the warehouse (opened read-only); for a month whose per-person state it no longer
    keeps, from that state recomputed in memory from `landing`/YYYY-MM (the month's deliveries, the chain's own
    steps 1-3 with today's parameters for the month, `gebied` as the real run used) beside the warehouse's
    stored lists and bezwaar register. The objector check comes first either way. Writes nothing."""
    with db.connect(warehouse, read_only=True, memory_limit=memory_limit, threads=threads) as con:
        person, rotatie = huidig_jib_id(con, find_jib_id(con, peildatum, bsn=bsn, jib_id=jib_id, key=key))
        try:
            return _met(rotatie, uitleg(con, peildatum, person))
        except ToestandNietBewaard:
            pass
    maand = f"{peildatum:%Y-%m}"
    niet_bewaard = f"The deliveries or per-person state of {maand} are no longer kept in the warehouse (retention)"
    if key is None:
        raise UitlegError(f"{niet_bewaard}: it is recomputed from landing/{maand}, which needs JIB_PSEUDONYM_KEY "
                          "(the warehouse's key); set it and ask again.")
    try:
        with month_in_memory(warehouse, peildatum, key, landing=landing, gebied=gebied,
                             memory_limit=memory_limit, threads=threads) as mem:
            for table in (t for t in LIJSTEN if table_exists(mem, t)):
                mem.execute(f"INSERT INTO main.{table} SELECT * FROM wh.main.{table} WHERE peildatum = $p",
                            {"p": peildatum})
            return _met(rotatie, uitleg(mem, peildatum, person))
    except LandingMissing as exc:
        raise UitlegError(f"{niet_bewaard}: it keeps a month's deliveries only during its run ({RUWE_ENV}), and "
                          f"it cannot be recomputed either: {exc.hint()}") from None
    except MaandError as exc:
        raise UitlegError(f"{niet_bewaard}, and recomputing it failed: {exc}") from None


def _regel1(r: dict, p: date) -> tuple[str, list[str]]:
    z = ["Bekend bij DUO: ja (er is een diploma of inschrijving van deze persoon)."]
    if not r["in_brp"]:
        z.append("Niet gevonden in de BRP: de leeftijd en woongemeente zijn onbekend (quarantaine).")
    elif r["brp_records"] > 1:
        z.append(f"{r['brp_records']} BRP-records voor één BSN (quarantaine).")
    else:
        z.append(f"Leeftijd op {_d(p)}: {r['leeftijd']} jaar (geboren {_d(r['geboortedatum'])}); de doelgroep is "
                 f"23 tot 27 jaar: {'voldoet' if r['doelgroepleeftijd'] else 'voldoet niet'}.")
        z.append(f"Overleden op de peildatum: {_ja(r['overleden'])}. Naar het buitenland vertrokken: "
                 f"{_ja(r['vertrokken_buitenland'])}.")
        z.append(f"Adressen op de peildatum: {r['adressen_op_peildatum']}"
                 + (f"; woongemeente {r['woongemeente']}." if r["woongemeente"] else
                    " (precies één is nodig: zonder woongemeente geen lijst)."))
    diploma = (f"hoogste (laatste) diploma {r['hoogste_diploma']} van {_d(r['datum_hoogste_diploma'])}"
               if r["hoogste_diploma"] else "geen diploma")
    z.append(f"Startkwalificatie op de peildatum: {_ja(r['startkwalificatie'])} ({diploma}).")
    laatst = (f"; laatst gevolgd: {r['laatste_onderwijssoort']} tot {_d(r['laatste_onderwijs_einddatum'])}"
              if r["laatste_onderwijssoort"] else "")
    z.append(f"Ingeschreven in het onderwijs op de peildatum: {_ja(r['in_onderwijs'])}{laatst}.")
    if r["uitkomst"] == "geselecteerd":
        z.append("Uitkomst stap 1: geselecteerd door DUO.")
    elif r["uitkomst"]:
        z.append(f"Uitkomst stap 1: {r['uitkomst']}, reden: {r['reden']}.")
    return "1. DUO-selectie", z


def _regel2(r: dict) -> tuple[str, list[str]]:
    if r["uitkomst"] != "geselecteerd":
        return "2. Inkomen (IB)", ["Niet van toepassing: de persoon is in stap 1 niet geselecteerd."]
    onder = "onder" if r["onder_inkomensgrens"] else "niet onder"
    z = [f"Inkomen uit werk in de inkomensmaand {r['inkomensmaand']:%Y-%m}: {_eur(r['inkomen_werk'])} "
         f"({'met' if r['in_bezit_van_werk'] else 'zonder'} baan in die maand); de inkomensgrens op de peildatum is "
         f"{_eur(r['inkomensgrens'])}: het inkomen is {onder} de grens.",
         f"Uitkering op de peildatum: {_ja(r['uitkering'])}"
         + (f" ({r['soorten_uitkering']})." if r["soorten_uitkering"] else "."),
         f"Op de JIB-lijst (inkomen onder de grens en geen uitkering): {_ja(r['op_lijst'])}."]
    return "2. Inkomen (IB)", z


def _regel3(r: dict) -> tuple[str, list[str]]:
    if not r["categorie"]:
        return "3. Gemeentelijke filtering", ["Niet van toepassing: de persoon staat niet op de JIB-lijst."]
    cat = r["categorie"]
    uitleg = {
        "bezwaar": "bezwaar gemaakt: nooit benaderd.",
        "bekend": f"al klant bij de gemeente ({r['regelingen'] or 'WMO/Participatiewet'}) op de peildatum: "
                  "niet benaderd.",
        "zzp": f"ingeschreven bij de KvK sinds {_d(r['kvk_sinds'])}, geen klant van de gemeente: benaderd met het "
               "kaartje voor zelfstandigen.",
        "benaderen": "geen klant van de gemeente (WMO, Participatiewet) en geen KvK-inschrijving op de peildatum: "
                     "benaderd met het standaardkaartje.",
    }[cat]
    z = [f"Lijst van gemeente {r['lijst_gemeente']}; categorie {cat}: {uitleg}",
         f"Klant van de gemeente: {_ja(r['bekend'])}. KvK-inschrijving: {_ja(r['zzp'])}."]
    return "3. Gemeentelijke filtering", z


def _regel4(lijst: list[tuple], p: date) -> tuple[str, list[str]]:
    if not lijst:
        return "4. Maandelijkse delta", ["Niet op de lijst van deze maand en ook niet van de vorige maand."]
    z = []
    for gem, status, soort, van, reden, naar, sinds, cat, maanden, werklijst in lijst:
        if status == "instroom":
            herkomst = f" (verhuisd van {van})" if soort == "verhuisd" else ""
            z.append(f"{gem}: instroom, soort {soort}{herkomst}; op de lijst sinds {_d(sinds)} "
                     f"({maanden} maand{'en' if maanden != 1 else ''}).")
            z.append(f"{gem}: op de werklijst van de casemanager deze maand: {_ja(werklijst)}"
                     + ("" if werklijst else f" (alleen instroom van zzp en benaderen; categorie {cat})") + ".")
        elif status == "blijft":
            z.append(f"{gem}: blijft op de lijst; aaneengesloten op de lijst sinds {_d(sinds)} ({maanden} maanden).")
        else:
            bestemming = f", naar {naar}" if naar else ""
            z.append(f"{gem}: uitstroom, reden: {reden}{bestemming}; stond op de lijst van {_d(sinds)} tot deze maand "
                     f"({maanden} maand{'en' if maanden != 1 else ''}).")
    return "4. Maandelijkse delta", z
