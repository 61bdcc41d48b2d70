"""The synthetic world's building blocks on small inputs: clock, identifiers, spell process, pools."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jib_assets.synth import calendar as cal
from jib_assets.synth.casemanager import slug
from jib_assets.synth.pools import elfproef_numbers, elfproef_ok, kvk_nummers, letter_pairs, name_pools
from jib_assets.synth.spells import first_of_each, renewal


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_ymd_round_trips_every_date(d):
    days = np.array([cal.day(d)])
    y, m, dd = cal.ymd(days)
    assert (int(y[0]), int(m[0]), int(dd[0])) == (d.year, d.month, d.day)
    assert int(cal.from_ymd(y, m, dd)[0]) == days[0]
    assert int(cal.month_start(cal.month_of(days))[0]) == cal.day(d.replace(day=1))


def test_age_on_follows_rules_md_for_29_february():
    born = np.array([cal.day(date(2004, 2, 29))])
    assert cal.age_on(born, cal.day(date(2027, 2, 28)))[0] == 22
    assert cal.age_on(born, cal.day(date(2027, 3, 1)))[0] == 23
    assert cal.age_on(born, cal.day(date(2028, 2, 29)))[0] == 24
    assert cal.to_date(cal.add_years(born, 1)[0]) == date(2005, 3, 1)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2012, 12, 31)), st.integers(min_value=240, max_value=700))
def test_age_at_month_start_equals_age_on_the_first(born, month):
    b = np.array([cal.day(born)])
    assert cal.age_at_month_start(b, np.array([month]))[0] == cal.age_on(b, cal.month_start(month))[0]


def test_next_august_and_first_of_month():
    days = np.array([cal.day(date(2024, 7, 31)), cal.day(date(2024, 8, 1)), cal.day(date(2024, 12, 5))])
    assert [cal.to_date(d) for d in cal.next_august(days)] == [date(2024, 8, 1), date(2025, 8, 1), date(2025, 8, 1)]
    assert [cal.to_date(d) for d in cal.next_first_of_month(days)] == [date(2024, 8, 1), date(2024, 9, 1), date(2025, 1, 1)]


def test_bsns_pass_the_elfproef_are_distinct_and_keep_leading_zeros():
    numbers = elfproef_numbers(np.random.default_rng(1), 50_000)
    assert numbers.size == np.unique(numbers).size == 50_000
    assert elfproef_ok(numbers).all()
    text = [f"{n:09d}" for n in numbers[:2000]]
    assert all(sum(int(c) * w for c, w in zip(t[:8], range(9, 1, -1), strict=True)) % 11 == int(t[8]) for t in text)
    assert (numbers < 100_000_000).any()
    assert not elfproef_ok(numbers + 1).all()


def test_kvk_numbers_are_distinct_8_digits():
    numbers = kvk_nummers(np.random.default_rng(2), 10_000)
    assert np.unique(numbers).size == 10_000 and numbers.min() >= 10_000_000 and numbers.max() < 100_000_000


def test_postcode_letter_pairs_skip_the_unused_ones():
    pairs = set(letter_pairs().tolist())
    assert not pairs & {"SA", "SD", "SS"} and not any(set(p) & set("FIOQUY") for p in pairs)


def test_name_pools_split_voorvoegsels_and_encode_in_windows_1252():
    pools = name_pools(np.random.default_rng(3))
    assert "van der" in set(pools.voorvoegsel.tolist()) and "" in set(pools.voorvoegsel.tolist())
    assert all(" " not in s for s in pools.surname.tolist())
    for name in [*pools.male.tolist(), *pools.female.tolist(), *pools.surname.tolist()]:
        name.encode("cp1252")
    assert abs(pools.female_w.sum() - 1) < 1e-9


def test_renewal_is_stationary_and_spells_do_not_overlap():
    rng = np.random.default_rng(4)
    n, start, stop = 20_000, 0, 3 * 365
    spells = renewal(rng, np.zeros(n, dtype=np.int64), stop, 0.3, 200.0)
    for day in (start, 500, stop):
        on = np.zeros(n, dtype=bool)
        on[spells.person[(spells.begin <= day) & (spells.end >= day)]] = True
        assert abs(on.mean() - 0.3) < 0.02
    order = np.lexsort((spells.begin, spells.person))
    p, b, e = spells.person[order], spells.begin[order], spells.end[order]
    same = p[1:] == p[:-1]
    assert (b[1:][same] > e[:-1][same]).all()
    assert (spells.end >= spells.begin).all()


def test_renewal_respects_earliest_begin():
    rng = np.random.default_rng(5)
    earliest = np.full(1000, -30, dtype=np.int64)
    spells = renewal(rng, np.zeros(1000, dtype=np.int64), 100, 0.9, 10_000.0, earliest=earliest)
    assert spells.begin.min() >= -30


def test_first_of_each_keeps_first_rows_in_order():
    a = np.array([1, 2, 1, 3, 2, 1])
    b = np.array([5, 5, 5, 5, 6, 5])
    assert first_of_each(a, b).tolist() == [0, 1, 3, 4]


def test_slug_is_ascii_for_file_names():
    assert slug("Súdwest-Fryslân") == "sudwest-fryslan"
    assert slug("'s-Hertogenbosch") == "s-hertogenbosch"


def test_month_labels():
    assert cal.month_label(cal.month_index(date(2025, 1, 1))) == "2025-01"
    assert cal.to_date(cal.month_end(cal.month_index(date(2024, 2, 1)))) == date(2024, 2, 1) + timedelta(days=28)
