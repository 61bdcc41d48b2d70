"""Small numbers (rules.md 5): which cells of the monitoring tables the analysts may not see.

Plain functions on Polars frames, used by publish/analytics and tested on hand-made tables. The
restricted store keeps the exact figures; only the published copy is suppressed. A suppressed cell
is NULL, never 0.

- **Primary**: a count from 1 to 4; an average, median or per-person total over fewer than 10
  persons (its basis column, see `BASIS`); a non-count column without a known basis is never shown.
- **Secondary**: the published figures obey linear relations (a total and its split within a row;
  a region and its gemeenten; a quarter and its months). Every relation is a *group* of cells; a
  group with exactly one suppressed cell gives that cell away by subtraction, so another cell of
  the group is suppressed too (a part before a total, a small positive figure before a large one
  or a zero), set-based over all groups at once, repeated until no group has exactly one.
- **Audit**: relations can give a cell away together when none does alone (two regional
  hierarchies). `recoverable_cells` solves all exact linear relations together (numpy) and names every
  suppressed cell whose value still follows from the published ones; `suppress_monitoring` adds
  suppressions until no primary-suppressed cell does. Bounds (no count below 0) are not modelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from jib_assets.chain.monitoring import BESTEMMINGEN, CATEGORIEEN, REDENEN_UITSTROOM, SOORTEN_INSTROOM, VRAGEN

KLEIN_MIN, KLEIN_MAX = 1, 4  # a count in 1..4 is suppressed
MIN_PERSONEN = 10  # an average or percentage over fewer persons is suppressed

SLEUTELS_MAAND = ("peildatum", "niveau", "regiocode")
SLEUTELS_KWARTAAL = ("kwartaal", "niveau", "regiocode")
# Published as they are: keys and labels, and context that counts municipalities or months, not persons.
NIET_ONDERDRUKT = frozenset(
    {"peildatum", "kwartaal", "niveau", "regiocode", "regionaam", "gemeenten_in_regio", "gemeenten_meegeteld", "maanden"}
)

# Non-count columns and the count of persons they are computed over (besides the `<x>_basis` convention).
BASIS: dict[str, str] = {
    "mediaan_maanden_op_lijst_uitstroom": "uitstroom",
    "uren_gemiddeld_per_jongere": "uren_gemiddeld_per_jongere_basis",
    "uren_totaal": "uren_totaal_basis",
}
# Not additive over gemeenten or months: only the primary rule (its basis) and the groups below apply.
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


@dataclass(frozen=True)
class Split:
    """A total and the parts it splits into within one row. `exact`: the parts add up to the total
    (else they add up to at most the total, e.g. reactions to a card); `lineair`: a linear relation
    at all (the hours' average is a ratio: any two of its three cells give the third)."""

    totaal: str
    delen: tuple[str, ...]
    exact: bool = True
    lineair: bool = True


SPLITSINGEN: tuple[Split, ...] = (
    Split("instroom", tuple(f"instroom_{s}" for s in SOORTEN_INSTROOM)),
    Split("uitstroom", tuple(f"uitstroom_{r}" for r in REDENEN_UITSTROOM)),
    Split("instroom", tuple(f"instroom_{c}" for c in CATEGORIEEN)),
    # Age and gender add up to the instroom when known (monitoring.py): treated as exact, the safe side.
    Split("instroom", tuple(f"instroom_leeftijd_{a}" for a in range(23, 27))),
    Split("instroom", ("instroom_man", "instroom_vrouw", "instroom_x")),
    Split("kaartje_verstuurd", ("reactie_ja", "reactie_nee", "reactie_geen"), exact=False),
    Split("jongeren_casemanager", tuple(f"bestemming_{b}" for b in BESTEMMINGEN), exact=False),
    Split("jongeren_casemanager", tuple(f"vraag_{v}" for v in VRAGEN), exact=False),
    Split("werk_na_6_maanden", ("contract_vast", "contract_flexibel")),
    # The same count twice: suppressed together.
    Split("kaartje_verstuurd", ("uren_gemiddeld_per_jongere_basis",)),
    # average = total / basis: hide the total when the average is hidden (and the other way round).
    Split("uren_gemiddeld_per_jongere", ("uren_totaal", "uren_gemiddeld_per_jongere_basis"), lineair=False),
)

_CEL = ("tabel", "periode", "niveau", "regiocode", "kolom")


@dataclass(frozen=True)
class Verslag:
    """What the suppression did, in counts only (safe for logs and metadata)."""

    cellen: int
    primair: int
    secundair: int
    rondes: int
    groepen: int
    niet_gecontroleerd: int = 0  # sets of related suppressed cells too large for the audit

    def as_dict(self) -> dict[str, int]:
        return {
            "cellen": self.cellen, "onderdrukt_primair": self.primair,
            "onderdrukt_secundair": self.secundair, "rondes": self.rondes, "groepen": self.groepen,
            "niet_gecontroleerd": self.niet_gecontroleerd,
        }


def basis_kolom(kolom: str, kolommen: Iterable[str]) -> str | None:
    """The count of persons a non-count column is computed over: `<kolom>_basis`, else `BASIS`."""
    kolommen = set(kolommen)
    if f"{kolom}_basis" in kolommen:
        return f"{kolom}_basis"
    basis = BASIS.get(kolom)
    return basis if basis in kolommen else None


def waarde_kolommen(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in NIET_ONDERDRUKT]


def is_telling(dtype: pl.DataType) -> bool:
    return dtype.is_integer()


def cells(maand: pl.DataFrame, kwartaal: pl.DataFrame) -> pl.DataFrame:
    """Every suppressible cell of both tables, long: tabel, periode, niveau, regiocode, kolom, waarde
    (Float64), telling (a count), basis (the value of its basis column, for non-counts), cel (an id)."""
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
                    "niveau",
                    "regiocode",
                    pl.lit(kolom).alias("kolom"),
                    pl.col(kolom).cast(pl.Float64).alias("waarde"),
                    pl.lit(is_telling(frame.schema[kolom])).alias("telling"),
                    (pl.col(basis).cast(pl.Float64) if basis else pl.lit(None, pl.Float64)).alias("basis"),
                    pl.lit(basis is not None).alias("heeft_basis"),
                )
            )
    if not parts:
        return pl.DataFrame(schema={**dict.fromkeys(_CEL, pl.String), "waarde": pl.Float64, "telling": pl.Boolean,
                                    "basis": pl.Float64, "heeft_basis": pl.Boolean, "cel": pl.UInt32})
    return pl.concat(parts).with_row_index("cel")


