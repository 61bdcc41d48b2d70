"""A small analysts' database in seconds, without a pipeline run: for the report, cookbook and dictionary
tests, and to try them out. Hand-made person facts of Midden-Limburg (AM33, the area) over 2025-01..06 go
through the real region membership (sql/monitoring_indeling.sql, the shipped sub-regions), the real indicator
SQL (sql/monitoring_cijfers.sql), the real column comments and the real publication with its suppression,
so the result has exactly the published shape. No person in it exists.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from jib_assets.chain import monitoring
from jib_assets.chain.monitoring import BESTEMMINGEN, REDENEN_UITSTROOM, VRAGEN, kwartaal_van
from jib_assets.db import install_macros, sql
from jib_assets.partitions import add_months
from jib_assets.publish.analytics import publish_analytics
from jib_assets.reference import gemeenten, load_reference

# Gemeenten of AM33 and the size of their list at the start; Cranendonck small, so it is suppressed often.
GROOTTE = {"GM0988": 60, "GM0957": 70, "GM1640": 45, "GM0946": 20, "GM1641": 25, "GM1669": 22, "GM1706": 8,
           "GM1711": 30}
EERSTE, MAANDEN = date(2025, 1, 1), 6

_SCHEMA = {
    "peildatum": pl.Date, "gemeentecode": pl.String, "bron": pl.String, "status": pl.String,
    "soort_instroom": pl.String, "reden_uitstroom": pl.String, "categorie": pl.String, "leeftijd": pl.Int32,
    "geslacht": pl.String, "maanden_op_lijst": pl.Int32, "kaartje": pl.Boolean, "reactie_kaartje": pl.String,
    "huisbezoek": pl.Boolean, "bereikt": pl.Boolean, "toestemming": pl.Boolean, "bezwaar": pl.Boolean,
    "ondersteuningsvraag": pl.String, "bestemming": pl.String, "bestede_uren": pl.Decimal(10, 2),
    "werk_12u": pl.Boolean, "werk_20u": pl.Boolean, "werk_na_3_maanden": pl.Boolean,
    "werk_na_6_maanden": pl.Boolean, "contract": pl.String, "economisch_zelfstandig": pl.Boolean,
    "inwoners_23_26": pl.Int64,
}
AANDEEL_23_26 = 0.05  # residents aged 23-26 as a share of all inhabitants (about 5% in the Netherlands)


def _feiten(seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    lijst: dict[str, list[dict]] = {g: [] for g in GROOTTE}
    werklijst: dict[str, list[dict]] = {g: [] for g in GROOTTE}
    werk_uit: dict[date, list[str]] = {}
    inwoners = dict(gemeenten().select("gemeentecode", "inwoners").iter_rows())
    for m in range(MAANDEN):
        p = add_months(EERSTE, m)
        for g, size in GROOTTE.items():
            rows.append({"peildatum": p, "gemeentecode": g, "bron": "gemeente"})
            rows.append({"peildatum": p, "gemeentecode": g, "bron": "inwoners",
                         "inwoners_23_26": round(inwoners[g] * AANDEEL_23_26 * rng.uniform(0.98, 1.02))})
            blijvers = []
            for persoon in lijst[g]:
                if rng.random() < 0.12:
                    reden = rng.choice(["werk", "werk", "leeftijd", "uitkering", "verhuisd", *REDENEN_UITSTROOM])
                    rows.append({"peildatum": p, "gemeentecode": g, "bron": "lijst", "status": "uitstroom",
                                 "reden_uitstroom": reden, "categorie": persoon["categorie"],
                                 "leeftijd": persoon["leeftijd"], "geslacht": persoon["geslacht"],
                                 "maanden_op_lijst": m - persoon["sinds"]})
                    if reden == "werk":
                        werk_uit.setdefault(p, []).append(g)
                else:
                    blijvers.append(persoon)
                    rows.append({"peildatum": p, "gemeentecode": g, "bron": "lijst", "status": "blijft",
                                 "categorie": persoon["categorie"], "leeftijd": persoon["leeftijd"],
                                 "geslacht": persoon["geslacht"]})
            nieuw = size if m == 0 else max(0, round(size * 0.12 + rng.gauss(0, 2)))
            for _ in range(nieuw):
                persoon = {"sinds": m, "leeftijd": rng.randint(23, 26), "geslacht": rng.choice("MMVVX"[: 4 + (rng.random() < .05)]),
                           "categorie": rng.choices(["benaderen", "bekend", "zzp", "bezwaar"], [80, 12, 6, 2])[0]}
                blijvers.append(persoon)
                rows.append({"peildatum": p, "gemeentecode": g, "bron": "lijst", "status": "instroom",
                             "soort_instroom": rng.choices(["nieuw", "terugkeer", "verhuisd"], [80, 12, 8])[0],
                             "categorie": persoon["categorie"], "leeftijd": persoon["leeftijd"],
                             "geslacht": persoon["geslacht"]})
                if persoon["categorie"] in ("benaderen", "zzp"):
                    werklijst[g].append({"kaartje": False, "reactie_kaartje": None, "huisbezoek": False, "bereikt": False,
                                         "toestemming": False, "bezwaar": False, "ondersteuningsvraag": None,
                                         "bestemming": None, "bestede_uren": 0.0})
            lijst[g] = blijvers
            for jongere in werklijst[g]:  # the casemanager gets further each month
                if not jongere["kaartje"]:
                    jongere["kaartje"] = rng.random() < 0.9
                elif jongere["reactie_kaartje"] is None:
                    jongere["reactie_kaartje"] = rng.choices(["ja", "nee", "geen"], [40, 10, 50])[0]
                elif not jongere["huisbezoek"]:
                    jongere["huisbezoek"] = rng.random() < 0.6
                elif not jongere["bereikt"]:
                    jongere["bereikt"] = rng.random() < 0.6
                    jongere["ondersteuningsvraag"] = rng.choice(VRAGEN) if jongere["bereikt"] else None
                elif not jongere["toestemming"] and not jongere["bezwaar"]:
                    jongere["toestemming"] = rng.random() < 0.7
                    jongere["bezwaar"] = not jongere["toestemming"] and rng.random() < 0.2
                elif jongere["bestemming"] is None and rng.random() < 0.3:
                    jongere["bestemming"] = rng.choice(["werk", "werk", "opleiding", *BESTEMMINGEN])
                if jongere["kaartje"]:
                    jongere["bestede_uren"] += round(rng.uniform(0.5, 3.0), 1)
                rows.append({"peildatum": p, "gemeentecode": g, "bron": "casemanager", **jongere})
        for g in werk_uit.get(add_months(p, -3), []):  # a shorter follow-up than the real 7 months: rows sooner
            na_3 = rng.random() < 0.8
            na_6 = na_3 and rng.random() < 0.85
            uren = rng.random()
            rows.append({"peildatum": p, "gemeentecode": g, "bron": "werk", "werk_12u": uren < 0.8, "werk_20u": uren < 0.55,
                         "werk_na_3_maanden": na_3, "werk_na_6_maanden": na_6,
                         "contract": (rng.choice(["vast", "flexibel", "flexibel"]) if na_6 else None),
                         "economisch_zelfstandig": uren < 0.4})
    return rows


def bouw_warehouse(con: duckdb.DuckDBPyConnection, seed: int = 7) -> None:
    """The monitoring tables of the restricted store, exact, from hand-made facts (see module doc)."""
    install_macros(con)
    load_reference(con)
    monitoring.load_subregios(con, monitoring.SUBREGIOS_CSV)
    maanden = [add_months(EERSTE, m) for m in range(MAANDEN)]
    for i, p in enumerate(maanden):
        verb = "CREATE OR REPLACE TABLE regio_indeling AS " if i == 0 else "INSERT INTO regio_indeling "
        con.execute(verb + sql("monitoring_indeling"), {"peildatum": p, "gebied": list(GROOTTE)})
    feiten = pl.DataFrame(_feiten(seed), schema=_SCHEMA)
    con.register("_feiten", feiten)
    con.execute("CREATE OR REPLACE TABLE monitoring_feiten AS SELECT * FROM _feiten")
    con.unregister("_feiten")
    cijfers = sql("monitoring_cijfers")
    for i, p in enumerate(maanden):
        query = monitoring._MAAND.format(cijfers=cijfers)
        verb = "CREATE OR REPLACE TABLE monitoring_maand AS " if i == 0 else "INSERT INTO monitoring_maand "
        con.execute(verb + query, {"peildatum": p, "van": p, "tot": p})
    kwartalen = sorted({kwartaal_van(p) for p in maanden})
    for i, (kwartaal, van, tot) in enumerate(kwartalen):
        query = monitoring._KWARTAAL.format(cijfers=cijfers)
        verb = "CREATE OR REPLACE TABLE monitoring_kwartaal AS " if i == 0 else "INSERT INTO monitoring_kwartaal "
        con.execute(verb + query, {"kwartaal": kwartaal, "van": van, "tot": tot})
    monitoring._comment(con)


def bouw_analytics(target: Path, seed: int = 7) -> Path:
    """Publish the small database to target (through the real publish_analytics) and return target."""
    warehouse = duckdb.connect()
    try:
        bouw_warehouse(warehouse, seed)
        publish_analytics(warehouse, Path(target))
    finally:
        warehouse.close()
    return Path(target)
