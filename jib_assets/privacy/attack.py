"""The audit of small-number protection as an attack (rules.md 5): what an analyst can derive about a
suppressed cell by combining every published figure.

For each target cell, two linear programs (HiGHS, scipy.optimize.linprog) give the smallest and the
largest value the cell can take when every published figure is fixed, every relation of
privacy/suppression holds (totals and splits within a row, a region as the sum of its gemeenten,
a quarter as the sum or last of its months) and every unknown count is at least 0. The width of that
interval is what protects a person in a small count; suppression refuses to publish a primary cell
narrower than `BESCHERMINGSNIVEAU`. The programs themselves (`attack_intervals`) live in
privacy/suppression, which runs them on every publication; this module imports from there only.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from jib_assets.privacy.suppression import (
    _CEL,
    BESCHERMINGSNIVEAU,
    OnvoldoendeBescherming,
    _melding,
    _samen_grenzen,
    _uniek,
    alle_doorgegeven,
    attack_intervals,
    cells,
    paar_aanval,
    primary,
    relations,
    vensters,
)

__all__ = ["attack", "attack_intervals", "audit"]


def attack(
    maand: pl.DataFrame,
    kwartaal: pl.DataFrame,
    gepubliceerd_maand: pl.DataFrame,
    gepubliceerd_kwartaal: pl.DataFrame,
    lidmaatschap: pl.DataFrame,
    bereiken: pl.DataFrame | None = None,
    *,
    keten: bool = False,
) -> pl.DataFrame:
    """The attack on published tables: for every primary-suppressed additive cell (primary by the exact
    `maand`/`kwartaal`), the interval derivable from the published copies (NULL = unknown) and the
    published ranges of hidden cells (`bereiken`: tabel, periode, niveau, regiocode, kolom, van, tot, as
    the publication's table `bereiken`). One row per such cell: tabel, periode, niveau, regiocode, kolom,
    ondergrens, bovengrens, breedte. The attacker as the protection models it, window by window (`vensters`), each
    with what the one before gives about the month they share (`alle_doorgegeven`), and each window with the one before
    at once (`paar_aanval`); with
    `keten`, every relation at once: the list's stock and flow chains the months through every hidden list, which
    the protection does not model (docs/privacy.md, *The list's stock and flow*; minutes nationally)."""
    exact = cells(maand, kwartaal)
    gepubliceerd = cells(gepubliceerd_maand, gepubliceerd_kwartaal)
    if gepubliceerd.select(pl.exclude("waarde", "basis")).drop("cel").rows() != exact.select(
        pl.exclude("waarde", "basis")
    ).drop("cel").rows():
        raise ValueError("the published tables do not have the same rows and columns as the exact ones, in order")
    verborgen = gepubliceerd["waarde"].is_null().to_numpy() & exact["waarde"].is_not_null().to_numpy()
    getoond = ~verborgen & exact["waarde"].is_not_null().to_numpy()
    waarde = np.nan_to_num(exact["waarde"].to_numpy())
    verschil = np.abs(np.nan_to_num(gepubliceerd["waarde"].to_numpy()) - waarde)
    if (verschil[getoond] > 1e-6).any():
        raise ValueError("a published figure differs from its exact value: these are not the same tables")
    van = tot = None
    if bereiken is not None and bereiken.height:
        grenzen = exact.select("cel", *_CEL).join(
            bereiken.select(*_CEL, pl.col("van").cast(pl.Float64), pl.col("tot").cast(pl.Float64)),
            on=list(_CEL), how="left", maintain_order="left",
        )
        if grenzen["van"].is_not_null().sum() != bereiken.height:
            raise ValueError("a published range names a cell that is not in the tables")
        van, tot = grenzen["van"].fill_null(np.nan).to_numpy(), grenzen["tot"].fill_null(np.nan).to_numpy()
        buiten = ~np.isnan(van) & (~verborgen | (waarde < van) | (waarde > tot))
        if buiten.any():
            raise ValueError("a published range belongs to a published cell or does not hold its exact value: "
                             "these are not the same tables")
    doelen = np.flatnonzero(primary(exact).to_numpy() & exact["optelbaar"].to_numpy() & verborgen)
    # The attacker sees only published values: hidden cells' exact values never enter the programs.
    zicht = exact.with_columns(pl.when(pl.Series(verborgen)).then(None).otherwise(pl.col("waarde")).alias("waarde"))
    relaties = relations(exact, lidmaatschap)
    if not keten:
        per_kwartaal = vensters(exact, relaties)
        relaties = _uniek(per_kwartaal.values())
        nan = np.full(exact.height, np.nan)
        bekend = (nan, nan) if van is None else (van, tot)
        van, tot = _samen_grenzen(bekend, alle_doorgegeven(zicht, per_kwartaal, verborgen, bekend))
    intervallen = attack_intervals(zicht, relaties, verborgen, doelen, van, tot)
    if not keten:
        # Each window with the one before at once (`paar_aanval`).
        doel = np.zeros(exact.height, bool)
        doel[doelen] = True
        terug = [pl.DataFrame({"cel": comp.cellen[t].astype(np.uint32), "ondergrens": o, "bovengrens": b,
                               "breedte": b - o})
                 for kw in per_kwartaal for comp, t, (o, b) in paar_aanval(zicht, per_kwartaal, kw, verborgen, van, tot, doel)]
        intervallen = pl.concat([intervallen, *terug]).sort("breedte").unique("cel", keep="first")
    return intervallen.join(exact.select("cel", *_CEL), on="cel").select(
        *_CEL, "ondergrens", "bovengrens", "breedte"
    ).sort("breedte")


def audit(
    maand: pl.DataFrame,
    kwartaal: pl.DataFrame,
    gepubliceerd_maand: pl.DataFrame,
    gepubliceerd_kwartaal: pl.DataFrame,
    lidmaatschap: pl.DataFrame,
    bereiken: pl.DataFrame | None = None,
    *,
    beschermingsniveau: float = BESCHERMINGSNIVEAU,
) -> float:
    """Run `attack` and return the narrowest interval (inf when none is bounded); raise
    `OnvoldoendeBescherming` when any primary cell is narrowed below `beschermingsniveau`."""
    intervallen = attack(maand, kwartaal, gepubliceerd_maand, gepubliceerd_kwartaal, lidmaatschap, bereiken)
    te_smal = intervallen.filter(pl.col("breedte") < beschermingsniveau - 1e-6)
    if te_smal.height:
        exact = cells(maand, kwartaal)
        raise OnvoldoendeBescherming(_melding(exact, te_smal.join(exact.select("cel", *_CEL), on=list(_CEL)), beschermingsniveau))
    # rounded as the publication rounds it: the solver's 5 can come back as 4.9999999999999964
    return round(float(intervallen["breedte"].min()), 6) if intervallen.height else float("inf")