def primary(cellen: pl.DataFrame) -> pl.Series:
    """rules.md 5, primary: counts 1..4, and non-counts over fewer than 10 persons (or without a basis)."""
    telling = pl.col("telling") & pl.col("waarde").is_between(KLEIN_MIN, KLEIN_MAX)
    gemiddelde = ~pl.col("telling") & (~pl.col("heeft_basis") | (pl.col("basis").fill_null(0) < MIN_PERSONEN))
    return cellen.select((telling | gemiddelde).alias("primair"))["primair"]


def constraint_groups(cellen: pl.DataFrame, gemeenten: pl.DataFrame) -> pl.DataFrame:
    """The relations between published cells: one row per (groep, cel) with rol (`totaal`/`deel`),
    exact (the parts add up to the total) and lineair. Set-based joins over `cellen`; `gemeenten`
    maps gemeentecode to arbeidsmarktregio_code and rmc_regio_code."""
    keyed = cellen.select("cel", *_CEL, "waarde")
    found: list[pl.DataFrame] = []

    def add(totaal: pl.DataFrame, delen: pl.DataFrame, by: Sequence[str], *, exact: bool = True, lineair: bool = True) -> None:
        """Groups: each distinct `by` of `totaal` (one cell) with the `delen` cells of the same `by`."""
        if totaal.is_empty():
            return
        sleutels = totaal.select(*by).unique().sort(by).with_row_index("_g")
        t = totaal.join(sleutels, on=list(by)).select("_g", "cel", pl.lit("totaal").alias("rol"))
        d = delen.join(sleutels, on=list(by)).select("_g", "cel", pl.lit("deel").alias("rol"))
        found.append(pl.concat([t, d]).with_columns(pl.lit(exact).alias("exact"), pl.lit(lineair).alias("lineair")))

    rij = ["tabel", "periode", "niveau", "regiocode"]
    aanwezig = set(cellen["kolom"].unique().to_list())
    for split in SPLITSINGEN:
        if split.totaal not in aanwezig or not set(split.delen) <= aanwezig:
            continue
        add(
            keyed.filter(pl.col("kolom") == split.totaal),
            keyed.filter(pl.col("kolom").is_in(split.delen)),
            rij,
            exact=split.exact,
            lineair=split.lineair,
        )

    # Across levels, per column: a region is the sum of its gemeenten; nederland the sum of the
    # RMC-regio's and of the arbeidsmarktregio's.
    optelbaar = keyed.filter(~pl.col("kolom").is_in(list(NIET_OPTELBAAR)))
    kaart = gemeenten.select(
        pl.col("gemeentecode").alias("regiocode"),
        pl.col("arbeidsmarktregio_code").alias("_amr"),
        pl.col("rmc_regio_code").alias("_rmc"),
    )
    gem = optelbaar.filter(pl.col("niveau") == "gemeente").join(kaart, on="regiocode", how="inner")
    per = ["tabel", "periode", "kolom", "_regio"]
    for niveau, veld in (("arbeidsmarktregio", "_amr"), ("rmc_regio", "_rmc")):
        add(
            optelbaar.filter(pl.col("niveau") == niveau).rename({"regiocode": "_regio"}),
            gem.with_columns(pl.col(veld).alias("_regio")),
            per,
        )
        add(
            optelbaar.filter(pl.col("niveau") == "nederland").with_columns(pl.lit("NL").alias("_regio")),
            optelbaar.filter(pl.col("niveau") == niveau).with_columns(pl.lit("NL").alias("_regio")),
            per,
        )

    # Across periods, per row and column: a quarter is the sum of its months (flows) or its last month (stocks).
    # (A median of a quarter is over all its leavers: no relation with the months' medians.)
    per_periode = keyed.filter(~pl.col("kolom").is_in(list(NIET_OPTELBAAR - STANDEN)))
    maand = per_periode.filter(pl.col("tabel") == "monitoring_maand").with_columns(
        pl.col("periode").str.to_date().alias("_datum")
    ).with_columns(
        (pl.col("_datum").dt.year().cast(pl.String) + "-Q" + pl.col("_datum").dt.quarter().cast(pl.String)).alias("_kwartaal")
    )
    if not maand.is_empty():
        laatste = maand.group_by("_kwartaal").agg(pl.col("_datum").max().alias("_laatste"))
        maand = maand.join(laatste, on="_kwartaal").filter(
            ~pl.col("kolom").is_in(list(STANDEN)) | (pl.col("_datum") == pl.col("_laatste"))
        )
        kwartaal = per_periode.filter(pl.col("tabel") == "monitoring_kwartaal").rename({"periode": "_kwartaal"})
        add(kwartaal, maand, ["_kwartaal", "niveau", "regiocode", "kolom"])

    if not found:
        return pl.DataFrame(schema={"groep": pl.UInt32, "cel": pl.UInt32, "rol": pl.String,
                                    "exact": pl.Boolean, "lineair": pl.Boolean})
    # Number the groups over all kinds; a group needs at least two cells to relate anything.
    numbered = []
    offset = 0
    for frame in found:
        n = frame["_g"].max() + 1 if not frame.is_empty() else 0
        numbered.append(frame.with_columns((pl.col("_g").cast(pl.UInt32) + offset).alias("groep")).drop("_g"))
        offset += int(n)
    groups = pl.concat(numbered).select("groep", "cel", "rol", "exact", "lineair")
    size = groups.group_by("groep").len()
    return groups.join(size.filter(pl.col("len") >= 2).select("groep"), on="groep", how="semi")


