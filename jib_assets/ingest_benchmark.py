"""How fast ingest is at national scale: `python -m jib_assets.ingest_benchmark [--rows N] [--memory 4GB]`.

Writes a synthetic uwv_polis.csv (30 million rows, about 1.6 GB, by default) into a temporary landing
month, loads it twice into a fresh warehouse (the second load replaces the first), validates the
contract, and prints rows per second and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from jib_assets.db import connect, sql
from jib_assets.ingest import ingest_csv, store
from jib_assets.quality.contracts import validate_table

PEILDATUM = date(2025, 3, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000_000)
    parser.add_argument("--memory", default="4GB", help="DuckDB memory_limit")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "landing" / "2025-03"
        folder.mkdir(parents=True)
        with connect(Path(tmp) / "write.duckdb", threads=args.threads) as con:
            con.execute("SET enable_progress_bar = false")
            store.prepare(con)
            target = str(folder / "uwv_polis.csv").replace("'", "''")  # our own temp path, not data
            con.execute(f"COPY ({sql('ingest_benchmark_polis')}) TO '{target}' (DELIMITER ';', HEADER, QUOTE '')",
                        {"rijen": int(args.rows)})
        (folder / "_COMPLETE").touch()
        size = (folder / "uwv_polis.csv").stat().st_size
        print(f"uwv_polis.csv: {args.rows:,} rows, {size / 1e9:.2f} GB")
        with connect(Path(tmp) / "jib.duckdb", memory_limit=args.memory, threads=args.threads) as con:
            con.execute("SET enable_progress_bar = false")
            for label in ("first load", "reload"):
                started = time.perf_counter()
                result = ingest_csv(con, folder, "uwv_polis", PEILDATUM)
                _report(label, result.rows_read, started)
            started = time.perf_counter()
            ok, failures, _ = validate_table(con, "uwv_polis", PEILDATUM)
            _report(f"contract ({'ok' if ok else f'{failures} failures'})", result.rows_loaded, started)
        print(result.summary())


def _report(label: str, rows: int, started: float) -> None:
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"{label:>16}: {seconds:6.1f} s, {rows / seconds:>10,.0f} rows/s, peak RSS so far {peak:.2f} GB")


if __name__ == "__main__":
    main()
