"""The fixed parts of the synthetic Netherlands: name and street pools (from Faker's nl_NL data),
BSNs and other identifiers, postcodes and streets per municipality, schools and employers.

People are drawn from these pools with vectorised numpy draws, never one Faker call per person.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

import numpy as np
import polars as pl
from faker.providers.address.nl_NL import Provider as AddressProvider
from faker.providers.person.nl_NL import Provider as PersonProvider

VOORVOEGSELS = (
    "van der", "van den", "van de", "van 't", "in 't", "in de", "op de", "op den", "uit de", "uit den",
    "van", "de", "den", "der", "ter", "te", "'t",
)
# Real street stems, to mix with Faker's "<first name><suffix>" streets.
STREET_STEMS = (
    "Kerk", "Molen", "Dorps", "School", "Stations", "Beuken", "Eiken", "Linden", "Wilgen", "Rozen", "Tulpen",
    "Berken", "Esdoorn", "Kastanje", "Vlinder", "Merel", "Zwaluw", "Lijster", "Nachtegaal", "Spoor", "Markt",
    "Haven", "Dijk", "Veld", "Akker", "Beek", "Brink", "Hoog", "Nieuw", "Zand", "Heide", "Kloster", "Maas",
    "Kempen", "Peel", "Populieren", "Iepen", "Hazel", "Weide", "Kamp", "Burg", "Kasteel", "Poort", "Wal",
)
STREET_SUFFIXES = AddressProvider.street_suffixes
# Postcode letters: F, I, O, Q, U and Y are not used, nor the pairs SA, SD and SS.
POSTCODE_LETTERS = np.array(list("ABCDEGHJKLMNPRSTVWXZ"))
# A province's rough range of 4-digit postcodes (the real ranges overlap; this keeps a gemeente's codes together).
PROVINCE_POSTCODES = {
    "Noord-Holland": (1000, 2099), "Zuid-Holland": (2100, 3399), "Utrecht": (3400, 3999),
    "Zeeland": (4300, 4599), "Noord-Brabant": (4600, 5799), "Limburg": (5800, 6499),
    "Gelderland": (6500, 7399), "Overijssel": (7400, 8099), "Flevoland": (8200, 8399),
    "Fryslân": (8400, 9299), "Drenthe": (9300, 9499), "Groningen": (9500, 9999),
}


def _cp1252(name: str) -> bool:
    """Names must survive the Windows-1252 defect file, so pools hold only encodable ones."""
    try:
        name.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _zipf_weights(n: int, rng: np.random.Generator) -> np.ndarray:
    """Some names are far more common than others: weights 1/(rank+5) in a seeded order."""
    w = 1.0 / (np.arange(n) + 5.0)
    w = w[rng.permutation(n)]
    return w / w.sum()


@dataclass(frozen=True)
class NamePools:
    male: np.ndarray
    male_w: np.ndarray
    female: np.ndarray
    female_w: np.ndarray
    surname: np.ndarray
    voorvoegsel: np.ndarray
    surname_w: np.ndarray


def _split_surname(raw: str) -> tuple[str, str] | None:
    """Faker's 'de Jong' or 'Bourgondië, van' -> ('Jong', 'de'); odd historical names are skipped."""
    if ", " in raw:
        name, prefix = raw.split(", ", 1)
    else:
        prefix = ""
        for candidate in VOORVOEGSELS:
            if raw.startswith(candidate + " "):
                prefix, name = candidate, raw[len(candidate) + 1 :]
                break
        else:
            name = raw
    if not re.fullmatch(r"[A-Z][\w'-]+", name) or (prefix and prefix not in VOORVOEGSELS):
        return None
    return name, prefix