def secondary(cellen: pl.DataFrame, groepen: pl.DataFrame, onderdrukt: pl.Series) -> tuple[pl.Series, int]:
    """Add suppressions until no group has exactly one suppressed cell. Returns the new mask and the
    number of rounds. Per round, each group with one suppressed cell gets one more: a part before
    the total, a positive value before a zero, a cell that also helps other such groups, the
    smallest value; ties by cell id, so the result does not depend on row order."""
    state = cellen.select("cel", "waarde").with_columns(onderdrukt.alias("s"))
    rondes = 0
    while True:
        g = groepen.join(state, on="cel")
        per_groep = g.group_by("groep").agg(pl.col("s").sum().alias("n"))
        nodig = per_groep.filter(pl.col("n") == 1).select("groep")
        if nodig.is_empty():
            return state["s"], rondes
        rondes += 1
        kandidaten = g.join(nodig, on="groep", how="semi").filter(~pl.col("s"))
        treffers = kandidaten.group_by("cel").len("treffers")
        keuze = (
            kandidaten.join(treffers, on="cel")
            .with_columns(
                (pl.col("rol") == "totaal").alias("_totaal"),
                (pl.col("waarde").fill_null(0) == 0).alias("_nul"),
                (-pl.col("treffers").cast(pl.Int64)).alias("_min_treffers"),
                pl.col("waarde").fill_null(0).alias("_w"),
            )
            .sort(["groep", "_totaal", "_nul", "_min_treffers", "_w", "cel"])
            .group_by("groep", maintain_order=True)
            .first()
            .select("cel")
            .unique()
        )
        if keuze.is_empty():  # every other cell is suppressed already: cannot happen with n == 1
            return state["s"], rondes
        state = state.with_columns((pl.col("s") | pl.col("cel").is_in(keuze["cel"].implode())).alias("s"))


