"""Small numbers (rules.md 5): which cells of the monitoring tables the analysts may not see.

The restricted store keeps the exact figures; publish/analytics publishes the copy this module makes,
in which a suppressed cell is NULL (never 0). docs/privacy.md explains the method and why.

- **Primary**: a count from 1 to 4; an average, median or per-person total over fewer than 10
  persons (its basis column, see `BASIS`); a non-count column without a known basis is never shown.
  A rate `<count>_per_1000` is suppressed exactly when its count is (rate x denominator = count).
- **Relations**: the published figures obey linear relations (`relations`): a total and its split
  within a row, a region and the gemeenten it sums (`lidmaatschap`), a quarter and its months.
- **Secondary**: optimal cell suppression (Fischetti and Salazar-Gonzalez 2000, the "optimal" method
  of tau-ARGUS and sdcTable's OPT): a mixed-integer model, solved by HiGHS, that hides the
  cheapest set of extra cells (small cells first, totals, regions and quarters last, never a zero)
  such that for every primary cell the interval an attacker derives from all published figures,
  counts non-negative, is at least `beschermingsniveau` wide. Cuts from the attacker's linear
  programs are added until every primary cell is protected (`protect`); independent components
  of the relation graph are solved apart. The months are chosen before their quarters, and a quarter starts
  from the pattern its months give, then publishes again what no protection needs (`_protect_maanden_eerst`).
- **Windows**: the list's stock and flow ties every month to the one before; the protection is chosen and audited
  per quarter with the month before it (`vensters`), so its cost does not grow with the history, each window given
  what the one before derives about that month's hidden lists (`doorgegeven`).
- **Corrections**: after a rerun on a corrected delivery, the earlier values of the changed cells are in the model as
  copies, as the publication before it showed them (`met_kopieen`).
- **Audit**: the attack runs on the result, window by window, and a narrower interval is not published (`_audit`;
  privacy/attack runs it on published tables).
"""

from __future__ import annotations

import ast
import ctypes
import hashlib
import math
import multiprocessing
import os
import re
import sys
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import NamedTuple

import highspy
import numpy as np
import polars as pl
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from jib_assets.operations import volg_ouder
from jib_assets.privacy import reductie
from jib_assets.schema import BESTEMMINGEN, CATEGORIEEN, REDENEN_UITSTROOM, SOORTEN_INSTROOM, VRAGEN

KLEIN_MIN, KLEIN_MAX = 1, 4  # a count in 1..4 is suppressed
MIN_PERSONEN = 10  # an average or percentage over fewer persons is suppressed
BESCHERMINGSNIVEAU = 5.0  # an attacker's interval around a primary cell is at least this wide

SLEUTELS_MAAND = ("peildatum", "niveau", "regiocode")
SLEUTELS_KWARTAAL = ("kwartaal", "niveau", "regiocode")
# Published as they are: keys and labels, context that counts municipalities or months, and the
# denominator of the rates (residents aged 23-26: a large count from the BRP, not about the list).
NIET_ONDERDRUKT = frozenset({
    "peildatum", "kwartaal", "niveau", "regiocode", "regionaam", "gemeenten_in_regio", "gemeenten_meegeteld",
    "maanden", "inwoners_23_26", "deels_in_gebied",
})
PER_1000 = "_per_1000"  # `<count>_per_1000`: suppressed with its count, not part of any relation

# Non-count columns and the count of persons they are computed over (besides the `<x>_basis` convention).
BASIS: dict[str, str] = {
    "mediaan_maanden_op_lijst_uitstroom": "uitstroom",
    "uren_gemiddeld_per_jongere": "uren_gemiddeld_per_jongere_basis",
    "uren_totaal": "uren_totaal_basis",
}
# Not additive over gemeenten or months: only the primary rule (its basis) and the couplings below apply.
NIET_OPTELBAAR = frozenset({"mediaan_maanden_op_lijst_uitstroom", "uren_gemiddeld_per_jongere"})

# Stocks: a quarter shows the value of its last month (monitoring.py); every other count is a flow,
# summed over the months of the quarter.
_CASEMANAGER = (
    "jongeren_casemanager", "kaartje_verstuurd", "reactie_ja", "reactie_nee", "reactie_geen", "huisbezoek",
    "bereikt", "toestemming", "bezwaar",
    *(f"vraag_{v}" for v in VRAGEN), *(f"bestemming_{b}" for b in BESTEMMINGEN),
    "uren_totaal", "uren_totaal_basis", "uren_gemiddeld_per_jongere", "uren_gemiddeld_per_jongere_basis",
)
STANDEN = frozenset({"op_lijst", *_CASEMANAGER})

EQ, LE, EQ_BEKEND = "eq", "le", "eq_bekend"


@dataclass(frozen=True)
class Split:
    """A total and the parts it splits into within one row. `soort`: `eq` the parts add up to the
    total; `le` they add up to at most the total (reactions to a card); `eq_bekend` they add up to
    it when every person's attribute is known (age, gender): equality where the exact figures show
    it, else at most."""

    totaal: str
    delen: tuple[str, ...]
    soort: str = EQ


SPLITSINGEN: tuple[Split, ...] = (
    Split("instroom", tuple(f"instroom_{s}" for s in SOORTEN_INSTROOM)),
    Split("uitstroom", tuple(f"uitstroom_{r}" for r in REDENEN_UITSTROOM)),
    Split("instroom", tuple(f"instroom_{c}" for c in CATEGORIEEN)),
    Split("instroom", tuple(f"instroom_leeftijd_{a}" for a in range(23, 27)), EQ_BEKEND),
    Split("instroom", ("instroom_man", "instroom_vrouw", "instroom_x"), EQ_BEKEND),
    Split("kaartje_verstuurd", ("reactie_ja", "reactie_nee", "reactie_geen"), LE),
    Split("jongeren_casemanager", tuple(f"bestemming_{b}" for b in BESTEMMINGEN), LE),
    *(Split("jongeren_casemanager", (c,), LE) for c in ("kaartje_verstuurd", "huisbezoek", "bereikt", "toestemming",
                                                         "bezwaar", "uren_totaal_basis")),
    Split("werk_na_6_maanden", ("contract_vast", "contract_flexibel")),
    *(Split("werk_uitstroom_gevolgd", (c,), LE) for c in ("werk_12u", "werk_na_3_maanden", "werk_na_6_maanden",
                                                           "economisch_zelfstandig")),
    Split("werk_12u", ("werk_20u",), LE),
    # The same count twice.
    Split("kaartje_verstuurd", ("uren_gemiddeld_per_jongere_basis",)),
)
# Of each of these sets of cells in a row never exactly one hidden: average = total / basis (any two
# give the third), and the same count published twice.
KOPPELINGEN: tuple[tuple[str, ...], ...] = (
    ("uren_gemiddeld_per_jongere", "uren_totaal", "uren_gemiddeld_per_jongere_basis"),
    ("kaartje_verstuurd", "uren_gemiddeld_per_jongere_basis"),
)

# Cost of hiding a cell (secondary): its value, times these factors, so that small cells go first and
# totals, regions and quarters last. A zero is never hidden (see `protect`).
KOSTEN_NIVEAU = {"gemeente": 1.0, "subregio": 4.0, "rmc_regio": 20.0, "arbeidsmarktregio": 20.0, "nederland": 100.0}
KOSTEN_TOTAAL = 5.0  # a column that is the total of a split, and op_lijst
KOSTEN_KWARTAAL = 2.0
KOSTEN_TIEN_PLUS = 4.0  # a cell of 10 or more: the figures readers use
# The region that sums the most gemeenten of the area (the deployment's own arbeidsmarktregio, or NL) is what the
# region reads first (the report's cards): its cells of 10 or more cost this many times more, so other regions go
# before it (a partial RMC-regio one gemeente smaller, with a sub-region and a gemeente to protect it).
KOSTEN_GEBIED = 10.0
# ... and on top of that a cell of 10 or more costs this many times the dearest cell below 10 can cost (a
# quarter's total of 9 in the largest published region), so the model hides any small cells before one of
# 10 or more: the share of 10+ cells hidden is what the readers lose (`kosten`).
TIEN_PLUS_BOVEN_KLEIN = 10.0
DUUR = 10 * KOSTEN_TIEN_PLUS  # a secondary cell at least this costly is published again when no protection needs it
# The prune after a greedy completion may run this many attacker programs (dearest cells first, so cells of 10
# or more before the others): it bounds the work of the one large component that does not converge, by a
# count, so the same figures always give the same publication.
PRUNE_PROGRAMMAS = 6000

# Partial suppression (Salazar-Gonzalez 2003): a secondary count that a primary cell's protection does not need
# hidden completely is published as a range when every primary cell keeps its interval with that range known
# (`_ranges`). The shapes tried, in this order (an offset each): the ten [10 * k + offset, 10 * k + offset + 9] that
# holds the value, its decade (30-39), then the decade between (25-34). A small partner needs the room below a
# count of 10 to 19 that only a range from 5 gives (a 12 beside a 2 in a total of 14: 10-19 leaves the 2 in [0, 4],
# 5-14 in [0, 9]). Twenties (20-39, 25-44, ...) were tried after both: on the 12-month demo and a national month
# not one was given (every cell a twenty would have saved, a ten had), so they only cost attacker programs.
BEREIK_BREEDTE = 10
BEREIK_VERSCHUIVINGEN: tuple[int, ...] = (0, 5)
# A range never starts below this (never from 0: a 1-4 is primary and never gets one), and every hidden secondary
# count from this value may get one: a cell of 5 to 9 too, so that a range from 5 does not tell that its count is
# 10 or more (which would make 5-14 say 10-14).
BEREIK_VANAF = 5
# ... trying at most this many attacker programs per component (dearest cells first): a count, not seconds. A month's
# component tries them on the primal simplex (`_ranges`), whose programs are cheap: on a national February's largest
# component 16,000 of them took it 145 s against 156 s with 6,000 on the dual, and 0.55% of the counts of 10 or more
# were hidden instead of 1.24%. Since its proofs are found with the ranges still to try (`BEREIK_VOORUIT`), 10,000:
# that component (10,900 cells, 924 candidates) gave 651 ranges in 23.9 s against 525 in 39.2 s with 16,000 before
# (701 in 37.4 s with 16,000; 594 in 18.9 s with 8,000). A quarter started from its months' pattern (`_van_start`,
# 20,568 cells nationally) tries its ranges after those that need no program (`_zonder_programma`), 5,000: national
# Q1's largest component gave more ranges of its own than with 6,000 before that pass, 1,341 against 1,331 (1,033
# of them of 10 or more against 1,019), in less time (docs/performance.md; 4,000: 1,306 and 1,001 in 60 s against 95 s).
BEREIK_PROGRAMMAS = 10_000
BEREIK_PROGRAMMAS_VAN_START = 5000
# A month's component proves its primary cells first with every candidate at its first range given, and again (a proof
# a trial broke) with the next this many candidates at theirs (`_ranges`): such a proof survives those trials. Before,
# a trial of national February's largest component broke most proofs (up to all 3,211), and the budget's estimate of
# two programs each stopped 372 of its 924 candidates untried; now 2,291 of the 3,211 are proved with all 924 ranges
# given, by points that no first-shape trial moves out. 16 and 64 gave 699 and 701 ranges with 16,000 programs.
# 0: without.
BEREIK_VOORUIT = 64
# A quarter started from its months' pattern (`_van_start`) is checked with hidden cells in [0, value + 3 x the level]
# (a quarter cell sums up to three months, each of room the level). Within the level, national Q2's largest component
# had two primary cells 4 wide (a hidden cell's ceiling bound them), 5 wide within 2 or 3 x the level and to the audit's
# attacker (no ceiling): no cell hidden more widened them, so no pattern protected them. Any room is narrower than the
# audit's attacker's, so a pass holds for the audit too.
KWARTAAL_RUIMTE = 3

# Solving components side by side (`protect`, `processen` > 1) starts processes that each import this module
# (about 2.5 s); a publication with fewer cells to solve than this (a test's table, a month whose quarter is
# small) solves them in milliseconds in this process instead. The 12-month demo solves 86 components of up to
# 780 cells.
PROCESSEN_VANAF_CELLEN = 2000
# The audit (`attack_intervals`) attacks its components side by side from this many cells of components with a
# target: a national quarter's (December 2025: about 90,000 cells, 55-60 s in one process, 37 s in two; 34 s is the
# flows' quarter component), not a month within a quarter (about 24,000 cells, 2-3 s, less than starting processes).
AANVAL_PROCESSEN_VANAF_CELLEN = 50_000
# A component of the audit with this many targets or more finds tables that lift many targets at once first, and solves
# on the small program by the primal simplex (`_attack_component`): the check of national Q2 with Q1 (35,199 cells,
# 22,325 targets) took the dual simplex's full program 1.7 s a program, about 28 targets a second; with each target
# proved on the primal simplex's small program first 290 s; with 23 tables and then 5,270 targets solved, 218 s. Since
# 2026-12-05 (replayed alone, back to back): the tables' program solves the targets with its room lifted, 189.2 s
# against 204.3 s; in two parts side by side (`_attack_components`) 164.1 s.
SPANNEN_VANAF = 2000
# A component whose solve or attack takes long says how far it is (`_verloop`), at most once in this many seconds: the
# largest national one took 156 s after a month and 281 s after a quarter without a word.
VERLOOP_SECONDEN = 20.0

SAMEN_VANAF = 4  # cells to prove again at once from which one program lifts them all first (`_Bewijzen._samen`)
# The greedy completion (`_repair`) lifts the primary cells no point proves yet at once (`_optillen`) before the first
# that needs a program, and again after this many cuts it completed. On national February's, March's and May's largest
# month components: its programs for single cells 1,713-1,874 against 2,583-2,751, 8.6, 16.6 and 24.8 s against 12.1,
# 22.3 and 33.7 s (after 10 cuts: 8.8 and 24.1 s, February's pattern 1.3% dearer).
OPTILLEN_NA = 50
# Cells to prove with programs at once from which `_Bewijzen` proves them in two threads, each with its own copy of the
# attacker's programs (HiGHS runs without Python's lock), `DRAAD_BLOK` cells each a round. A component that runs alone
# (the largest of a national month or quarter, while the other process has nothing left) so uses both cores in the
# trials that touch many proofs: on national February's largest month component 85% of the ranges' programs are in
# trials of 17 programs or more, on Q1's largest 87% (docs/performance.md, 2026-12-06 13:18).
DRADEN_VANAF = 16
DRAAD_BLOK = 8
SNEDES_PER_RONDE = 25  # re-solve the model after this many violated cells: early rounds are far off
RONDES = 30  # models per component before its last pattern is completed greedily (`protect`)
_CEL = ("tabel", "periode", "niveau", "regiocode", "kolom")


BEREIKEN_SCHEMA = {**dict.fromkeys(_CEL, pl.String), "van": pl.Int64, "tot": pl.Int64}


@dataclass(frozen=True)
class Verslag:
    """What the suppression did: counts (safe for logs and metadata, `as_dict`) and the ranges it published."""

    cellen: int
    primair: int
    secundair: int
    aandeel_10_plus_onderdrukt: float  # of the non-zero count cells with exact value >= 10: share hidden (no range)
    kleinste_interval: float | None  # the attack's narrowest interval over the primary cells; None: unbounded
    componenten: int = 0
    snedes: int = 0  # cuts the attacker's programs added to the model
    seconden: float = 0.0
    niet_optimaal: int = 0  # components completed greedily after `rondes` models (protected, not proven optimal)
    componenten_opgelost: int = 0  # components with a primary cell solved in this publication (months, quarters apart)
    componenten_hergebruikt: int = 0  # ... whose hidden set came from an earlier publication (`Oplossingen`)
    seconden_aanval: float = 0.0  # of `seconden`: the audit (the attack on the components solved now)
    secundair_bereik: int = 0  # of the secondary cells: published as their range (partial suppression)
    seconden_bereik: float = 0.0  # of `seconden`: choosing the ranges
    aandeel_10_plus_bereik: float = 0.0  # of the non-zero counts of 10 or more: share published as a range
    # The cells published as a range: tabel, periode, niveau, regiocode, kolom, van, tot (no person, no exact value).
    bereiken: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=BEREIKEN_SCHEMA), compare=False)
    # What this publication showed of every cell (sleutel, waarde, verborgen, vorm): the next one keeps it (`Vast`).
    staat: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=STAAT_SCHEMA), compare=False)
    vast: int = 0  # cells kept as the earlier publication showed them
    vast_losgelaten: int = 0  # components whose kept cells left no protecting pattern: solved without them
    van_start: int = 0  # of those solved: quarters from the pattern their months give, not a model (`_van_start`)

    def as_dict(self) -> dict[str, int | float | None]:
        return {
            "cellen": self.cellen, "onderdrukt_primair": self.primair, "onderdrukt_secundair": self.secundair,
            "aandeel_10_plus_onderdrukt": self.aandeel_10_plus_onderdrukt,
            "kleinste_interval": self.kleinste_interval, "componenten": self.componenten,
            "onderdrukt_als_bereik": self.secundair_bereik, "aandeel_10_plus_als_bereik": self.aandeel_10_plus_bereik,
            "snedes": self.snedes, "niet_optimaal": self.niet_optimaal,
            "componenten_opgelost": self.componenten_opgelost, "componenten_hergebruikt": self.componenten_hergebruikt,
            "seconden": round(self.seconden, 2), "seconden_aanval": round(self.seconden_aanval, 2),
            "seconden_bereik": round(self.seconden_bereik, 2), "vast_als_eerder": self.vast,
            "vast_losgelaten": self.vast_losgelaten, "kwartalen_van_start": self.van_start,
        }


class _Onoplosbaar(RuntimeError):
    """No pattern within the bounds protects every primary cell (kept cells that no longer fit, `Vast`). From
    `_solve_component`, args[1] holds the component's cells (global ids)."""


class OnvoldoendeBescherming(RuntimeError):
    """The attack narrowed a primary-suppressed cell below the protection level: do not publish."""


def basis_kolom(kolom: str, kolommen: Iterable[str]) -> str | None:
    """The count of persons a non-count column is computed over: `<kolom>_basis`, else `BASIS`."""
    kolommen = set(kolommen)
    if f"{kolom}_basis" in kolommen:
        return f"{kolom}_basis"
    basis = BASIS.get(kolom)
    return basis if basis in kolommen else None


def is_rate(kolom: str) -> bool:
    return kolom.endswith(PER_1000)


def waarde_kolommen(frame: pl.DataFrame) -> list[str]:
    """The suppressible columns, rates excluded (they follow their count)."""
    return [c for c in frame.columns if c not in NIET_ONDERDRUKT and not is_rate(c)]


def is_telling(dtype: pl.DataType) -> bool:
    return dtype.is_integer()


def lidmaatschap_uit_gemeenten(gemeenten: pl.DataFrame, gemeentecodes: Iterable[str] | None = None) -> pl.DataFrame:
    """`lidmaatschap` (niveau, regiocode, gemeentecode) from the reference table, for the given
    gemeenten (default all): their arbeidsmarktregio and RMC-regio, and `nederland` (NL) over them."""
    ref = gemeenten if gemeentecodes is None else gemeenten.filter(pl.col("gemeentecode").is_in(list(gemeentecodes)))
    return pl.concat([
        ref.select(pl.lit("arbeidsmarktregio").alias("niveau"), pl.col("arbeidsmarktregio_code").alias("regiocode"),
                   "gemeentecode"),
        ref.select(pl.lit("rmc_regio").alias("niveau"), pl.col("rmc_regio_code").alias("regiocode"), "gemeentecode"),
        ref.select(pl.lit("nederland").alias("niveau"), pl.lit("NL").alias("regiocode"), "gemeentecode"),
    ])


def _als_lidmaatschap(frame: pl.DataFrame) -> pl.DataFrame:
    if {"niveau", "regiocode", "gemeentecode"} <= set(frame.columns):
        return frame.select("niveau", "regiocode", "gemeentecode").unique()
    if {"gemeentecode", "arbeidsmarktregio_code", "rmc_regio_code"} <= set(frame.columns):
        return lidmaatschap_uit_gemeenten(frame)
    raise ValueError(
        f"lidmaatschap needs columns niveau, regiocode, gemeentecode (got {frame.columns}): for every published "
        "level above gemeente, which gemeenten it sums"
    )


def cells(maand: pl.DataFrame, kwartaal: pl.DataFrame) -> pl.DataFrame:
    """Every suppressible cell of both tables, long: tabel, periode, niveau, regiocode, kolom, waarde
    (Float64), telling (a count), basis (the value of its basis column, for non-counts), heeft_basis,
    optelbaar (takes part in sums over gemeenten and months), cel (an id)."""
    parts = []
    for tabel, frame, periode in (("monitoring_maand", maand, "peildatum"), ("monitoring_kwartaal", kwartaal, "kwartaal")):
        if frame.is_empty():
            continue
        base = frame.with_columns(pl.col(periode).cast(pl.String).alias("_periode"))
        for kolom in waarde_kolommen(frame):
            basis = basis_kolom(kolom, frame.columns)
            parts.append(
                base.select(
                    pl.lit(tabel).alias("tabel"),
                    pl.col("_periode").alias("periode"),
                    pl.col("niveau").cast(pl.String),
                    pl.col("regiocode").cast(pl.String),
                    pl.lit(kolom).alias("kolom"),
                    pl.col(kolom).cast(pl.Float64).alias("waarde"),
                    pl.lit(is_telling(frame.schema[kolom])).alias("telling"),
                    (pl.col(basis).cast(pl.Float64) if basis else pl.lit(None, pl.Float64)).alias("basis"),
                    pl.lit(basis is not None).alias("heeft_basis"),
                    pl.lit(kolom not in NIET_OPTELBAAR).alias("optelbaar"),
                )
            )
    if not parts:
        return pl.DataFrame(schema={**dict.fromkeys(_CEL, pl.String), "waarde": pl.Float64, "telling": pl.Boolean,
                                    "basis": pl.Float64, "heeft_basis": pl.Boolean, "optelbaar": pl.Boolean,
                                    "cel": pl.UInt32}).select("cel", pl.exclude("cel"))
    # The months first, in the order of their periods: a month is decided with the months before it as they were
    # published (`_protect_maanden_eerst`), which are then a prefix of the cells.
    return pl.concat(parts).sort(pl.col("tabel") != "monitoring_maand", "periode", maintain_order=True).with_row_index("cel")


KOPIE = "|eerder"  # the key of an earlier value's copy: the cell's key, this and the revision's number


def _revisie(sleutel: pl.Expr) -> pl.Expr:
    """The revision's number in a copy's key (`KOPIE`), NULL for a cell's own key."""
    return sleutel.str.extract(rf"{re.escape(KOPIE)}(\d+)$").cast(pl.Int64)


