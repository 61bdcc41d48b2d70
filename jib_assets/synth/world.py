"""The whole synthetic world of a run, simulated once over its time window; each delivery
month is then cut from it (snapshot.py).

Every random draw comes from one numpy Generator per concern, each seeded from (seed,
stream), so adding draws to one concern does not shift another's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from jib_assets.reference import gemeenten, gemeenten_in_region
from jib_assets.synth import education, population, support, work
from jib_assets.synth.education import Education
from jib_assets.synth.population import Addresses, Names, People, Scope
from jib_assets.synth.pools import Geography, Schools, geography, kvk_nummers, loonheffingennummers, name_pools, schools
from jib_assets.synth.spells import Spells, first_of_each
from jib_assets.synth.work import Polis

STREAMS = ("geography", "people", "addresses", "names", "bsn", "schools", "education", "jobs", "polis",
           "benefits", "clients", "kvk", "employers", "casemanager", "dirty", "name_pools")


def stream(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, STREAMS.index(name)])


@dataclass
class World:
    scope: Scope
    people: People
    bsn: np.ndarray  # int64 per pid, ascending
    names: Names
    addresses: Addresses
    edu: Education
    polis: Polis
    employers: np.ndarray  # loonheffingennummer per employer index
    schools: Schools
    benefits: Spells
    clients: Spells
    kvk: Spells

    @property
    def geo(self) -> Geography:
        return self.scope.geo


def simulate(region: str, first: date, last: date, seed: int, step: Callable[[str], None] = lambda _: None) -> World:
    """Draw the people of the region and their life courses over the window of the run."""
    region_codes = gemeenten_in_region(region)["gemeentecode"].to_list()
    geo = geography(gemeenten(), stream(seed, "geography"))
    scope = population.make_scope(region, geo, region_codes, first, last)

    step("population")
    people, starts = population.draw_people(stream(seed, "people"), scope)
    addresses = population.address_history(stream(seed, "addresses"), scope, people, starts)
    people_names = population.names(stream(seed, "names"), name_pools(stream(seed, "name_pools")), people.sex)
    bsn = population.bsns(stream(seed, "bsn"), people.n)

    step("school careers")
    school_register = schools(int(scope.amr.max()) + 1, stream(seed, "schools"))
    edu = education.careers(stream(seed, "education"), scope, people, school_register)
    _clip_education(edu, people)

    step("jobs and wages")
    n_employers = max(200, people.n // 12)
    employers = loonheffingennummers(stream(seed, "employers"), n_employers)
    jobs = work.job_spells(stream(seed, "jobs"), scope, people, edu, n_employers)
    polis = work.polis(stream(seed, "polis"), scope, people, jobs)

    step("benefits, clients, KvK")
    benefit_spells = support.benefits(stream(seed, "benefits"), scope, people, edu, jobs)
    client_spells = support.clients(stream(seed, "clients"), scope, people, edu, benefit_spells, addresses)
    kvk_rng = stream(seed, "kvk")
    kvk_spells = support.kvk(kvk_rng, scope, people, edu, lambda n: kvk_nummers(kvk_rng, n))
    # A row's key (sources.md) is unique: two WW periods from one day (two jobs ended) are one.
    b, c = benefit_spells, client_spells
    benefit_spells = b.select(first_of_each(b.person, b.attrs["uitkering"], b.begin))
    client_spells = c.select(first_of_each(c.attrs["gemeente"], c.person, c.attrs["regeling"], c.begin))
    return World(scope, people, bsn, people_names, addresses, edu, polis, employers, school_register, benefit_spells,
                 client_spells, kvk_spells)


def _clip_education(edu: Education, people: People) -> None:
    """No school after emigration or death: enrolments end, later ones and their diplomas vanish."""
    exit_day = people.exit
    keep = edu.enrol_begin < exit_day[edu.enrol_person]
    for name in ("enrol_person", "enrol_soort", "enrol_brin", "enrol_begin", "enrol_end"):
        setattr(edu, name, getattr(edu, name)[keep])
    edu.enrol_end = np.minimum(edu.enrol_end, exit_day[edu.enrol_person] - 1)
    keep = edu.dipl_date < exit_day[edu.dipl_person]
    first = np.zeros(keep.size, dtype=bool)
    first[first_of_each(edu.dipl_person, edu.dipl_diploma, edu.dipl_date)] = True
    keep &= first
    for name in ("dipl_person", "dipl_diploma", "dipl_date", "dipl_brin"):
        setattr(edu, name, getattr(edu, name)[keep])
