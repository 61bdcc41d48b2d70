"""Issue 13, spreadsheet against register: a warning when a casemanager recorded that a youth left
(bestemming and datum_uitstroom, e.g. "werk") more than three months ago while the register still has them
on the municipality's list, for the bestemmingen the deliveries can show (ZICHTBAAR_IN_REGISTER). The
jib_ids stay in the restricted table bestemming_afwijking; Dagster shows counts per gemeente only."""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets.db import replace_partition, sql, table_exists

# More than this many months between the casemanager's datum_uitstroom and P, still on the list: a warning.
MAX_MAANDEN_VERSCHIL = 3

# The bestemmingen after which rules.md 1-4 take a youth off the list once the deliveries show it: an
# enrolment (DUO), income from work at or above the threshold (UWV polis), a benefit (UWV), a move away
# (BRP). The others leave a youth on the list by rule (eigen_onderneming keeps them as categorie zzp;
# afzien, samenwonen, dagbesteding, vrijwilligerswerk and anders are in no delivery), so they never warn:
# on the 12-month demo they were most of the warnings (afzien alone 129 of 231 recorded outflows).
ZICHTBAAR_IN_REGISTER: tuple[str, ...] = ("opleiding", "werk", "uitkering", "verhuizing")


def build_bestemming_afwijking(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """Replace the peildatum's rows of bestemming_afwijking; return the count per gemeente (no jib_id)."""
    if not table_exists(con, "casemanager_monitoring"):
        return {}
    replace_partition(con, "bestemming_afwijking", sql("bestemming_afwijking"),
                      {"peildatum": peildatum, "maanden": MAX_MAANDEN_VERSCHIL,
                       "zichtbaar": list(ZICHTBAAR_IN_REGISTER)})
    rows = con.execute("SELECT gemeentecode, count(*) FROM bestemming_afwijking WHERE peildatum = $p "
                       "GROUP BY ALL ORDER BY 1", {"p": peildatum}).fetchall()
    return {g: int(n) for g, n in rows}


def beschrijving(afwijking: dict[str, int]) -> str | None:
    """What the warning says on the first screen of `jib run` and in the Dagster UI: counts only, and where
    the youths are (None when there is nothing to warn about)."""
    if not afwijking:
        return None
    n = sum(afwijking.values())
    return (f"{n} youth(s) in {len(afwijking)} municipality(ies) still on the list although their casemanager "
            f"recorded an outflow the deliveries can show ({', '.join(ZICHTBAAR_IN_REGISTER)}) more than "
            f"{MAX_MAANDEN_VERSCHIL} months ago: ask the casemanager to check the record "
            "(their jib_ids: warehouse table bestemming_afwijking)")
