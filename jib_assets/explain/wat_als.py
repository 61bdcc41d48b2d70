"""jib wat-als (issue 13): steps 1-3 of a month recomputed with other rule parameters, beside the real
month, without writing to the warehouse or any export.

The month is rebuilt in an in-memory database beside the warehouse (explain/in_memory.py: its source
snapshots from the warehouse, or for a month before the warehouse's raw window from landing/YYYY-MM, with the
history the delta needs: earlier lists, the bezwaar register, the key's fingerprint); the chain's own build
functions run there with the variant's parameters bound, and the variant's lists are compared with the real
ones. No rule is written twice: the age range is the one macro of the rules (doelgroepleeftijd) read from a
parameter table; threshold, income lag and client schemes are the parameters build_persoon_toestand already
takes. Asset-free: the report or a notebook can call `wat_als` directly. Returns counts only, never a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from jib_assets.chain.maand_delta import build_gemeente_lijst, build_werklijst
from jib_assets.db import sql
from jib_assets.explain.in_memory import MaandError, month_in_memory
from jib_assets.ingest.sources import REGELINGEN
from jib_assets.parameters import POLIS_MAANDEN

TOTAAL = "totaal"


class WatAlsError(Exception):
    """The month cannot be simulated (not run yet, its deliveries no longer kept, or a parameter out of range);
    the message says why."""


@dataclass(frozen=True)
class Variant:
    """Rule parameters of a variant; None keeps today's parameter (parameters.py)."""

    inkomensgrens: Decimal | None = None
    leeftijd: tuple[int, int] | None = None  # completed ages, both inclusive (today 23-26)
    inkomen_lag: int | None = None
    regelingen: tuple[str, ...] | None = None

    def beschrijving(self) -> str:
        parts = []
        if self.inkomensgrens is not None:
            parts.append(f"inkomensgrens EUR {self.inkomensgrens:.2f}")
        if self.leeftijd is not None:
            parts.append(f"leeftijd {self.leeftijd[0]}-{self.leeftijd[1]}")
        if self.inkomen_lag is not None:
            parts.append(f"inkomen-lag {self.inkomen_lag}")
        if self.regelingen is not None:
            parts.append(f"regelingen {','.join(self.regelingen)}")
        return "; ".join(parts) or "de huidige parameters"


@dataclass
class WatAlsResultaat:
    """Per gemeente (then a row `totaal`): op_lijst, op_lijst_variant, erbij, eraf, eraf_<reden>,
    werklijst, werklijst_variant."""

    peildatum: date
    variant: Variant
    tabel: pl.DataFrame
    redenen: list[str] = field(default_factory=list)


def parse_leeftijd(text: str) -> tuple[int, int]:
    """'23-26' -> (23, 26): completed ages, both inclusive."""
    try:
        van, tot = (int(part) for part in text.split("-"))
    except ValueError:
        raise WatAlsError(f"--leeftijd {text!r}: give two whole ages as VAN-TOT, for example 23-26") from None
    if not 0 <= van <= tot <= 120:
        raise WatAlsError(f"--leeftijd {text!r}: the first age must be at most the second, both 0-120")
    return van, tot


def wat_als(
    warehouse: Path,
    peildatum: date,
    key: bytes,
    variant: Variant,
    *,
    gebied: Sequence[str] | None = None,
    landing: Path | None = None,
    memory_limit: str = "2GB",
    threads: int = 2,
) -> WatAlsResultaat:
    """Steps 1-3 (and the delta, for the worklist) of `peildatum` under `variant`, beside the real month.

    `gebied`: the gemeentecodes of the deployment's area (None: every gemeente), as the real run used.
    `landing`: the landing root (settings), read for a month whose snapshots the warehouse no longer keeps.
    Opens the warehouse read-only; everything computed lives in an in-memory database that is dropped.
    """
    if variant.inkomen_lag is not None and not 1 <= variant.inkomen_lag <= POLIS_MAANDEN:
        raise WatAlsError(
            f"--inkomen-lag must be 1 to {POLIS_MAANDEN}: wages of a month are known only after it ends, and the "
            f"rules read the polis months up to {POLIS_MAANDEN} before the peildatum (docs/privacy.md)")
    if not warehouse.exists():
        raise WatAlsError(f"No warehouse at {warehouse}: run the month first (jib run).")
    if variant.regelingen is not None:
        unknown = sorted(set(variant.regelingen) - set(REGELINGEN))
        if unknown:
            raise WatAlsError(f"--regelingen: unknown scheme(s) {', '.join(unknown)}; "
                              f"choose from {', '.join(REGELINGEN)}")
    grens = None if variant.inkomensgrens is None else Decimal(variant.inkomensgrens)
    try:
        with month_in_memory(warehouse, peildatum, key, landing=landing, gebied=gebied, inkomensgrens=grens,
                             leeftijd=variant.leeftijd, lag_maanden=variant.inkomen_lag,
                             bekend_regelingen=variant.regelingen, memory_limit=memory_limit, threads=threads) as con:
            build_gemeente_lijst(con, peildatum)
            build_werklijst(con, peildatum)
            personen = con.sql(sql("wat_als_personen"), params={"peildatum": peildatum}).pl()
            werklijst = con.sql(sql("wat_als_werklijst"), params={"peildatum": peildatum}).pl()
    except MaandError as exc:  # LandingMissing too: its message says which folder and how to put it back
        raise WatAlsError(str(exc)) from None
    return _tabel(peildatum, variant, personen, werklijst)


def _tabel(peildatum: date, variant: Variant, personen: pl.DataFrame, werklijst: pl.DataFrame) -> WatAlsResultaat:
    redenen = sorted(personen["reden_eraf"].drop_nulls().unique().to_list())
    per_gemeente = personen.group_by("gemeentecode").agg(
        pl.col("op_lijst").sum().alias("op_lijst"),
        pl.col("op_lijst_variant").sum().alias("op_lijst_variant"),
        (pl.col("op_lijst_variant") & ~pl.col("op_lijst")).sum().alias("erbij"),
        (pl.col("op_lijst") & ~pl.col("op_lijst_variant")).sum().alias("eraf"),
        *[(pl.col("reden_eraf") == r).sum().alias(f"eraf_{r}") for r in redenen],
    )
    tabel = (
        per_gemeente.join(werklijst, on="gemeentecode", how="full", coalesce=True)
        .fill_null(0)
        .sort("gemeentecode")
    )
    counts = [c for c in tabel.columns if c != "gemeentecode"]
    tabel = tabel.with_columns(pl.col(c).cast(pl.Int64) for c in counts)
    totaal = tabel.select(pl.lit(TOTAAL).alias("gemeentecode"), *[pl.col(c).sum() for c in counts])
    return WatAlsResultaat(peildatum, variant, pl.concat([tabel, totaal]), redenen)