def met_kopieen(cellen: pl.DataFrame, eerder: pl.DataFrame | None) -> pl.DataFrame:
    """`cellen` with a copy of every additive cell whose exact value an earlier publication had otherwise (a rerun on a
    corrected delivery), with that value: whoever kept that publication knows what it showed of the cell, and its
    relations held on those values (audit 3, F2: the copies before and after a corrected June together narrowed 307
    hidden small counts below 5). The copies earlier publications kept come along (`eerder`, their keys ending in
    `KOPIE` and a number): a copy is kept as its publication showed it (`Vast`), never chosen, in the state for good.
    Columns `kopie`, `sleutel_kopie` (its key) and `bron` (the key in `eerder` it was copied from). Sorted as `cells`
    sorts (a copy after the cells of its period), `cel` numbered again."""
    extra = {"kopie": pl.Boolean, "sleutel_kopie": pl.String, "bron": pl.String}
    cellen = cellen.with_columns(*(pl.lit(None, t).alias(k) for k, t in extra.items())).with_columns(
        pl.lit(False).alias("kopie"))
    if eerder is None or eerder.is_empty():
        return cellen
    sleutel = pl.concat_str(_CEL, separator="|").alias("sleutel")
    nu = cellen.select("cel", sleutel, "waarde", "optelbaar")
    staat = eerder.select(*STAAT_SCHEMA).cast(STAAT_SCHEMA).with_columns(
        pl.col("sleutel").str.extract(rf"^(.*){re.escape(KOPIE)}\d+$").alias("basis"),
        _revisie(pl.col("sleutel")).alias("g"))
    oud = staat.filter(pl.col("basis").is_not_null())
    revisie = int(oud["g"].max()) + 1 if oud.height else 1
    gewijzigd = nu.filter("optelbaar").join(staat.filter(pl.col("basis").is_null()), on="sleutel", suffix="_eerder").filter(
        pl.col("waarde").is_not_null() & pl.col("waarde_eerder").is_not_null()
        & ((pl.col("waarde") - pl.col("waarde_eerder")).abs() > 1e-9)
    ).select("cel", pl.col("waarde_eerder").alias("w"), (pl.col("sleutel") + f"{KOPIE}{revisie}").alias("sleutel_kopie"),
             pl.col("sleutel").alias("bron"))
    bewaard = nu.join(oud, left_on="sleutel", right_on="basis").select(
        "cel", pl.col("waarde_right").alias("w"), pl.col("sleutel_right").alias("sleutel_kopie"),
        pl.col("sleutel_right").alias("bron"))
    kopieen = pl.concat([gewijzigd, bewaard])
    if kopieen.is_empty():
        return cellen
    rijen = cellen.drop(*extra).join(kopieen, on="cel").with_columns(
        pl.col("w").alias("waarde"), pl.lit(True).alias("kopie")).select(cellen.columns)
    return pl.concat([cellen, rijen]).sort(pl.col("tabel") != "monitoring_maand", "periode", maintain_order=True).drop(
        "cel").with_row_index("cel")


def primary(cellen: pl.DataFrame) -> pl.Series:
    """rules.md 5, primary: counts 1..4, and non-counts over fewer than 10 persons (or without a basis)."""
    telling = pl.col("telling") & pl.col("waarde").is_between(KLEIN_MIN, KLEIN_MAX)
    gemiddelde = ~pl.col("telling") & (~pl.col("heeft_basis") | (pl.col("basis").fill_null(0) < MIN_PERSONEN))
    return cellen.select((telling | gemiddelde).alias("primair"))["primair"]


@dataclass(frozen=True)
class Relaties:
    """The published figures' relations. `leden`: one row per (relatie, cel) with coef (-1 the total,
    +1 a part): sum(coef * value) = 0 for `soort` eq, <= 0 for le. `koppelingen`: sets of cells of
    which never exactly one may be hidden (a ratio and its two terms; a stock and its quarter). `vorig` marks in a
    stock and flow (`_voorraad_stroom`) the month before's list (it ties a month to the one before: `vensters`)."""

    leden: pl.DataFrame
    koppelingen: list[tuple[int, ...]]


def relations(cellen: pl.DataFrame, lidmaatschap: pl.DataFrame) -> Relaties:
    """All relations between the cells, set-based joins over `cellen`. `eq_bekend` splits become eq
    or le per row from the values in `cellen` (the exact figures). The attacker is modelled with them window by
    window (`vensters`). With earlier values' copies (`met_kopieen`): also the relations as each earlier publication
    had them (its copies in place of their cells) that hold a copy and hold on those values."""
    kopie = _kopieen(cellen)
    if not kopie.any():
        return _relaties(cellen, lidmaatschap)
    delen = [_relaties(cellen.filter(pl.Series(~kopie)), lidmaatschap)]
    sleutel = cellen.select(pl.concat_str(_CEL, separator="|"))[:, 0]
    generatie = cellen.select(_revisie(pl.col("sleutel_kopie")))[:, 0]
    for r in sorted(set(generatie.drop_nulls().to_list())):
        # As publication r saw them: per cell its first copy made at or after revision r, else its present value.
        kopieen = pl.DataFrame({"sleutel": sleutel, "g": generatie}).with_row_index("i").filter(pl.col("g") >= r)
        eerste = kopieen.sort("g").group_by("sleutel", maintain_order=True).first()
        vervangen = ~kopie & sleutel.is_in(eerste["sleutel"].implode()).to_numpy()
        gebruikt = np.zeros(cellen.height, bool)
        gebruikt[eerste["i"].to_numpy()] = True
        zicht = cellen.filter(pl.Series((~kopie & ~vervangen) | gebruikt))
        rel = _relaties(zicht, lidmaatschap)
        met_kopie = rel.leden.filter(pl.Series(gebruikt).gather(rel.leden["cel"]))["relatie"].unique()
        rel = Relaties(rel.leden.filter(pl.col("relatie").is_in(met_kopie.implode())),
                       [k for k in rel.koppelingen if gebruikt[list(k)].any()])
        delen.append(_houdend(zicht, rel))
    return _samen(delen)


def _kopieen(cellen: pl.DataFrame) -> np.ndarray:
    """Per cell: an earlier value's copy (`met_kopieen`)."""
    return cellen["kopie"].to_numpy() if "kopie" in cellen.columns else np.zeros(cellen.height, bool)


def _houdend(cellen: pl.DataFrame, relaties: Relaties) -> Relaties:
    """Only the relations that hold on the values of `cellen` (an earlier publication's, where a region's composition
    or a relation changed since)."""
    if relaties.leden.is_empty():
        return relaties
    som = relaties.leden.join(cellen.select("cel", "waarde"), on="cel").group_by("relatie", "soort").agg(
        (pl.col("coef") * pl.col("waarde").fill_null(0.0)).sum().alias("d"))
    goed = som.filter(((pl.col("soort") == EQ) & (pl.col("d").abs() <= 1e-6)) | ((pl.col("soort") == LE) & (pl.col("d") <= 1e-6)))
    return Relaties(relaties.leden.join(goed.select("relatie"), on="relatie", how="semi", maintain_order="left"),
                    relaties.koppelingen)


def _samen(delen: list[Relaties]) -> Relaties:
    """The relations of `delen` as one (numbered again in order), each relation once: the same members, coefficients
    and kind in a later part are left out."""
    koppelingen = list(dict.fromkeys(k for deel in delen for k in deel.koppelingen))
    leden = [deel.leden.with_columns(pl.lit(i).alias("_deel")) for i, deel in enumerate(delen) if not deel.leden.is_empty()]
    if not leden:
        return Relaties(delen[0].leden, koppelingen)
    alle = pl.concat(leden)
    vorm = alle.sort("_deel", "relatie", "cel").group_by("_deel", "relatie", maintain_order=True).agg(
        pl.concat_str(pl.col("cel").cast(pl.String), pl.col("coef").cast(pl.String), separator=":").str.join(",")
        .alias("_vorm"), pl.col("soort").first())
    nummer = vorm.unique(["_vorm", "soort"], keep="first", maintain_order=True).with_row_index("_nieuw")
    return Relaties(alle.join(nummer.select("_deel", "relatie", "_nieuw"), on=["_deel", "relatie"], maintain_order="left")
                    .with_columns(pl.col("_nieuw").alias("relatie")).select(delen[0].leden.columns), koppelingen)


def _relaties(cellen: pl.DataFrame, lidmaatschap: pl.DataFrame) -> Relaties:
    lidmaatschap = _als_lidmaatschap(lidmaatschap)
    keyed = cellen.select("cel", *_CEL, "waarde", "optelbaar")
    found: list[pl.DataFrame] = []

    def add(totaal: pl.DataFrame, delen: pl.DataFrame, by: list[str], soort: str) -> None:
        """A relation per distinct `by` of `totaal` (one cell) with the `delen` cells of the same `by`."""
        if totaal.is_empty() or delen.is_empty():
            return
        sleutels = totaal.select(*by).unique().sort(by).with_row_index("_r")
        t = totaal.join(sleutels, on=by).select("_r", "cel", pl.lit(-1.0).alias("coef"))
        d = delen.join(sleutels, on=by).select("_r", "cel", pl.lit(1.0).alias("coef"))
        rel = pl.concat([t, d]).with_columns(pl.lit(soort).alias("soort"))
        if soort == EQ_BEKEND:
            som = rel.join(keyed.select("cel", "waarde"), on="cel").group_by("_r").agg(
                (pl.col("coef") * pl.col("waarde").fill_null(0)).sum().abs().alias("_d")
            )
            rel = rel.join(som, on="_r").with_columns(
                pl.when(pl.col("_d") < 1e-9).then(pl.lit(EQ)).otherwise(pl.lit(LE)).alias("soort")
            ).drop("_d")
        found.append(rel)

    rij = ["tabel", "periode", "niveau", "regiocode"]
    aanwezig = set(cellen["kolom"].unique().to_list())
    for split in SPLITSINGEN:
        if split.totaal not in aanwezig or not set(split.delen) & aanwezig:
            continue
        add(keyed.filter(pl.col("kolom") == split.totaal), keyed.filter(pl.col("kolom").is_in(split.delen)), rij,
            split.soort if set(split.delen) <= aanwezig else LE)

    # Across levels, per column: a region is the sum of the gemeenten `lidmaatschap` gives it.
    optelbaar = keyed.filter(pl.col("optelbaar"))
    gem = optelbaar.filter(pl.col("niveau") == "gemeente")
    leden = gem.join(lidmaatschap.rename({"regiocode": "_regio", "niveau": "_niveau"}),
                     left_on="regiocode", right_on="gemeentecode")
    regio = optelbaar.filter(pl.col("niveau") != "gemeente").join(
        lidmaatschap.select(pl.col("niveau"), pl.col("regiocode")).unique(), on=["niveau", "regiocode"], how="semi"
    ).with_columns(pl.col("niveau").alias("_niveau"), pl.col("regiocode").alias("_regio"))
    add(regio, leden, ["tabel", "periode", "kolom", "_niveau", "_regio"], EQ)

    # Across periods, per row and column: a quarter is the sum of its months (flows) or its last month (stocks).
    maand = keyed.filter(pl.col("tabel") == "monitoring_maand").with_columns(
        pl.col("periode").str.to_date().alias("_datum")
    ).with_columns(
        (pl.col("_datum").dt.year().cast(pl.String) + "-Q" + pl.col("_datum").dt.quarter().cast(pl.String)).alias("_kwartaal")
    )
    koppelingen: list[tuple[int, ...]] = []
    if not maand.is_empty():
        laatste = maand.group_by("_kwartaal").agg(pl.col("_datum").max().alias("_laatste"))
        maand = maand.join(laatste, on="_kwartaal")
        kwartaal = keyed.filter(pl.col("tabel") == "monitoring_kwartaal").rename({"periode": "_kwartaal"})
        by = ["_kwartaal", "niveau", "regiocode", "kolom"]
        stromen = maand.filter(pl.col("optelbaar") & ~pl.col("kolom").is_in(list(STANDEN)))
        standen = maand.filter(pl.col("kolom").is_in(list(STANDEN)) & (pl.col("_datum") == pl.col("_laatste")))
        add(kwartaal.filter(pl.col("optelbaar")), pl.concat([stromen, standen.filter(pl.col("optelbaar"))]), by, EQ)
        # A stock average is the same figure in its last month and its quarter: hidden together.
        paar = standen.filter(~pl.col("optelbaar")).join(kwartaal.filter(~pl.col("optelbaar")), on=by)
        koppelingen += [tuple(r) for r in paar.select("cel", "cel_right").rows()]
        found.extend(_voorraad_stroom(maand))
    for kolommen in KOPPELINGEN:
        if not set(kolommen) <= aanwezig:
            continue
        rijen = keyed.filter(pl.col("kolom").is_in(kolommen)).group_by(rij, maintain_order=True).agg(pl.col("cel"))
        koppelingen += [tuple(c) for c in rijen["cel"].to_list() if len(c) == len(kolommen)]

    if not found:
        leden_frame = pl.DataFrame(schema={"relatie": pl.UInt32, "cel": pl.UInt32, "coef": pl.Float64, "soort": pl.String,
                                           "vorig": pl.Boolean})
        return Relaties(leden_frame, koppelingen)
    numbered = []
    offset = 0
    for frame in found:
        numbered.append(frame.with_columns((pl.col("_r").cast(pl.UInt32) + offset).alias("relatie")).drop("_r"))
        offset += int(frame["_r"].max()) + 1
    numbered = [(f if "vorig" in f.columns else f.with_columns(pl.lit(False).alias("vorig")))
                .select("relatie", pl.col("cel").cast(pl.UInt32), "coef", "soort", "vorig") for f in numbered]
    alle = pl.concat(numbered)
    # A relation needs a total and at least one part (the stock and flow of `_voorraad_stroom` has two of each).
    size = alle.group_by("relatie").agg((pl.col("coef") < 0).sum().alias("t"), (pl.col("coef") > 0).sum().alias("d"))
    alle = alle.join(size.filter((pl.col("t") >= 1) & (pl.col("d") >= 1)).select("relatie"), on="relatie", how="semi")
    return Relaties(alle, koppelingen)


def _voorraad_stroom(maand: pl.DataFrame) -> list[pl.DataFrame]:
    """Across consecutive months, per gemeente: the list of a month is the list of the month before, plus who came on,
    less who left (op_lijst(P) + uitstroom(P) = op_lijst(P-1) + instroom(P); the delta's reconciliation checks it on
    every run, and docs/analysts.md tells the analysts). Without it, a hidden uitstroom of 4 beside a shown instroom
    and the two lists was 28 + 5 - 29 (audit 3). Where the exact figures break it (a merger of gemeenten), an attacker
    who assumes it derives a wrong value, so it is left out there. A region's is the sum of its gemeenten's (a region
    is the sum of its gemeenten per column); a quarter's follows from its months'.

    It ties each month to the one before through the lists that are hidden (a gemeente with 1 to 4 youths on its
    list, two or three nationally each month, or a list hidden to protect another figure): `vensters` says how far
    the attacker is modelled along that chain."""
    rij = ["niveau", "regiocode"]
    gem = maand.filter((pl.col("niveau") == "gemeente") & pl.col("optelbaar"))

    def kolom(naam: str, achtervoegsel: str) -> pl.DataFrame:
        return gem.filter(pl.col("kolom") == naam).select(
            *rij, "_datum", pl.col("cel").alias(f"cel_{achtervoegsel}"), pl.col("waarde").alias(f"w_{achtervoegsel}"))

    nu = kolom("op_lijst", "op")
    if nu.is_empty():
        return []
    vorig = kolom("op_lijst", "vorig").with_columns(pl.col("_datum").dt.offset_by("1mo"))
    rijen = nu.join(vorig, on=[*rij, "_datum"]).join(kolom("instroom", "in"), on=[*rij, "_datum"]).join(
        kolom("uitstroom", "uit"), on=[*rij, "_datum"]
    ).filter((pl.col("w_op") + pl.col("w_uit") - pl.col("w_vorig") - pl.col("w_in")).abs() < 1e-9)
    if rijen.is_empty():
        return []
    rijen = rijen.sort(*rij, "_datum").with_row_index("_r")
    return [pl.concat([
        rijen.select("_r", pl.col(f"cel_{deel}").alias("cel"), pl.lit(coef).alias("coef"), pl.lit(deel == "vorig").alias("vorig"))
        for deel, coef in (("op", -1.0), ("uit", -1.0), ("vorig", 1.0), ("in", 1.0))
    ]).with_columns(pl.lit(EQ).alias("soort"))]