def name_pools(rng: np.random.Generator) -> NamePools:
    male = sorted({n for n in PersonProvider.first_names_male if _cp1252(n) and " " not in n})
    female = sorted({n for n in PersonProvider.first_names_female if _cp1252(n) and " " not in n})
    parts = sorted({p for p in map(_split_surname, PersonProvider.last_names) if p and _cp1252(p[0])})
    return NamePools(
        male=np.array(male),
        male_w=_zipf_weights(len(male), rng),
        female=np.array(female),
        female_w=_zipf_weights(len(female), rng),
        surname=np.array([p[0] for p in parts]),
        voorvoegsel=np.array([p[1] for p in parts]),
        surname_w=_zipf_weights(len(parts), rng),
    )


def street_pool() -> np.ndarray:
    """Street names in Faker's nl_NL style plus classic ones, sorted (seeded draws pick from it)."""
    stems = sorted({n for n in PersonProvider.first_names_male + PersonProvider.first_names_female if n.isalpha()})
    names = {f"{s}{x}" for s in stems for x in STREET_SUFFIXES} | {f"{s}{x}" for s in STREET_STEMS for x in STREET_SUFFIXES}
    return np.array(sorted(n for n in names if _cp1252(n)))


def elfproef_numbers(rng: np.random.Generator, n: int, low: int = 1_000_000) -> np.ndarray:
    """n distinct 9-digit numbers that pass the elfproef, as int64 (format with zfill(9)).

    Draw 8-digit prefixes, keep those whose check digit sum(d_i * w_i) mod 11 is a digit,
    drop repeats keeping the first draw, so the result depends only on the generator state.
    """
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        prefix = rng.integers(low, 100_000_000, size=int((n - out.size) * 1.25) + 16, dtype=np.int64)
        digits = (prefix[:, None] // 10 ** np.arange(7, -1, -1, dtype=np.int64)) % 10
        check = (digits @ weights) % 11
        ok = check < 10
        candidates = np.concatenate([out, prefix[ok] * 10 + check[ok]])
        _, first = np.unique(candidates, return_index=True)
        out = candidates[np.sort(first)]
    return out[:n]


def elfproef_ok(numbers: np.ndarray) -> np.ndarray:
    """True where a 9-digit number passes the elfproef (the BSN rule of sources.md)."""
    digits = (np.asarray(numbers, dtype=np.int64)[:, None] // 10 ** np.arange(8, -1, -1, dtype=np.int64)) % 10
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
    return (digits @ weights) % 11 == 0


@dataclass(frozen=True)
class Geography:
    """Every municipality (index = row of `gemeenten`) with its streets, each with a postcode."""

    gemeenten: pl.DataFrame  # the reference table, sorted by gemeentecode, with a column `idx`
    street_offset: np.ndarray  # streets of gemeente g: street_offset[g] .. street_offset[g+1]-1
    street_name: np.ndarray  # per street: its name (index into a pool, already resolved)
    street_pc_digits: np.ndarray
    street_pc_pair: np.ndarray  # index of the street's first letter pair
    street_max_nr: np.ndarray

    @property
    def codes(self) -> np.ndarray:
        return self.gemeenten["gemeentecode"].to_numpy()

    @property
    def names(self) -> np.ndarray:
        return self.gemeenten["gemeentenaam"].to_numpy()


def letter_pairs() -> np.ndarray:
    pairs = np.array([a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS])
    return pairs[~np.isin(pairs, ["SA", "SD", "SS"])]


def geography(gemeenten: pl.DataFrame, rng: np.random.Generator) -> Geography:
    """Postcode blocks per province in proportion to inwoners, and ~1 street per 250 inhabitants."""
    g = gemeenten.sort("gemeentecode").with_row_index("idx")
    inwoners = g["inwoners"].to_numpy().astype(np.float64)
    lo = np.zeros(g.height, dtype=np.int64)
    hi = np.zeros(g.height, dtype=np.int64)
    for provincie, (start, stop) in PROVINCE_POSTCODES.items():
        rows = np.flatnonzero(g["provincie"].to_numpy() == provincie)
        cuts = start + np.round(np.concatenate([[0], np.cumsum(inwoners[rows])]) / inwoners[rows].sum() * (stop - start + 1))
        lo[rows], hi[rows] = cuts[:-1].astype(np.int64), np.maximum(cuts[1:].astype(np.int64), cuts[:-1].astype(np.int64) + 1)
    pool = street_pool()
    n_streets = np.clip(inwoners // 250, 25, 4000).astype(np.int64)
    offset = np.concatenate([[0], np.cumsum(n_streets)])
    # Distinct names within a municipality; the same name recurs across them (a Kerkstraat everywhere).
    names = np.concatenate([pool[rng.choice(pool.size, size=k, replace=False)] for k in n_streets])
    gem_of_street = np.repeat(np.arange(g.height), n_streets)
    digits = lo[gem_of_street] + (rng.random(offset[-1]) * (hi - lo)[gem_of_street]).astype(np.int64)
    return Geography(
        gemeenten=g,
        street_offset=offset,
        street_name=names,
        street_pc_digits=digits,
        street_pc_pair=rng.integers(0, letter_pairs().size, size=offset[-1]),
        street_max_nr=rng.integers(8, 160, size=offset[-1]),
    )


SCHOOL_KINDS = ("VO", "PRO", "VSO", "MBO", "HBO", "WO")


@dataclass(frozen=True)
class Schools:
    """The school register: BRIN codes by kind, regional kinds (VO, PRO, VSO, MBO) per arbeidsmarktregio."""

    brin: np.ndarray
    kind: np.ndarray
    amr: np.ndarray  # arbeidsmarktregio index, -1 for national kinds (HBO, WO)

    def pick(self, rng: np.random.Generator, kind: str, amr: np.ndarray) -> np.ndarray:
        """A school (index) of `kind` for each person, within the person's arbeidsmarktregio where the kind is regional."""
        rows = np.flatnonzero(self.kind == kind)
        if self.amr[rows[0]] < 0:
            return rows[rng.integers(0, rows.size, size=amr.size)]
        regions = self.amr[rows]
        order = np.argsort(regions, kind="stable")
        rows, regions = rows[order], regions[order]
        start = np.searchsorted(regions, amr, side="left")
        count = np.searchsorted(regions, amr, side="right") - start
        return rows[start + (rng.random(amr.size) * count).astype(np.int64)]


def schools(n_amr: int, rng: np.random.Generator) -> Schools:
    per_region = {"VO": 12, "PRO": 2, "VSO": 2, "MBO": 2}
    national = {"HBO": 36, "WO": 14}
    kinds, amrs = [], []
    for kind, k in per_region.items():
        kinds += [kind] * (k * n_amr)
        amrs += [a for a in range(n_amr) for _ in range(k)]
    for kind, k in national.items():
        kinds += [kind] * k
        amrs += [-1] * k
    letters = np.array(list(string.ascii_uppercase))
    codes = np.array([f"{d:02d}{a}{b}" for d in range(100) for a in letters for b in letters])
    brin = codes[rng.choice(codes.size, size=len(kinds), replace=False)]
    return Schools(brin=brin, kind=np.array(kinds), amr=np.array(amrs, dtype=np.int64))


def loonheffingennummers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Employers' numbers: 9 digits (elfproef, like an RSIN), `L`, a 2-digit subnumber (mostly 01)."""
    base = pl.Series(elfproef_numbers(rng, n)).cast(pl.String).str.zfill(9)
    sub = np.where(rng.random(n) < 0.88, 1, rng.integers(2, 6, size=n))
    return (base + "L" + pl.Series(sub).cast(pl.String).str.zfill(2)).to_numpy()


def kvk_nummers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct 8-digit KvK numbers."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        draw = np.concatenate([out, rng.integers(10_000_000, 100_000_000, size=n - out.size + 16)])
        _, first = np.unique(draw, return_index=True)
        out = draw[np.sort(first)]
    return out[:n]
