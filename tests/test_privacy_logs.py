"""No identifying data and no key in logs: a whole synthetic run through `jib synth` and `jib run`,
then every byte Dagster stored (DAGSTER_HOME: run and event storage, compute logs) and everything the
commands printed is scanned for every BSN and surname of the synthetic population, and for the key.
Also: the demo key is random and readable by its owner only."""

from __future__ import annotations

import csv
import re
import stat
from pathlib import Path

import pytest

from jib_assets.reference import GEMEENTEN_CSV
from jib_assets.settings import Settings, ensure_demo_key
from tests.builders import AM33_KEY as KEY


@pytest.fixture(scope="module")
def run(am33_run):
    """Midden-Limburg, four months through `jib synth` and `jib run` (the session's shared run,
    tests/conftest.py): (home, synth, run)."""
    return am33_run


@pytest.fixture(scope="module")
def population(run) -> tuple[set[str], set[str]]:
    """Every BSN and every surname in the landing brp_personen.csv files; of the surnames only those of
    5 letters or more that are not also a place name of the reference table (a surname such as Limburg
    is rightly printed as part of Midden-Limburg)."""
    home, _, _ = run
    places = set(re.findall(r"\b\w+\b", GEMEENTEN_CSV.read_text(encoding="utf-8")))
    bsns, names = set(), set()
    for path in sorted((home / "landing").glob("*/brp_personen.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                bsns.add(row["bsn"])
                if len(row["geslachtsnaam"]) >= 5 and row["geslachtsnaam"] not in places:
                    names.add(row["geslachtsnaam"])
    return bsns, names


def _stored(home: Path) -> dict[str, str]:
    """Every file under DAGSTER_HOME, as text (sqlite stores event records as JSON text)."""
    return {str(p.relative_to(home)): p.read_bytes().decode("utf-8", "replace")
            for p in (home / "dagster").rglob("*") if p.is_file()}


def _hits(texts: dict[str, str], bsns: set[str], names: set[str]) -> dict[str, tuple[int, int]]:
    """Per text: how many BSNs and surnames occur in it as whole words (counts only: never the values)."""
    out = {}
    for where, text in texts.items():
        words = set(re.findall(r"\b\w+\b", text))
        found = (len(words & bsns), len(words & names))
        if any(found):
            out[where] = found
    return out


def test_the_run_left_a_dagster_history_to_scan(run):
    home, _, result = run
    stored = _stored(home)
    assert any(name.endswith(".db") for name in stored), "no Dagster run storage was written"
    assert sum(len(t) for t in stored.values()) > 100_000
    assert result.returncode == 0, "jib run failed; the scans below still cover what it logged"


def test_no_bsn_or_surname_in_dagster_storage_or_compute_logs(run, population):
    home, _, _ = run
    bsns, names = population
    assert len(bsns) > 10_000 and len(names) > 100
    assert _hits(_stored(home), bsns, names) == {}


def test_no_bsn_or_surname_in_what_the_commands_printed(run, population):
    _, synth, result = run
    bsns, names = population
    printed = {"synth": synth.stdout + synth.stderr, "run": result.stdout + result.stderr}
    assert _hits(printed, bsns, names) == {}


def test_the_key_is_not_in_logs_metadata_exports_or_the_analysts_file(run):
    home, synth, result = run
    needle = KEY.encode()
    places = [p for p in home.rglob("*") if p.is_file() and "landing" not in p.parts]
    assert places
    assert [str(p.relative_to(home)) for p in places if needle in p.read_bytes()] == []
    assert KEY not in synth.stdout + synth.stderr + result.stdout + result.stderr


def test_the_demo_key_is_random_and_readable_by_its_owner_only(tmp_path):
    first = Settings(home=tmp_path / "a", first_month=None, duckdb_memory_limit="1GB", duckdb_threads=1)
    second = Settings(home=tmp_path / "b", first_month=None, duckdb_memory_limit="1GB", duckdb_threads=1)
    key, created = ensure_demo_key(first)
    again, created_again = ensure_demo_key(first)
    other, _ = ensure_demo_key(second)
    assert created and not created_again and key == again and key != other and len(key) >= 32
    assert stat.S_IMODE(first.demo_key_file.stat().st_mode) == 0o600