def recoverable_cells(
    cellen: pl.DataFrame, groepen: pl.DataFrame, onderdrukt: pl.Series, *, max_cells: int = 6000
) -> list[int]:
    """Suppressed cells whose exact value follows from the published cells through the exact linear
    groups, all of them together (not only one group at a time). Per connected set of suppressed
    cells, a cell is determined when its unit vector lies in the row space of the relations
    restricted to the suppressed cells (numpy SVD: the null space is zero at that cell). A set larger
    than `max_cells` is not solved and reported as -1."""
    s = cellen.select("cel").with_columns(onderdrukt.alias("s"))
    lin = groepen.filter(pl.col("exact") & pl.col("lineair")).join(s, on="cel")
    # Only the suppressed cells are unknowns; a group's published cells are constants.
    active = lin.filter(pl.col("s")).select(
        "groep", "cel", pl.when(pl.col("rol") == "totaal").then(-1.0).otherwise(1.0).alias("coef")
    )
    if active.is_empty():
        return []
    rows = active.group_by("groep", maintain_order=True).agg("cel", "coef").rows()
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, cels, _ in rows:
        for c in cels[1:]:
            a, b = find(cels[0]), find(c)
            if a != b:
                parent[b] = a
        find(cels[0])
    per_comp: dict[int, list[tuple[list[int], list[float]]]] = {}
    for _, cels, coefs in rows:
        per_comp.setdefault(find(cels[0]), []).append((cels, coefs))
    out: list[int] = []
    for relations in per_comp.values():
        index: dict[int, int] = {}
        for cels, _ in relations:
            for c in cels:
                index.setdefault(c, len(index))
        if len(index) > max_cells:
            out.append(-1)
            continue
        a = np.zeros((len(relations), len(index)))
        for r, (cels, coefs) in enumerate(relations):
            for c, k in zip(cels, coefs):
                a[r, index[c]] += k
        # e_i lies in the row space of a exactly when its projection onto it has length 1 (leverage 1);
        # the row space of a is that of a'a, whose eigenvectors are cheaper than an SVD of a.
        values, vectors = np.linalg.eigh(a.T @ a)
        keep = values > 1e-9 * max(1.0, float(values.max(initial=0.0)))
        leverage = (vectors[:, keep] ** 2).sum(axis=1)
        out.extend(c for c, i in index.items() if leverage[i] > 1 - 1e-9)
    return sorted(out)


