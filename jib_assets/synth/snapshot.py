"""Cutting one month's delivery from the world: what the registers knew on the peildatum.

A period is in the delivery when it began on or before the peildatum; an einddatum after
it is not known yet and stays empty, as do a later death or emigration. The polis holds
the 12 complete calendar months before the delivery month. Everything comes out as
text columns in the exact form of sources.md (amounts as floats, which the writer prints
with two decimals and a decimal comma), so that writing and spoiling (--dirty) is simple.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from jib_assets.synth import calendar as cal
from jib_assets.synth.education import DIPLOMAS, SOORTEN
from jib_assets.synth.expected import in_delivery
from jib_assets.synth.formats import HEADERS
from jib_assets.synth.population import HUISLETTERS, SEX_CODES, TOEVOEGINGEN, postcodes
from jib_assets.synth.spells import Spells
from jib_assets.synth.work import CONTRACTS
from jib_assets.synth.world import World

POLIS_MONTHS = 12


def dates(days: np.ndarray, known_until: int | None = None) -> pl.Series:
    """YYYY-MM-DD, empty for 'never' and for dates after the peildatum (not known yet)."""
    days = np.asarray(days, dtype=np.int64)
    hidden = days >= cal.NEVER if known_until is None else days > known_until
    s = pl.Series(np.where(hidden, 0, days).astype(np.int32)).cast(pl.Date).dt.to_string("%Y-%m-%d")
    return s.scatter(np.flatnonzero(hidden), None) if hidden.any() else s


def amounts(hundredths: np.ndarray) -> pl.Series:
    """Integer hundredths as a float that the writer prints with 2 decimals and a decimal comma (CSV_OPTIONS)."""
    return pl.Series(hundredths / 100.0, dtype=pl.Float64)


def lookup(values: tuple[str, ...] | np.ndarray) -> pl.Series:
    return pl.Series(np.asarray(values), dtype=pl.String)


def optional(pool: pl.Series, index: np.ndarray) -> pl.Series:
    """pool[index], no value where index is -1."""
    out = pool.gather(np.maximum(index, 0))
    missing = np.flatnonzero(index < 0)
    return out.scatter(missing, None) if missing.size else out


class Cutter:
    """Holds the world's rows sorted as the files are, and cuts them per month."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.bsn = pl.Series(world.bsn).cast(pl.String).str.zfill(9)
        geo = world.geo
        self.gemeentecode = pl.Series(geo.codes, dtype=pl.String)
        self.gemeentenaam = pl.Series(geo.names, dtype=pl.String)
        self.lhn = pl.Series(world.employers, dtype=pl.String)
        self.brin = lookup(world.schools.brin)
        self.voornaam = lookup(world.names.voornaam_pool)
        self.surname = lookup(world.names.surname_pool)
        self.voorvoegsel = lookup(world.names.voorvoegsel_pool).replace("", None)
        self.street = lookup(geo.street_name)

        e = world.edu
        o = np.lexsort((e.dipl_diploma, e.dipl_date, e.dipl_person))
        self.dipl = {"person": e.dipl_person[o], "diploma": e.dipl_diploma[o], "date": e.dipl_date[o], "brin": e.dipl_brin[o]}
        o = np.lexsort((e.enrol_soort, e.enrol_begin, e.enrol_person))
        self.enrol = {"person": e.enrol_person[o], "soort": e.enrol_soort[o], "brin": e.enrol_brin[o],
                      "begin": e.enrol_begin[o], "end": e.enrol_end[o]}
        self.benefits = _sorted(world.benefits, "uitkering")
        self.kvk = _sorted(world.kvk, "kvk_nummer")
        c = world.clients
        o = np.lexsort((c.attrs["regeling"], c.begin, c.person, c.attrs["gemeente"]))
        self.clients = c.select(o)
        a = world.addresses
        self.addr_postcode = postcodes(geo, a.street, a.huisnummer)
        p = world.polis
        self.polis_month_start = np.searchsorted(p.month, np.arange(p.month.min(initial=0), p.month.max(initial=0) + 2))
        self.polis_first_month = int(p.month.min(initial=0))

    def month(self, month: int) -> dict[str, Iterator[pl.DataFrame]]:
        """The files of one delivery month, each as an iterator of text frames (the polis per month)."""
        p = int(cal.month_start(month))
        included = in_delivery(self.w, month)
        return {
            "brp_personen.csv": iter([self._personen(p, included)]),
            "brp_adressen.csv": iter([self._adressen(p, included)]),
            "duo_diplomas.csv": iter([self._diplomas(p, included)]),
            "duo_inschrijvingen.csv": iter([self._inschrijvingen(p, included)]),
            "uwv_polis.csv": self._polis(month, included),
            "uwv_uitkeringen.csv": iter([self._periods("uwv_uitkeringen.csv", self.benefits, p, included)]),
            "kvk_inschrijvingen.csv": iter([self._periods("kvk_inschrijvingen.csv", self.kvk, p, included)]),
            "gemeente_klanten.csv": iter([self._klanten(p, included)]),
        }

    def _personen(self, p: int, included: np.ndarray) -> pl.DataFrame:
        w = self.w
        pid = np.flatnonzero(included)
        names = w.names
        given = pl.DataFrame({"first": self.voornaam.gather(names.first[pid]),
                              "second": optional(self.voornaam, names.second[pid])})
        voornamen = given.select(pl.concat_str(["first", "second"], separator=" ", ignore_nulls=True)).to_series()
        return pl.DataFrame({
            "bsn": self.bsn.gather(pid),
            "geslachtsnaam": self.surname.gather(names.surname[pid]),
            "voorvoegsel": self.voorvoegsel.gather(names.surname[pid]),
            "voornamen": voornamen,
            "geboortedatum": dates(w.people.birth[pid]),
            "geslacht": lookup(SEX_CODES).gather(w.people.sex[pid]),
            "datum_overlijden": dates(w.people.death[pid], p),
            "datum_vertrek_buitenland": dates(w.people.emigration[pid], p),
        })

    def _adressen(self, p: int, included: np.ndarray) -> pl.DataFrame:
        a = self.w.addresses
        rows = np.flatnonzero(included[a.person] & (a.begin <= p))
        gem = a.gemeente[rows]
        return pl.DataFrame({
            "bsn": self.bsn.gather(a.person[rows]),
            "gemeentecode": self.gemeentecode.gather(gem),
            "straatnaam": self.street.gather(a.street[rows]),
            "huisnummer": pl.Series(a.huisnummer[rows]).cast(pl.String),
            "huisletter": optional(lookup(HUISLETTERS), a.huisletter[rows]),
            "huisnummertoevoeging": optional(lookup(TOEVOEGINGEN), a.toevoeging[rows]),
            "postcode": self.addr_postcode.gather(rows),
            "woonplaats": self.gemeentenaam.gather(gem),
            "begindatum": dates(a.begin[rows]),
            "einddatum": dates(a.end[rows], p),
        })

    def _diplomas(self, p: int, included: np.ndarray) -> pl.DataFrame:
        d = self.dipl
        rows = np.flatnonzero(included[d["person"]] & (d["date"] <= p))
        return pl.DataFrame({
            "bsn": self.bsn.gather(d["person"][rows]),
            "diploma": lookup(DIPLOMAS).gather(d["diploma"][rows]),
            "datum_diploma": dates(d["date"][rows]),
            "brin": self.brin.gather(d["brin"][rows]),
        })

    def _inschrijvingen(self, p: int, included: np.ndarray) -> pl.DataFrame:
        e = self.enrol
        rows = np.flatnonzero(included[e["person"]] & (e["begin"] <= p))
        return pl.DataFrame({
            "bsn": self.bsn.gather(e["person"][rows]),
            "onderwijssoort": lookup(SOORTEN).gather(e["soort"][rows]),
            "brin": self.brin.gather(e["brin"][rows]),
            "begindatum": dates(e["begin"][rows]),
            "einddatum": dates(e["end"][rows], p),
        })

    def _polis(self, month: int, included: np.ndarray) -> Iterator[pl.DataFrame]:
        pol = self.w.polis
        for m in range(month - POLIS_MONTHS, month):
            k = m - self.polis_first_month
            if k < 0 or k + 1 >= self.polis_month_start.size:
                continue
            lo, hi = self.polis_month_start[k], self.polis_month_start[k + 1]
            rows = lo + np.flatnonzero(included[pol.person[lo:hi]])
            yield pl.DataFrame({
                "bsn": self.bsn.gather(pol.person[rows]),
                "maand": pl.repeat(cal.month_label(m), rows.size, eager=True, dtype=pl.String),
                "loonheffingennummer": self.lhn.gather(pol.employer[rows]),
                "sv_loon": amounts(pol.cents[rows]),
                "uren": amounts(pol.centihours[rows]),
                "contractvorm": lookup(CONTRACTS).gather(pol.contract[rows]),
            })

    def _periods(self, file: str, spells: Spells, p: int, included: np.ndarray) -> pl.DataFrame:
        rows = np.flatnonzero(included[spells.person] & (spells.begin <= p))
        middle = {c: pl.Series(spells.attrs[c][rows]).cast(pl.String) for c in HEADERS[file][1:-2]}
        return pl.DataFrame({
            "bsn": self.bsn.gather(spells.person[rows]),
            **middle,
            "begindatum": dates(spells.begin[rows]),
            "einddatum": dates(spells.end[rows], p),
        })

    def _klanten(self, p: int, included: np.ndarray) -> pl.DataFrame:
        c = self.clients
        rows = np.flatnonzero(included[c.person] & (c.begin <= p))
        return pl.DataFrame({
            "gemeentecode": self.gemeentecode.gather(c.attrs["gemeente"][rows]),
            "bsn": self.bsn.gather(c.person[rows]),
            "regeling": pl.Series(c.attrs["regeling"][rows], dtype=pl.String),
            "begindatum": dates(c.begin[rows]),
            "einddatum": dates(c.end[rows], p),
        })


def _sorted(spells: Spells, kind: str) -> Spells:
    return spells.select(np.lexsort((spells.attrs[kind], spells.begin, spells.person)))
