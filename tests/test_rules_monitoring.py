"""rules.md 5, monitoring: each indicator on a handful of hand-made rows, with figures worked out by hand.

Weert (GM0988) and Roermond (GM0957) are in arbeidsmarktregio AM33 and RMC-regio MC38; Groningen
(GM0014) is in AM01 and MC03.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from jib_assets import schema
from jib_assets.chain.monitoring import KOLOMMEN, build_monitoring
from jib_assets.db import scalar
from jib_assets.reference import load_reference

P = date(2025, 3, 1)
WEERT, ROERMOND, GRONINGEN = "GM0988", "GM0957", "GM0014"

LIJST_KOLOMMEN = {
    "peildatum": "DATE", "gemeentecode": "VARCHAR", "bsn": "VARCHAR", "jib_id": "VARCHAR", "categorie": "VARCHAR",
    "status": "VARCHAR", "soort_instroom": "VARCHAR", "reden_uitstroom": "VARCHAR", "verhuisd_van": "VARCHAR",
    "verhuisd_naar": "VARCHAR", "datum_instroom": "DATE", "eerste_maand": "BOOLEAN", "geslachtsnaam": "VARCHAR",
    "voorvoegsel": "VARCHAR", "voornamen": "VARCHAR", "geboortedatum": "DATE", "geslacht": "VARCHAR",
    "leeftijd": "INTEGER", "straatnaam": "VARCHAR", "huisnummer": "INTEGER", "huisletter": "VARCHAR",
    "huisnummertoevoeging": "VARCHAR", "postcode": "VARCHAR", "woonplaats": "VARCHAR",
    "hoogste_diploma": "VARCHAR", "laatste_onderwijssoort": "VARCHAR", "inkomen_werk": "DECIMAL(12,2)",
}
CASEMANAGER_KOLOMMEN = {
    "peildatum": "DATE", "bestand": "VARCHAR", "regel": "INTEGER", "jib_id": "VARCHAR", "gemeentecode": "VARCHAR",
    "datum_kaartje": "DATE", "reactie_kaartje": "VARCHAR", "datum_huisbezoek": "DATE", "bereikt": "BOOLEAN",
    "toestemming": "BOOLEAN", "ondersteuningsvraag": "VARCHAR", "datum_uitstroom": "DATE", "bestemming": "VARCHAR",
    "bestede_uren": "DECIMAL(8,2)", "bezwaar": "BOOLEAN",
}
BRP_PERSONEN_KOLOMMEN = {
    "peildatum": "DATE", "bsn": "VARCHAR", "geslachtsnaam": "VARCHAR", "geboortedatum": "DATE", "geslacht": "VARCHAR",
    "datum_overlijden": "DATE", "datum_vertrek_buitenland": "DATE",
}
BRP_ADRESSEN_KOLOMMEN = {
    "peildatum": "DATE", "bsn": "VARCHAR", "gemeentecode": "VARCHAR", "begindatum": "DATE", "einddatum": "DATE",
}
POLIS_KOLOMMEN = {
    "peildatum": "DATE", "regel": "INTEGER", "bsn": "VARCHAR", "maand": "DATE", "loonheffingennummer": "VARCHAR",
    "sv_loon": "DECIMAL(12,2)", "uren": "DECIMAL(10,2)", "contractvorm": "VARCHAR",
}

_volgnummer = count(1)


def _create(con, table, columns):
    con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")


def _insert(con, table, row):
    names = ", ".join(row)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))


@pytest.fixture
def db(con):
    load_reference(con)
    _create(con, "gemeente_lijst", LIJST_KOLOMMEN)
    _create(con, "casemanager_monitoring", CASEMANAGER_KOLOMMEN)
    _create(con, "uwv_polis", POLIS_KOLOMMEN)
    _create(con, "brp_personen", BRP_PERSONEN_KOLOMMEN)
    _create(con, "brp_adressen", BRP_ADRESSEN_KOLOMMEN)
    _create(con, "duo_diplomas", {"peildatum": "DATE", "bsn": "VARCHAR"})
    _create(con, "duo_inschrijvingen", {"peildatum": "DATE", "bsn": "VARCHAR"})
    con.execute(schema.ddl("persoon_toestand"))
    return con


def lijst(con, status, gemeente=WEERT, peildatum=P, **kw):
    """One gemeente_lijst row; a made-up 9-digit bsn unless given."""
    nummer = next(_volgnummer)
    row = {
        "peildatum": peildatum, "gemeentecode": gemeente, "bsn": kw.pop("bsn", f"{100000000 + nummer}"),
        "jib_id": f"JIB-T{nummer:011d}", "status": status, "categorie": "benaderen", "leeftijd": 24,
        "geslacht": "V", "datum_instroom": peildatum, **kw,
    }
    if status == "instroom":
        row.setdefault("soort_instroom", "nieuw")
    _insert(con, "gemeente_lijst", row)
    return row


def casemanager(con, jib_id, gemeente=WEERT, peildatum=P, bestand="cm.xlsx", regel=None, **kw):
    row = {"peildatum": peildatum, "bestand": bestand, "regel": regel or next(_volgnummer), "jib_id": jib_id,
           "gemeentecode": gemeente, **kw}
    _insert(con, "casemanager_monitoring", row)


def maand(con, regiocode=WEERT, peildatum=P) -> dict:
    result = con.execute("SELECT * FROM monitoring_maand WHERE peildatum = ? AND regiocode = ?", [peildatum, regiocode])
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    assert len(rows) == 1
    return dict(zip(names, rows[0], strict=True))


def kwartaal(con, label, regiocode=WEERT) -> dict:
    result = con.execute("SELECT * FROM monitoring_kwartaal WHERE kwartaal = ? AND regiocode = ?", [label, regiocode])
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    assert len(rows) == 1
    return dict(zip(names, rows[0], strict=True))


# From the list and delta -------------------------------------------------------------------------------


def test_op_lijst_is_the_stock_before_filtering(db):
    lijst(db, "instroom", categorie="bezwaar")
    lijst(db, "instroom", categorie="bekend")
    lijst(db, "blijft", categorie="zzp")
    lijst(db, "uitstroom", reden_uitstroom="werk")
    lijst(db, "blijft", peildatum=date(2025, 2, 1))
    build_monitoring(db, P)
    assert maand(db)["op_lijst"] == 3  # two instroom + one blijft; the uitstroom and February do not count


def test_instroom_split_by_soort_instroom(db):
    for soort, n in (("nieuw", 3), ("terugkeer", 2), ("verhuisd", 1)):
        for _ in range(n):
            lijst(db, "instroom", soort_instroom=soort)
    lijst(db, "blijft")
    build_monitoring(db, P)
    row = maand(db)
    assert (row["instroom"], row["instroom_nieuw"], row["instroom_terugkeer"], row["instroom_verhuisd"]) == (6, 3, 2, 1)


def test_uitstroom_split_by_reden_uitstroom(db):
    redenen = ["overleden", "vertrokken_buitenland", "verhuisd", "leeftijd", "startkwalificatie",
               "onderwijs", "uitkering", "werk", "onbekend"]
    for n, reden in enumerate(redenen, start=1):  # reason k occurs k times: 45 in all
        for _ in range(n):
            lijst(db, "uitstroom", reden_uitstroom=reden, datum_instroom=date(2025, 1, 1))
    build_monitoring(db, P)
    row = maand(db)
    assert row["uitstroom"] == 45
    assert [row[f"uitstroom_{r}"] for r in redenen] == list(range(1, 10))
    assert row["op_lijst"] == 0


def test_new_inflow_after_filtering_by_categorie(db):
    # Every kind of instroom counts as new inflow; a blijft of categorie zzp does not.
    lijst(db, "instroom", categorie="zzp", soort_instroom="nieuw")
    lijst(db, "instroom", categorie="zzp", soort_instroom="verhuisd")
    lijst(db, "instroom", categorie="bekend", soort_instroom="terugkeer")
    for _ in range(3):
        lijst(db, "instroom", categorie="benaderen")
    lijst(db, "instroom", categorie="bezwaar")
    lijst(db, "blijft", categorie="zzp")
    build_monitoring(db, P)
    row = maand(db)
    assert (row["instroom_zzp"], row["instroom_bekend"], row["instroom_benaderen"], row["instroom_bezwaar"]) == (2, 1, 3, 1)
    assert row["instroom_zzp"] + row["instroom_bekend"] + row["instroom_benaderen"] + row["instroom_bezwaar"] == row["instroom"]


def test_new_inflow_by_age_and_gender(db):
    for leeftijd, geslacht in ((23, "M"), (23, "V"), (24, "V"), (25, "X"), (26, "M"), (26, "M")):
        lijst(db, "instroom", leeftijd=leeftijd, geslacht=geslacht)
    lijst(db, "blijft", leeftijd=25, geslacht="X")  # not inflow
    build_monitoring(db, P)
    row = maand(db)
    assert [row[f"instroom_leeftijd_{a}"] for a in (23, 24, 25, 26)] == [2, 1, 1, 2]
    assert (row["instroom_man"], row["instroom_vrouw"], row["instroom_x"]) == (3, 2, 1)


@pytest.mark.parametrize(
    ("instroomdata", "mediaan"),
    [
        # months on the list = months from datum_instroom to P (2025-03): 1, 2, 14 -> 2
        ([date(2025, 2, 1), date(2025, 1, 1), date(2024, 1, 1)], 2.0),
        # 1, 2, 5, 14 -> (2 + 5) / 2
        ([date(2025, 2, 1), date(2025, 1, 1), date(2024, 10, 1), date(2024, 1, 1)], 3.5),
    ],
    ids=["odd", "even"],
)
def test_median_months_on_the_list_of_those_leaving(db, instroomdata, mediaan):
    for d in instroomdata:
        lijst(db, "uitstroom", reden_uitstroom="onbekend", datum_instroom=d)
    lijst(db, "blijft", datum_instroom=date(2020, 1, 1))  # stays: not in the median
    build_monitoring(db, P)
    assert maand(db)["mediaan_maanden_op_lijst_uitstroom"] == mediaan


def test_median_is_null_without_leavers(db):
    lijst(db, "blijft")
    build_monitoring(db, P)
    assert maand(db)["mediaan_maanden_op_lijst_uitstroom"] is None


# Levels -------------------------------------------------------------------------------------------------


def test_levels_roll_up_gemeente_arbeidsmarktregio_rmc_regio_nederland(db):
    # Weert: 2 instroom, 1 blijft, leavers after 1, 2 and 3 months (median 2).
    lijst(db, "instroom", WEERT)
    lijst(db, "instroom", WEERT)
    lijst(db, "blijft", WEERT)
    for d in (date(2025, 2, 1), date(2025, 1, 1), date(2024, 12, 1)):
        lijst(db, "uitstroom", WEERT, reden_uitstroom="werk", datum_instroom=d)
    # Roermond: 1 instroom, a leaver after 10 months (median 10).
    lijst(db, "instroom", ROERMOND)
    lijst(db, "uitstroom", ROERMOND, reden_uitstroom="leeftijd", datum_instroom=date(2024, 5, 1))
    # Groningen, elsewhere: 4 blijft.
    for _ in range(4):
        lijst(db, "blijft", GRONINGEN)
    build_monitoring(db, P)

    weert, roermond = maand(db, WEERT), maand(db, ROERMOND)
    am33, mc38, am01, nl = maand(db, "AM33"), maand(db, "MC38"), maand(db, "AM01"), maand(db, "NL")
    assert (weert["niveau"], weert["regionaam"], weert["op_lijst"], weert["instroom"], weert["uitstroom"]) == (
        "gemeente", "Weert", 3, 2, 3)
    assert (roermond["op_lijst"], roermond["instroom"], roermond["uitstroom"]) == (1, 1, 1)
    assert (am33["niveau"], am33["regionaam"], am33["op_lijst"], am33["instroom"], am33["uitstroom"]) == (
        "arbeidsmarktregio", "Midden-Limburg", 4, 3, 4)
    assert (mc38["niveau"], mc38["op_lijst"], mc38["instroom"], mc38["uitstroom"]) == ("rmc_regio", 4, 3, 4)
    assert (am01["op_lijst"], am01["instroom"]) == (4, 0)
    assert (nl["niveau"], nl["regionaam"], nl["op_lijst"], nl["instroom"], nl["uitstroom"]) == (
        "nederland", "Nederland", 8, 3, 4)
    assert (am33["uitstroom_werk"], am33["uitstroom_leeftijd"]) == (3, 1)
    # Medians over persons: 1, 2, 3, 10 -> 2.5 (a median of the medians 2 and 10 would be 6).
    assert (weert["mediaan_maanden_op_lijst_uitstroom"], roermond["mediaan_maanden_op_lijst_uitstroom"]) == (2.0, 10.0)
    assert am33["mediaan_maanden_op_lijst_uitstroom"] == 2.5
    assert nl["mediaan_maanden_op_lijst_uitstroom"] == 2.5
    assert (am33["gemeenten_in_regio"], am33["gemeenten_meegeteld"]) == (8, 2)
    assert (nl["gemeenten_in_regio"], nl["gemeenten_meegeteld"]) == (342, 3)


def test_rows_only_for_gemeenten_with_a_list_history_and_their_regions(db):
    lijst(db, "blijft", WEERT)
    lijst(db, "blijft", ROERMOND, peildatum=date(2025, 1, 1))  # Roermond had a list before, none now
    build_monitoring(db, P)
    regiocodes = {r[0] for r in db.execute("SELECT regiocode FROM monitoring_maand").fetchall()}
    assert regiocodes == {WEERT, ROERMOND, "AM33", "MC38", "SR-WEERT", "SR-ROERMOND", "NL"}
    assert maand(db, ROERMOND)["op_lijst"] == 0


def test_a_move_inside_a_region_is_uitstroom_and_instroom_at_region_level(db):
    lijst(db, "uitstroom", WEERT, bsn="100000017", reden_uitstroom="verhuisd", verhuisd_naar=ROERMOND,
          datum_instroom=date(2025, 1, 1))
    lijst(db, "instroom", ROERMOND, bsn="100000017", soort_instroom="verhuisd", verhuisd_van=WEERT)
    build_monitoring(db, P)
    am33 = maand(db, "AM33")
    assert (am33["uitstroom_verhuisd"], am33["instroom_verhuisd"], am33["op_lijst"]) == (1, 1, 1)


# Quarter --------------------------------------------------------------------------------------------------


def test_quarter_sums_flows_and_takes_stocks_of_its_last_month(db):
    # January: 3 instroom. February: 2 blijft + 1 uitstroom (after 1 month), 1 instroom. March: 3 blijft,
    # 1 uitstroom after 2 months, 2 uitstroom after 3 months. Casemanager: 1 youth in Feb, 2 in March.
    jan, feb, mrt = date(2025, 1, 1), date(2025, 2, 1), P
    for _ in range(3):
        lijst(db, "instroom", peildatum=jan, datum_instroom=jan)
    lijst(db, "blijft", peildatum=feb, datum_instroom=jan)
    lijst(db, "blijft", peildatum=feb, datum_instroom=jan)
    lijst(db, "uitstroom", peildatum=feb, reden_uitstroom="werk", datum_instroom=jan)
    lijst(db, "instroom", peildatum=feb, datum_instroom=feb)
    lijst(db, "blijft", peildatum=mrt, datum_instroom=feb)
    lijst(db, "uitstroom", peildatum=mrt, reden_uitstroom="onderwijs", datum_instroom=jan)
    lijst(db, "uitstroom", peildatum=mrt, reden_uitstroom="onderwijs", datum_instroom=date(2024, 12, 1))
    lijst(db, "uitstroom", peildatum=mrt, reden_uitstroom="leeftijd", datum_instroom=date(2024, 12, 1))
    casemanager(db, "JIB-A", peildatum=feb, datum_kaartje=feb, bestede_uren=Decimal("2"))
    casemanager(db, "JIB-A", peildatum=mrt, datum_kaartje=feb, bestede_uren=Decimal("3"))
    casemanager(db, "JIB-B", peildatum=mrt, datum_kaartje=mrt, bestede_uren=Decimal("4"))
    for month in (jan, feb, mrt):
        build_monitoring(db, month)

    q = kwartaal(db, "2025-Q1")
    assert q["maanden"] == 3
    assert (q["instroom"], q["uitstroom"], q["uitstroom_onderwijs"], q["uitstroom_werk"]) == (4, 4, 2, 1)
    assert [maand(db, peildatum=m)["instroom"] for m in (jan, feb, mrt)] == [3, 1, 0]
    assert q["op_lijst"] == 1  # March's stock, not 3 + 3 + 1
    assert (q["jongeren_casemanager"], q["kaartje_verstuurd"], q["uren_totaal"]) == (2, 2, Decimal("7.00"))
    assert q["uren_gemiddeld_per_jongere"] == Decimal("3.50")
    # Median over the quarter's four leavers, 1, 2, 3, 3 months -> 2.5
    assert q["mediaan_maanden_op_lijst_uitstroom"] == 2.5


def test_quarter_is_recomputed_when_one_of_its_months_is_rebuilt(db):
    feb = date(2025, 2, 1)
    lijst(db, "instroom", peildatum=feb)
    lijst(db, "instroom", peildatum=P)
    build_monitoring(db, feb)
    build_monitoring(db, P)
    assert kwartaal(db, "2025-Q1")["instroom"] == 2
    lijst(db, "instroom", peildatum=feb)  # a corrected February delivery
    build_monitoring(db, feb)
    q = kwartaal(db, "2025-Q1")
    assert (q["instroom"], q["op_lijst"], q["maanden"]) == (3, 1, 2)


# Casemanager spreadsheets -----------------------------------------------------------------------------


def test_contact_funnel_from_the_latest_delivery_only(db):
    feb, apr = date(2025, 2, 1), date(2025, 4, 1)
    lijst(db, "blijft", WEERT)
    lijst(db, "blijft", ROERMOND)
    # An older delivery of Weert, superseded by March's.
    casemanager(db, "JIB-OUD", peildatum=feb, datum_kaartje=feb, reactie_kaartje="ja")
    # March, Weert, two files (already normalised by ingest):
    casemanager(db, "JIB-A", bestand="noord.xlsx", datum_kaartje=date(2025, 1, 6), reactie_kaartje="ja",
                datum_huisbezoek=date(2025, 1, 20), bereikt=True, toestemming=True, bezwaar=False)
    casemanager(db, "JIB-B", bestand="noord.xlsx", datum_kaartje=date(2025, 1, 6), reactie_kaartje="nee",
                datum_huisbezoek=date(2025, 2, 3), bereikt=True, toestemming=False, bezwaar=True)
    casemanager(db, "JIB-C", bestand="noord.xlsx", datum_kaartje=date(2025, 2, 10), reactie_kaartje="geen",
                datum_huisbezoek=date(2025, 2, 24), bereikt=False)
    casemanager(db, "JIB-D", bestand="noord.xlsx", datum_kaartje=date(2025, 2, 10))  # no reaction yet
    casemanager(db, "JIB-E", bestand="noord.xlsx")  # just added to the worklist
    # JIB-D again in a second file, updated: the later (bestand, regel) wins, and D counts once.
    casemanager(db, "JIB-D", bestand="zuid.xlsx", datum_kaartje=date(2025, 2, 10), reactie_kaartje="ja")
    casemanager(db, None, bestand="zuid.xlsx", datum_kaartje=date(2025, 2, 10))  # no jib_id: not a youth
    casemanager(db, "JIB-F", peildatum=apr, datum_kaartje=apr)  # delivered after P
    # Roermond delivered last in February: its state stays that of February.
    casemanager(db, "JIB-R", ROERMOND, peildatum=feb, datum_kaartje=feb, reactie_kaartje="ja")
    build_monitoring(db, P)

    weert = maand(db, WEERT)
    funnel = ("jongeren_casemanager", "kaartje_verstuurd", "reactie_ja", "reactie_nee", "reactie_geen",
              "huisbezoek", "bereikt", "toestemming", "bezwaar")
    assert [weert[k] for k in funnel] == [5, 4, 2, 1, 1, 3, 2, 1, 1]
    assert [maand(db, ROERMOND)[k] for k in funnel] == [1, 1, 1, 0, 0, 0, 0, 0, 0]
    assert [maand(db, "AM33")[k] for k in funnel] == [6, 5, 3, 1, 1, 3, 2, 1, 1]


def test_support_questions_by_kind(db):
    lijst(db, "blijft")
    vragen = ["werk", "werk", "opleiding", "zorg", "schulden", "huisvesting", "anders", "anders", "anders", None]
    for n, vraag in enumerate(vragen):
        casemanager(db, f"JIB-{n}", ondersteuningsvraag=vraag)
    build_monitoring(db, P)
    row = maand(db)
    assert [row[f"vraag_{v}"] for v in ("werk", "opleiding", "zorg", "schulden", "huisvesting", "anders")] == [
        2, 1, 1, 1, 1, 3]


def test_outflow_after_contact_by_bestemming(db):
    lijst(db, "blijft")
    bestemmingen = ["opleiding", "werk", "uitkering", "verhuizing", "samenwonen", "dagbesteding",
                    "vrijwilligerswerk", "afzien", "eigen_onderneming", "anders"]
    n = 0
    for k, bestemming in enumerate(bestemmingen, start=1):  # bestemming k occurs k times
        for _ in range(k):
            n += 1
            casemanager(db, f"JIB-{n}", bestemming=bestemming, datum_uitstroom=date(2025, 2, 14))
    casemanager(db, "JIB-GEEN")  # still in contact: no bestemming
    build_monitoring(db, P)
    row = maand(db)
    assert [row[f"bestemming_{b}"] for b in bestemmingen] == list(range(1, 11))
    assert row["jongeren_casemanager"] == 56


def test_hours_total_and_average_per_youth_taken_up(db):
    lijst(db, "blijft")
    casemanager(db, "JIB-A", datum_kaartje=date(2025, 1, 6), bestede_uren=Decimal("2.50"))
    casemanager(db, "JIB-B", datum_kaartje=date(2025, 1, 6), bestede_uren=Decimal("4.25"))
    casemanager(db, "JIB-C", datum_kaartje=date(2025, 2, 3))  # taken up, no hours yet
    casemanager(db, "JIB-D", bestede_uren=Decimal("0.50"))  # no card yet: in the total, not a youth taken up
    build_monitoring(db, P)
    row = maand(db)
    # total 2.50 + 4.25 + 0.50 = 7.25; taken up (card sent) A, B, C = 3; 7.25 / 3 = 2.4166.. -> 2.42
    assert row["uren_totaal"] == Decimal("7.25")
    assert row["uren_totaal_basis"] == 3
    assert row["uren_gemiddeld_per_jongere"] == Decimal("2.42")
    assert row["uren_gemiddeld_per_jongere_basis"] == 3


def test_hours_average_is_null_when_nobody_is_taken_up(db):
    lijst(db, "blijft")
    casemanager(db, "JIB-A")
    build_monitoring(db, P)
    row = maand(db)
    assert (row["uren_totaal"], row["uren_gemiddeld_per_jongere"]) == (Decimal("0.00"), None)


# Sustainable work -----------------------------------------------------------------------------------------

U = date(2025, 1, 1)  # the month of leaving
PW = date(2025, 8, 1)  # U + 7: the six months after leaving, 2025-02..2025-07, are all in this snapshot
VERVOLG = [date(2025, m, 1) for m in range(2, 8)]


def werk_leaver(con, gemeente=WEERT, **kw):
    return lijst(con, "uitstroom", gemeente, peildatum=U, reden_uitstroom="werk", datum_instroom=date(2024, 6, 1), **kw)["bsn"]


def polis(con, bsn, maand, uren="0", sv_loon="0", contractvorm="BEPAALD", snapshot=PW):
    _insert(con, "uwv_polis", {
        "peildatum": snapshot, "regel": next(_volgnummer), "bsn": bsn, "maand": maand,
        "loonheffingennummer": "123456789L01", "sv_loon": Decimal(sv_loon), "uren": Decimal(uren),
        "contractvorm": contractvorm,
    })


def test_werk_12u_and_20u_at_the_boundary(db):
    precies_12 = werk_leaver(db)  # 12 * 4.33 = 51.96 hours in each of the six months: exactly 12 a week
    net_niet_12 = werk_leaver(db)  # one month 51.95: 0.01 short over the six months
    twintig_uit_twee_banen = werk_leaver(db)  # 20 * 4.33 = 86.60 a month, from two jobs of 43.30
    for m in VERVOLG:
        polis(db, precies_12, m, uren="51.96")
        polis(db, net_niet_12, m, uren="51.95" if m == VERVOLG[0] else "51.96")
        polis(db, twintig_uit_twee_banen, m, uren="43.30")
        polis(db, twintig_uit_twee_banen, m, uren="43.30")
    build_monitoring(db, PW)
    row = maand(db, peildatum=PW)
    assert row["werk_uitstroom_gevolgd"] == 3
    assert (row["werk_12u"], row["werk_20u"]) == (2, 1)


def test_werk_12u_averages_over_months_without_work_too(db):
    bsn = werk_leaver(db)
    for m in VERVOLG[:3]:  # 3 months of 103.92 hours (24 a week), then none: 12 a week on average
        polis(db, bsn, m, uren="103.92")
    build_monitoring(db, PW)
    row = maand(db, peildatum=PW)
    assert (row["werk_12u"], row["werk_20u"]) == (1, 0)


def test_still_working_3_and_6_months_after_leaving(db):
    beide = werk_leaver(db)
    alleen_3 = werk_leaver(db)
    alleen_6 = werk_leaver(db)
    geen_van_beide = werk_leaver(db)
    for bsn, maanden in ((beide, VERVOLG), (alleen_3, VERVOLG[:3]), (alleen_6, VERVOLG[5:]),
                         (geen_van_beide, [VERVOLG[0], VERVOLG[1], VERVOLG[3]])):
        for m in maanden:
            polis(db, bsn, m, uren="80")
    build_monitoring(db, PW)
    row = maand(db, peildatum=PW)
    # 3 months after January = April (VERVOLG[2]); 6 months after = July (VERVOLG[5]).
    assert (row["werk_uitstroom_gevolgd"], row["werk_na_3_maanden"], row["werk_na_6_maanden"]) == (4, 2, 2)


def test_contract_form_vast_versus_flexibel_six_months_after_leaving(db):
    vast = werk_leaver(db)
    vast_naast_oproep = werk_leaver(db)
    flexibel = [werk_leaver(db) for _ in range(3)]
    vast_maar_gestopt = werk_leaver(db)
    juli = VERVOLG[5]
    polis(db, vast, juli, uren="100", contractvorm="ONBEPAALD")
    polis(db, vast_naast_oproep, juli, uren="20", contractvorm="OPROEP")
    polis(db, vast_naast_oproep, juli, uren="60", contractvorm="ONBEPAALD")
    for bsn, vorm in zip(flexibel, ("BEPAALD", "OPROEP", "UITZEND"), strict=True):
        polis(db, bsn, juli, uren="100", contractvorm=vorm)
    polis(db, vast_maar_gestopt, VERVOLG[0], uren="100", contractvorm="ONBEPAALD")
    build_monitoring(db, PW)
    row = maand(db, peildatum=PW)
    assert (row["contract_vast"], row["contract_flexibel"], row["werk_na_6_maanden"]) == (2, 3, 5)


def test_economisch_zelfstandig_at_the_bedrag_boundary(db):
    # ECONOMISCH_ZELFSTANDIG is EUR 1400.00 in 2025: 6 * 1400.00 = 8400.00 over the six months.
    precies = werk_leaver(db)
    cent_te_weinig = werk_leaver(db)
    ongelijk_maar_genoeg = werk_leaver(db)
    for m in VERVOLG:
        polis(db, precies, m, sv_loon="1400.00")
        polis(db, cent_te_weinig, m, sv_loon="1399.99" if m == VERVOLG[0] else "1400.00")
    polis(db, ongelijk_maar_genoeg, VERVOLG[0], sv_loon="5000.00")
    polis(db, ongelijk_maar_genoeg, VERVOLG[5], sv_loon="3400.00")
    build_monitoring(db, PW)
    assert maand(db, peildatum=PW)["economisch_zelfstandig"] == 2


def test_economisch_zelfstandig_uses_the_bedrag_in_force_each_month(db):
    # Left in October 2024, followed November 2024 .. April 2025: 2 * 1340.00 + 4 * 1400.00 = 8280.00.
    u, p = date(2024, 10, 1), date(2025, 5, 1)
    maanden = [date(2024, 11, 1), date(2024, 12, 1)] + [date(2025, m, 1) for m in range(1, 5)]
    precies = lijst(db, "uitstroom", peildatum=u, reden_uitstroom="werk", datum_instroom=date(2024, 6, 1))["bsn"]
    te_weinig = lijst(db, "uitstroom", peildatum=u, reden_uitstroom="werk", datum_instroom=date(2024, 6, 1))["bsn"]
    for m in maanden:
        polis(db, precies, m, sv_loon="1380.00", snapshot=p)  # 8280.00 in all
        polis(db, te_weinig, m, sv_loon="1379.99", snapshot=p)
    build_monitoring(db, p)
    row = maand(db, peildatum=p)
    assert (row["werk_uitstroom_gevolgd"], row["economisch_zelfstandig"]) == (2, 1)


def test_werk_cohort_is_seven_months_back_and_read_from_the_latest_snapshot(db):
    gevolgd = werk_leaver(db)
    te_recent = lijst(db, "uitstroom", peildatum=date(2025, 2, 1), reden_uitstroom="werk",
                      datum_instroom=date(2024, 6, 1))["bsn"]
    andere_reden = lijst(db, "uitstroom", peildatum=U, reden_uitstroom="onderwijs", datum_instroom=date(2024, 6, 1))["bsn"]
    gewist = werk_leaver(db, bsn=None)  # objected: BSN erased, not followed
    assert gewist is None
    for bsn in (gevolgd, te_recent, andere_reden):
        for m in VERVOLG:
            polis(db, bsn, m, uren="100", contractvorm="ONBEPAALD")
    # An older snapshot said otherwise; only the latest one up to P is read, and none after P.
    for m in VERVOLG[:5]:
        polis(db, gevolgd, m, uren="0", snapshot=date(2025, 7, 1))
    polis(db, gevolgd, VERVOLG[5], uren="0", snapshot=date(2025, 9, 1))
    build_monitoring(db, PW)
    row = maand(db, peildatum=PW)
    assert [row[k] for k in ("werk_uitstroom_gevolgd", "werk_12u", "werk_20u", "werk_na_3_maanden",
                             "werk_na_6_maanden", "contract_vast")] == [1, 1, 1, 1, 1, 1]
    assert maand(db, WEERT, peildatum=PW)["uitstroom"] == 0  # the August list itself has no leavers


def test_werk_indicators_count_at_the_gemeente_left_and_roll_up(db):
    weert = werk_leaver(db, WEERT)
    roermond = werk_leaver(db, ROERMOND)
    for m in VERVOLG:
        polis(db, weert, m, uren="100", sv_loon="1500")
    build_monitoring(db, PW)
    assert [maand(db, code, PW)["werk_uitstroom_gevolgd"] for code in (WEERT, ROERMOND, "AM33", "NL")] == [1, 1, 2, 2]
    assert [maand(db, code, PW)["economisch_zelfstandig"] for code in (WEERT, ROERMOND, "AM33")] == [1, 0, 1]
    assert roermond is not None


# The build itself -------------------------------------------------------------------------------------------


def test_rerun_of_a_month_is_idempotent(db):
    lijst(db, "instroom")
    lijst(db, "uitstroom", reden_uitstroom="werk", datum_instroom=date(2025, 1, 1))
    casemanager(db, "JIB-A", datum_kaartje=date(2025, 2, 1), bestede_uren=Decimal("1.5"))
    first = build_monitoring(db, P)
    snapshot = {t: db.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("monitoring_feiten", "monitoring_maand", "monitoring_kwartaal")}
    second = build_monitoring(db, P)
    assert first == second
    for table, rows in snapshot.items():
        assert db.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() == rows, table


def test_facts_hold_no_identifiers(db):
    lijst(db, "instroom")
    casemanager(db, "JIB-A")
    build_monitoring(db, P)
    columns = {r[0] for r in db.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'monitoring_feiten'").fetchall()}
    assert not columns & {"bsn", "jib_id", "geslachtsnaam", "voornamen", "geboortedatum", "postcode", "straatnaam"}


def test_every_column_says_what_it_counts(db):
    lijst(db, "instroom")
    build_monitoring(db, P)
    for table in ("monitoring_maand", "monitoring_kwartaal"):
        rows = db.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ?", [table]
        ).fetchall()
        missing = [name for name, comment in rows if not comment]
        assert missing == [], table
    columns = {r[0] for r in db.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name IN ('monitoring_maand', 'monitoring_kwartaal')"
    ).fetchall()}
    assert set(KOLOMMEN) == columns  # no comment for a column that no longer exists


def test_counts_are_bigint_for_the_analysts_tools(db):
    lijst(db, "instroom")
    build_monitoring(db, P)
    types = dict(db.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'monitoring_maand'").fetchall())
    assert types["instroom"] == "BIGINT" and types["mediaan_maanden_op_lijst_uitstroom"] == "DOUBLE"


def test_a_missing_input_table_is_named(con):
    load_reference(con)
    _create(con, "gemeente_lijst", LIJST_KOLOMMEN)
    with pytest.raises(RuntimeError, match="casemanager_monitoring, uwv_polis"):
        build_monitoring(con, P)
    assert scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name LIKE 'monitoring_%'") == 0


# The deployment's area (interfaces.md, JIB_GEBIED) -------------------------------------------------------

AM33 = ["GM0946", "GM0957", "GM0988", "GM1640", "GM1641", "GM1669", "GM1706", "GM1711"]


def test_no_row_for_a_gemeente_outside_the_area(db):
    lijst(db, "blijft", WEERT)
    # A mover listed in Groningen and a casemanager file there: outside the area, counted nowhere.
    lijst(db, "instroom", GRONINGEN, soort_instroom="verhuisd", verhuisd_van=WEERT)
    casemanager(db, "JIB-G", gemeente=GRONINGEN, datum_kaartje=P)
    build_monitoring(db, P, AM33)
    regiocodes = {r[0] for r in db.execute("SELECT regiocode FROM monitoring_maand").fetchall()}
    assert regiocodes == {WEERT, "AM33", "MC38", "SR-WEERT"}
    assert {r[0] for r in db.execute("SELECT regiocode FROM monitoring_kwartaal").fetchall()} == regiocodes
    assert scalar(db, "SELECT count(*) FROM monitoring_feiten WHERE gemeentecode = ?", [GRONINGEN]) == 0
    assert (maand(db, "AM33")["instroom"], maand(db, "MC38")["jongeren_casemanager"]) == (0, 0)


def test_a_region_partly_inside_the_area_is_labelled(db):
    lijst(db, "blijft", WEERT)
    lijst(db, "blijft", "GM1706")  # Cranendonck: AM33, but RMC-regio MC37 (Zuidoost-Brabant)
    build_monitoring(db, P, AM33)
    am33, mc38, mc37 = maand(db, "AM33"), maand(db, "MC38"), maand(db, "MC37")
    assert (am33["deels_in_gebied"], am33["regionaam"]) == (False, "Midden-Limburg")
    # MC38 also holds the seven gemeenten of AM29 Noord-Limburg; MC37 twenty gemeenten besides Cranendonck.
    assert (mc38["deels_in_gebied"], mc38["regionaam"]) == (True, "Gewest Limburg-Noord (deels in gebied)")
    assert (mc38["op_lijst"], mc38["gemeenten_meegeteld"], mc38["gemeenten_in_regio"]) == (1, 1, 14)
    assert (mc37["deels_in_gebied"], mc37["op_lijst"]) == (True, 1)
    assert maand(db, WEERT)["deels_in_gebied"] is False


def test_nederland_only_when_the_area_is_nl(db):
    lijst(db, "blijft", WEERT)
    build_monitoring(db, P, AM33)
    assert scalar(db, "SELECT count(*) FROM monitoring_maand WHERE niveau = 'nederland'") == 0
    build_monitoring(db, P)  # the default: every gemeente, i.e. NL
    nl = maand(db, "NL")
    assert (nl["niveau"], nl["op_lijst"], nl["deels_in_gebied"], nl["gemeenten_in_regio"]) == ("nederland", 1, False, 342)


def test_regio_indeling_lists_the_area_gemeenten_each_region_sums(db):
    lijst(db, "blijft", WEERT)
    build_monitoring(db, P, [WEERT, ROERMOND])
    rows = db.execute(
        "SELECT niveau, regiocode, list(gemeentecode ORDER BY gemeentecode), any_value(deels_in_gebied) "
        "FROM regio_indeling WHERE peildatum = ? GROUP BY ALL ORDER BY ALL", [P]
    ).fetchall()
    assert rows == [
        ("arbeidsmarktregio", "AM33", [ROERMOND, WEERT], True),
        ("gemeente", ROERMOND, [ROERMOND], False),
        ("gemeente", WEERT, [WEERT], False),
        ("rmc_regio", "MC38", [ROERMOND, WEERT], True),
        ("subregio", "SR-ROERMOND", [ROERMOND], True),
        ("subregio", "SR-WEERT", [WEERT], True),
    ]


# Rates per 1,000 residents aged 23-26 ------------------------------------------------------------------------

_inwoner = count(1)


def inwoner(con, gemeente, geboortedatum, peildatum=P, adressen=1, begin=date(2020, 1, 1), einde=None, **kw):
    bsn = f"{200000000 + next(_inwoner)}"
    _insert(con, "brp_personen", {"peildatum": peildatum, "bsn": bsn, "geslachtsnaam": "X",
                                  "geboortedatum": geboortedatum, "geslacht": "V", **kw})
    for k in range(adressen):
        _insert(con, "brp_adressen", {"peildatum": peildatum, "bsn": bsn, "gemeentecode": gemeente,
                                      "begindatum": date(begin.year, begin.month, begin.day + k), "einddatum": einde})
    return bsn


def duo_bekend(con, bsn, gemeente, leeftijd, *, jib_id, erased=False, peildatum=P):
    """A DUO-known person's state as persoon_toestand holds it (erased: the objector's row after the erasure,
    BSN gone, the facts kept); their DUO delivery row unless erased (the erasure deletes delivered rows)."""
    _insert(con, "persoon_toestand", {
        "peildatum": peildatum, "bsn": None if erased else bsn, "jib_id": jib_id, "woongemeente": gemeente,
        "leeftijd": leeftijd, "overleden": False, "vertrokken_buitenland": False, "in_brp": True, "brp_records": 1,
        "adressen_op_peildatum": 1, "startkwalificatie": False, "in_onderwijs": False, "inkomensmaand": date(2025, 2, 1),
        "inkomen_werk": 0, "in_bezit_van_werk": False, "nulinkomen": True, "inkomensgrens": 473,
        "onder_inkomensgrens": True, "uitkering": False, "bekend": False, "zzp": False})
    if not erased:
        _insert(con, "duo_diplomas", {"peildatum": peildatum, "bsn": bsn})


def test_inwoners_count_duo_known_residents_from_their_state_so_an_erasure_changes_nothing(db):
    """A monitoring step rerun after an erasure (or after an earlier month's erasure in an asset backfill) counted
    from the BRP delivery alone, which no longer holds the objector: June's residents of Midden-Limburg went from
    12,800 to 12,742. DUO-known persons are now counted from persoon_toestand, which keeps an objector's facts."""
    a = inwoner(db, WEERT, date(2001, 1, 1))                     # 24, DUO-known: counted once, not twice
    duo_bekend(db, a, WEERT, 24, jib_id="JIB-AAAAAAAAAAAA")
    duo_bekend(db, "299999990", WEERT, 25, jib_id="JIB-BBBBBBBBBBBB", erased=True)  # objector, rows erased
    c = inwoner(db, WEERT, date(1998, 1, 1))                     # 27, DUO-known: not counted either way
    duo_bekend(db, c, WEERT, 27, jib_id="JIB-CCCCCCCCCCCC")
    inwoner(db, WEERT, date(2002, 1, 1))                         # 23, not known to DUO: from the BRP delivery
    e = inwoner(db, WEERT, date(2000, 1, 1))                     # 25, objector in a rerun: delivery loaded again
    duo_bekend(db, e, WEERT, 25, jib_id="JIB-EEEEEEEEEEEE", erased=True)
    _insert(db, "duo_inschrijvingen", {"peildatum": P, "bsn": e})
    lijst(db, "blijft", WEERT)
    build_monitoring(db, P, AM33)
    assert maand(db, WEERT)["inwoners_23_26"] == 4  # a, the erased objector, the 23-year-old, e


def test_inwoners_23_26_counts_residents_by_the_brp_of_p(db):
    # P = 2025-03-01. Counted in Weert: 23 today (born 2002-03-01), 26 until tomorrow (1998-03-02), 24 and
    # died after P, 25 and emigrating after P: 4.
    inwoner(db, WEERT, date(2002, 3, 1))
    inwoner(db, WEERT, date(1998, 3, 2))
    inwoner(db, WEERT, date(2001, 1, 1), datum_overlijden=date(2025, 3, 2))
    inwoner(db, WEERT, date(2000, 1, 1), datum_vertrek_buitenland=date(2025, 4, 1))
    # Not counted: 22 (birthday tomorrow), 27 today, died on P, emigrated before P, two addresses on P,
    # address ended before P, in another month's delivery, outside the area.
    inwoner(db, WEERT, date(2002, 3, 2))
    inwoner(db, WEERT, date(1998, 3, 1))
    inwoner(db, WEERT, date(2001, 1, 1), datum_overlijden=P)
    inwoner(db, WEERT, date(2001, 1, 1), datum_vertrek_buitenland=date(2024, 12, 31))
    inwoner(db, WEERT, date(2001, 1, 1), adressen=2)
    inwoner(db, WEERT, date(2001, 1, 1), einde=date(2025, 2, 28))
    inwoner(db, WEERT, date(2001, 1, 1), peildatum=date(2025, 2, 1))
    inwoner(db, GRONINGEN, date(2001, 1, 1))
    inwoner(db, ROERMOND, date(2001, 1, 1))
    lijst(db, "blijft", WEERT)
    lijst(db, "blijft", ROERMOND)
    build_monitoring(db, P, AM33)
    assert [maand(db, code)["inwoners_23_26"] for code in (WEERT, ROERMOND, "AM33", "MC38", "SR-WEERT")] == [
        4, 1, 5, 5, 4]


def test_rates_per_1000_residents_aged_23_26(db):
    for _ in range(4):
        inwoner(db, WEERT, date(2001, 1, 1))
    inwoner(db, ROERMOND, date(2001, 1, 1))
    lijst(db, "instroom", WEERT)
    lijst(db, "blijft", WEERT)
    lijst(db, "blijft", ROERMOND)
    lijst(db, "blijft", "GM1640")  # Leudal: on the list, no residents in the delivery
    build_monitoring(db, P, AM33)
    weert, roermond, leudal, am33 = (maand(db, c) for c in (WEERT, ROERMOND, "GM1640", "AM33"))
    # Weert: 2 on the list / 4 residents = 500.0; instroom 1 / 4 = 250.0; no uitstroom: 0.0.
    assert (weert["op_lijst_per_1000"], weert["instroom_per_1000"], weert["uitstroom_per_1000"]) == (500.0, 250.0, 0.0)
    assert roermond["op_lijst_per_1000"] == 1000.0
    assert (leudal["inwoners_23_26"], leudal["op_lijst_per_1000"]) == (0, None)
    # AM33: 4 on the list / 5 residents = 800.0; 1 / 5 = 200.0.
    assert (am33["inwoners_23_26"], am33["op_lijst_per_1000"], am33["instroom_per_1000"]) == (5, 800.0, 200.0)


def test_rates_round_to_one_decimal(db):
    for _ in range(3):
        inwoner(db, WEERT, date(2001, 1, 1))
    lijst(db, "blijft", WEERT)
    build_monitoring(db, P, AM33)
    assert maand(db)["op_lijst_per_1000"] == 333.3  # 1000 / 3


def test_quarter_rates_use_the_residents_of_its_last_month(db):
    jan, feb = date(2025, 1, 1), date(2025, 2, 1)
    for _ in range(10):
        inwoner(db, WEERT, date(2001, 1, 1), peildatum=jan)
    for _ in range(8):
        inwoner(db, WEERT, date(2001, 1, 1), peildatum=feb)
    lijst(db, "instroom", peildatum=jan)
    lijst(db, "instroom", peildatum=feb)
    lijst(db, "blijft", peildatum=feb)
    build_monitoring(db, jan, AM33)
    build_monitoring(db, feb, AM33)
    assert (maand(db, peildatum=jan)["inwoners_23_26"], maand(db, peildatum=feb)["inwoners_23_26"]) == (10, 8)
    q = kwartaal(db, "2025-Q1")
    # Stock of February (8), flows of January and February: 2 instroom / 8 = 250.0, op_lijst 2 / 8 = 250.0.
    assert (q["inwoners_23_26"], q["instroom"], q["instroom_per_1000"], q["op_lijst_per_1000"]) == (8, 2, 250.0, 250.0)


# Sub-regions -------------------------------------------------------------------------------------------------

NEDERWEERT, LEUDAL, CRANENDONCK, ECHT_SUSTEREN = "GM0946", "GM1640", "GM1706", "GM1711"


def test_subregions_sum_their_gemeenten(db):
    for gemeente, n in ((WEERT, 3), (NEDERWEERT, 2), (LEUDAL, 1), (CRANENDONCK, 4), (ROERMOND, 5), (ECHT_SUSTEREN, 1)):
        for _ in range(n):
            lijst(db, "instroom", gemeente)
    build_monitoring(db, P, AM33)
    weert, roermond = maand(db, "SR-WEERT"), maand(db, "SR-ROERMOND")
    # Weert = Weert 3 + Nederweert 2 + Leudal 1 (Cranendonck joins from 2026); Roermond = 5 + 1.
    assert (weert["niveau"], weert["regionaam"], weert["instroom"], weert["gemeenten_in_regio"]) == (
        "subregio", "Weert", 6, 3)
    assert (roermond["regionaam"], roermond["instroom"], roermond["gemeenten_in_regio"]) == ("Roermond", 6, 4)
    assert weert["deels_in_gebied"] is False


def test_cranendonck_joins_subregion_weert_from_2026(db):
    jan26 = date(2026, 1, 1)
    lijst(db, "instroom", WEERT, peildatum=jan26)
    lijst(db, "instroom", CRANENDONCK, peildatum=jan26)
    lijst(db, "instroom", CRANENDONCK, peildatum=jan26)
    build_monitoring(db, jan26, AM33)
    weert = maand(db, "SR-WEERT", jan26)
    assert (weert["instroom"], weert["gemeenten_in_regio"], weert["gemeenten_meegeteld"]) == (3, 4, 2)


def _subregio_bestand(tmp_path, *regels, header="subregiocode,subregionaam,gemeentecode,begindatum,einddatum"):
    path = tmp_path / "subregios.csv"
    path.write_text("\n".join([header, *regels]) + "\n", encoding="utf-8")
    return path


def test_a_deployment_names_its_own_subregion_file(db, tmp_path, monkeypatch):
    path = _subregio_bestand(tmp_path, "SR-NOORD,Noord,GM0988,2025-01-01,2025-03-31",
                             "SR-NOORD,Noord,GM0957,2025-04-01,")
    monkeypatch.setenv("JIB_SUBREGIOS", str(path))
    lijst(db, "instroom", WEERT)
    lijst(db, "instroom", ROERMOND)
    build_monitoring(db, P, AM33)
    assert {r[0] for r in db.execute("SELECT regiocode FROM monitoring_maand WHERE niveau = 'subregio'").fetchall()} == {
        "SR-NOORD"}
    # In March only Weert belongs to Noord (Roermond from April on).
    assert maand(db, "SR-NOORD")["instroom"] == 1


@pytest.mark.parametrize(
    ("regels", "header", "melding"),
    [
        ((), "code,naam,gemeente,van,tot", "line 1: the header is code,naam,gemeente,van,tot"),
        (("SR-A,A,GM9999,2025-01-01,",), None, "line 2: gemeentecode GM9999 is not a gemeente"),
        (("SR-A,A,GM0988,2025-01-01,", "SR-A,A,GM0957,2025-02-01,"), None, "line 3: begindatum 2025-02-01 is not"),
        (("SR-A,A,GM0988,2025-01-01,2025-05-31",), None, "line 2: einddatum 2025-05-31 is not the last day"),
        (("SR-A,A,GM0988,1 januari,",), None, "line 2: begindatum .* must be dates YYYY-MM-DD"),
        (("AM33,A,GM0988,2025-01-01,",), None, "line 2: subregiocode AM33 looks like"),
        (("SR-A,A,GM0988,2025-01-01,", "SR-A,B,GM0957,2025-01-01,"), None, "SR-A has more than one subregionaam"),
        (("SR-A,A,GM0988,2025-01-01,", "SR-A,A,GM0988,2025-04-01,"), None,
         "line 3: gemeente GM0988 is in sub-region SR-A twice over overlapping periods \\(see line 2\\)"),
    ],
    ids=["header", "gemeente", "begindatum", "einddatum", "datum", "code", "naam", "overlap"],
)
def test_a_bad_subregion_file_is_refused_with_file_and_line(db, tmp_path, monkeypatch, regels, header, melding):
    path = _subregio_bestand(tmp_path, *regels, **({"header": header} if header else {}))
    monkeypatch.setenv("JIB_SUBREGIOS", str(path))
    with pytest.raises(ValueError, match=f"sub-region file {path}.*{melding}"):
        build_monitoring(db, P, AM33)


def test_the_shipped_subregion_file_is_the_midden_limburg_pilot(db):
    from jib_assets.chain.monitoring import SUBREGIOS_CSV, lees_subregios

    codes = {r[0] for r in db.execute("SELECT gemeentecode FROM gemeenten").fetchall()}
    frame = lees_subregios(SUBREGIOS_CSV, codes)
    leden = {(r["subregiocode"], r["gemeentecode"]) for r in frame.iter_rows(named=True)}
    assert leden == {("SR-WEERT", g) for g in (WEERT, NEDERWEERT, LEUDAL, CRANENDONCK)} | {
        ("SR-ROERMOND", g) for g in (ROERMOND, ECHT_SUSTEREN, "GM1641", "GM1669")}


def test_a_missing_subregion_file_is_named(db, tmp_path, monkeypatch):
    monkeypatch.setenv("JIB_SUBREGIOS", str(tmp_path / "geen.csv"))
    with pytest.raises(ValueError, match="geen.csv does not exist: set JIB_SUBREGIOS"):
        build_monitoring(db, P, AM33)


def test_a_file_with_only_its_header_means_no_subregions(db, tmp_path, monkeypatch):
    monkeypatch.setenv("JIB_SUBREGIOS", str(_subregio_bestand(tmp_path)))
    lijst(db, "blijft", WEERT)
    build_monitoring(db, P, AM33)
    assert scalar(db, "SELECT count(*) FROM monitoring_maand WHERE niveau = 'subregio'") == 0
    assert maand(db)["op_lijst"] == 1
