"""Issue 9 as the data team runs it, through `jib` in its own processes on a generated Weert (GM0988):
a second `jib run` is refused in one sentence; a rerun of month 2 with a changed delivery row after
months 3-4 exist is not published (month 3 named); `jib run --from 2025-03` reruns through the latest
month, heals it and publishes; a killed run's leftover is removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from jib_assets.publish.month_chain import month_chain_breaks

pytestmark = pytest.mark.slow

JIB = str(Path(sys.executable).parent / "jib")
KEY = "some-long-random-test-key-1234567890"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIB_", "DAGSTER_"))}
    return {**env, "JIB_HOME": str(home), "JIB_GEBIED": "GM0988", "JIB_PSEUDONYM_KEY": KEY,
            "DAGSTER_HOME": str(home / "dagster"), "COLUMNS": "400", "JIB_DUCKDB_THREADS": "1"}


def _jib(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([JIB, *args], env=_env(home), capture_output=True, text=True, timeout=900)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_rerun_with_a_changed_delivery_is_not_published_until_later_months_are_rerun(tmp_path):
    home = tmp_path / "home"
    assert _jib(home, "synth", "--region", "GM0988", "--from", "2025-01", "--to", "2025-04").returncode == 0

    # A second `jib run` while one holds the home: refused in one sentence naming the first.
    first = subprocess.Popen([JIB, "run", "--from", "2025-01", "--to", "2025-01"], env=_env(home),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = home / "warehouse" / "jib.lock"
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text()):
        assert first.poll() is None and time.monotonic() < deadline, "the first jib run did not take the lock"
        time.sleep(0.2)
    holder = json.loads(lock.read_text())
    second = _jib(home, "run", "--from", "2025-01", "--to", "2025-01")
    assert second.returncode == 1
    lines = [line for line in second.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, second.stdout
    assert lines[0].startswith("Another run holds the warehouse") and f"pid {first.pid}" in lines[0]
    assert holder["what"] == "jib run from 2025-01 to 2025-01" and "Traceback" not in second.stderr
    out, err = first.communicate(timeout=900)
    assert first.returncode == 0, out + err

    assert _jib(home, "run", "--from", "2025-02", "--to", "2025-04").returncode == 0
    published = home / "publish" / "analytics.duckdb"
    before = published.stat().st_mtime_ns

    # Redelivered month 2: one person on the lists of months 2 and 3 now lives in Roermond (outside the area).
    warehouse = home / "warehouse" / "jib.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        bsn = con.execute(
            "SELECT bsn FROM gemeente_lijst WHERE gemeentecode = 'GM0988' AND status = 'blijft' AND bsn IS NOT NULL "
            "AND peildatum = '2025-03-01' AND bsn IN (SELECT bsn FROM gemeente_lijst WHERE peildatum = '2025-02-01' "
            "AND status <> 'uitstroom') ORDER BY bsn LIMIT 1"
        ).fetchall()[0][0]
    adressen = home / "landing" / "2025-02" / "brp_adressen.csv"
    lines = adressen.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = [line.replace(";GM0988;", ";GM0957;", 1) if line.startswith(f"{bsn};") else line for line in lines]
    assert 0 < sum(a != b for a, b in zip(lines, moved)) < 5
    adressen.write_text("".join(moved), encoding="utf-8")

    rerun = _jib(home, "run", "--from", "2025-02", "--to", "2025-02")
    assert rerun.returncode == 1, rerun.stdout
    text = " ".join(rerun.stdout.split())
    assert "Not publishing: gemeente_lijst of 2025-03 no longer follows from the month before" in text
    assert "2025-04" not in text.split("Not publishing")[1].split(".")[0]  # April follows from March
    assert published.stat().st_mtime_ns == before  # the analysts keep the last consistent state
    assert bsn not in rerun.stdout + rerun.stderr

    leftover = home / "publish" / f".analytics.duckdb.{_dead_pid()}.tmp"
    leftover.write_bytes(b"half a file")
    heal = _jib(home, "run", "--from", "2025-03")
    assert heal.returncode == 0, heal.stdout + heal.stderr
    assert "Rerunning 2025-03 through 2025-04" in " ".join(heal.stdout.split())
    assert published.stat().st_mtime_ns > before and not leftover.exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert month_chain_breaks(con) == []
        months = [r[0] for r in con.execute("SELECT peildatum FROM gemeente_lijst_maanden ORDER BY 1").fetchall()]
    assert months == [date(2025, m, 1) for m in (1, 2, 3, 4)]
