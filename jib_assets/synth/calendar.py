"""The simulation's clock: dates as int64 days since 1970-01-01, months as int64 months since 1970-01.

Everything in the synthetic world is vectorised over numpy arrays of these integers; they
become `pl.Date` only when a snapshot is cut.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
# "Never" (still open, not emigrated, alive): far beyond any horizon, and still a valid datetime64.
NEVER = 1_000_000
YEAR = 365.25
MONTH = YEAR / 12


def day(d: date) -> int:
    return (d - EPOCH).days


def to_date(days: int) -> date:
    return EPOCH + timedelta(days=int(days))


def month_index(d: date) -> int:
    return (d.year - 1970) * 12 + d.month - 1


def month_label(m: int) -> str:
    return f"{1970 + m // 12:04d}-{m % 12 + 1:02d}"


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of each day, by integer arithmetic (H. Hinnant's civil_from_days): fast on 30M rows."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, d


def from_ymd(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days of (year, month, day); a day past the month's end rolls over (29 Feb -> 1 Mar)."""
    m = np.asarray(m, dtype=np.int64)
    y = np.asarray(y, dtype=np.int64) - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + np.asarray(d, dtype=np.int64) - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def month_of(days: np.ndarray) -> np.ndarray:
    """The month index of each day."""
    y, m, _ = ymd(days)
    return (y - 1970) * 12 + m - 1


def month_start(months: np.ndarray | int) -> np.ndarray:
    """The first day of each month index."""
    months = np.asarray(months, dtype=np.int64)
    return from_ymd(1970 + months // 12, months % 12 + 1, np.ones_like(months))


def month_end(months: np.ndarray | int) -> np.ndarray:
    return month_start(np.asarray(months) + 1) - 1


def add_years(days: np.ndarray, years: int | np.ndarray) -> np.ndarray:
    """The same calendar day `years` later: a birthday (29 February becomes 1 March in other years)."""
    y, m, d = ymd(days)
    return from_ymd(y + years, m, d)


def age_on(birth: np.ndarray, p: int | np.ndarray) -> np.ndarray:
    """Completed age in years on day p (rules.md 1.1)."""
    by, bm, bd = ymd(birth)
    py, pm, pd = ymd(np.broadcast_to(np.asarray(p, dtype=np.int64), np.shape(birth)))
    return py - by - ((pm * 100 + pd) < (bm * 100 + bd))


def age_at_month_start(birth: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Completed age on the first day of each month (the month's birthday counts only if it is the 1st)."""
    by, bm, bd = ymd(birth)
    elapsed = months - ((by - 1970) * 12 + bm - 1)
    return (elapsed - (bd != 1)) // 12


def first_of_year_month(year: np.ndarray, month: int) -> np.ndarray:
    return from_ymd(year, np.full(np.shape(year), month), np.ones(np.shape(year), dtype=np.int64))


def next_first_of_month(days: np.ndarray) -> np.ndarray:
    """The first day of the month after each day (a new enrolment or scheme usually starts on a 1st)."""
    return month_start(month_of(days) + 1)


def next_august(days: np.ndarray) -> np.ndarray:
    """The first 1 August strictly after each day: the start of the next school year."""
    y, m, _ = ymd(days)
    return first_of_year_month(y + (m >= 8), 8)
