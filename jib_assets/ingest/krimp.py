"""Deliveries cannot silently shrink: a delivery file without data rows, or with fewer than a share
(parameters.MIN_AANDEEL_VORIGE_LEVERING) of the rows of the previous delivery of the same file, stops the
month, unless the operator accepts it for that month (run tag jib/accepteer_krimp).

An empty diploma file would otherwise put everyone on the list as lacking a diploma; an empty polis file,
everyone as without work. The previous delivery is the latest earlier peildatum for which the file was
loaded with rows (table ingest_bestanden; an accepted empty delivery records none, so the month after it is
compared with the last delivery that had rows); in the first month only an empty file is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import duckdb

from jib_assets.db import sql
from jib_assets.ingest.delivery import DeliveryError
from jib_assets.ingest.sources import CSV_SOURCES
from jib_assets.parameters import MIN_AANDEEL_VORIGE_LEVERING

TAG = "jib/accepteer_krimp"


class KrimpError(DeliveryError):
    """A delivery file has no data rows or far fewer than the previous delivery, and was not accepted."""


@dataclass(frozen=True)
class Volume:
    """The rows of this delivery of a file against the previous one: counts only, safe for metadata."""

    bestand: str
    rijen: int
    rijen_vorige: int | None
    vorige_peildatum: date | None
    gekrompen: bool
    geaccepteerd: bool


def check(
    con: duckdb.DuckDBPyConnection, bestand: str, peildatum: date, rijen: int, *, accepteer: bool = False
) -> Volume:
    """Compare `rijen` data rows of `bestand` on `peildatum` with the previous delivery; raise KrimpError
    when it shrank below the share (or is empty) and the operator did not accept it."""
    vorige = con.execute(sql("ingest_vorige_levering"), {"bestand": bestand, "peildatum": peildatum}).fetchall()
    rijen_vorige, vorige_peildatum = (int(vorige[0][0]), vorige[0][1]) if vorige else (None, None)
    leeg = rijen == 0
    te_weinig = rijen_vorige is not None and rijen < MIN_AANDEEL_VORIGE_LEVERING * rijen_vorige
    gekrompen = leeg or te_weinig
    if gekrompen and not accepteer:
        if rijen_vorige is None:
            wat = f"{bestand} has no data rows in the delivery of {peildatum:%Y-%m} (only a header, or nothing)"
        else:
            wat = (
                f"{bestand} has {rijen} data rows in the delivery of {peildatum:%Y-%m}, against {rijen_vorige} in "
                f"the previous delivery ({vorige_peildatum:%Y-%m}): fewer than {MIN_AANDEEL_VORIGE_LEVERING:.0%}"
            )
        raise KrimpError(
            f"{wat}, so the month stops: a list made from it would be wrong (an empty diploma or wage file puts "
            "everyone on the list). Ask the supplier to redeliver the file. If the supplier confirms that it is "
            f"complete, accept it for this month only with the run tag {TAG}={bestand} "
            f"(`jib run --accepteer-krimp {bestand}`, or the tag in the Dagster launchpad)."
        )
    return Volume(bestand, rijen, rijen_vorige, vorige_peildatum, gekrompen, gekrompen and accepteer)


def accepted_files(tags: Mapping[str, str]) -> set[str]:
    """The delivery files a run's tag jib/accepteer_krimp accepts ('uwv_polis.csv,duo_diplomas.csv'; the
    '.csv' may be left out). An unknown name is an operator's typo: refused, so it cannot pass unnoticed."""
    value = tags.get(TAG, "")
    names = {part.strip() for part in value.replace(";", ",").replace(" ", ",").split(",") if part.strip()}
    files = {name if name.endswith(".csv") else f"{name}.csv" for name in names}
    known = {spec.bestand for spec in CSV_SOURCES.values()}
    unknown = sorted(files - known)
    if unknown:
        raise ValueError(
            f"run tag {TAG} names {', '.join(unknown)}, which is not a delivery file; "
            f"use one or more of: {', '.join(sorted(known))} (comma-separated)."
        )
    return files


def tags(files: Iterable[str]) -> dict[str, str]:
    """The run tags that accept a shrunken delivery of these files (for `jib run --accepteer-krimp`)."""
    names = sorted(files)
    if not names:
        return {}
    accepted_files({TAG: ",".join(names)})  # validates the names
    return {TAG: ",".join(names)}