def suppress_monitoring(
    maand: pl.DataFrame,
    kwartaal: pl.DataFrame,
    gemeenten: pl.DataFrame,
    *,
    audit: bool = True,
    max_cells: int = 8000,
) -> tuple[pl.DataFrame, pl.DataFrame, Verslag]:
    """The published copies of monitoring_maand and monitoring_kwartaal: same columns and rows,
    suppressed cells NULL. With `audit`, suppression continues until no primary-suppressed cell can
    be computed from the published cells through all exact linear relations together (a set of
    related suppressed cells larger than `max_cells` is left to the group rule alone, and counted)."""
    cellen = cells(maand, kwartaal)
    groepen = constraint_groups(cellen, gemeenten)
    eerst = primary(cellen)
    primair = set(cellen.filter(eerst)["cel"].to_list())
    mask, rondes = secondary(cellen, groepen, eerst)
    te_groot = 0
    if audit:
        for _ in range(1000):
            found = recoverable_cells(cellen, groepen, mask, max_cells=max_cells)
            te_groot = found.count(-1)
            lek = sorted(set(found) & primair)
            if not lek:
                break
            mask = _break_open(cellen, groepen, mask, lek)
            mask, extra = secondary(cellen, groepen, mask)
            rondes += extra + 1
    verslag = Verslag(
        cellen=cellen.height,
        primair=int(eerst.sum()),
        secundair=int(mask.sum() - eerst.sum()),
        rondes=rondes,
        groepen=int(groepen["groep"].n_unique()) if not groepen.is_empty() else 0,
        niet_gecontroleerd=te_groot,
    )
    return _wide(maand, cellen, mask, "monitoring_maand"), _wide(kwartaal, cellen, mask, "monitoring_kwartaal"), verslag


def _break_open(cellen: pl.DataFrame, groepen: pl.DataFrame, mask: pl.Series, lek: list[int]) -> pl.Series:
    """For each recoverable primary cell, suppress one more cell in every exact linear group it is in
    (there the best cell by the order of `secondary`). When those groups are suppressed whole, widen
    to the groups of their cells, and so on, until something is added."""
    state = cellen.select("cel", "waarde").with_columns(mask.alias("s"))
    lin = groepen.filter(pl.col("exact") & pl.col("lineair")).join(state, on="cel")
    around = pl.Series("cel", lek, dtype=pl.UInt32)
    while True:
        targets = lin.filter(pl.col("cel").is_in(around.implode())).select("groep").unique()
        kandidaten = lin.join(targets, on="groep", how="semi")
        keuze = (
            kandidaten.filter(~pl.col("s"))
            .with_columns((pl.col("rol") == "totaal").alias("_t"), (pl.col("waarde").fill_null(0) == 0).alias("_z"),
                          pl.col("waarde").fill_null(0).alias("_w"))
            .sort(["groep", "_t", "_z", "_w", "cel"]).group_by("groep", maintain_order=True).first()
        )
        wider = kandidaten["cel"].unique()
        if not keuze.is_empty() or wider.len() == around.len():
            break
        around = wider
    return state.select(pl.col("s") | pl.col("cel").is_in(keuze["cel"].implode()))["s"]


def _wide(frame: pl.DataFrame, cellen: pl.DataFrame, mask: pl.Series, tabel: str) -> pl.DataFrame:
    """`frame` with the suppressed cells of `tabel` set to NULL (types kept)."""
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
    return out.drop("_periode").select(frame.columns)
