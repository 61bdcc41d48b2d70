"""Versioned parameters of the rules (rules.md): what is in force on a peildatum is looked up here, never in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Versioned:
    """A table of (geldig_vanaf, bedrag): the row with the latest geldig_vanaf <= peildatum applies."""

    rows: tuple[tuple[date, Decimal], ...]

    def on(self, peildatum: date) -> Decimal:
        in_force = [bedrag for vanaf, bedrag in sorted(self.rows) if vanaf <= peildatum]
        if not in_force:
            raise ValueError(f"no value in force on {peildatum.isoformat()}; first is from {min(self.rows)[0]}")
        return in_force[-1]


# rules.md 2: income from work strictly below this keeps a youth on the list.
INKOMENSGRENS = Versioned(((date(2019, 1, 1), Decimal("473.00")),))

# rules.md 2: the income month is this many calendar months before the peildatum.
INKOMEN_LAG_MAANDEN = 1

# rules.md 5: sustainable work, the follow-up months after the month of leaving (U+1..U+6 of cohort U = P-7).
VERVOLG_MAANDEN = 6

# The polis months before P a rule can read: the income month P-INKOMEN_LAG_MAANDEN and the follow-up months
# U+1..U+6 = P-6..P-1, so also the reach of `jib wat-als --inkomen-lag`. Data minimisation (issue 12): of a polis
# delivery (the 12 months before its folder's month, sources.md) the warehouse stores only the rows read from it
# (ingest.csv_source.bewaard); the others are checked like every row, then not stored.
POLIS_MAANDEN = max(INKOMEN_LAG_MAANDEN, VERVOLG_MAANDEN)

# rules.md 3: client schemes that make a youth `bekend` (the dat-check).
BEKEND_REGELINGEN: tuple[str, ...] = ("WMO", "PARTICIPATIEWET")

# rules.md 5: economically independent = income from work at least this (70% of the net
# minimum wage for a single person aged 21+, per month, rounded; source: Rijksoverheid
# netto-minimumloon tables, 1 January of each year).
ECONOMISCH_ZELFSTANDIG = Versioned(
    (
        (date(2019, 1, 1), Decimal("1050.00")),
        (date(2023, 1, 1), Decimal("1250.00")),
        (date(2024, 1, 1), Decimal("1340.00")),
        (date(2025, 1, 1), Decimal("1400.00")),
        (date(2026, 1, 1), Decimal("1440.00")),
    )
)

# sources.md "What bad input gets": a share of quarantined rows above this fails the month.
MAX_QUARANTAINE_AANDEEL = 0.05

# rules.md 1 and 2: the value sets the rules name.
STARTKWALIFICATIE_DIPLOMAS: tuple[str, ...] = (
    "MBO2", "MBO3", "MBO4", "HAVO", "VWO", "HBO_AD", "HBO_BACHELOR", "HBO_MASTER", "WO_BACHELOR", "WO_MASTER",
)

# privacy/sleutel.py: a pseudonym key shorter than this (spaces around it not counted) is refused.
MIN_SLEUTEL_LENGTE = 16

# Deliveries that shrink (ingest/krimp.py): a file with fewer data rows than this share of the previous
# delivery of the same file fails the month unless the operator accepts it; an empty file always does.
MIN_AANDEEL_VORIGE_LEVERING = 0.5

# Plausible dates (ingest): nothing before VROEGSTE_DATUM; a birth no later than the peildatum; any other
# event (death, emigration, diploma, the begin of a period, a wage month) no later than the peildatum plus
# this many years. An einddatum has no upper bound: a still-running period may end far ahead (sources.md).
VROEGSTE_DATUM = date(1900, 1, 1)
GEBEURTENIS_MAX_JAREN_NA_PEILDATUM = 2

# Text fields of a delivery longer than this (in characters) are quarantined: no name or street is.
MAX_TEKST_LENGTE = 200