def kwartalen(cellen: pl.DataFrame) -> pl.Series:
    """Each cell's quarter: a month's (2025-02-01: 2025-Q1), a quarter cell's own period."""
    maand = pl.col("periode").str.slice(5, 2).cast(pl.Int32, strict=False)
    return cellen.select(
        pl.when(pl.col("tabel") == "monitoring_maand")
        .then(pl.col("periode").str.slice(0, 4) + "-Q" + ((maand - 1) // 3 + 1).cast(pl.String))
        .otherwise(pl.col("periode")).alias("kwartaal")
    )["kwartaal"]


# The last frame's quarters per cell (`kwartaal_per_cel`): the frame, weakly, and the array.
_KWARTAAL: tuple[weakref.ref, np.ndarray] | None = None


def kwartaal_per_cel(cellen: pl.DataFrame) -> np.ndarray:
    """`kwartalen(cellen)` as a read-only array, made once per frame: the choice and the audit ask for it with every
    window, each over the whole history (Midden-Limburg after 60 months: 62 times over 60,416 cells, 0.7 of the
    republication's 4.4 s). A frame is never changed in place (polars), so the same object has the same quarters."""
    global _KWARTAAL
    laatste = _KWARTAAL
    if laatste is not None and laatste[0]() is cellen:
        return laatste[1]
    kw = kwartalen(cellen).to_numpy()
    kw.setflags(write=False)
    _KWARTAAL = (weakref.ref(cellen), kw)
    return kw


def vensters(cellen: pl.DataFrame, relaties: Relaties) -> dict[str, Relaties]:
    """The relations the attacker is modelled with, per quarter (a window): the relations of the quarter's months and
    of the quarter itself, the list's stock and flow included; the last month of the quarter before with its own
    relations and its stock and flow, which the stock and flow of the quarter's first month ties to it; and the lists
    of the month before that one, with the regions' sums of them, which that month's stock and flow ties in (March's
    and February's in Q2's window). The protection is chosen and audited within each window: a month with the months
    before it in its quarter and those two months before the quarter, a quarter with its months and them; each window
    with what the one before gives about those months' hidden lists (`doorgegeven`).

    Not further: every month's hidden lists tie it to the month before, so modelled whole the history is one chain
    (docs/privacy.md, *The list's stock and flow*: the third national month took 11 minutes and 6 GB against 2.5).
    A window is bounded, and overlaps the one before in a month and the lists of the month before it. Without those
    lists, a quarter that pins a hidden list of the month before it gave that month's small count away through the
    stock and flow to a hidden list of the month before that (June's instroom of 1 as AM01's June list - 8 with
    Q3 fixing that list at 9: `test_what_a_quarter_gives_...`). That month's other figures and relations stay out:
    with them, April's national publication merged components so that it ran for more than 15 minutes at 16 GB before
    it was stopped (docs/privacy.md). What a chain over more gives an attacker who combines it is measured there."""
    leden = relaties.leden
    if leden.is_empty():
        return {}
    kw = kwartalen(cellen)
    cel = leden["cel"].to_numpy().astype(np.int64)
    leden = leden.with_columns(
        kw.gather(cel).alias("_kw"), cellen["periode"].gather(cel).alias("_p"),
        (cellen["kolom"].gather(cel) == "op_lijst").alias("_lijst"),
    )
    maand = pl.col("_p_min").str.slice(5, 2)
    een_maand = (pl.col("_p_min") == pl.col("_p_max")) & (pl.col("_p_min").str.len_chars() == 10)
    per_rel = leden.group_by("relatie").agg(
        pl.col("_kw").filter(~pl.col("vorig")).first().alias("thuis"),
        pl.col("_p").filter(~pl.col("vorig")).min().alias("_p_min"),
        pl.col("_p").filter(~pl.col("vorig")).max().alias("_p_max"),
        pl.col("_lijst").all().alias("_lijsten"),
    ).with_columns(
        # A relation within one month that ends a quarter (with its stock and flow, which holds the list of the month
        # before) belongs to the next quarter's window too; so does a relation of the lists alone of the month before
        # that one.
        pl.when(een_maand & maand.is_in(["03", "06", "09", "12"]))
        .then(pl.col("_p_min").str.to_date(strict=False).dt.offset_by("1mo").cast(pl.String))
        .when(een_maand & pl.col("_lijsten") & maand.is_in(["02", "05", "08", "11"]))
        .then(pl.col("_p_min").str.to_date(strict=False).dt.offset_by("2mo").cast(pl.String))
        .alias("_volgende")
    ).with_columns(
        (pl.col("_volgende").str.slice(0, 4) + "-Q" + ((pl.col("_volgende").str.slice(5, 2).cast(pl.Int32) - 1) // 3
                                                       + 1).cast(pl.String)).alias("ook")
    )
    # After a correction the quarters with earlier values' copies are one window: old and new figures differ only in
    # the changed cells, so an attacker who subtracts them chains those quarters (on the demo with June corrected,
    # quarter windows left 197 hidden small counts narrower than 5 to an attacker who chained every relation).
    samen = set(kw.filter(pl.Series(_kopieen(cellen))).unique().to_list())
    thuis = pl.concat([per_rel.select("relatie", pl.col("thuis").alias("venster")),
                       per_rel.filter(pl.col("ook").is_not_null()).select("relatie", pl.col("ook").alias("venster"))])
    kw_np = kw.to_numpy()
    koppelingen: dict[str, list[tuple[int, ...]]] = {}
    for k in relaties.koppelingen:
        eigen = set(kw_np[list(k)].tolist())
        if len(eigen) == 1:
            koppelingen.setdefault(eigen.pop(), []).append(k)
    uit: dict[str, Relaties] = {}
    for (venster,), rel in thuis.partition_by("venster", as_dict=True, maintain_order=True).items():
        uit[venster] = Relaties(relaties.leden.join(rel.select("relatie"), on="relatie", how="semi", maintain_order="left"),
                                koppelingen.get(venster, []))
    for venster in koppelingen:
        if venster not in uit:
            uit[venster] = Relaties(relaties.leden.clear(), koppelingen[venster])
    if len(samen & set(uit)) > 1:
        uit.update(dict.fromkeys(samen & set(uit), _een_venster([uit[k] for k in sorted(samen & set(uit))])))
    return dict(sorted(uit.items()))


def _kwartaal_ervoor(kw: str) -> str:
    """The quarter before `kw` (2025-Q1: 2024-Q4)."""
    jaar, q = int(kw[:4]), int(kw[-1])
    return f"{jaar - 1}-Q4" if q == 1 else f"{jaar}-Q{q - 1}"


def doorgegeven(cellen: pl.DataFrame, venster: Callable[[str], Relaties], kw: str, verborgen: np.ndarray,
                bereiken: tuple[np.ndarray, np.ndarray], grenzen: tuple[np.ndarray, np.ndarray],
                geheugen: dict[bytes, object] | None = None, oplossingen: Oplossingen | None = None) -> None:
    """Carry into window `kw` what the window before it gives an attacker about the hidden lists of the two months
    before the quarter, which the stock and flows of the quarter's first month and of the month before it tie in: their
    intervals in the window of the quarter before (`venster`), attacked with the published ranges (`bereiken`: van,
    tot per cell, NaN where none) and what was carried into that one, narrow `grenzen` (alike; changed in place) for
    those cells. The windows overlap in those months, and an attacker who has both intersects what each gives: a small
    list hidden month after month was narrowed so below 5 over several windows, each of which left it 5 wide
    (docs/privacy.md, *The list's stock and flow*). Sound (the bounds hold for the exact figures), and cheap: only
    those hidden lists are attacked, a few cells a quarter. `geheugen`: the attacks made before (in this publication),
    by what they depend on: the choice and its audit attack the same window when this publication left it as it was
    (national April: 69 hidden lists in a component of 15,712 cells, 5.6 s on the small program, `klein`)."""
    ervoor = _kwartaal_ervoor(kw)
    eigen, rel = venster(kw), venster(ervoor)
    # (one window for both, quarters with earlier values' copies: it models both, nothing to carry)
    if eigen.leden.is_empty() or rel is eigen:
        return
    vorig = np.unique(eigen.leden.filter(pl.col("vorig"))["cel"].to_numpy().astype(np.int64))
    kw_cel = kwartaal_per_cel(cellen)
    doelen = vorig[verborgen[vorig] & (kw_cel[vorig] == ervoor)]
    if doelen.size == 0:
        return
    van, tot = _samen_grenzen(bereiken, grenzen)
    cel = np.unique(rel.leden["cel"].to_numpy().astype(np.int64))
    sleutel = b"|".join([*(x.tobytes() for x in (doelen, cel, np.unique(rel.leden["relatie"].to_numpy()), verborgen[cel],
                                                 van[cel], tot[cel])), repr(rel.koppelingen).encode()])
    intervallen = None if geheugen is None else geheugen.get(sleutel)
    if intervallen is None:
        intervallen = attack_intervals(cellen, rel, verborgen, doelen, van, tot, klein=True, oplossingen=oplossingen)
        if geheugen is not None:
            geheugen[sleutel] = intervallen
    ids = intervallen["cel"].to_numpy().astype(np.int64)
    grenzen[0][ids] = np.fmax(grenzen[0][ids], intervallen["ondergrens"].to_numpy())
    grenzen[1][ids] = np.fmin(np.where(np.isnan(grenzen[1][ids]), np.inf, grenzen[1][ids]),
                              intervallen["bovengrens"].to_numpy())


class Gegeven(NamedTuple):
    """What a window is given (`doorgegeven_tot`): the cells with a bound, few (hidden lists of the months two windows
    share), and their bounds, NaN for a side without one. A full pair of arrays per window of the history grew with
    its square: nationally after five years about 20 windows x 1.2 million cells x 32 bytes."""
    cel: np.ndarray
    onder: np.ndarray
    boven: np.ndarray

    def vol(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Van, tot per cell of `n` (NaN where none)."""
        van, tot = np.full(n, np.nan), np.full(n, np.nan)
        van[self.cel], tot[self.cel] = self.onder, self.boven
        return van, tot


def alle_doorgegeven(cellen: pl.DataFrame, per_kwartaal: Mapping[str, Relaties], verborgen: np.ndarray,
                     bereiken: tuple[np.ndarray, np.ndarray],
                     geheugen: dict[bytes, object] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """What each window (`vensters`) is given by the one before it (`doorgegeven`), in order: van, tot per cell."""
    tot_nu = doorgegeven_tot(cellen, per_kwartaal, verborgen, bereiken, geheugen)
    return tot_nu[max(tot_nu)].vol(cellen.height) if tot_nu else (np.full(cellen.height, np.nan),
                                                                   np.full(cellen.height, np.nan))


def doorgegeven_tot(cellen: pl.DataFrame, per_kwartaal: Mapping[str, Relaties], verborgen: np.ndarray,
                    bereiken: tuple[np.ndarray, np.ndarray], geheugen: dict[bytes, object] | None = None,
                    oplossingen: Oplossingen | None = None) -> dict[str, Gegeven]:
    """Per window (`vensters`, by quarter): what it and the windows before it are given (`doorgegeven`, in order), as
    the choice has it when it chooses and checks that window. What a later window is given about this one's cells is
    derived from this one's relations and what this one is given, so within this window, and with the one before at
    once, it narrows nothing more (the same program with an implied bound)."""
    grenzen = (np.full(cellen.height, np.nan), np.full(cellen.height, np.nan))
    uit: dict[str, Gegeven] = {}
    if not per_kwartaal:
        return uit
    leeg = Relaties(next(iter(per_kwartaal.values())).leden.clear(), [])
    for kw in sorted(per_kwartaal):
        doorgegeven(cellen, lambda k: per_kwartaal.get(k, leeg), kw, verborgen, bereiken, grenzen, geheugen, oplossingen)
        cel = np.flatnonzero(~(np.isnan(grenzen[0]) & np.isnan(grenzen[1])))
        uit[kw] = Gegeven(cel, grenzen[0][cel], grenzen[1][cel])
    return uit


def _een_venster(delen: list[Relaties]) -> Relaties:
    """Windows as one: every relation of each (the same relation in two once)."""
    return Relaties(pl.concat([d.leden for d in delen]).unique(["relatie", "cel"], maintain_order=True),
                    list(dict.fromkeys(k for d in delen for k in d.koppelingen)))


def _paar_componenten(cellen: pl.DataFrame, per_kwartaal: Mapping[str, Relaties], kw: str, verborgen: np.ndarray,
                      doel: np.ndarray) -> tuple[list[_Component], np.ndarray]:
    """The components of window `kw` and the window before it as one that hold a target (`doel`) of either quarter and
    a hidden cell of a relation of each window alone (the others are one window's own, audited there); and those
    targets (a mask over the cells)."""
    ervoor = _kwartaal_ervoor(kw)
    eigen, rel = per_kwartaal.get(kw), per_kwartaal.get(ervoor)
    geen: tuple[list[_Component], np.ndarray] = ([], np.zeros(cellen.height, bool))
    if eigen is None or rel is None or eigen is rel or eigen.leden.is_empty() or rel.leden.is_empty():
        return geen
    doelen = doel & verborgen & np.isin(kwartaal_per_cel(cellen), [ervoor, kw])
    alleen = []
    for een, ander in ((eigen, rel), (rel, eigen)):
        cel = een.leden.join(ander.leden.select("relatie").unique(), on="relatie", how="anti")["cel"]
        alleen.append(np.zeros(cellen.height, bool))
        alleen[-1][cel.to_numpy().astype(np.int64)] = True
        alleen[-1] &= verborgen
    if not (doelen.any() and alleen[0].any() and alleen[1].any()):
        return geen
    return _components(cellen, _een_venster([rel, eigen]), ~verborgen, met=(doelen, *alleen)), doelen


def paar_aanval(cellen: pl.DataFrame, per_kwartaal: Mapping[str, Relaties], kw: str, verborgen: np.ndarray,
                van: np.ndarray, tot: np.ndarray, doel: np.ndarray, *, smalste_vanaf: float | None = None,
                processen: int = 1, geheugen: dict[bytes, object] | None = None,
                voortgang: Callable[[str], None] | None = None
                ) -> list[tuple[_Component, np.ndarray, tuple[np.ndarray, np.ndarray]]]:
    """The attack on the targets (`doel`, hidden in `verborgen`) of window `kw`'s quarter and the quarter before by an
    attacker who has both windows at once, as `_attack_components` gives it, in the components `_paar_componenten`
    finds (`van`/`tot`: what the attacker knows of hidden cells, NaN where nothing). Each window is chosen and audited
    on its own, and what the window before gives (`doorgegeven`) is an interval per hidden list, forward only: a
    window's figures narrow the hidden cells of the month it shares with the window before, which that window's own
    relations (its quarter's) can turn into a narrow count of that quarter (May's uitstroom of 1 in [0, 2] where each
    window left it 5 wide: `test_what_a_quarter_gives_about_the_month_it_shares_...`), and what one interval per cell
    leaves out of the window before can narrow a count of the later one (docs/privacy.md, *The list's stock and
    flow*). `voortgang`: told how far a component that takes long is."""
    comps, doelen = _paar_componenten(cellen, per_kwartaal, kw, verborgen, doel)
    return _aanval_onthouden(comps, verborgen, doelen, van, tot, smalste_vanaf, processen, geheugen, voortgang)


def _aanval_onthouden(comps: list[_Component], verborgen: np.ndarray, doelen: np.ndarray, van: np.ndarray,
                      tot: np.ndarray, smalste_vanaf: float | None, processen: int,
                      geheugen: dict[bytes, object] | None, melden: Callable[[str], None] | None = None
                      ) -> list[tuple[_Component, np.ndarray, tuple[np.ndarray, np.ndarray]]]:
    """`_attack_components` of `comps` (each holds a target), in their order, each kept in `geheugen` by what its attack
    depends on: the choice's last check of a window is its audit's."""
    sleutels = [b"|".join([b"paar", repr(smalste_vanaf).encode(), comp.cellen.tobytes(), doelen[comp.cellen].tobytes(),
                           verborgen[comp.cellen].tobytes(), van[comp.cellen].tobytes(), tot[comp.cellen].tobytes(),
                           comp.b_eq.tobytes(), comp.b_le.tobytes(),
                           *(m.indptr.tobytes() + m.indices.tobytes() + m.data.tobytes() for m in (comp.a_eq, comp.a_le))])
                for comp in comps]
    bekend = {} if geheugen is None else geheugen
    werk = [comp for comp, sleutel in zip(comps, sleutels, strict=True) if sleutel not in bekend]
    nieuw = {id(comp): (targets, grenzen) for comp, targets, grenzen in
             _attack_components(werk, verborgen, doelen, van, tot, smalste_vanaf, processen, melden)}
    uit = []
    for comp, sleutel in zip(comps, sleutels, strict=True):
        targets, grenzen = bekend[sleutel] if sleutel in bekend else nieuw[id(comp)]
        bekend[sleutel] = (targets, grenzen)
        uit.append((comp, targets, grenzen))
    return uit  # type: ignore[return-value]


def _paar_verbergen(cellen: pl.DataFrame, per_kwartaal: Mapping[str, Relaties], kw: str, smal: np.ndarray,
                    breedte: np.ndarray, verborgen: np.ndarray, kandidaat: np.ndarray, c_all: np.ndarray,
                    van: np.ndarray, tot: np.ndarray, niveau: float) -> np.ndarray:
    """The cells of `kandidaat` to hide besides `verborgen` for each target `smal` (which `paar_aanval` narrowed to
    `breedte`, below `niveau`): by the Benders cut of its programs in window `kw` and the window before as one,
    what hiding each adds to the width they can reach (at most; the published ranges and what is carried bound it
    more), the cheapest for what they add first, until they add what it lacks. A heuristic: the caller checks again.
    Empty when no candidate adds anything."""
    samen = _een_venster([per_kwartaal[_kwartaal_ervoor(kw)], per_kwartaal[kw]])
    # The candidates as members, not constants: the cut says what hiding each adds.
    comps = _components(cellen, samen, ~(verborgen | kandidaat))
    van_comp = np.full(cellen.height, -1)
    for i, comp in enumerate(comps):
        van_comp[comp.cellen] = i
    extra: list[np.ndarray] = []
    h_alle = verborgen.copy()
    for p, b in zip(smal.tolist(), breedte.tolist(), strict=True):
        if van_comp[p] < 0:
            continue
        comp = comps[van_comp[p]]
        g = comp.cellen
        h = h_alle[g]
        lokaal = int(np.flatnonzero(g == p)[0])
        aanvaller = _Aanvaller(comp, h, niveau, van[g], tot[g], volledig=True)
        coef = aanvaller.snede(lokaal, 1.0)[2] + aanvaller.snede(lokaal, -1.0)[2]
        keuze = np.flatnonzero(kandidaat[g] & ~h & (coef > 1e-9))
        if keuze.size == 0:
            continue
        keuze = keuze[np.argsort(c_all[g][keuze] / coef[keuze], kind="stable")]
        keuze = keuze[: int(np.searchsorted(np.cumsum(coef[keuze]), niveau - b - 1e-9)) + 1]
        h_alle[g[keuze]] = True
        extra.append(g[keuze])
    return np.unique(np.concatenate(extra)) if extra else np.zeros(0, np.int64)


def _uniek(vensters: Iterable[Relaties]) -> list[Relaties]:
    """Each window once (after a correction several quarters share one: `vensters`)."""
    return list({id(v): v for v in vensters}.values())


def check_relations(cellen: pl.DataFrame, relaties: Relaties, *, tolerantie: float = 1e-6) -> None:
    """Raise when the exact figures break a relation the protection relies on: the model of what an
    attacker knows would be wrong (names the cells, never a value)."""
    if relaties.leden.is_empty():
        return
    som = relaties.leden.join(cellen.select("cel", "waarde"), on="cel").group_by("relatie", "soort").agg(
        (pl.col("coef") * pl.col("waarde").fill_null(0.0)).sum().alias("d"),
        pl.col("cel").filter(pl.col("coef") < 0).first().alias("totaal"),
    )
    fout = som.filter(
        ((pl.col("soort") == EQ) & (pl.col("d").abs() > tolerantie)) | ((pl.col("soort") == LE) & (pl.col("d") > tolerantie))
    )
    if fout.is_empty():
        return
    voorbeeld = cellen.join(fout.select(pl.col("totaal").alias("cel")), on="cel", how="semi").head(5)
    plekken = "; ".join(f"{r['tabel']} {r['periode']} {r['niveau']} {r['regiocode']} {r['kolom']}"
                        for r in voorbeeld.iter_rows(named=True))
    raise ValueError(
        f"{fout.height} relation(s) between published figures do not hold on the exact figures, e.g. the total "
        f"of: {plekken}. A region must be the sum of exactly the gemeenten `lidmaatschap` gives it, a total the "
        "sum of its split, a quarter the sum (or last) of its months; fix the monitoring tables or lidmaatschap."
    )


def kosten(cellen: pl.DataFrame, lidmaatschap: pl.DataFrame | None = None) -> np.ndarray:
    """Cost of hiding each cell: its size + 1, times factors that make totals, regions, quarters and
    cells of 10+ go last. A region weighs 1 + 4 per gemeente it sums (so of two nested regions the
    larger is kept), a cell of 10 or more of the largest (the area's own) `KOSTEN_GEBIED` times that; without
    `lidmaatschap`, `KOSTEN_NIVEAU`."""
    totalen = {s.totaal for s in SPLITSINGEN} | {"op_lijst"}
    grootte = pl.when(pl.col("telling")).then(pl.col("waarde").fill_null(0).clip(0, None)).otherwise(
        pl.col("basis").fill_null(MIN_PERSONEN)
    )
    niveau = pl.col("niveau").replace_strict(KOSTEN_NIVEAU, default=KOSTEN_NIVEAU["subregio"], return_dtype=pl.Float64)
    frame = cellen
    gebied = pl.lit(False)
    grootste_niveau = max(KOSTEN_NIVEAU.values())
    if lidmaatschap is not None:
        n = _als_lidmaatschap(lidmaatschap).group_by("niveau", "regiocode").agg(
            (1.0 + 4.0 * pl.len().cast(pl.Float64)).alias("_factor"))
        n = n.with_columns((pl.col("_factor") == pl.col("_factor").max()).alias("_gebied"))
        frame = cellen.join(n, on=["niveau", "regiocode"], how="left", maintain_order="left")
        niveau = pl.when(pl.col("niveau") == "gemeente").then(1.0).otherwise(pl.col("_factor").fill_null(niveau))
        gebied = pl.col("_gebied").fill_null(False)
        grootste_niveau = max(grootste_niveau if n.is_empty() else float(n["_factor"].max()), KOSTEN_NIVEAU["subregio"])
    # The dearest a cell below 10 can be: 10 (its size + 1) in the largest region, a total, in a quarter.
    klein_max = MIN_PERSONEN * grootste_niveau * KOSTEN_TOTAAL * KOSTEN_KWARTAAL
    return frame.select(
        (grootte + 1)
        * niveau
        * pl.when(pl.col("kolom").is_in(list(totalen))).then(KOSTEN_TOTAAL).otherwise(1.0)
        * pl.when(pl.col("tabel") == "monitoring_kwartaal").then(KOSTEN_KWARTAAL).otherwise(1.0)
        * pl.when(grootte >= 10).then(KOSTEN_TIEN_PLUS).otherwise(1.0)
        * pl.when((grootte >= 10) & gebied).then(KOSTEN_GEBIED).otherwise(1.0)
        + pl.when(grootte >= 10).then(TIEN_PLUS_BOVEN_KLEIN * klein_max).otherwise(0.0)
    ).to_series().to_numpy().astype(float)


@dataclass
class _Component:
    """One independent subproblem: its cells (global ids), and its relations as sparse rows over them: a_eq @ x = b_eq,
    a_le @ x <= b_le, where b holds the published values of the relations' members outside it (`konstant`)."""

    cellen: np.ndarray
    a: np.ndarray  # exact values (0 for non-additive cells, which are in no relation)
    a_eq: sparse.csr_array
    a_le: sparse.csr_array
    koppelingen: list[tuple[int, ...]]  # local indices
    b_eq: np.ndarray
    b_le: np.ndarray


def _components(cellen: pl.DataFrame, relaties: Relaties, konstant: np.ndarray | None = None,
                met: Sequence[np.ndarray] = ()) -> list[_Component]:
    """The independent subproblems. `konstant`: cells whose published value is fixed (an earlier publication showed
    it, or the audit's published cells); they join no component and link none, their values move to the relations'
    right-hand sides. So the stock and flow with last month's published list (`_voorraad_stroom`) ties a month to
    nothing before it, and the subproblems do not grow with the history. Cells of a coupling always link (as members).
    `met`: masks over the cells; only the components that hold a cell of each are made (the audit wants those with a
    target: building every window's other components again was most of a republication's audit)."""
    n = cellen.height
    leden = relaties.leden
    rel = leden["relatie"].to_numpy().astype(np.int64)
    cel = leden["cel"].to_numpy().astype(np.int64)
    n_rel = int(rel.max()) + 1 if rel.size else 0
    waarde = np.nan_to_num(cellen["waarde"].to_numpy().astype(float))
    coef = leden["coef"].to_numpy()
    b_rel = np.zeros(n_rel)
    if konstant is not None:
        konstant = np.asarray(konstant, bool).copy()
        for k in relaties.koppelingen:
            konstant[list(k)] = False
        buiten = konstant[cel]
        b_rel = -np.bincount(rel[buiten], weights=coef[buiten] * waarde[cel[buiten]], minlength=n_rel)
        leden = leden.filter(pl.Series(~buiten))
        rel, cel, coef = rel[~buiten], cel[~buiten], coef[~buiten]
    # Cells and relations as one graph, over the cells in a relation of these (or a coupling) only, so that a window's
    # graph does not grow with the history's cells: the j-th of them (`knopen`, in the order of their ids) is node j,
    # relation r node len(knopen) + its rank. Labels follow the smallest node of each component, so the components
    # come in the order of their smallest cell, as over all cells.
    # A coupling's cells each linked to its first (all couplings at once: a window holds hundreds).
    lengte = np.fromiter((len(k) for k in relaties.koppelingen), dtype=np.int64, count=len(relaties.koppelingen))
    kop = np.fromiter((x for k in relaties.koppelingen for x in k), dtype=np.int64, count=int(lengte.sum()))
    eerste = np.zeros(kop.size, bool)
    eerste[np.cumsum(lengte) - lengte] = True
    knopen = np.unique(np.concatenate([cel, kop]))
    aantal = knopen.size
    rel_ids, rel_knoop = np.unique(rel, return_inverse=True)
    r = np.concatenate([np.searchsorted(knopen, cel), np.searchsorted(knopen, kop[~eerste])])
    c = np.concatenate([aantal + rel_knoop, np.repeat(np.searchsorted(knopen, kop[eerste]), lengte - 1)])
    graph = sparse.coo_array((np.ones(r.size), (r, c)), shape=(aantal + rel_ids.size, aantal + rel_ids.size))
    _, knoop_label = connected_components(graph, directed=False)
    label = np.full(n, -1, dtype=np.int64)
    label[knopen] = knoop_label[:aantal]
    optelbaar = cellen["optelbaar"].to_numpy()
    soort = leden["soort"].to_numpy()
    rel_label = knoop_label[aantal + rel_knoop] if rel.size else np.zeros(0, np.int64)
    per_label_rel: dict[int, np.ndarray] = {}
    if rel.size:
        volgorde = np.argsort(rel_label, kind="stable")
        for stuk in np.split(volgorde, np.flatnonzero(np.diff(rel_label[volgorde])) + 1):
            per_label_rel[int(rel_label[stuk[0]])] = stuk
    per_label_kop: dict[int, list[tuple[int, ...]]] = {}
    for k in relaties.koppelingen:
        per_label_kop.setdefault(int(label[k[0]]), []).append(k)
    out = []
    # Only the cells in a relation of these (or a coupling) are grouped: a cell in none is a component alone, which
    # would be skipped below. Grouping every cell made a window's components cost the whole history's cells, one group
    # each: 0.28 s a window, 5.6 s of a 24-month regional publication.
    order = knopen[np.argsort(knoop_label[:aantal], kind="stable")]
    if met:
        houden = np.ones(int(knoop_label.max()) + 1 if knoop_label.size else 0, bool)
        for m in met:
            heeft = np.zeros_like(houden)
            heeft[knoop_label[:aantal][np.asarray(m, bool)[knopen]]] = True
            houden &= heeft
        order = order[houden[label[order]]]
    # Each cell's place in its own component. One array for all: the components do not share cells, and a component
    # looks up only its own (an array per component made every publication cost cells x components).
    lokaal = np.full(n, -1, dtype=np.int64)
    for groep in np.split(order, np.flatnonzero(np.diff(label[order])) + 1):
        # A cell alone in its relations is a component too once the others are `konstant`: they may give it away.
        if groep.size == 0 or (konstant is None and groep.size < 2):
            continue
        lokaal[groep] = np.arange(groep.size)
        comp_label = int(label[groep[0]])
        stuk = per_label_rel.get(comp_label, np.zeros(0, np.int64))
        sub_rel, sub_cel, sub_coef, sub_soort = rel[stuk], cel[stuk], coef[stuk], soort[stuk]
        mats, rhs = [], []
        for s in (EQ, LE):
            m = sub_soort == s
            ids, inverse = np.unique(sub_rel[m], return_inverse=True)
            mats.append(sparse.csr_array((sub_coef[m], (inverse, lokaal[sub_cel[m]])), shape=(ids.size, groep.size)))
            rhs.append(b_rel[ids])
        kop = [tuple(int(lokaal[x]) for x in k) for k in per_label_kop.get(comp_label, [])]
        a = np.where(optelbaar[groep], waarde[groep], 0.0)
        out.append(_Component(groep, a, mats[0], mats[1], kop, rhs[0], rhs[1]))
    return out


_banner_gezien = False


def _highs() -> highspy.Highs:
    """A new HiGHS instance. The first of a process prints HiGHS's copyright banner on the C library's
    stdout, past Python's `sys.stdout` and before any option can silence it, so it would land in the
    middle of `jib run`'s table once per process: that one is built with file descriptor 1 on /dev/null."""
    global _banner_gezien
    if _banner_gezien:
        return highspy.Highs()
    sys.stdout.flush()
    bewaard = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()
            ctypes.CDLL(None).fflush(None)  # the banner may sit in C's buffer when stdout is a pipe
    finally:
        os.dup2(bewaard, 1)
        os.close(bewaard)
    _banner_gezien = True
    return highs


class _Programma:
    """One linear program of the attacker in HiGHS, over the columns of `reductie` (x = s z + t), with the columns'
    bounds (`Grenzen`, per original column) and the target's cost; solved from the previous basis each time."""

    def __init__(self, r: reductie.Reductie, onder: np.ndarray, boven: np.ndarray, primaal: bool):
        self.reductie, self.grenzen = r, reductie.Grenzen(r, onder, boven)
        n = r.s.shape[1]
        kolom_lo, kolom_hi = self.grenzen.van(np.arange(n))
        a_z = r.matrix.tocsc()
        a_z.sort_indices()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, int(a_z.shape[0])
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_, lp.col_upper_ = kolom_lo, kolom_hi
        lp.row_lower_, lp.row_upper_ = r.rij_onder, r.rij_boven
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
        lp.a_matrix_.start_ = a_z.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a_z.indices.astype(np.int32)
        lp.a_matrix_.value_ = a_z.data.astype(float)
        self.highs = _highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")
        # A program is a few iterations from the last one's basis (median 5-6), so HiGHS's fixed work at each run
        # dominates; part of it is solving a test system to decide whether to factorize again, at every run. Off: the
        # factorization is renewed on HiGHS's own grounds (its update limit, numerical trouble), and each solution is
        # still checked (HiGHS's KKT check, and `_audit` on every publication). National March's largest month
        # component: the same pattern and ranges in 110.2 s against 117.1 s (HiGHS 1.16).
        self.highs.setOptionValue("rebuild_refactor_solution_error_tolerance", -1.0)
        if primaal:
            self.highs.setOptionValue("simplex_strategy", 4)
        self.highs.passModel(lp)
        self.vorige = np.zeros(0, np.int32)  # the columns with a cost
        self.exact = True  # the last solution is the exact figures (no program run since, see `los`)

    def zet(self, kolommen: np.ndarray, onder: np.ndarray, boven: np.ndarray) -> None:
        """New bounds of original columns: those of the columns written in terms of them change with them."""
        zs = self.grenzen.zet(kolommen, onder, boven)
        if zs.size:
            lo, hi = self.grenzen.van(zs)
            self.highs.changeColsBounds(int(zs.size), zs.astype(np.int32), lo, hi)

    def los(self, kolom: int | np.ndarray, richting: float) -> float | None:
        """max richting * x_kolom (of a set of columns: of their sum), None when unbounded."""
        kolommen = np.atleast_1d(kolom)
        zs, factor = self.grenzen.z[kolommen], self.grenzen.factor[kolommen]
        vast = float(self.reductie.t[kolommen].sum())  # x = factor z + t
        if (zs < 0).all():  # the equalities fix them: the exact figures are a solution
            self.exact = True
            return richting * vast
        nieuw = np.unique(zs[zs >= 0])
        kosten = np.zeros(nieuw.size)
        np.add.at(kosten, np.searchsorted(nieuw, zs[zs >= 0]), -richting * factor[zs >= 0])
        weg = np.setdiff1d(self.vorige, nieuw).astype(np.int32)
        if weg.size:
            self.highs.changeColsCost(int(weg.size), weg, np.zeros(weg.size))
        self.highs.changeColsCost(int(nieuw.size), nieuw.astype(np.int32), kosten)
        self.vorige, self.exact = nieuw.astype(np.int32), False
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnknown:
            # The simplex from the previous basis can end without a verdict on a degenerate program (seen after a
            # correction, with earlier values' copies): solved again from scratch; then, if that ends without one too,
            # by the other simplex (the primal one failed so from scratch on a program of one of 280 random
            # two-gemeente areas, which the dual one solved: `test_a_program_the_primal_simplex_leaves_...`).
            status = self._opnieuw()
            if status == highspy.HighsModelStatus.kUnknown:
                strategie = self.highs.getOptionValue("simplex_strategy")[1]
                self.highs.setOptionValue("simplex_strategy", 1 if strategie == 4 else 4)
                status = self._opnieuw()
                self.highs.setOptionValue("simplex_strategy", strategie)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"attacker program failed ({status}): the figures break a relation")
        return -self.highs.getInfo().objective_function_value + richting * vast

    def binnen(self, onder: np.ndarray, boven: np.ndarray, kosten: np.ndarray) -> np.ndarray | None:
        """min kosten . z with every column z narrowed to [onder, boven] for this one program, from the last basis; the
        solution on the columns, None without an optimum. The bounds and costs are as before after it."""
        n = onder.size
        kolommen = np.arange(n, dtype=np.int32)
        lo, hi = self.grenzen.van(kolommen)
        self.highs.changeColsCost(n, kolommen, kosten)
        self.highs.changeColsBounds(n, kolommen, np.maximum(onder, lo), np.minimum(boven, hi))
        self.highs.run()
        optimaal = self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
        z = np.asarray(self.highs.getSolution().col_value) if optimaal else None
        self.highs.changeColsBounds(n, kolommen, lo, hi)
        self.highs.changeColsCost(n, kolommen, np.zeros(n))
        self.vorige, self.exact = np.zeros(0, np.int32), False  # no column has a cost; the last solution is not exact
        return z

    def _opnieuw(self) -> highspy.HighsModelStatus:
        """Solve the program again from scratch (no basis)."""
        self.highs.clearSolver()
        self.highs.run()
        return self.highs.getModelStatus()

    def punt(self, exact: np.ndarray) -> np.ndarray:
        """The last solution on the original columns (`exact` when no program ran for it)."""
        if self.exact:
            return exact.copy()
        return self.reductie.s @ np.asarray(self.highs.getSolution().col_value) + self.reductie.t


class _Aanvaller:
    """The attacker's programs for one component: a hidden cell in [0, a + ruimte] (`ruimte` None:
    unbounded), a published one fixed at its value, every relation holding. Only the cells that are
    hidden when it is built are columns (the others are moved to the right-hand side, and relations
    without a hidden cell left out), and the equalities with one or two of them are written in (`reductie`:
    the same program in fewer columns), so the programs stay small. Built and passed to HiGHS once; a
    pattern that publishes some of those cells again (`zet`) only fixes their bounds, and a new target
    only changes the objective, so the simplex always starts from the previous basis. The Benders cut (`snede`)
    needs the duals of every relation: the full program, built the first time one is asked for, or at once
    (`volledig`) where every program gives a cut."""

    def __init__(self, comp: _Component, verborgen: np.ndarray, ruimte: float | None,
                 van: np.ndarray | None = None, tot: np.ndarray | None = None, *, primaal: bool = False,
                 volledig: bool = False):
        """`van`/`tot` (local, NaN where none): hidden cells published as a range, which bounds them. `primaal`: solved
        by the primal simplex, whose solutions move few cells from the exact figures (see `_van_start`). `volledig`:
        only the full program, for `snede` (the model's rounds and the greedy completion cut with every program they
        run: the small program beside it cost more than it spared, 642 s against 624 s on national April's largest
        component)."""
        self.comp, self.ruimte, self.primaal = comp, ruimte, primaal
        verborgen = np.asarray(verborgen, bool)
        self.h = np.flatnonzero(verborgen)
        v = np.flatnonzero(~verborgen)
        self.pos = np.full(verborgen.size, -1)
        self.pos[self.h] = np.arange(self.h.size)
        blokken, onder, boven, b = [], [], [], []
        for mat, b_mat, gelijk in ((comp.a_eq, comp.b_eq, True), (comp.a_le, comp.b_le, False)):
            if mat.shape[0] == 0:
                continue
            keep = np.asarray(abs(mat[:, self.h]).sum(axis=1)).ravel() > 0
            if keep.any():
                sub = mat[keep]
                rhs = b_mat[keep] - sub[:, v] @ comp.a[v]
                blokken.append(sub)
                b.append(b_mat[keep])
                boven.append(rhs)
                onder.append(rhs if gelijk else np.full(rhs.size, -highspy.kHighsInf))
        self.volle = sparse.vstack(blokken).tocsr() if blokken else sparse.csr_array((0, comp.a.size))
        self.b_volle = np.concatenate(b) if b else np.zeros(0)  # the full rows' right-hand sides (for the cut)
        self.rijen = (np.concatenate(onder) if onder else np.zeros(0), np.concatenate(boven) if boven else np.zeros(0))
        self.a_h = comp.a[self.h]
        self.onder = np.zeros(self.h.size)
        self.band_boven = np.full(self.h.size, highspy.kHighsInf)  # per column: its range's top (inf: no range)
        if van is not None:
            band = ~np.isnan(van[self.h])
            self.onder = np.where(band, van[self.h], 0.0)
            self.band_boven = np.where(band, tot[self.h], self.band_boven)
        self.boven = self.band_boven.copy() if ruimte is None else np.minimum(self.band_boven, self.a_h + ruimte)
        self.verborgen = verborgen.copy()
        self.matrix = sparse.csr_array(self.volle[:, self.h])
        r = self._ongewijzigd() if volledig else reductie.reduceer(self.matrix, *self.rijen)
        self.klein = _Programma(r, self.onder, self.boven, primaal)
        self.vol: _Programma | None = self.klein if volledig else None
        self.tweede: _Programma | None = None  # a copy of `klein` for a second thread (`programma`)

    def programma(self, tweede: bool = False) -> _Programma:
        """The small program, or (`tweede`) its copy for a second thread (`_Bewijzen`): built the first time, with the
        bounds as they are, and kept in step with them from then on."""
        if not tweede:
            return self.klein
        if self.tweede is None:
            self.tweede = _Programma(self.klein.reductie, self.klein.grenzen.lo, self.klein.grenzen.hi, self.primaal)
        return self.tweede

    def _zet(self, kolommen: np.ndarray, onder: np.ndarray, boven: np.ndarray) -> None:
        self.klein.zet(kolommen, onder, boven)
        if self.tweede is not None:
            self.tweede.zet(kolommen, onder, boven)
        if self.vol is not None and self.vol is not self.klein:  # with `volledig` they are one program
            self.vol.zet(kolommen, onder, boven)

    def zet(self, verborgen: np.ndarray) -> None:
        """Attack another pattern that hides no cell the model was not built with: the cells whose state
        changed get their bounds (published: fixed at the value)."""
        verborgen = np.asarray(verborgen, bool)
        if (verborgen & (self.pos < 0)).any():
            raise ValueError("the attacker's model was built without a cell this pattern hides: build a new one")
        anders = np.flatnonzero(verborgen[self.h] != self.verborgen[self.h])
        if anders.size:
            self._zet_naar(anders, verborgen)
            self.verborgen = verborgen.copy()

    def _zet_naar(self, kolommen: np.ndarray, verborgen: np.ndarray) -> None:
        """The bounds of `kolommen` as `verborgen` has their cells: hidden, the room (or range); published, the value."""
        h = verborgen[self.h[kolommen]]
        self._zet(kolommen, np.where(h, self.onder[kolommen], self.a_h[kolommen]),
                  np.where(h, self.boven[kolommen], self.a_h[kolommen]))

    def begrens(self, i: int, van: float = 0.0, tot: float = math.inf) -> None:
        """Bound hidden cell `i` (local) to [van, tot] within the attacker's room: the cell published as a
        range. Without a range: back to hidden."""
        k = int(self.pos[i])
        plafond = highspy.kHighsInf if self.ruimte is None else self.a_h[k] + self.ruimte
        self.onder[k], self.boven[k], self.band_boven[k] = van, min(tot, plafond), tot
        self._zet(np.array([k]), self.onder[k:k + 1], self.boven[k:k + 1])

    def zonder_ruimte(self) -> None:
        """Lift the room: every hidden cell in [0, inf), or its range; the attacker of `ruimte` None from here, whose
        next program starts from the last one's basis (on national Q2's check with Q1, 35,199 cells, after the
        tables: 0.3 s against 22 s for an attacker built without room, from no basis)."""
        self.ruimte = None
        self.boven = self.band_boven.copy()
        self._zet_naar(np.arange(self.h.size), self.verborgen)

    def punt(self) -> np.ndarray:
        """The last program's solution: a value for every hidden cell (by column) that the published cells,
        ranges and relations allow, i.e. one table the attacker cannot rule out."""
        return self.klein.punt(self.a_h)

    def uiterste(self, p: int | np.ndarray, richting: float, tweede: bool = False) -> tuple[float | None, np.ndarray | None]:
        """max richting * y_p (of cells p: of their sum; None when unbounded), and with `ruimte` the attacker's solution
        y. `tweede`: on the copy of the program for a second thread (`programma`)."""
        programma = self.programma(tweede)
        waarde = programma.los(self.pos[p], richting)
        if waarde is None or self.ruimte is None:
            return waarde, None
        y = self.comp.a.copy()
        y[self.h] = programma.punt(self.a_h)
        return waarde, y

    def volle_programma(self) -> _Programma:
        """The full program (every relation a row, every hidden cell a column), in step with the small one's bounds."""
        if self.vol is None:
            self.vol = _Programma(self._ongewijzigd(), self.klein.grenzen.lo, self.klein.grenzen.hi, self.primaal)
        return self.vol

    def _ongewijzigd(self) -> reductie.Reductie:
        """The program as it is: every hidden cell a column (x = z)."""
        return reductie.Reductie(sparse.csr_array(sparse.identity(self.h.size, format="csr")), np.zeros(self.h.size),
                                 self.matrix, *self.rijen)

    def spaarzaam(self, y: np.ndarray, p: int, waarde: float) -> np.ndarray | None:
        """The cells a point near the exact figures moves, where that point has target `p` at `waarde` (between its exact
        value and y's) and is feasible wherever `y` (a point of the last full program) is: every other cell boxed
        between its exact value and y's, the sum of their moves least, from y's basis (the box holds y). A point of the
        full program moves nearly every hidden cell (a vertex has a cell at a bound for each column beyond the rows), so
        any cell published again takes it; this one moves a few (median 5 of the 2,080 hidden cells of national May's
        month component), so it stays a proof while those stay hidden. None when HiGHS ends without an optimum."""
        y_h = y[self.h]
        box_lo, box_hi = np.minimum(self.a_h, y_h), np.maximum(self.a_h, y_h)
        kosten = np.sign(np.round(y_h - self.a_h, 9))
        k = int(self.pos[p])
        box_lo[k] = box_hi[k] = waarde
        kosten[k] = 0.0
        punt = self.volle_programma().binnen(box_lo, box_hi, kosten)  # its columns are the hidden cells (x = z)
        return None if punt is None else self.h[np.flatnonzero(np.abs(punt - self.a_h) > 1e-9)]

    def snede(self, p: int, richting: float) -> tuple[float, np.ndarray, np.ndarray, float]:
        """As `uiterste` (with `ruimte`), on the full program, with the dual bound max(s) <= const + sum(coef * s)
        valid for every pattern s (the Benders cut): (max, y, coef, const)."""
        vol = self.volle_programma()
        waarde = vol.los(int(self.pos[p]), richting)
        a = self.comp.a
        y = a.copy()
        y[self.h] = vol.punt(self.a_h)
        r = np.zeros(a.size)
        r[p] = -richting
        dual = np.asarray(vol.highs.getSolution().row_dual)
        if self.volle.shape[0]:
            r -= self.volle.T @ dual
        coef = np.maximum(-r, 0.0) * self.ruimte + np.maximum(r, 0.0) * a
        return waarde, y, coef, -float(r @ a) - float(dual @ self.b_volle)


def attack_intervals(cellen: pl.DataFrame, relaties: Relaties | Iterable[Relaties], verborgen: np.ndarray,
                     doelen: np.ndarray, van: np.ndarray | None = None, tot: np.ndarray | None = None, *,
                     smalste_vanaf: float | None = None, processen: int = 1,
                     voortgang: Callable[[str], None] | None = None, klein: bool = False,
                     oplossingen: Oplossingen | None = None) -> pl.DataFrame:
    """Per target cell (ids in `doelen`, hidden in `verborgen`): ondergrens, bovengrens (inf when
    unbounded) and breedte of the values consistent with the published cells (`cellen.waarde` where
    not hidden) and the published ranges (`van`/`tot` per cell, NaN where none). A target in no
    relation is unbounded above. Several `relaties` (the windows, `vensters`): each attacked on its own, a cell's
    row the narrowest.

    With `smalste_vanaf` (a protection level), only what each component's narrowest interval needs: every
    program solved gives a table the attacker cannot rule out, and the tables found so far span a part of
    each cell's interval. A target whose span is already at least `smalste_vanaf` and at least the narrowest
    exact width found in its component is not solved; its row holds that span (breedte a lower bound of
    its width). Another is solved upward first, and when its greatest value above the least of the tables and the
    exact figures shows that much, not downward (its row from that least value; national June's check of Q2 with Q1,
    each half of its component of 35,158 cells: 1,745 and 1,674 programs in 104 and 107 s against 2,879 and 2,738 in
    131 and 125 s). So per component the least breedte is still the exact narrowest width, and every target narrower
    than `smalste_vanaf` still gets its exact interval. With `processen` > 1 the components are attacked that many at
    once, the largest first, when they hold at least `AANVAL_PROCESSEN_VANAF_CELLEN` cells (the
    attack on a component depends on that component alone: the result is the same). `voortgang`: told how far a
    component that takes long is (`_verloop`). `klein`: each target solved on the small program (`reductie`: the same
    values) by the primal simplex from the previous basis, for exact intervals of few targets (`doorgegeven`: national
    April's 69 in 5.6 s instead of 69 s); else on the full program by the dual simplex, whose points spare programs
    (`smalste_vanaf`), and which keeps the tests' attack (`privacy/attack.py`) independent of the reduction, except
    a component of `SPANNEN_VANAF` targets or more with `smalste_vanaf`, which finds tables first and is solved on the
    small program too (`_attack_component`), in `processen` parts side by side (`_attack_components`).

    `oplossingen` (exact attacks only, without `smalste_vanaf`): a component attacked in an earlier publication with
    the same input (`_aanval_sleutel`) has the intervals kept with it, and one attacked now is kept. So what a window
    gives the next (`doorgegeven`, for every window of the history at every publication: national November 2025's
    three took 32 s before its month was chosen) is attacked once, when its windows are decided."""
    doel = np.zeros(cellen.height, bool)
    doel[np.asarray(doelen, dtype=np.int64)] = True
    doel &= verborgen
    uitkomst: dict[int, tuple[float, float]] = {int(i): (0.0, np.inf) for i in np.flatnonzero(doel)}
    lijst = [relaties] if isinstance(relaties, Relaties) else list(relaties)
    # The published cells are constants: a component is what the hidden cells' relations link.
    comps = [comp for rel in lijst for comp in _components(cellen, rel, ~verborgen, met=(doel,))] if uitkomst else []
    gezien: set[int] = set()
    bewaard, sleutel_van = [], {}
    if oplossingen is not None and smalste_vanaf is None and comps:
        sleutels = cel_sleutels(cellen).to_numpy()
        over = []
        for comp in comps:
            targets = np.flatnonzero(doel[comp.cellen])
            if not targets.size:
                continue
            sleutel = _aanval_sleutel(comp, sleutels, verborgen, van, tot, targets, klein)
            rijen = oplossingen.intervallen(sleutel, targets.size)
            if rijen is None:
                over.append(comp)
                sleutel_van[id(comp)] = sleutel
            else:
                bewaard.append((comp, targets, rijen))
        comps = over
    aangevallen = _attack_components(comps, verborgen, doel, van, tot, smalste_vanaf, processen, voortgang, klein)
    for comp, _, (onder, boven) in aangevallen:
        if id(comp) in sleutel_van:
            oplossingen.bewaar_intervallen(sleutel_van[id(comp)], onder, boven)
    for comp, targets, (onder, boven) in bewaard + aangevallen:
        for i, o, b in zip(comp.cellen[targets].tolist(), onder.tolist(), boven.tolist(), strict=True):
            if i not in gezien or b - o < uitkomst[i][1] - uitkomst[i][0]:
                uitkomst[i] = (o, b)
            gezien.add(i)
    if not uitkomst:
        return pl.DataFrame(schema={"cel": pl.UInt32, "ondergrens": pl.Float64, "bovengrens": pl.Float64,
                                    "breedte": pl.Float64})
    ids = np.fromiter(uitkomst, dtype=np.int64)
    grenzen = np.array([uitkomst[int(i)] for i in ids])
    return pl.DataFrame({
        "cel": ids.astype(np.uint32), "ondergrens": grenzen[:, 0], "bovengrens": grenzen[:, 1],
        "breedte": grenzen[:, 1] - grenzen[:, 0],
    })


def _attack_components(comps: Iterable[_Component], verborgen: np.ndarray, doel: np.ndarray, van: np.ndarray | None,
                       tot: np.ndarray | None, smalste_vanaf: float | None, processen: int,
                       melden: Callable[[str], None] | None = None, klein: bool = False
                       ) -> list[tuple[_Component, np.ndarray, tuple[np.ndarray, np.ndarray]]]:
    """The attack on each component with a target (`doel`): the component, its targets (local) and their lower and
    upper bounds (see `attack_intervals`).

    A component of `SPANNEN_VANAF` targets or more (with `smalste_vanaf`) is attacked in `processen` parts side by side,
    each with every `processen`-th of its targets: its programs are most of a national publication's check of a window
    with the one before, which would otherwise run in one process while the other waits. Each part finds its own tables
    and solves its own narrowest first, so per part, and so for the component, the least breedte is the exact narrowest
    width and every target narrower than `smalste_vanaf` gets its exact interval (`attack_intervals`)."""
    werk = []
    for comp in comps:
        g = comp.cellen
        targets = np.flatnonzero(doel[g])
        if not targets.size:
            continue
        spannen = smalste_vanaf is not None and targets.size >= SPANNEN_VANAF
        delen = max(processen, 1) if spannen else 1
        for deel in range(delen):
            werk.append((comp, verborgen[g], None if van is None else van[g], None if tot is None else tot[g],
                         targets[deel::delen], smalste_vanaf, klein, spannen))
    werk.sort(key=lambda taak: -taak[0].cellen.size)  # stable: the parts of a component stay together
    gedeeld = len(werk) > len({id(taak[0]) for taak in werk})
    per_taak = _naast_elkaar(_attack_component, werk, [taak[0].cellen.size for taak in werk], processen,
                             0 if gedeeld else AANVAL_PROCESSEN_VANAF_CELLEN, melden=melden)
    per_comp: dict[int, tuple[_Component, list[np.ndarray], list[tuple[float, float]]]] = {}  # in the order of `werk`
    for taak, grenzen in zip(werk, per_taak, strict=True):
        _, targets, alle = per_comp.setdefault(id(taak[0]), (taak[0], [], []))
        targets.append(taak[4])
        alle.extend(grenzen)
    return [(comp, np.concatenate(targets), (np.array([o for o, _ in alle], float), np.array([b for _, b in alle], float)))
            for comp, targets, alle in per_comp.values()]


def _naast_elkaar(functie: Callable, taken: list, cellen: list[int], processen: int, vanaf: int,
                  klaar: Callable[[int], None] | None = None, melden: Callable[[str], None] | None = None) -> list:
    """`functie` of each of `taken` (components, the largest first), in order: in `processen` spawned processes side
    by side when there is more than one and they hold at least `vanaf` cells, else in this process (starting the
    processes costs about 2.5 s). `klaar(k)` is called as task k is done, in the order they finish; `melden` is told
    the lines of `_verloop` (how far a long component is), wherever it runs."""
    uitkomsten: list = [None] * len(taken)
    if processen > 1 and len(taken) > 1 and sum(cellen) >= vanaf:
        context = multiprocessing.get_context("spawn")
        regels = context.SimpleQueue() if melden is not None else None
        stop = context.Event()
        with ProcessPoolExecutor(min(processen, len(taken)), mp_context=context, initializer=_verloop_naar,
                                 initargs=(None if regels is None else regels.put, VERLOOP_SECONDEN, stop)) as pool:
            try:
                futures = {pool.submit(functie, taak): k for k, taak in enumerate(taken)}
                bezig = set(futures)
                while bezig:
                    gedaan, bezig = wait(bezig, timeout=1.0, return_when=FIRST_COMPLETED)
                    while regels is not None and not regels.empty():
                        melden(regels.get())
                    for future in sorted(gedaan, key=futures.__getitem__):
                        uitkomsten[futures[future]] = future.result()
                        if klaar is not None:
                            klaar(futures[future])
            except BaseException:
                # Stopped (Dagster's Terminate interrupts the run's process alone; a failed component): the processes
                # end at their next progress step instead of finishing their components, which the pool's shutdown
                # would wait for (a national one: minutes, with the run still cancelling).
                stop.set()
                pool.shutdown(cancel_futures=True)
                raise
        return uitkomsten
    vorig = _verloop.melden, _verloop.elke
    _verloop.naar(melden, VERLOOP_SECONDEN)
    try:
        for k, taak in enumerate(taken):
            uitkomsten[k] = functie(taak)
            if klaar is not None:
                klaar(k)
    finally:
        _verloop.naar(*vorig)
    return uitkomsten


class _Verloop:
    """How far the component this process solves or attacks is, for a person watching: a line (its cells, the phase
    and how far in it, the seconds since it began; never a value) to `melden` at most once in `elke` seconds, so a
    component that takes less says nothing. In a process of `_naast_elkaar` `melden` puts the line on the queue the
    process that started it reads."""

    def __init__(self) -> None:
        self.melden: Callable[[str], None] | None = None
        self.elke, self.cellen, self.begin, self.laatst = VERLOOP_SECONDEN, 0, 0.0, 0.0
        self.stop: Event | None = None  # in a process of `_naast_elkaar`: set when its starter stops waiting for it

    def naar(self, melden: Callable[[str], None] | None, elke: float) -> None:
        self.melden, self.elke = melden, elke

    def start(self, cellen: int) -> None:
        self.cellen, self.begin = cellen, time.monotonic()
        self.laatst = self.begin

    def __call__(self, wat: str, *getallen: int) -> None:
        """Where the component is: `wat` with `getallen` in its places (formatted only when a line is due). In a process
        of `_naast_elkaar` whose starter stopped waiting (interrupted, or another component failed), nobody waits for
        this work: it ends here, between two steps (never while it sends a result back, which its starter still reads
        until the pool is shut down)."""
        if self.stop is not None and self.stop.is_set():
            os._exit(1)
        if self.melden is None:
            return
        nu = time.monotonic()
        if nu - self.laatst >= self.elke:
            self.laatst = nu
            self.melden(f"component of {self.cellen:,} cells: {wat.format(*getallen)} ({nu - self.begin:.0f} s)")


_verloop = _Verloop()


def _verloop_naar(melden: Callable[[str], None] | None, elke: float, stop: Event) -> None:
    """In a process `_naast_elkaar` starts: where this process's `_verloop` tells its lines, the `stop` its starter sets
    when it stops waiting (the process then ends at its next step), and a watch on the starter (`volg_ouder`)."""
    _verloop.naar(melden, elke)
    _verloop.stop = stop
    volg_ouder()


def _attack_component(taak: tuple) -> list[tuple[float, float]]:
    """(ondergrens, bovengrens) of each target of one component (`attack_intervals`; picklable, for another process)."""
    comp, verborgen, van, tot, targets, smalste_vanaf, klein, spannen = taak
    _verloop.start(comp.cellen.size)
    volgorde = np.arange(targets.size)
    if spannen:
        # Tables first: programs that each lift many targets at once (`_Bewijzen._samen`, the primal simplex on the
        # small program within a room of `KWARTAAL_RUIMTE` x `smalste_vanaf`), each a table the attacker cannot rule
        # out, as are the exact figures; then, with the room lifted, the targets narrowest in them first, each solved
        # exactly on the same program by the primal simplex from the last basis, whose points widen the rest's spans,
        # so that the first solved gives the narrowest exact width and most of the rest are not solved (see
        # `attack_intervals`).
        bewijzen = _Bewijzen(_Aanvaller(comp, verborgen, KWARTAAL_RUIMTE * smalste_vanaf, van, tot, primaal=True),
                             targets, smalste_vanaf, elk=False)
        aanvaller = bewijzen.aanvaller
        laagste, hoogste = bewijzen.punten.spanne()  # per column: over the tables found and the exact figures
        k = aanvaller.pos[targets]
        volgorde = np.argsort(hoogste[k] - laagste[k], kind="stable")
        aanvaller.zonder_ruimte()
    else:
        # The full program by the dual simplex: on the small one the national audit of April took 726.5 s instead of
        # 49.7 s (its points spared far fewer programs).
        aanvaller = (_Aanvaller(comp, verborgen, None, van, tot, primaal=True) if klein
                     else _Aanvaller(comp, verborgen, None, van, tot, volledig=True))
        laagste = np.full(aanvaller.h.size, np.inf)
        hoogste = np.full(aanvaller.h.size, -np.inf)
    smalste = np.inf
    uitkomst: list[tuple[float, float]] = [(0.0, 0.0)] * targets.size
    for n, j in enumerate(volgorde.tolist()):
        _verloop("attack: {:,} of {:,} targets", n, targets.size)
        t = targets[j]
        k = aanvaller.pos[t]
        if smalste_vanaf is not None and hoogste[k] - laagste[k] >= max(smalste, smalste_vanaf):
            uitkomst[j] = (float(laagste[k]), float(hoogste[k]))
            continue
        grenzen = {}
        for richting in ((1.0, -1.0) if smalste_vanaf is not None else (-1.0, 1.0)):
            waarde, _ = aanvaller.uiterste(int(t), richting)
            grenzen[richting] = waarde
            if waarde is not None and smalste_vanaf is not None:
                punt = aanvaller.punt()
                np.minimum(laagste, punt, out=laagste)
                np.maximum(hoogste, punt, out=hoogste)
            if richting > 0 and smalste_vanaf is not None:
                # The greatest value alone may show the interval wide enough: the exact figures (and the points) lie in
                # it too, so it is at least as wide as from the least of them to that value.
                hoog = np.inf if waarde is None else waarde
                onder = min(float(laagste[k]), float(comp.a[t]))
                if hoog - onder >= max(smalste, smalste_vanaf):
                    break
        else:
            laag, hoog = grenzen[-1.0], grenzen[1.0]
            onder = 0.0 if laag is None else max(-laag, 0.0)
            uitkomst[j] = (onder, np.inf if hoog is None else hoog)
            smalste = min(smalste, uitkomst[j][1] - onder)
            continue
        uitkomst[j] = (onder, hoog)
    return uitkomst


def _initial_cuts(comp: _Component, primair: np.ndarray, niveau: float) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Necessary conditions from one equality at a time, before any program is solved: a primary part
    moves up only as far as the other hidden parts of a published total can move down, or freely
    when the total is hidden; a primary total moves only when a part is hidden."""
    cuts = []
    m = comp.a_eq.tocoo()
    per_rel: dict[int, list[tuple[int, float]]] = {}
    for r, c, k in zip(m.row, m.col, m.data):
        per_rel.setdefault(int(r), []).append((int(c), float(k)))
    for leden in per_rel.values():
        for p, kp in leden:
            if not primair[p]:
                continue
            if kp > 0:
                nodig = niveau - comp.a[p]
                if nodig <= 0:
                    continue
                idx = np.array([c for c, k in leden if c != p and (k < 0 or comp.a[c] > 0)])
                if idx.size == 0:
                    continue
                w = np.array([nodig if k < 0 else min(comp.a[c], nodig) for c, k in leden if c != p and (k < 0 or comp.a[c] > 0)])
                cuts.append((idx, w, nodig))
            else:
                # (a part may move up, or another total down; a zero is never hidden)
                idx = np.array([c for c, k in leden if c != p and comp.a[c] > 0])
                if idx.size:
                    cuts.append((idx, np.ones(idx.size), 1.0))
    return cuts


def code_versie(*bronnen: str) -> str:
    """A hash of the code in `bronnen` (Python source texts) without its comments, docstrings and layout: a change to
    what runs changes it, a change to how it reads does not."""
    h = hashlib.sha256()
    for bron in bronnen:
        boom = ast.parse(bron)
        for knoop in ast.walk(boom):
            romp = getattr(knoop, "body", None)
            if (isinstance(knoop, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and romp
                    and isinstance(romp[0], ast.Expr) and isinstance(romp[0].value, ast.Constant)
                    and isinstance(romp[0].value.value, str)):
                knoop.body = romp[1:] or [ast.Pass()]
        h.update(ast.dump(boom).encode() + b"\0")
    return h.hexdigest()[:16]


# Part of every cache key: a change to the code of this module or of the reduction it solves through (the method, its
# costs, its limits) solves everything again; an edit to a comment or a docstring does not.
CODE_VERSIE = code_versie(*(Path(m.__file__).read_text(encoding="utf-8") for m in (sys.modules[__name__], reductie)))


@dataclass
class Oplossingen:
    """The hidden sets of earlier publications per component, keyed by a hash of everything the solve of
    that component depends on: its cells' keys (tabel, periode, niveau, regiocode, kolom), exact values,
    primary flags, costs and bounds, its relations and couplings, the protection level, the limits and the
    code of this module and `reductie` without its comments and docstrings (`CODE_VERSIE`). Equal key, equal
    input: the same hidden set as a fresh solve, which is deterministic, and the same attack result (the audit
    of the component, which depends on nothing outside it). `vorige`: what was read (sleutel -> hex of the packed
    bits of the hidden cells, ':', hex of the shape of each cell's published range, ':', the narrowest interval the
    audit found); `gebruikt`: the entries this publication used or made, which is what to keep. An entry without its
    audit is solved again. Also the bounds an exact attack of a component derived from the published figures, under
    its own key (`intervallen`, `_aanval_sleutel`). Holds cell keys, flags, range shapes and those bounds only."""

    vorige: Mapping[str, str] = field(default_factory=dict)
    gebruikt: dict[str, str] = field(default_factory=dict)

    def zoek(self, sleutel: str, n: int) -> tuple[np.ndarray, np.ndarray, float] | None:
        """The hidden cells, the shape of the range each is published as (`BEREIK_VERSCHUIVINGEN`, 1-based; 0:
        none) and the audit's narrowest interval (inf: none bounded), or None (solve again)."""
        waarde = self.vorige.get(sleutel)
        if waarde is None or waarde.count(":") != 2:
            return None
        verborgen, vorm, interval = waarde.split(":")
        try:
            bits = np.unpackbits(np.frombuffer(bytes.fromhex(verborgen), dtype=np.uint8))
            vorm = np.frombuffer(bytes.fromhex(vorm), dtype=np.uint8)
            interval = float(interval)
        except ValueError:
            return None
        if bits.size < n or bits[n:].any() or vorm.size != n or math.isnan(interval):  # not this component's
            return None
        self.gebruikt[sleutel] = waarde
        return bits[:n].astype(bool), vorm, interval

    def gehouden(self, sleutel: str, verborgen: np.ndarray, vorm: np.ndarray) -> float | None:
        """The audit's narrowest interval kept with the entry when it hides these cells in these shapes (`zoek`), else
        None (attack it again)."""
        eerder = self.zoek(sleutel, verborgen.size)
        if eerder is None or not (np.array_equal(eerder[0], verborgen) and np.array_equal(eerder[1], vorm)):
            return None
        return eerder[2]

    def bewaar(self, sleutel: str, verborgen: np.ndarray, vorm: np.ndarray, interval: float = math.nan) -> None:
        self.gebruikt[sleutel] = (np.packbits(verborgen.astype(np.uint8)).tobytes().hex() + ":"
                                  + vorm.astype(np.uint8).tobytes().hex() + f":{interval!r}")

    def interval(self, sleutel: str) -> float:
        """The audit's narrowest interval kept with an entry this publication used (NaN: made now, not audited yet)."""
        try:
            return float(self.gebruikt[sleutel].rsplit(":", 1)[1])
        except ValueError:
            return math.nan

    def audit(self, sleutel: str, interval: float) -> None:
        """Keep the audit's narrowest interval of a component solved in this publication."""
        deel = self.gebruikt[sleutel].rsplit(":", 1)[0]
        self.gebruikt[sleutel] = f"{deel}:{interval!r}"

    def intervallen(self, sleutel: str, n: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The lower and upper bounds of the `n` targets of an attack kept under `sleutel` (`attack_intervals`: 'I:',
        then the hex of 2n doubles), or None (attack it)."""
        waarde = self.vorige.get(sleutel, "")
        if not waarde.startswith("I:"):
            return None
        try:
            grenzen = np.frombuffer(bytes.fromhex(waarde[2:]), dtype="<f8")
        except ValueError:
            return None
        if grenzen.size != 2 * n:
            return None
        self.gebruikt[sleutel] = waarde
        return grenzen[:n].copy(), grenzen[n:].copy()

    def bewaar_intervallen(self, sleutel: str, onder: np.ndarray, boven: np.ndarray) -> None:
        self.gebruikt[sleutel] = "I:" + np.concatenate([onder, boven]).astype("<f8").tobytes().hex()


@dataclass(frozen=True)
class Vast:
    """Per cell: kept as an earlier publication showed it (`cellen`), hidden then (`verborgen`) and as which range
    (`vorm`). What a publication showed stays known to whoever kept it, so a later one that hid it again would
    protect nothing with it, and one that showed a cell it hid could narrow another: a cell whose exact value is
    unchanged is shown as before, and only the new cells (a new month, a quarter when it completes) are chosen."""

    cellen: np.ndarray
    verborgen: np.ndarray
    vorm: np.ndarray

    @classmethod
    def geen(cls, n: int) -> Vast:
        return cls(np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, np.uint8))


STAAT_SCHEMA = {"sleutel": pl.String, "waarde": pl.Float64, "verborgen": pl.Boolean, "vorm": pl.UInt8}


def cel_sleutels(cellen: pl.DataFrame) -> pl.Series:
    """Each cell's key: tabel|periode|niveau|regiocode|kolom; an earlier value's copy its own (`met_kopieen`)."""
    sleutel = pl.concat_str(_CEL, separator="|")
    if "sleutel_kopie" in cellen.columns:
        sleutel = pl.coalesce("sleutel_kopie", sleutel)
    return cellen.select(sleutel.alias("sleutel")).to_series()


def vorige_staat(cellen: pl.DataFrame, eerder: pl.DataFrame | None, primair: np.ndarray) -> Vast:
    """The cells to keep as the earlier publication `eerder` (sleutel, waarde, verborgen, vorm) showed them: those
    with the same exact value then (NULL alike). A primary cell is never kept published (a changed rule would
    make it primary with the same value)."""
    if eerder is None or eerder.is_empty():
        return Vast.geen(cellen.height)
    sleutel = cel_sleutels(cellen)
    if "bron" in cellen.columns:  # a copy made now is kept as the earlier publication showed its cell
        sleutel = cellen["bron"].fill_null(sleutel)
    nu = pl.DataFrame({"sleutel": sleutel, "waarde": cellen["waarde"]}).with_row_index("i")
    paar = nu.join(eerder.select(*STAAT_SCHEMA).cast(STAAT_SCHEMA), on="sleutel", suffix="_eerder").filter(
        ((pl.col("waarde") - pl.col("waarde_eerder")).abs().fill_null(1.0) < 1e-9)
        | (pl.col("waarde").is_null() & pl.col("waarde_eerder").is_null())
    )
    i = paar["i"].to_numpy()
    vast = Vast.geen(cellen.height)
    vast.cellen[i] = True
    vast.verborgen[i] = paar["verborgen"].to_numpy()
    vast.vorm[i] = np.where(vast.verborgen[i], paar["vorm"].to_numpy(), 0)
    vast.cellen[primair & ~vast.verborgen & ~_kopieen(cellen)] = False
    return vast


def _component_sleutel(comp: _Component, sleutels: np.ndarray, prim: np.ndarray, c: np.ndarray, ub: np.ndarray,
                       niveau: float, rondes: int, grenzen: tuple[np.ndarray, np.ndarray] | None = None) -> str:
    """The cache key of one component's solve (see `Oplossingen`), rows and couplings canonically ordered: its cells
    and relations, not which of them an earlier publication fixed (`Vast`; a kept solution is checked against
    those), and the bounds carried into its window (`doorgegeven`)."""
    return _component_hash(comp, sleutels, f"{CODE_VERSIE}|{niveau!r}|{rondes}|{SNEDES_PER_RONDE}",
                           (comp.a, prim.astype(np.uint8), c, ub, *(grenzen or ())))


def _aanval_sleutel(comp: _Component, sleutels: np.ndarray, verborgen: np.ndarray, van: np.ndarray | None,
                    tot: np.ndarray | None, targets: np.ndarray, klein: bool) -> str:
    """The cache key of one component's exact attack (`attack_intervals` with `oplossingen`): its cells, their values,
    which are hidden and the ranges they are known to lie in, its relations with the published cells' values on their
    right-hand side, its couplings, its targets and the program it is solved on."""
    g = comp.cellen
    return "aanval:" + _component_hash(comp, sleutels, f"aanval|{CODE_VERSIE}|{klein}",
                                       (comp.a, verborgen[g], *(() if van is None else (van[g], tot[g])), targets))


def _component_hash(comp: _Component, sleutels: np.ndarray, kop: str, rijen: Iterable[np.ndarray]) -> str:
    """SHA-256 of `kop`, the component's size and cell keys, the per-cell arrays `rijen` (as doubles), its relations
    canonically ordered (`_rijen_canoniek`) and its couplings: what `_component_sleutel` and `_aanval_sleutel` share."""
    h = hashlib.sha256()
    h.update(f"{kop}|{comp.a.size}\n".encode())
    h.update("\n".join(sleutels[comp.cellen].tolist()).encode())
    for arr in rijen:
        h.update(np.ascontiguousarray(arr, dtype=float).tobytes())
    for naam, mat, b in (("eq", comp.a_eq, comp.b_eq), ("le", comp.a_le, comp.b_le)):
        h.update(naam.encode() + _rijen_canoniek(mat, b))
    h.update(repr(sorted(tuple(k) for k in comp.koppelingen)).encode())
    return h.hexdigest()


def _rijen_canoniek(mat: sparse.csr_array, b: np.ndarray) -> bytes:
    """The rows of a relation matrix and their right-hand sides `b` in an order that does not depend on how they were
    numbered: by number of members, then by their columns, coefficients and right-hand side (as sorted tuples would
    be), each group written with its count.
    Set-based per row length (a publication keys every component, and a Python tuple per row cost 1.5 s of a national
    month 12's publication, growing with the history)."""
    m = sparse.csr_array(mat)
    m.sort_indices()
    lengte = np.diff(m.indptr)
    delen = [f"{m.shape[0]}x{m.shape[1]}".encode()]
    for n in np.unique(lengte):
        rijen = np.flatnonzero(lengte == n)
        plek = m.indptr[rijen][:, None] + np.arange(n)
        kolommen, waarden = m.indices[plek].astype(np.int64), m.data[plek].astype(float)
        rechts = np.asarray(b, dtype=float)[rijen]
        # np.lexsort sorts by its last key first: the first column, the next, ..., then the coefficients likewise.
        volgorde = (np.lexsort(np.vstack([rechts[None, :], waarden.T[::-1], kolommen.T[::-1]])) if n
                    else np.lexsort(rechts[None, :]))
        delen.append(f"{n}:{rijen.size}:".encode() + kolommen[volgorde].tobytes() + waarden[volgorde].tobytes()
                     + rechts[volgorde].tobytes())
    return b"|".join(delen)


def protect(
    cellen: pl.DataFrame,
    relaties: Relaties,
    primair: np.ndarray,
    *,
    niveau: float = BESCHERMINGSNIVEAU,
    lidmaatschap: pl.DataFrame | None = None,
    rondes: int = RONDES,
    oplossingen: Oplossingen | None = None,
    processen: int = 1,
    vast: Vast | None = None,
    start: np.ndarray | None = None,
    voortgang: Callable[[str], None] | None = None,
    grenzen: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Optimal secondary suppression: the hidden-cell mask (primary included) of least cost such that
    every primary additive cell keeps an attacker's interval of at least `niveau`, and per hidden cell the
    shape of the range it is published as (`_ranges`, partial suppression; 0: none). Per component, a
    0/1 model (HiGHS, scipy.optimize.milp) is solved, the attacker's two programs per primary cell
    check it, and a violated cell adds the Benders cut of its programs' duals (Fischetti and
    Salazar-Gonzalez 2000); repeated until every primary cell is protected. Zeros are never hidden:
    a zero can only move up, so it never gives a small count the room it needs above its value, and
    hiding it costs the reader a true fact. With `oplossingen`, a component whose input is the same as
    in an earlier publication gets that publication's hidden set without a solve. With `processen` > 1 the
    components are solved in that many processes at once (the result is the same), when they hold at least
    `PROCESSEN_VANAF_CELLEN` cells. `vast`: cells an earlier publication showed, kept as it showed them (hidden or
    not, and as which range); only the other cells are chosen. `start`: a pattern known to protect (`_kwartaal_start`):
    a component it protects (checked) is not modelled but pruned from there (`_van_start`). `voortgang`: told, in a
    line for a person watching, how many of the components to solve are solved (a national quarter takes minutes), and
    how far a component that takes long is (`_verloop`).
    A component whose every cell is kept has nothing to choose: kept as it is, with the audit kept for it, else audited
    now (`suppress_monitoring` lets the kept cells of its periods go where that audit fails). `grenzen` (van, tot per
    cell, NaN where none): what the attacker knows of kept hidden cells from outside these relations (`doorgegeven`)."""
    vast = vast if vast is not None else Vast.geen(primair.size)
    verborgen = primair | (vast.cellen & vast.verborgen)
    sleutels = cel_sleutels(cellen).to_numpy() if oplossingen else None
    c_all = kosten(cellen, lidmaatschap)
    vrij = _vrij(cellen, primair)
    optelbaar = cellen["optelbaar"].to_numpy()
    telling = cellen["telling"].to_numpy()
    vorm = np.where(vast.cellen, vast.vorm, 0).astype(np.uint8)
    stats = {"componenten": 0, "snedes": 0, "modellen": 0, "opgelost": 0, "hergebruikt": 0}
    # A solved component's key and cells, to keep its audit with it.
    opgelost: list[tuple[str, np.ndarray]] = []
    taken: list[_Taak] = []
    for comp in _components(cellen, relaties, vast.cellen & ~vast.verborgen):
        stats["componenten"] += 1
        g = comp.cellen
        prim = primair[g]
        kop = comp.koppelingen
        in_lp = np.zeros(g.size, bool)
        for mat in (comp.a_eq, comp.a_le):
            if mat.shape[0]:
                in_lp |= np.asarray(abs(mat).sum(axis=0)).ravel() > 0
        doelen = np.flatnonzero(prim & optelbaar[g] & in_lp)
        if doelen.size == 0 and not kop:
            continue
        vast_g = vast.cellen[g]
        lb = (prim | (vast_g & vast.verborgen[g])).astype(float)
        ub_vrij = vrij[g]
        ub = np.where(vast_g, vast.verborgen[g], ub_vrij).astype(float)
        vorm_vast = np.where(vast_g, vast.vorm[g], 0).astype(np.uint8)
        gr = _grenzen_van(grenzen, g)
        sleutel = None
        if oplossingen is not None:
            sleutel = _component_sleutel(comp, sleutels, prim, c_all[g], ub_vrij, niveau, rondes, gr)
        if vast_g.all():
            # Every cell as decided before (earlier in this publication: the months before their quarters, a month
            # before the next; or in an earlier one): its audit is the one kept with it, else this publication's.
            if oplossingen is not None and oplossingen.gehouden(sleutel, verborgen[g], vorm[g]) is not None:
                stats["hergebruikt"] += 1
            elif oplossingen is not None:
                oplossingen.bewaar(sleutel, verborgen[g], vorm[g])
                opgelost.append((sleutel, g))
            continue
        if oplossingen is not None:
            # A solution kept for the same cells that shows every kept cell as it was shown is that solution again
            # (the same figures published twice, or a component solved with these cells kept).
            eerder = oplossingen.zoek(sleutel, g.size)
            if eerder is not None and not (np.array_equal(eerder[0][vast_g], vast.verborgen[g][vast_g])
                                           and np.array_equal(eerder[1][vast_g], vorm_vast[vast_g])):
                oplossingen.gebruikt.pop(sleutel)
                eerder = None
            if eerder is not None:
                verborgen[g], vorm[g], _ = eerder
                stats["hergebruikt"] += 1
                continue
        stats["opgelost"] += 1
        taken.append(_Taak(comp, prim, doelen, c_all[g], lb, ub, telling[g], niveau, rondes, sleutel, vast_g, vorm_vast,
                           ub_vrij, None if start is None else start[g] & (ub > 0), gr))
    # Each component is solved on its own (relations never cross components), so they may be solved side by
    # side: the largest first, each in the process that is free (the result does not depend on where).
    taken.sort(key=lambda taak: -taak.comp.cellen.size)
    uitkomsten = _naast_elkaar(_solve_component, taken, [taak.comp.cellen.size for taak in taken], processen,
                               PROCESSEN_VANAF_CELLEN, _Melder(voortgang, taken, stats["hergebruikt"]), voortgang)
    for taak, (hidden, vorm_g, cijfers) in zip(taken, uitkomsten, strict=True):
        g = taak.comp.cellen
        verborgen[g], vorm[g] = hidden, vorm_g
        for naam, waarde_ in cijfers.items():
            stats[naam] = stats.get(naam, 0) + waarde_
        if oplossingen is not None:
            oplossingen.bewaar(taak.sleutel, hidden, vorm_g)
            opgelost.append((taak.sleutel, g))
    stats.update(opgelost_componenten=opgelost)
    return verborgen, vorm, stats


class _Melder:
    """Tells `voortgang` (when given) how far `protect` is: at the start, and as each component is solved."""

    def __init__(self, voortgang: Callable[[str], None] | None, taken: list[_Taak], hergebruikt: int):
        self.voortgang, self.cellen = voortgang, [taak.comp.cellen.size for taak in taken]
        self.klaar, self.cellen_klaar, self.begin = 0, 0, time.monotonic()
        if voortgang is not None:
            eerder = f"; {hergebruikt} as published before" if hergebruikt else ""
            voortgang(f"{len(taken)} components to solve ({sum(self.cellen):,} cells){eerder}")

    def __call__(self, k: int) -> None:
        if self.voortgang is None:
            return
        self.klaar += 1
        self.cellen_klaar += self.cellen[k]
        self.voortgang(f"{self.klaar} of {len(self.cellen)} components solved ({self.cellen_klaar:,} of "
                       f"{sum(self.cellen):,} cells, {time.monotonic() - self.begin:.0f} s)")


class _Taak(NamedTuple):
    """One component to solve, with what `_solve_component` needs (picklable, for another process)."""

    comp: _Component
    prim: np.ndarray
    doelen: np.ndarray
    c: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    telling: np.ndarray
    niveau: float
    rondes: int
    sleutel: str | None
    vast: np.ndarray  # cells kept as an earlier publication showed them (their bounds are in lb and ub)
    vorm_vast: np.ndarray  # ... and the range each of those was shown as (0: none)
    ub_vrij: np.ndarray  # the upper bounds without them
    start: np.ndarray | None = None  # a pattern that may protect (see `_van_start`), None: model
    grenzen: tuple[np.ndarray, np.ndarray] | None = None  # bounds carried into the window (`doorgegeven`), local


def _solve_component(taak: _Taak) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """The optimal hidden set of one component and the shapes of its published ranges (see `protect`), with
    its counts: cuts, models, seconds of model, attack and ranges, whether it was completed greedily. When the
    cells kept as an earlier publication showed them leave no protecting pattern (the relations between them
    changed: another area, a region's composition), the component is solved again with its kept shown cells free to be
    hidden (`vast_losgelaten`). When the
    published cells outside it leave none either, _Onoplosbaar says which cells (`suppress_monitoring` lets go the kept
    cells of their periods)."""
    _verloop.start(taak.comp.cellen.size)
    try:
        try:
            return _los_op(taak)
        except _Onoplosbaar:
            # Only ever more hidden: a kept hidden cell (and its range) stays, a kept shown cell may be hidden now. A
            # cell shown now that a kept copy hid, or another range beside the kept one, would narrow it for whoever
            # holds both copies. Without a kept shown cell in the component (they are constants outside it, `protect`,
            # unless coupled) that frees nothing: solved again, it would fail again after the same work (national June
            # 2025's quarter: its largest component failed after 91.8 s, and again, the same, after 91.2 s).
            getoond = taak.vast & (taak.lb == 0)
            if not getoond.any():
                raise
            hidden, vorm, stats = _los_op(taak._replace(ub=np.where(getoond, taak.ub_vrij, taak.ub),
                                                        vast=taak.vast & ~getoond))
            return hidden, vorm, {**stats, "vast_losgelaten": 1}
    except _Onoplosbaar as fout:
        raise _Onoplosbaar(str(fout), taak.comp.cellen.tolist()) from None


def _los_op(taak: _Taak) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    comp, prim, doelen, c, lb, ub, telling, niveau, rondes, _, vast, vorm_vast, _, start, grenzen = taak
    # The ranges an earlier publication showed bound the attacker (NaN: none), and what the window before gives.
    van, tot = _samen_grenzen(bereik(comp.a, vorm_vast), grenzen)
    if start is not None:
        # Before `_niet_zeker`: in a quarter most targets are its months' kept cells, which the least pattern (the
        # quarter's cells shown) proves slowly (national Q2's largest component: 5,054 of 13,678 in 710 s), and the
        # start's proofs at once (all 16,574 targets, and the prune, in 97 s).
        uitkomst = _van_start(taak, van, tot)
        if uitkomst is not None:
            return uitkomst
    doelen = _niet_zeker(comp, doelen, lb > 0, vast, niveau, van, tot)
    stats: dict[str, float] = {"snedes": 0, "modellen": 0}
    kop = comp.koppelingen
    ruimte = niveau
    cuts = _initial_cuts(comp, prim, niveau)
    getuigen: dict[int, list[np.ndarray]] = {}
    gezien: set[bytes] = set()
    alle_nagegaan = False  # a round has checked every target (see `spaarzaam` below)
    stats_rondes = 0
    # One attacker for every round and the completion, built with every cell that may be hidden as a column (a published
    # one fixed at its value, as in `_repair`): a round's pattern only changes bounds, so its first program starts from
    # the last round's basis, not from none (national June's largest month component: 1.6-1.8 s a round's first
    # program, against 12-17 ms for each of its other 55-97; replayed alone 430.2 s against 508.1 s, its pattern 0.08%
    # cheaper, 17,529 hidden cells against 17,522, 2,066 ranges against 2,052). Any dual gives a cut valid for every
    # pattern (`snede`), as in `_repair`, which completes the last pattern on this attacker too.
    aanvaller = _Aanvaller(comp, ub > 0, ruimte, van, tot, volledig=True, primaal=True)
    while True:
        stats_rondes += 1
        t0 = time.monotonic()
        s = _solve(c, lb, ub, cuts, kop)
        stats["modellen"] += 1
        stats["seconden_model"] = stats.get("seconden_model", 0.0) + time.monotonic() - t0
        hidden = s > 0.5
        herhaald = hidden.tobytes() in gezien  # a cut that did not cut (rounding): give up on optimality
        gezien.add(hidden.tobytes())
        nieuw = 0
        # The primal simplex, as everywhere a program follows another with only its target changed (the previous basis
        # stays feasible): national June's largest month component (24,046 cells) took 588 s against 1,114 s on the
        # dual simplex, its attack in the model's rounds and the greedy completion 182 against 506 s, its pattern
        # costing 0.26% more (both completed greedily after 30 models; each beside another program on this machine).
        aanvaller.zet(hidden)
        punten = _Punten(comp.a[aanvaller.h])  # the points of this pattern's programs: one may prove another cell
        for n, p in enumerate(doelen):
            _verloop("model {:,} (at most {:,}): {:,} of {:,} primary cells checked, {:,} cuts", stats_rondes, rondes, n,
                     doelen.size, stats["snedes"] + nieuw)
            if any(hidden[steun].all() for steun in getuigen.get(int(p), ())):
                continue
            rijen = punten.bewijs(int(aanvaller.pos[p]), niveau)
            if rijen is not None:
                getuigen.setdefault(int(p), []).append(aanvaller.h[punten.steun(rijen)])
                continue
            # A cell proved before whose proofs a pattern took needs a program again: once a round has checked every
            # target (it found fewer than `SNEDES_PER_RONDE` cuts), its proof is kept as the few cells a point near the
            # exact figures moves (`spaarzaam`), which the next patterns mostly leave hidden. National May's second
            # month component (9,637 cells, 1,849 targets): its rounds 56 s against 98 s, 7,938 programs and 579 such
            # points against 21,655 programs, the same pattern. Not before: while every round finds its 25 cuts, its
            # pattern moves far and a proof is soon taken again, and such a point costs a few programs (national March's
            # largest month component, 14,979 cells: its rounds 81 s against 48 s so).
            opnieuw = alle_nagegaan and int(p) in getuigen
            hoog, y1, k1, c1 = aanvaller.snede(int(p), 1.0)
            eerste = punten.voeg_toe(y1[aanvaller.h])
            if hoog - comp.a[p] >= niveau - 1e-6:  # the exact value is the lowest one may need
                steun = aanvaller.spaarzaam(y1, int(p), min(comp.a[p] + niveau, y1[p])) if opnieuw else None
                getuigen.setdefault(int(p), []).append(aanvaller.h[punten.steun(eerste)] if steun is None else steun)
                continue
            laag, y2, k2, c2 = aanvaller.snede(int(p), -1.0)
            tweede = punten.voeg_toe(y2[aanvaller.h])
            if hoog + laag >= niveau - 1e-6:
                steun = _samen_steun(aanvaller.spaarzaam(y1, int(p), y1[p]), aanvaller.spaarzaam(y2, int(p), y2[p])) \
                    if opnieuw else None
                getuigen.setdefault(int(p), []).append(
                    aanvaller.h[punten.steun(eerste + tweede)] if steun is None else steun)
                continue
            rhs = niveau - c1 - c2
            coef = np.minimum(k1 + k2, rhs)
            idx = np.flatnonzero(coef > 1e-9)
            cuts.append((idx, coef[idx], rhs))
            nieuw += 1
            if nieuw >= SNEDES_PER_RONDE:
                break
        stats["snedes"] += nieuw
        alle_nagegaan = alle_nagegaan or nieuw < SNEDES_PER_RONDE
        stats["seconden_aanval"] = stats.get("seconden_aanval", 0.0) + time.monotonic() - t0
        if not nieuw:
            break
        if herhaald or stats_rondes >= rondes:
            # Not converged within `rondes` models: complete the last pattern greedily (protected, near-optimal).
            hidden = _repair(comp, hidden, doelen, c, ub, niveau, ruimte, van, tot, aanvaller)
            # (a kept cell is never published again by the prune: it stays as shown, like a primary cell) On the primal
            # simplex, as the ranges: its points move few cells, so publishing one again leaves most proofs standing
            # (the largest component of national February: 1,562 programs of 4 ms against 1,123 of 17 ms; of March:
            # 1,088 of 9 ms against 1,070 of 62 ms).
            aanvaller = _Aanvaller(comp, hidden, ruimte, van, tot, primaal=True)
            hidden = _prune(aanvaller, hidden, prim | vast, doelen, c, niveau, kop)
            stats["niet_optimaal"] = stats.get("niet_optimaal", 0) + 1
            break
    hidden = _close_couplings(hidden, kop, c, ~(vast & (ub == 0)))
    t0 = time.monotonic()
    vorm = _ranges(comp, hidden, prim, doelen, c, telling, niveau, kop, vast, vorm_vast, grenzen=grenzen)
    stats["seconden_bereik"] = time.monotonic() - t0
    return hidden, vorm, stats


def _samen_steun(een: np.ndarray | None, twee: np.ndarray | None) -> np.ndarray | None:
    """The cells two points move together (None when either is unknown)."""
    return None if een is None or twee is None else np.union1d(een, twee)


def _niet_zeker(comp: _Component, doelen: np.ndarray, minst: np.ndarray, vast: np.ndarray, niveau: float,
                van: np.ndarray, tot: np.ndarray) -> np.ndarray:
    """The targets whose protection can depend on the choice. Every pattern hides at least `minst` (the primary cells
    and those an earlier publication hid), and hiding more only widens what the attacker can derive (a hidden cell's
    bounds hold its value, a range holds it too), so a primary cell `minst` alone protects stays protected whatever is
    chosen: the model, its greedy completion, the prune and the ranges need not prove it again. Only the kept ones
    (`vast`: an earlier publication's, whose periods are decided) are tried: in April's national window 3,319 of
    March's 3,371 were protected so, with 210 programs in 7.7 s, and they were half the targets; of the month's own,
    1,120 of 3,322 with 4,460 programs (104 s): not tried. On the primal simplex: national June's 10,165 of 10,232 in
    33 s with 3,831 programs, against 91 s with 1,327 on the dual."""
    kept = doelen[vast[doelen]]
    if kept.size == 0:
        return doelen
    bewijzen = _Bewijzen(_Aanvaller(comp, minst, niveau, van, tot, primaal=True), kept, niveau)
    return np.setdiff1d(doelen, kept[bewijzen.rij[:, 0] >= 0])


def _van_start(taak: _Taak, van: np.ndarray, tot: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict[str, float]] | None:
    """From a start pattern instead of the model: the quarters once their months are decided (`_kwartaal_start`). When
    the attacker's programs prove every primary cell protected by it, every hidden cell that is not primary or kept is
    published again where no protection needs it (`_prune`, dearest first, within its budget; any cost) and the
    rest given ranges. The primary cells the start leaves unprotected are protected first by a greedy completion
    (`_repair`: _Onoplosbaar when none can be); None when the completed pattern is not proved after all (rounding:
    then the model is solved). Within the room `KWARTAAL_RUIMTE`."""
    comp, prim, doelen, c, lb, ub, telling, niveau, _, _, vast, vorm_vast, _, start, _ = taak
    t0 = time.monotonic()
    mag = ~(vast & (ub == 0))
    hidden = _close_couplings(start | (lb > 0), comp.koppelingen, c, mag)
    # The primal simplex: its points move few cells, so publishing a cell leaves most proofs standing and the prune and
    # the ranges can try most candidates within their budgets (the dual simplex's points move most cells of a
    # national quarter: every candidate touched nearly every proof, and not one was tried).
    # The small program (`reductie`) and one program for many cells first (`_Bewijzen._samen`), as the months' ranges
    # have them: on national Q1's largest component (20,557 cells) 313 s against 590 s with the full program and a
    # program per cell, its programs 6.5 against 15 ms in the proofs and 38 against 44 ms in the ranges, for 3,090
    # ranges against 2,954 and the same cost within 0.01%.
    # Every cell the completion may hide is a column (published: fixed at its value), so its cells only free bounds
    # and every proof so far stands.
    ruimte = KWARTAAL_RUIMTE * niveau
    kolommen = hidden | (ub > 0) | (_gekoppeld(comp.koppelingen, hidden.size) & mag)
    aanvaller = _Aanvaller(comp, kolommen, ruimte, van, tot, primaal=True)
    aanvaller.zet(hidden)
    bewijzen = _Bewijzen(aanvaller, doelen, niveau)
    open_ = np.flatnonzero(bewijzen.rij[:, 0] < 0)
    if open_.size:
        # (no cell left to widen one: its cut holds for every pattern, so the model would find none either)
        hidden = _close_couplings(_repair(comp, hidden, doelen[open_], c, ub, niveau, ruimte, van, tot, aanvaller),
                                  comp.koppelingen, c, mag)
        aanvaller.zet(hidden)
        if not bewijzen.opnieuw(open_, np.zeros(bewijzen.punten.n, bool)):
            return None
    hidden = _prune(aanvaller, hidden, prim | vast, doelen, c, niveau, comp.koppelingen, vanaf=0.0, bewijzen=bewijzen,
                    ontbloot=False)
    stats = {"snedes": 0, "modellen": 0, "van_start": 1, "seconden_aanval": time.monotonic() - t0}
    t0 = time.monotonic()
    vorm = _ranges(comp, hidden, prim, doelen, c, telling, niveau, comp.koppelingen, vast, vorm_vast, bewijzen,
                   budget=BEREIK_PROGRAMMAS_VAN_START)
    stats["seconden_bereik"] = time.monotonic() - t0
    return hidden, vorm, stats


def _repair(comp: _Component, hidden: np.ndarray, doelen: np.ndarray, c: np.ndarray, ub: np.ndarray,
            niveau: float, ruimte: float, van: np.ndarray | None = None, tot: np.ndarray | None = None,
            aanvaller: _Aanvaller | None = None) -> np.ndarray:
    """Make every primary cell protected by adding, per violated cell, the cells of its cut with the
    lowest cost per unit of protection until the cut holds, and checking again (the heuristic
    completion sdcTable and tau-ARGUS use for instances too large to solve to optimality). Hiding
    more never narrows an interval, so cells protected earlier stay protected. One attacker model, built with
    every cell that may be hidden as a column: hiding a cell only frees its bounds (a national component has
    hundreds of primary cells; a model per check cost minutes). Hiding more only frees bounds, so every point
    the programs found stays feasible: a cell that points found for earlier cells prove needs no program (only
    the primary cells' values of the points are kept, all a proof reads), and programs that lift many cells at once
    (`_optillen`, before the first cell that needs a program and after every `OPTILLEN_NA` cuts completed) find points
    that prove most cells still to come. `aanvaller`: one built so already (left attacking the completed pattern)."""
    hidden = hidden.copy()
    if aanvaller is None:
        aanvaller = _Aanvaller(comp, hidden | (ub > 0), ruimte, van, tot, volledig=True, primaal=True)
    aanvaller.zet(hidden)
    punten = _Punten(comp.a[doelen])
    verbreed = None  # cuts completed since the last programs for many (None: none ran yet)
    for j, p in enumerate(doelen):
        _verloop("greedy completion: {:,} of {:,} primary cells protected", j, doelen.size)
        if punten.bewijs(j, niveau) is not None:
            continue
        if verbreed is None or verbreed >= OPTILLEN_NA:
            # The cells from here that no point proves, many at once (`_optillen`): its points stay feasible as more is
            # hidden, and prove most of them without a program each.
            laag, hoog = punten.spanne()
            open_ = j + np.flatnonzero(hoog[j:] - laag[j:] < niveau - 1e-6)
            punten.voeg_toe(*(y[doelen] for y in _optillen(aanvaller, doelen[open_], niveau)[0]))
            verbreed = 0
            if punten.bewijs(j, niveau) is not None:
                continue
        while True:
            hoog, y1, k1, c1 = aanvaller.snede(int(p), 1.0)
            punten.voeg_toe(y1[doelen])
            if hoog - comp.a[p] >= niveau - 1e-6:
                break
            laag, y2, k2, c2 = aanvaller.snede(int(p), -1.0)
            punten.voeg_toe(y2[doelen])
            if hoog + laag >= niveau - 1e-6:
                break
            rhs = niveau - c1 - c2
            coef = np.minimum(k1 + k2, rhs)
            tekort = rhs - float(coef[hidden].sum())
            kandidaten = np.flatnonzero(~hidden & (ub > 0) & (coef > 1e-9))
            if kandidaten.size == 0:
                raise _Onoplosbaar("no cell left to protect a primary cell with: the relations are inconsistent")
            for i in kandidaten[np.argsort(c[kandidaten] / coef[kandidaten], kind="stable")]:
                hidden[i] = True
                tekort -= coef[i]
                if tekort <= 1e-9:
                    break
            aanvaller.zet(hidden)
            verbreed += 1
    return hidden


def _prune(aanvaller: _Aanvaller, hidden: np.ndarray, prim: np.ndarray, doelen: np.ndarray, c: np.ndarray,
           niveau: float, koppelingen: list[tuple[int, ...]], *, vanaf: float = DUUR,
           bewijzen: _Bewijzen | None = None, ontbloot: bool = True) -> np.ndarray:
    """After a greedy completion: publish again, most expensive first, every hidden cell not in `prim` costing at least
    `vanaf` (by default: of 10 or more or above gemeente level) whose hiding no primary cell's protection needs
    (checked by `_Bewijzen`, or the one given for this pattern: one model, only the cell's bounds change, programs only
    for the primary cells no point found so far proves). Without `ontbloot`, a cell that is the last but one hidden
    cell of an equality is not tried (published, it gives the other exactly: kept hidden without a program)."""
    hidden = hidden.copy()
    a = aanvaller.comp.a
    aanvaller.zet(hidden)
    bewijzen = bewijzen if bewijzen is not None else _Bewijzen(aanvaller, doelen, niveau)
    begin = bewijzen.programmas
    gekoppeld = {i for k in koppelingen for i in k}
    kandidaten = np.flatnonzero(hidden & ~prim & (c >= vanaf))
    if not ontbloot:
        gelijk = aanvaller.comp.a_eq.tocsc()
        open_per_rij = gelijk.astype(bool).astype(np.int64) @ hidden.astype(np.int64)  # hidden cells per equality
    for n, i in enumerate(kandidaten[np.argsort(-c[kandidaten], kind="stable")]):
        _verloop("publishing again: {:,} of {:,} hidden cells tried", n, kandidaten.size)
        if int(i) in gekoppeld:
            continue
        if not ontbloot:
            rijen = gelijk.indices[gelijk.indptr[i]:gelijk.indptr[i + 1]]
            if (open_per_rij[rijen] == 2).any():
                continue
        geraakt, buiten = bewijzen.geraakt(int(i), a[i], a[i])  # published: its exact value
        if bewijzen.programmas - begin + 2 * len(geraakt) > PRUNE_PROGRAMMAS:
            continue  # too costly to check within the budget: stays hidden (protected, maybe not needed)
        hidden[i] = False
        aanvaller.zet(hidden)
        if bewijzen.opnieuw(geraakt, buiten):
            if not ontbloot:
                open_per_rij[rijen] -= 1
        else:
            hidden[i] = True
            aanvaller.zet(hidden)
    return hidden


def bereik(waarde: np.ndarray, vorm: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """The published range of a cell of `waarde` in shape `vorm` (1-based index into `BEREIK_VERSCHUIVINGEN`; 0:
    none, given as [nan, nan]): the ten [10 * k + offset, 10 * k + offset + 9] holding the value."""
    verschuiving = np.array([np.nan, *BEREIK_VERSCHUIVINGEN])[np.asarray(vorm, dtype=np.int64)]
    van = np.floor((np.asarray(waarde, dtype=float) - verschuiving) / BEREIK_BREEDTE) * BEREIK_BREEDTE + verschuiving
    return van, van + BEREIK_BREEDTE - 1


def _grenzen_van(grenzen: tuple[np.ndarray, np.ndarray] | None, g: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The bounds `grenzen` (van, tot per cell, NaN where none) of cells `g`; None when none of them has one."""
    if grenzen is None or np.isnan(grenzen[0][g]).all():
        return None
    return grenzen[0][g], grenzen[1][g]


def _samen_grenzen(bereiken: tuple[np.ndarray, np.ndarray],
                   grenzen: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
    """Both bounds of each cell at once (NaN: none): the published range and what is carried into the window."""
    if grenzen is None:
        return bereiken
    return np.fmax(bereiken[0], grenzen[0]), np.fmin(bereiken[1], grenzen[1])


def _getuigen(aanvaller: _Aanvaller, a: np.ndarray, p: int, niveau: float,
              tweede: bool = False) -> tuple[np.ndarray, ...] | None:
    """The attacker's solutions that prove `p` protected (an interval of at least `niveau`), or None. `tweede`: on the
    copy of its program for a second thread."""
    hoog, y1 = aanvaller.uiterste(int(p), 1.0, tweede)
    if hoog - a[p] >= niveau - 1e-6:
        return (y1,)
    laag, y2 = aanvaller.uiterste(int(p), -1.0, tweede)
    if hoog + laag >= niveau - 1e-6:
        return y1, y2
    return None


class _Punten:
    """Points the attacker's programs found (their values on the hidden cells, one row each), all feasible for
    the attacker when found. A range given or a cell published again only narrows the attacker's bounds, so a
    point stays feasible as long as it lies within every bound given since: `levend` marks those. A primary
    cell is protected when two feasible points (the exact figures count as one) lie at least the protection
    level apart on it, so a point found for one cell can prove another without a program (`bewijs`).

    Kept in blocks of `BLOK` points, never copied to grow (a national quarter's component gathers thousands of points
    of 17,000 values: doubling one array copied up to a gigabyte at a time). A full block is kept by column, since
    every question but `steun` reads one column of every point."""

    BLOK = 256

    def __init__(self, exact: np.ndarray):
        self.exact = exact
        self._kolommen: list[np.ndarray] = []  # the full blocks, by column: (columns, BLOK)
        self._open = np.empty((self.BLOK, exact.size))  # the block being filled, by point
        self.n = 0
        self.levend = np.zeros(0, bool)

    def spanne(self) -> tuple[np.ndarray, np.ndarray]:
        """Per column: the least and the greatest value of the points and the exact figures."""
        delen = [blok.T for blok in self._kolommen] + [self._open[:self.n % self.BLOK], self.exact[np.newaxis]]
        return (np.min([deel.min(axis=0, initial=np.inf) for deel in delen], axis=0),
                np.max([deel.max(axis=0, initial=-np.inf) for deel in delen], axis=0))

    def voeg_toe(self, *punten: np.ndarray) -> tuple[int, ...]:
        """Add feasible points (alive); their row numbers."""
        begin = self.n
        for punt in punten:
            self._open[self.n % self.BLOK] = punt
            self.n += 1
            if self.n % self.BLOK == 0:
                self._kolommen.append(np.ascontiguousarray(self._open.T))
        self.levend = np.concatenate([self.levend, np.ones(len(punten), bool)])
        return tuple(range(begin, self.n))

    def _rij(self, i: int) -> np.ndarray:
        blok, plek = divmod(i, self.BLOK)
        return self._kolommen[blok][:, plek] if blok < len(self._kolommen) else self._open[plek]

    def kolom(self, k: int) -> np.ndarray:
        """Column k of every point."""
        return np.concatenate([blok[k] for blok in self._kolommen] + [self._open[:self.n % self.BLOK, k]])

    def steun(self, rijen: tuple[int, ...]) -> np.ndarray:
        """The columns on which these points differ from the exact figures."""
        punten = np.stack([self._rij(i) for i in rijen])
        return np.flatnonzero(np.any(np.abs(punten - self.exact) > 1e-9, axis=0))

    def buiten(self, k: int, van: float, tot: float) -> np.ndarray:
        """Per row: lies outside [van, tot] on column k (infeasible once the range is given)."""
        kolom = self.kolom(k)
        return (kolom < van - 1e-9) | (kolom > tot + 1e-9)

    def bewijs(self, k: int, niveau: float, erbij: np.ndarray | None = None) -> tuple[int, ...] | None:
        """Rows of feasible points (`levend`) that prove column k protected, or None: the highest one at least
        `niveau` above the exact value, or above the lowest one. `erbij`: column k of feasible points found since and
        not added yet, as rows `n`, `n` + 1, ... (a thread's own, `_Bewijzen._deel`)."""
        rijen = np.flatnonzero(self.levend)
        alle = self.kolom(k)
        if erbij is not None and erbij.size:
            rijen = np.concatenate([rijen, self.n + np.arange(erbij.size)])
            alle = np.concatenate([alle, erbij])
        if rijen.size == 0:
            return None
        kolom = alle[rijen]
        hoog, laag = int(rijen[np.argmax(kolom)]), int(rijen[np.argmin(kolom)])
        if alle[hoog] - self.exact[k] >= niveau - 1e-6:
            return (hoog,)
        if alle[hoog] - min(alle[laag], self.exact[k]) >= niveau - 1e-6:
            return hoog, laag
        return None


class _Bewijzen:
    """The proof that each primary cell of a component is protected, kept while the attacker's bounds narrow
    (a range given, a cell published again): per cell (by its place in `doelen`) the one or two rows of `_Punten`
    that prove it (-1: none). A change of one cell's bounds touches only the cells whose proof leaves them, and
    each of those is proved again from the points still feasible first; a program runs only when none proves it
    (`programmas` counts the programs run). Many cells at once are proved in two threads (`_alle`)."""

    def __init__(self, aanvaller: _Aanvaller, doelen: np.ndarray, niveau: float, *, elk: bool = True,
                 vooruit: _Aanvaller | None = None):
        """Without `elk`, only the programs that lift many cells at once (`_samen`): their points, no proof per cell.
        `vooruit`: an attacker on the same columns that knows at least what `aanvaller` knows (its bounds and more: the
        ranges still to be tried, `_ranges`), whose programs run first. Its points are feasible for `aanvaller` too, and
        stay so when those ranges are given; `aanvaller`'s programs run only for the cells it cannot prove. A range is
        given to both through `begrens`."""
        if vooruit is not None and not np.array_equal(vooruit.h, aanvaller.h):
            raise ValueError("vooruit must have the columns of aanvaller")
        self.aanvaller, self.niveau, self.programmas = aanvaller, niveau, 0
        self._aanvallers = (aanvaller,) if vooruit is None else (vooruit, aanvaller)  # whose programs run, in order
        self.doelen = np.asarray(doelen, dtype=np.int64)
        self.punten = _Punten(aanvaller.comp.a[aanvaller.h])
        self.rij = np.full((self.doelen.size, 2), -1)
        self._samen(np.arange(self.doelen.size))
        if elk:
            self._alle(np.arange(self.doelen.size), tot_de_eerste=False, melden="proving: {:,} of {:,} primary cells")

    def _samen(self, cellen: np.ndarray) -> None:
        """Programs for those of `cellen` the points still feasible do not prove: their sum at its greatest. Its point
        lifts many of them to the top of the attacker's room at once, which proves them without a program each; again
        for the rest while a program lifts at least `SAMEN_VANAF` of them. From `DRADEN_VANAF` such cells, half of them
        in each of two threads (as `_alle`), so what is found does not depend on which thread is faster."""
        kolommen = self.aanvaller.pos[self.doelen[cellen]]
        open_ = kolommen[[self.punten.bewijs(int(k), self.niveau) is None for k in kolommen]]
        if open_.size < DRADEN_VANAF:
            punten, programmas = self._optillen(open_, False)
        else:
            self._aanvallers[0].programma(tweede=True)
            (punten, programmas), (punten_2, programmas_2) = _in_twee(self._optillen, (open_[0::2],), (open_[1::2],))
            punten, programmas = punten + punten_2, programmas + programmas_2
        self.punten.voeg_toe(*punten)
        self.programmas += programmas

    def _optillen(self, open_: np.ndarray, tweede: bool) -> tuple[list[np.ndarray], int]:
        """`_samen`'s programs for the columns `open_` (on the programs' copies: `tweede`): their points, and how many."""
        h = self.aanvaller.h
        punten, programmas = _optillen(self._aanvallers[0], h[open_], self.niveau, tweede)
        return [y[h] for y in punten], programmas

    def _alle(self, cellen: np.ndarray, *, tot_de_eerste: bool, melden: str | None = None) -> bool:
        """Prove `cellen` (places in `doelen`) again and keep their proofs; whether all are protected. `tot_de_eerste`:
        stop at the first that is not. When the points prove fewer than `DRADEN_VANAF` of them, one after the other (a
        point found for one cell may prove the next); else in rounds of `DRAAD_BLOK` cells for each of two threads, the
        second on its own copy of the attacker's programs (`_Aanvaller.programma`). Each thread proves its cells from
        the points found before the round and its own; the points are added after the round, the first thread's first.
        So what is found does not depend on which thread is faster, and a thread stops only at its own first
        unprotected cell: the programs and points are the same on every run and machine."""
        open_ = []
        for j in cellen:
            rijen = self.punten.bewijs(int(self.aanvaller.pos[self.doelen[j]]), self.niveau)
            if rijen is None:
                open_.append(int(j))
            else:
                self.rij[j] = (rijen + (-1,))[:2]
        alle = True
        if len(open_) < DRADEN_VANAF:
            for n, j in enumerate(open_):
                if melden:
                    _verloop(melden, n, len(open_))
                if not self._neem([self._deel([j], False, True)]):
                    alle = False
                    if tot_de_eerste:
                        return False
            return alle
        for aanvaller in self._aanvallers:
            aanvaller.programma(tweede=True)
        for begin in range(0, len(open_), 2 * DRAAD_BLOK):
            if melden:
                _verloop(melden, begin, len(open_))
            ronde = open_[begin:begin + 2 * DRAAD_BLOK]
            delen = _in_twee(self._deel, (ronde[:DRAAD_BLOK],), (ronde[DRAAD_BLOK:],), tot_de_eerste)
            if not self._neem(list(delen)):
                alle = False
                if tot_de_eerste:
                    return False
        return alle

    def _neem(self, delen: list[tuple[list[tuple[int, tuple[int, ...] | None]], list[np.ndarray], int]]) -> bool:
        """Add the points of `_deel`s, in order, and keep their proofs; whether every cell was proved."""
        n, verschuiving, alle = self.punten.n, 0, True
        for bewijzen, punten, programmas in delen:
            self.punten.voeg_toe(*punten)
            self.programmas += programmas
            for j, rijen in bewijzen:
                if rijen is None:
                    alle = False
                    self.rij[j] = (-1, -1)
                else:
                    rijen = tuple(r + verschuiving if r >= n else r for r in rijen)
                    self.rij[j] = (rijen + (-1,))[:2]
            verschuiving += len(punten)
        return alle

    def _deel(self, cellen: list[int], tweede: bool,
              tot_de_eerste: bool) -> tuple[list[tuple[int, tuple[int, ...] | None]], list[np.ndarray], int]:
        """One thread's part of a round of `_alle`: per cell its proof (rows of `punten`, those of the points found here
        numbered from its `n` on) or None; the points found here; the programs run. `tweede`: on the programs' copies."""
        h, a = self.aanvaller.h, self.aanvaller.comp.a
        bewijzen: list[tuple[int, tuple[int, ...] | None]] = []
        punten: list[np.ndarray] = []
        programmas = 0
        for j in cellen:
            p = int(self.doelen[j])
            k = int(self.aanvaller.pos[p])
            rijen = self.punten.bewijs(k, self.niveau, np.array([y[k] for y in punten]))
            if rijen is None:
                for aanvaller in self._aanvallers:
                    programmas += 2
                    ys = _getuigen(aanvaller, a, p, self.niveau, tweede)
                    if ys is not None:
                        eerste = self.punten.n + len(punten)
                        punten.extend(y[h] for y in ys)
                        rijen = tuple(range(eerste, eerste + len(ys)))
                        break
            bewijzen.append((j, rijen))
            if rijen is None and tot_de_eerste:
                break
        return bewijzen, punten, programmas

    def begrens(self, i: int, *bereik_: float) -> None:
        """`_Aanvaller.begrens` on the attacker and on `vooruit` alike: a range given to cell i, or taken back."""
        for aanvaller in self._aanvallers:
            aanvaller.begrens(i, *bereik_)

    def geraakt(self, i: int, van: float, tot: float) -> tuple[np.ndarray, np.ndarray]:
        """The cells (places in `doelen`) whose proof leaves [van, tot] on cell i, and per point whether it does."""
        buiten = self.punten.buiten(int(self.aanvaller.pos[i]), van, tot)
        b = np.append(buiten, False)  # row -1: no second point
        return np.flatnonzero((self.rij[:, 0] < 0) | b[self.rij[:, 0]] | b[self.rij[:, 1]]), buiten

    def opnieuw(self, geraakt: np.ndarray, buiten: np.ndarray) -> bool:
        """After the attacker's bounds narrowed as `geraakt` said: prove those cells again and keep the proofs
        (True), or leave the proofs as they were (False) as soon as one is no longer protected. The points
        found meanwhile are feasible without the change too, so they stay."""
        levend, rij = self.punten.levend.copy(), self.rij.copy()
        self.punten.levend &= ~buiten
        self._samen(geraakt)
        if not self._alle(geraakt, tot_de_eerste=True):
            self.punten.levend[:levend.size] = levend
            self.rij = rij
            return False
        return True


def _optillen(aanvaller: _Aanvaller, cellen: np.ndarray, niveau: float,
              tweede: bool = False) -> tuple[list[np.ndarray], int]:
    """Programs for many primary cells at once (local ids `cellen`, hidden): their sum at its greatest, whose point lifts
    many of them to the top of the attacker's room (`ruimte`, at least `niveau`), which proves them without a program
    each; again for the rest while a program lifts at least `SAMEN_VANAF` of them. Their points (every cell), and how
    many programs ran. `tweede`: on the copy of the program for a second thread."""
    punten: list[np.ndarray] = []
    programmas = 0
    a = aanvaller.comp.a
    while cellen.size >= SAMEN_VANAF:
        programmas += 1
        _, y = aanvaller.uiterste(cellen, 1.0, tweede)
        if y is None:
            break
        punten.append(y)
        opgetild = y[cellen] >= a[cellen] + niveau - 1e-6
        if opgetild.sum() < SAMEN_VANAF:
            break
        cellen = cellen[~opgetild]
    return punten, programmas


_draden: ThreadPoolExecutor | None = None


def _in_twee(functie: Callable, eerste: tuple, tweede: tuple, *rest) -> tuple:
    """`functie(*eerste, False, *rest)` in this thread beside `functie(*tweede, True, *rest)` in the second (one per
    process, started the first time), whose `True` says: on the copies of the programs (`_Aanvaller.programma`). Both
    results, in that order; the second is waited for also when the first fails, so the copies are never left running."""
    global _draden
    if _draden is None:
        _draden = ThreadPoolExecutor(1, thread_name_prefix="jib-bewijzen")
    toekomst = _draden.submit(functie, *tweede, True, *rest)
    try:
        uit = functie(*eerste, False, *rest)
    finally:
        uit_2 = toekomst.result()
    return uit, uit_2


def _ranges(comp: _Component, hidden: np.ndarray, prim: np.ndarray, doelen: np.ndarray, c: np.ndarray,
            telling: np.ndarray, niveau: float, koppelingen: list[tuple[int, ...]], vast: np.ndarray | None = None,
            vorm_vast: np.ndarray | None = None, bewijzen: _Bewijzen | None = None,
            grenzen: tuple[np.ndarray, np.ndarray] | None = None, budget: int | None = None) -> np.ndarray:
    """Partial suppression: of the secondary hidden counts from `BEREIK_VANAF`, dearest first, those that can be
    published as a range (`bereik`, the first of `BEREIK_VERSCHUIVINGEN` that works) with every primary cell still
    protected; returns the shape per cell (0: stays hidden). Checked by the attacker's programs with hidden
    cells in [0, value + niveau] (a narrower room than the real attacker's, so a pass here holds for the audit
    too), through `_Bewijzen`, at most `budget` programs (default `BEREIK_PROGRAMMAS`). A cell in `vast` keeps the
    range it was shown as (`vorm_vast`), which bounds the attacker from the start, as `grenzen` do (`doorgegeven`).
    `bewijzen`: the proofs of this pattern, its attacker built with its room and the kept ranges (`_van_start`),
    whose programs then count from here; without it, an attacker on the primal simplex: its warm-started points move
    few cells, so a range given leaves most proofs standing, and its programs cost a quarter of the dual's (4 against
    15 ms on a national February). Then the proofs are found on a second such attacker first (`_Bewijzen`'s `vooruit`)
    that knows every candidate's first range, and while trying, the next `BEREIK_VOORUIT` candidates' first ranges: its
    points lie within them, so those trials leave the proofs standing. Of the counts of 10 or more, then of the
    others: every candidate whose first range touches no proof is given it first, without a program
    (`_zonder_programma`), then the others are tried, dearest first. A range is given exactly when every primary cell
    stays protected with it (with the ranges given before it)."""
    a = comp.a
    vast = np.zeros(a.size, bool) if vast is None else vast
    vorm_vast = np.zeros(a.size, dtype=np.uint8) if vorm_vast is None else vorm_vast
    kandidaten = np.flatnonzero(hidden & ~prim & ~vast & telling & ~_gekoppeld(koppelingen, a.size)
                                & (a >= BEREIK_VANAF))
    gegeven = np.where(vast, vorm_vast, 0).astype(np.uint8)
    if kandidaten.size == 0:
        return gegeven
    begin = 0 if bewijzen is None else bewijzen.programmas
    budget = BEREIK_PROGRAMMAS if budget is None else budget
    volgorde = kandidaten[np.argsort(-c[kandidaten], kind="stable")]
    vooruit = None
    if bewijzen is None:
        bekend = _samen_grenzen(bereik(a, gegeven), grenzen)
        aanvaller = _Aanvaller(comp, hidden, niveau, *bekend, primaal=True)
        if BEREIK_VOORUIT:
            # Proved with every candidate at its first range where that protects, then with those of the next
            # `BEREIK_VOORUIT` to try: such a proof survives those trials (its points lie within their ranges).
            vooruit = _Aanvaller(comp, hidden, niveau, *bekend, primaal=True)
            eerst = _eerste_bereik(a[volgorde])[1:]
            for i, van, tot in zip(volgorde, *eerst, strict=True):
                vooruit.begrens(int(i), van, tot)
        bewijzen = _Bewijzen(aanvaller, doelen, niveau, vooruit=vooruit)
        if vooruit is not None:
            for i in volgorde:
                vooruit.begrens(int(i))
    bewijzen.aanvaller.zet(hidden)
    gedaan = 0
    # The counts of 10 or more, which the order has first (`kosten`: the figures readers use), before the others: a
    # range given a smaller count without a program would narrow the attacker for them too.
    for deel in (volgorde[a[volgorde] >= 10], volgorde[a[volgorde] < 10]):
        n_deel = deel.size
        deel = _zonder_programma(bewijzen, deel, a, gegeven)
        gedaan += n_deel - deel.size
        if vooruit is not None:
            eerst = _eerste_bereik(a[deel])[1:]
        for n, i in enumerate(deel):
            _verloop("ranges: {:,} of {:,} hidden counts tried", gedaan + n, kandidaten.size)
            if vooruit is not None and n % BEREIK_VOORUIT == 0:
                for k in range(n, min(n + BEREIK_VOORUIT, deel.size)):
                    vooruit.begrens(int(deel[k]), eerst[0][k], eerst[1][k])
            for vorm, van, tot in _vormen(float(a[i])):
                geraakt, buiten = bewijzen.geraakt(int(i), van, tot)
                if bewijzen.programmas - begin + 2 * len(geraakt) > budget:
                    break  # too costly to check within the budget: stays hidden
                bewijzen.begrens(int(i), van, tot)
                if bewijzen.opnieuw(geraakt, buiten):
                    gegeven[i] = vorm
                    break
                bewijzen.begrens(int(i))
            if vooruit is not None and gegeven[i] == 0:
                vooruit.begrens(int(i))  # not tried within the budget: as `aanvaller` has it
        gedaan += deel.size
    return gegeven


def _zonder_programma(bewijzen: _Bewijzen, volgorde: np.ndarray, a: np.ndarray, gegeven: np.ndarray) -> np.ndarray:
    """Give every candidate of `volgorde` (in its order) its first range (`_eerste_bereik`) where every point a proof
    stands on lies within it (`gegeven`, changed in place): no proof is touched, so no program runs and no budget is
    spent. The candidates left, in their order. Before any trial that runs programs: those find new points, which
    mostly lie outside the next candidates' ranges (a point of the attacker's program moves most cells), so a range
    free now would cost programs after them. A free range kills only points no proof stands on, so it leaves the others free.
    Only the first range: a later one is tried after it, as `_ranges` tries them."""
    for i, vorm, van, tot in zip(volgorde, *_eerste_bereik(a[volgorde]), strict=True):
        geraakt, buiten = bewijzen.geraakt(int(i), van, tot)
        if geraakt.size == 0:
            bewijzen.begrens(int(i), van, tot)
            bewijzen.opnieuw(geraakt, buiten)
            gegeven[i] = vorm
    return volgorde[gegeven[volgorde] == 0]


def _vormen(waarde: float) -> Iterator[tuple[int, float, float]]:
    """The ranges a count of `waarde` may be shown as, in the order `_ranges` tries them: (shape, van, tot)."""
    for vorm in range(1, len(BEREIK_VERSCHUIVINGEN) + 1):
        van, tot = (float(x[0]) for x in bereik(np.array([waarde]), vorm))
        if van >= BEREIK_VANAF:
            yield vorm, van, tot


def _eerste_bereik(waarde: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per value (of `BEREIK_VANAF` or more): the first range `_ranges` tries for it (the first of `_vormen`), (shape,
    van, tot)."""
    vormen = np.zeros(waarde.size, np.uint8)
    van, tot = np.full(waarde.size, np.nan), np.full(waarde.size, np.nan)
    for vorm in range(len(BEREIK_VERSCHUIVINGEN), 0, -1):  # the last first: the first that fits stays
        v, t = bereik(waarde, vorm)
        past = v >= BEREIK_VANAF
        vormen, van, tot = np.where(past, vorm, vormen), np.where(past, v, van), np.where(past, t, tot)
    return vormen, van, tot


def _gekoppeld(koppelingen: list[tuple[int, ...]], n: int) -> np.ndarray:
    """Per cell of n: in a coupling."""
    gekoppeld = np.zeros(n, bool)
    gekoppeld[[i for k in koppelingen for i in k]] = True
    return gekoppeld


def _close_couplings(hidden: np.ndarray, koppelingen: list[tuple[int, ...]], c: np.ndarray,
                     mag: np.ndarray | None = None) -> np.ndarray:
    """Hide the cheapest other cell of every coupling with exactly one hidden cell, until none has; only cells
    in `mag` (default all; not those an earlier publication showed, which stay shown) are chosen."""
    hidden = hidden.copy()
    mag = np.ones(hidden.size, bool) if mag is None else mag
    veranderd = True
    while veranderd:
        veranderd = False
        for kop in koppelingen:
            k = np.asarray(kop)
            if hidden[k].sum() == 1:
                rest = k[~hidden[k] & mag[k]]
                if rest.size:
                    hidden[rest[np.argmin(c[rest])]] = True
                    veranderd = True
    return hidden


def _solve(c, lb, ub, cuts, koppelingen) -> np.ndarray:
    n = c.size
    rows, cols, data, rhs = [], [], [], []
    for i, (idx, w, r) in enumerate(cuts):
        rows.append(np.full(idx.size, i))
        cols.append(idx)
        data.append(w)
        rhs.append(r)
    k = len(cuts)
    for kop in koppelingen:  # never exactly one hidden: s_x <= sum of the others
        for x in kop:
            rows.append(np.full(len(kop), k))
            cols.append(np.asarray(kop))
            data.append(np.array([-1.0 if y == x else 1.0 for y in kop]))
            rhs.append(0.0)
            k += 1
    constraints = []
    if k:
        a = sparse.csr_array((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(k, n))
        constraints.append(LinearConstraint(a, np.array(rhs), np.inf))
    res = milp(c, integrality=np.ones(n), bounds=Bounds(lb, ub), constraints=constraints,
               options={"node_limit": 20_000, "mip_rel_gap": 1e-4})  # limits by work, not time: reproducible
    if res.x is None:
        raise _Onoplosbaar(f"suppression model has no solution ({res.message})")
    return np.round(res.x)


def suppress_monitoring(
    maand: pl.DataFrame,
    kwartaal: pl.DataFrame,
    lidmaatschap: pl.DataFrame,
    *,
    beschermingsniveau: float = BESCHERMINGSNIVEAU,
    audit: bool = True,
    oplossingen: Oplossingen | None = None,
    processen: int = 1,
    eerder: pl.DataFrame | None = None,
    voortgang: Callable[[str], None] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, Verslag]:
    """The published copies of monitoring_maand and monitoring_kwartaal: same columns and rows,
    suppressed cells NULL, rates NULL with their count. `lidmaatschap` (niveau, regiocode,
    gemeentecode) says which gemeenten each published region sums (the reference table `gemeenten`
    is accepted too: then every arbeidsmarktregio, RMC-regio and nederland over all gemeenten).
    With `audit` (the default) the attack of privacy/attack runs on the result and raises
    `OnvoldoendeBescherming` when a primary cell is narrowed below `beschermingsniveau`. `oplossingen`:
    the hidden sets of the previous publication per component (see `Oplossingen`), read and filled in;
    a reused component's audit is the one kept with it (it depends on that component alone), the others
    are attacked now. `processen`: how many components are solved at once (`protect`). `eerder`: what the previous
    publication showed of each cell (`Verslag.staat`); a cell with the same exact value is shown as then (`Vast`).
    `voortgang`: told how far it is, one line at a time (months, quarters, the audit), for a person watching."""
    begin = time.monotonic()
    cellen = met_kopieen(cells(maand, kwartaal), eerder)
    kopie = _kopieen(cellen)
    relaties = relations(cellen, lidmaatschap)
    check_relations(cellen, relaties)
    eerst = primary(cellen).to_numpy()
    vast = vorige_staat(cellen, eerder, eerst)
    oplossingen = oplossingen if oplossingen is not None else Oplossingen()
    # Periods whose kept cells are let go (chosen again): where what an earlier publication showed no longer protects
    # under today's relations (a relation added since, a region's composition), found by the solve or the audit. Hiding
    # more alone did not always do (a kept range bounds a hidden cell: the 12-month demo's first publication after the
    # stock and flow had no solution so), so those periods are chosen afresh.
    los = np.zeros(cellen.height, bool)
    # What `doorgegeven` and `paar_aanval` attacked: the choice and the audit share them, and the windows (`vensters`,
    # over the whole history: made once).
    geheugen: dict[bytes, object] = {}
    per_kw = vensters(cellen, relaties)
    while True:
        kept = Vast(vast.cellen & ~los, vast.verborgen, vast.vorm)
        try:
            mask, vorm, stats = _protect_maanden_eerst(cellen, relaties, eerst, lidmaatschap, kept, per_kw,
                                                       niveau=beschermingsniveau, oplossingen=oplossingen,
                                                       processen=processen, voortgang=voortgang, geheugen=geheugen)
        except _Onoplosbaar as fout:
            if len(fout.args) < 2 or not _laat_los(cellen, relaties, fout.args[1], kept, los, kopie):
                raise
            continue
        gegeven = vorm > 0
        van, tot = bereik(np.nan_to_num(cellen["waarde"].to_numpy()), vorm)
        kleinste: float | None = None
        begin_aanval = time.monotonic()
        if not audit:
            break
        per_cel = _audit(cellen, per_kw, mask, vorm, van, tot, eerst, lidmaatschap, beschermingsniveau, oplossingen,
                         processen, voortgang, geheugen)
        te_smal = np.flatnonzero(per_cel < beschermingsniveau - 1e-6)
        if te_smal.size and _laat_los(cellen, relaties, te_smal.tolist(), kept, los, kopie):
            continue
        if te_smal.size:
            raise OnvoldoendeBescherming(_melding(cellen, pl.DataFrame(
                {"cel": te_smal.astype(np.uint32), "breedte": per_cel[te_smal]}), beschermingsniveau))
        for sleutel, g in stats["opgelost_componenten"]:
            oplossingen.audit(sleutel, float(per_cel[g].min()))
        smalste = float(per_cel.min()) if per_cel.size else math.inf
        kleinste = None if math.isinf(smalste) else round(smalste, 6)  # 4.999999999999996 is the solver's 5
        break
    seconden_aanval = time.monotonic() - begin_aanval
    staat = pl.DataFrame({"sleutel": cel_sleutels(cellen), "waarde": cellen["waarde"], "verborgen": mask, "vorm": vorm},
                         schema=STAAT_SCHEMA)  # the copies in it for good (`met_kopieen`)
    # What is published: the present cells, not the copies.
    nu = ~kopie
    cellen, mask, vorm, gegeven, eerst, van, tot = (cellen.filter(pl.Series(nu)), mask[nu], vorm[nu], gegeven[nu],
                                                    eerst[nu], van[nu], tot[nu])
    telling = cellen["telling"].to_numpy()
    tien_plus = telling & (np.nan_to_num(cellen["waarde"].to_numpy()) >= 10)
    verslag = Verslag(
        cellen=cellen.height,
        primair=int(eerst.sum()),
        secundair=int(mask.sum() - eerst.sum()),
        aandeel_10_plus_onderdrukt=round(float((mask & ~gegeven)[tien_plus].mean()), 4) if tien_plus.any() else 0.0,
        kleinste_interval=kleinste,
        componenten=stats["componenten"],
        snedes=stats["snedes"],
        seconden=time.monotonic() - begin,
        niet_optimaal=stats.get("niet_optimaal", 0),
        componenten_opgelost=stats["opgelost"],
        componenten_hergebruikt=stats["hergebruikt"],
        seconden_aanval=seconden_aanval,
        secundair_bereik=int(gegeven.sum()),
        seconden_bereik=stats.get("seconden_bereik", 0.0),
        aandeel_10_plus_bereik=round(float(gegeven[tien_plus].mean()), 4) if tien_plus.any() else 0.0,
        bereiken=cellen.filter(pl.Series(gegeven)).select(
            *_CEL, pl.Series(van[gegeven]).cast(pl.Int64).alias("van"), pl.Series(tot[gegeven]).cast(pl.Int64).alias("tot")
        ),
        staat=staat,
        vast=int(kept.cellen[nu].sum()),
        vast_losgelaten=stats.get("vast_losgelaten", 0)
        + cellen.filter(pl.Series(los[nu])).select("tabel", "periode").unique().height,
        van_start=stats.get("van_start", 0),
    )
    hidden = pl.Series("s", mask)
    return _wide(maand, cellen, hidden, "monitoring_maand"), _wide(kwartaal, cellen, hidden, "monitoring_kwartaal"), verslag


def _audit(cellen: pl.DataFrame, per_kw: Mapping[str, Relaties], mask: np.ndarray, vorm: np.ndarray, van: np.ndarray,
           tot: np.ndarray, primair: np.ndarray, lidmaatschap: pl.DataFrame, niveau: float, oplossingen: Oplossingen,
           processen: int, voortgang: Callable[[str], None] | None,
           geheugen: dict[bytes, object] | None = None) -> np.ndarray:
    """The attack on the result, window by window (`per_kw`: `vensters`), as the protection was chosen. Each component
    is kept with its narrowest interval as the next publication sees it when that keeps these cells (the shown cells
    constants: the same component there), so a kept one is reused, not attacked again. Per cell: the narrowest
    interval of the components it is a target in (a reused component's narrowest for each of its targets; inf: not
    a target, or unbounded). Each window with what the windows up to it give about the month it shares with the one
    before (`doorgegeven_tot`: as the choice had it, so the choice's check of a window with the one before is this
    one's, `geheugen`), and with the one before at once (`paar_aanval`)."""
    sleutels = cel_sleutels(cellen).to_numpy()
    c_all = kosten(cellen, lidmaatschap)
    vrij = _vrij(cellen, primair)
    doel = primair & cellen["optelbaar"].to_numpy() & mask
    per_cel = np.full(cellen.height, math.inf)
    nieuw: dict[str, tuple[_Component, str]] = {}  # by key: the component and its window
    # (a window's full arrays, `vol`, only while it is audited: kept for every window they grew with the history's
    # square)
    gegeven = doorgegeven_tot(cellen, per_kw, mask, (van, tot), geheugen, oplossingen)
    # Each window with the one before at once first (`paar_aanval`; a component audited so before with these cells as
    # they are now is not attacked again): a window's component within one of those, whose targets are of its two
    # quarters, is not attacked on its own (more relations narrow as much or more; national April's largest is 60 s).
    kw_cel = kwartaal_per_cel(cellen)
    melden = None if voortgang is None else lambda regel: voortgang(f"audit: {regel}")
    # Per window: the cells of its components with the one before at once (sorted), each one's component, the quarters.
    in_paar: list[tuple[np.ndarray, np.ndarray, list[str]]] = []
    for kw in per_kw:
        comps, doelen = _paar_componenten(cellen, per_kw, kw, mask, doel)
        if not comps:
            continue
        cel = np.concatenate([comp.cellen for comp in comps])
        volgorde = np.argsort(cel)
        in_paar.append((cel[volgorde], np.repeat(np.arange(len(comps)), [c.cellen.size for c in comps])[volgorde],
                        [_kwartaal_ervoor(kw), kw]))
        werk: dict[int, str] = {}
        grenzen = gegeven[kw].vol(cellen.height)
        for comp in comps:
            g = comp.cellen
            sleutel = "paar:" + _component_sleutel(comp, sleutels, primair[g], c_all[g], vrij[g], niveau, RONDES,
                                                    _grenzen_van(grenzen, g))
            eerder = oplossingen.gehouden(sleutel, mask[g], vorm[g])
            if eerder is not None:
                per_cel[g[doelen[g]]] = np.minimum(per_cel[g[doelen[g]]], eerder)
            else:
                werk[id(comp)] = sleutel
        for comp, targets, (onder, boven) in _aanval_onthouden([c for c in comps if id(c) in werk], mask, doelen,
                                                               *_samen_grenzen((van, tot), grenzen), niveau,
                                                               processen, geheugen, melden):
            t = comp.cellen[targets]
            per_cel[t] = np.minimum(per_cel[t], boven - onder)
            oplossingen.bewaar(werk[id(comp)], mask[comp.cellen], vorm[comp.cellen], float((boven - onder).min()))
    laatste = {id(venster): kw for kw, venster in per_kw.items()}  # (after a correction one window holds quarters)
    for venster in _uniek(per_kw.values()):
        kw = laatste[id(venster)]
        grenzen = gegeven[kw].vol(cellen.height)
        for comp in _components(cellen, venster, ~mask, met=(doel,)):
            g = comp.cellen
            sleutel = _component_sleutel(comp, sleutels, primair[g], c_all[g], vrij[g], niveau, RONDES,
                                         _grenzen_van(grenzen, g))
            if sleutel in nieuw:  # the same component in two windows (a month that ends a quarter, on its own)
                continue
            eerder = oplossingen.gehouden(sleutel, mask[g], vorm[g])
            if eerder is not None:
                per_cel[g[doel[g]]] = np.minimum(per_cel[g[doel[g]]], eerder)
                continue
            t = g[doel[g]]
            if any(_binnen_een(cel, label, g) and np.isin(kw_cel[t], kwartalen_).all()
                   for cel, label, kwartalen_ in in_paar):
                oplossingen.bewaar(sleutel, mask[g], vorm[g], float(per_cel[t].min()))
                continue
            nieuw[sleutel] = (comp, kw)
    if voortgang is not None:
        voortgang(f"audit: attacking the {len(nieuw)} components not audited before")
    sleutel_van = {id(comp): sleutel for sleutel, (comp, _) in nieuw.items()}
    for kw in dict.fromkeys(kw for _, kw in nieuw.values()):
        for comp, targets, (onder, boven) in _attack_components([c for c, k in nieuw.values() if k == kw], mask, doel,
                                                               *_samen_grenzen((van, tot), gegeven[kw].vol(cellen.height)),
                                                               niveau, processen, melden):
            breedte = boven - onder
            t = comp.cellen[targets]
            per_cel[t] = np.minimum(per_cel[t], breedte)
            oplossingen.bewaar(sleutel_van[id(comp)], mask[comp.cellen], vorm[comp.cellen], float(breedte.min()))
    return per_cel


def _binnen_een(cel: np.ndarray, label: np.ndarray, g: np.ndarray) -> bool:
    """Whether cells `g` all lie in one component: `label` per cell of `cel` (sorted)."""
    plek = np.searchsorted(cel, g)
    if (plek >= cel.size).any():
        return False
    return bool((cel[plek] == g).all() and (label[plek] == label[plek[0]]).all())


def _vrij(cellen: pl.DataFrame, primair: np.ndarray) -> np.ndarray:
    """Per cell 1 when it may be hidden, 0 for a zero that is not primary (a zero is never hidden: `protect`)."""
    waarde = np.nan_to_num(cellen["waarde"].to_numpy().astype(float))
    return np.where((waarde == 0) & ~primair & cellen["optelbaar"].to_numpy(), 0.0, 1.0)


def _laat_los(cellen: pl.DataFrame, relaties: Relaties, ids: Iterable[int], kept: Vast, los: np.ndarray,
              kopie: np.ndarray) -> bool:
    """Add to `los` the periods (tabel and periode) of cells `ids` and of every cell in a relation with them (a shown
    kept cell outside a component pins it as a constant: a quarter's, the month before's list), when they hold a
    kept cell not let go yet; False when none is left to let go (then the failure is not the kept cells'). An earlier
    value's copy (`kopie`) is never let go: that publication is out."""
    in_periode = _perioden_rond(cellen, relaties, ids) & ~kopie
    if not (in_periode & kept.cellen).any():
        return False
    los |= in_periode
    return True


def _perioden_rond(cellen: pl.DataFrame, relaties: Relaties, ids: Iterable[int]) -> np.ndarray:
    """Per cell: in a period (tabel and periode) of cells `ids` or of a cell in a relation with one of them."""
    ids = list(ids)
    leden = relaties.leden
    rel = leden.filter(pl.col("cel").is_in(pl.Series(ids, dtype=pl.UInt32).implode()))["relatie"].unique()
    buren = leden.filter(pl.col("relatie").is_in(rel.implode()))["cel"].to_list()
    periode = cellen.select(pl.concat_str("tabel", "periode", separator="|").alias("p"))["p"]
    return periode.is_in(periode.gather([*ids, *buren]).unique().implode()).to_numpy()


def _protect_maanden_eerst(cellen: pl.DataFrame, relaties: Relaties, primair: np.ndarray, lidmaatschap: pl.DataFrame,
                           vast: Vast, per_kwartaal: Mapping[str, Relaties],
                           voortgang: Callable[[str], None] | None = None, geheugen: dict[bytes, object] | None = None,
                           **opties) -> tuple[np.ndarray, np.ndarray, dict]:
    """`protect` in the order of publication, each in its window (`vensters`): each month with the months before it as
    decided (a month is published before its quarter completes, so months and quarters are not chosen together), and
    after a quarter's last month the quarter, with its months as decided, from the pattern they give
    (`_kwartaal_start`, `_van_start`): one model of a national quarter with its months did not converge and its greedy
    completion ran for more than 40 minutes (docs/privacy.md, *The months before their quarters*). Each window with
    what the one before it gives about the month they share (`doorgegeven`), which is why a quarter is chosen before
    the next quarter's months. `cells` puts the months first; `per_kwartaal`: the windows (`vensters`)."""
    def fase(naam: str) -> Callable[[str], None] | None:
        return None if voortgang is None else lambda regel: voortgang(f"{naam}: {regel}")

    n = int((cellen["tabel"] == "monitoring_maand").sum())
    if n == 0:
        return protect(cellen, relaties, primair, lidmaatschap=lidmaatschap, vast=vast, voortgang=fase("cells"),
                       **opties)
    kwartaal = kwartaal_per_cel(cellen)
    besloten = Vast(vast.cellen.copy(), vast.verborgen.copy(), vast.vorm.copy())
    grenzen = (np.full(cellen.height, np.nan), np.full(cellen.height, np.nan))
    alle_stats: list[dict] = []

    leeg = Relaties(relaties.leden.clear(), [])
    niveau = opties.get("niveau", BESCHERMINGSNIVEAU)
    waarde = np.nan_to_num(cellen["waarde"].to_numpy())
    optelbaar = cellen["optelbaar"].to_numpy()
    verbergbaar, c_all = _vrij(cellen, primair) > 0, kosten(cellen, lidmaatschap)

    def venster(kw: str) -> Relaties:
        return per_kwartaal.get(kw, leeg)

    def maand(begin: int, eind: int) -> None:
        rel = _binnen(venster(kwartaal[begin]), eind)
        m_mask, m_vorm, m_stats = _meer_verbergen(
            lambda vrij: protect(
                cellen.head(eind), rel, primair[:eind], lidmaatschap=lidmaatschap,
                voortgang=fase(f"month {periode[begin][:7]}"), grenzen=(grenzen[0][:eind], grenzen[1][:eind]),
                vast=Vast(besloten.cellen[:eind] & ~vrij[:eind], besloten.verborgen[:eind], besloten.vorm[:eind]), **opties),
            cellen, rel, besloten.cellen & ~besloten.verborgen & ~vast.cellen)
        besloten.cellen[:eind], besloten.verborgen[:eind], besloten.vorm[:eind] = True, m_mask, m_vorm
        alle_stats.append(m_stats)

    def kwartaal_kiezen(kw: str) -> None:
        nonlocal besloten
        eigen = np.zeros(cellen.height, bool)
        eigen[n:] = kwartaal[n:] == kw
        rel = venster(kw)
        start = _kwartaal_start(cellen, rel, besloten.cellen & besloten.verborgen)
        q_mask, q_vorm, q_stats = _meer_verbergen(
            lambda vrij: protect(
                cellen, rel, primair, lidmaatschap=lidmaatschap, start=start, voortgang=fase(f"quarter {kw}"),
                grenzen=grenzen, vast=Vast(besloten.cellen & ~vrij, besloten.verborgen, besloten.vorm), **opties),
            cellen, rel, besloten.cellen & ~besloten.verborgen & ~vast.cellen)
        besloten = Vast(besloten.cellen | eigen, q_mask, q_vorm)
        alle_stats.append(q_stats)

    # In the order of publication: each month with cells to choose (a prefix of the cells: `cells`), the quarter after
    # its last month; each quarter's window with what the window before it gives (`doorgegeven`).
    periode = cellen["periode"].head(n).to_numpy()
    einden = np.flatnonzero(np.append(periode[1:] != periode[:-1], True)) + 1
    maanden = list(zip(np.append(0, einden[:-1]).tolist(), einden.tolist(), strict=True))
    kwartaal_cellen = set(kwartaal[n:].tolist())
    for kw in sorted(set(kwartaal[:n].tolist()) | kwartaal_cellen):
        while True:
            voor, gekozen = Vast(besloten.cellen.copy(), besloten.verborgen.copy(), besloten.vorm.copy()), len(alle_stats)
            verborgen = besloten.verborgen | primair
            doorgegeven(cellen, venster, kw, verborgen, bereik(waarde, np.where(verborgen, besloten.vorm, 0)), grenzen,
                        geheugen, opties.get("oplossingen"))
            for begin, eind in maanden:
                if kwartaal[begin] == kw and not besloten.cellen[begin:eind].all():
                    maand(begin, eind)
            if kw in kwartaal_cellen and not besloten.cellen[n:][kwartaal[n:] == kw].all():
                kwartaal_kiezen(kw)
            # A choice that hid cells decided before it (`_meer_verbergen`: a list of the month before the quarter) counted
            # on them as unknown, but the window before may give them away (a list it pins exactly): chosen again, with
            # those cells hidden as decided and what the window before gives about them.
            nieuw = voor.cellen & besloten.verborgen & ~voor.verborgen
            if not nieuw.any():
                break
            voor.verborgen[nieuw], voor.vorm[nieuw] = True, besloten.vorm[nieuw]
            besloten = voor
            del alle_stats[gekozen:]  # (their solved components are not this publication's: no audit is kept for them)
        # This window with the one before at once (`paar_aanval`), where something of it was chosen now: where they
        # narrow a count of either quarter, the ranges chosen now in its component are published as hidden cells, then
        # the cheapest of the cells chosen now that widen it are hidden too (fewer ranges and more hidden cells narrow
        # nothing), until none is narrowed or nothing helps (then the audit says so).
        nu = (kwartaal == kw) & ~vast.cellen
        while nu.any():
            verborgen = besloten.verborgen | primair
            van, tot = _samen_grenzen(bereik(waarde, np.where(verborgen, besloten.vorm, 0)), grenzen)
            uitkomst = paar_aanval(cellen, per_kwartaal, kw, verborgen, van, tot, primair & optelbaar,
                                   smalste_vanaf=niveau, processen=opties.get("processen", 1), geheugen=geheugen,
                                   voortgang=fase(f"{kw} with the quarter before"))
            smal, breedte, rond = [], [], np.zeros(cellen.height, bool)
            for comp, t, (o, b) in uitkomst:
                te_smal = b - o < niveau - 1e-6
                if te_smal.any():
                    smal.append(comp.cellen[t[te_smal]])
                    breedte.append((b - o)[te_smal])
                    rond[comp.cellen] = True
            if not smal:
                break
            bereiken = rond & nu & verborgen & (besloten.vorm > 0)
            if bereiken.any():
                besloten.vorm[bereiken] = 0
                continue
            kandidaat = nu & besloten.cellen & ~verborgen & verbergbaar & optelbaar
            extra = _paar_verbergen(cellen, per_kwartaal, kw, np.concatenate(smal), np.concatenate(breedte), verborgen,
                                    kandidaat, c_all, van, tot, niveau)
            if not extra.size:
                break
            besloten.verborgen[extra], besloten.vorm[extra] = True, 0
    stats: dict = {"componenten": 0, "snedes": 0, "modellen": 0, "opgelost": 0, "hergebruikt": 0,
                   "opgelost_componenten": []}
    for m_stats in alle_stats:
        for naam, waarde in m_stats.items():
            stats[naam] = stats[naam] + waarde if naam in stats else waarde  # the lists of solved components joined
    return besloten.verborgen | primair, np.where(besloten.verborgen | primair, besloten.vorm, 0).astype(np.uint8), stats


def _meer_verbergen(kies: Callable[[np.ndarray], tuple], cellen: pl.DataFrame, relaties: Relaties,
                    nu_getoond: np.ndarray) -> tuple:
    """`kies(vrij)` (a `protect` with the cells `vrij` free to choose), first with none free. When it has no solution,
    again with the cells shown by a choice earlier in this publication (`nu_getoond`: not kept from an earlier one) free
    in the periods tied to the failing cells: a month decided before the next may have to hide more for it (a
    corrected June: its new list shown beside the old one gives July's change away through the stock and flow, which
    July's own cells cannot hide). Hiding a shown cell only widens what an attacker can derive, so what those periods'
    own windows protected stays protected."""
    try:
        return kies(np.zeros(cellen.height, bool))
    except _Onoplosbaar as fout:
        if len(fout.args) < 2:
            raise
        vrij = nu_getoond & _perioden_rond(cellen, relaties, fout.args[1])
        if not vrij.any():
            raise
        return kies(vrij)


def _binnen(relaties: Relaties, n: int) -> Relaties:
    """The relations and couplings among cells 0..n-1 only (the months' own: `relations` of those cells gives the same)."""
    binnen = relaties.leden.group_by("relatie").agg(pl.col("cel").max()).filter(pl.col("cel") < n).select("relatie")
    return Relaties(relaties.leden.join(binnen, on="relatie", how="semi", maintain_order="left"),
                    [k for k in relaties.koppelingen if max(k) < n])


def _kwartaal_start(cellen: pl.DataFrame, relaties: Relaties, verborgen: np.ndarray) -> np.ndarray:
    """Each quarter cell that sums hidden months (or is a hidden month, for a stock): hidden. Then the quarters tell
    an attacker nothing the months do not: a shown quarter cell is the sum of shown months, and the relations
    between hidden quarter cells are sums of the months' relations. So every primary cell protected by the months
    stays protected (checked all the same, `_van_start`), and a primary quarter cell (its months 0 to 4) keeps the
    width of its months' intervals, summed over independent months."""
    kwartaal = (cellen["tabel"] == "monitoring_kwartaal").to_numpy()
    leden = relaties.leden
    rel = leden["relatie"].to_numpy().astype(np.int64)
    cel = leden["cel"].to_numpy().astype(np.int64)
    coef = leden["coef"].to_numpy()
    n_rel = int(rel.max()) + 1 if rel.size else 0

    def per_relatie(lid: np.ndarray) -> np.ndarray:
        return np.bincount(rel, weights=lid.astype(float), minlength=n_rel) > 0

    over_maanden = per_relatie((coef < 0) & kwartaal[cel]) & ~per_relatie((coef > 0) & kwartaal[cel])
    start = np.zeros(cellen.height, bool)
    start[cel[(coef < 0) & over_maanden[rel] & per_relatie((coef > 0) & verborgen[cel])[rel]]] = True
    return start


def _melding(cellen: pl.DataFrame, te_smal: pl.DataFrame, niveau: float) -> str:
    rijen = te_smal.join(cellen.select("cel", *_CEL), on="cel").sort("breedte").head(5)
    plekken = "; ".join(
        f"{r['tabel']} {r['periode']} {r['niveau']} {r['regiocode']} {r['kolom']}: interval width {r['breedte']:.2f}"
        for r in rijen.iter_rows(named=True)
    )
    return (f"refusing to publish: the attack narrows {te_smal.height} primary-suppressed cell(s) below an interval "
            f"of {niveau:g} ({plekken}). This is a bug in the suppression or a relation it does not model: report it "
            "with these cells; the exact figures stay in the warehouse.")


def _wide(frame: pl.DataFrame, cellen: pl.DataFrame, mask: pl.Series, tabel: str) -> pl.DataFrame:
    """`frame` with the suppressed cells of `tabel` set to NULL (types kept), and each `<count>_per_1000`
    NULL where its count is (or always, when the count is not in the table)."""
    if frame.is_empty():
        return frame
    periode = "peildatum" if tabel == "monitoring_maand" else "kwartaal"
    hidden = (
        cellen.with_columns(mask.alias("s"))
        .filter((pl.col("tabel") == tabel) & pl.col("s"))
        .select("periode", "niveau", "regiocode", "kolom")
    )
    out = frame.with_columns(pl.col(periode).cast(pl.String).alias("_periode"))
    for kolom in waarde_kolommen(frame):
        keys = hidden.filter(pl.col("kolom") == kolom).select(
            pl.col("periode").alias("_periode"), "niveau", "regiocode", pl.lit(True).alias("_verborgen")
        )
        out = out.join(keys, on=["_periode", "niveau", "regiocode"], how="left").with_columns(
            pl.when(pl.col("_verborgen").fill_null(False)).then(None).otherwise(pl.col(kolom)).alias(kolom)
        ).drop("_verborgen")
    for kolom in (c for c in frame.columns if is_rate(c)):
        telling = kolom.removesuffix(PER_1000)
        weg = pl.col(telling).is_null() if telling in out.columns else pl.lit(True)
        out = out.with_columns(pl.when(weg).then(None).otherwise(pl.col(kolom)).alias(kolom))
    return out.drop("_periode").select(frame.columns)
