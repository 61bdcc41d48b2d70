"""Dutch number formatting for the report, and the one place that decides how a suppressed figure looks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jib_assets.privacy.suppression import MIN_PERSONEN

# A NULL in the analysts' database: a count of 1 to 4, an average over fewer than 10 persons, or a cell
# hidden so that another one cannot be recomputed. Not "<5": a secondarily suppressed cell can be larger.
ONDERDRUKT = "–"
GEEN_GEGEVENS = "·"

Number = int | float | Decimal | None


@dataclass(frozen=True)
class Bereik:
    """A hidden count published as a range (table bereiken: a ten, e.g. 30 to 39 or 25 to 34). Not a number: the
    report shows it as '30–39' and never computes with it (a share or a difference over it is suppressed)."""

    van: int
    tot: int


def getal(value: Number | Bereik, decimalen: int | None = None) -> str:
    """1234 -> '1.234', 2.5 -> '2,5'; None (suppressed) -> the suppression mark; a range -> '30–39'."""
    if value is None:
        return ONDERDRUKT
    if isinstance(value, Bereik):
        return f"{getal(value.van)}–{getal(value.tot)}"
    if isinstance(value, int) and decimalen is None:
        return f"{value:,}".replace(",", ".")
    number = float(value)
    if decimalen is None and isinstance(value, Decimal):
        decimalen = max(0, -int(value.as_tuple().exponent))  # the published scale, e.g. hours with 2 decimals
    if decimalen is None:
        decimalen = 0 if number == int(number) else 1
    text = f"{number:,.{decimalen}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def aandeel(teller: Number, noemer: Number) -> float | None:
    """teller / noemer as a fraction, from two published figures only; suppressed (None) when either is
    suppressed or the noemer counts fewer than MIN_PERSONEN persons (rules.md 5)."""
    if teller is None or noemer is None or noemer < MIN_PERSONEN:
        return None
    return float(teller) / float(noemer)


def procent(fraction: float | None) -> str:
    return ONDERDRUKT if fraction is None else f"{round(100 * fraction)}%"
