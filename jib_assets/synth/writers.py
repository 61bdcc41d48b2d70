"""Writing a delivery month folder: the CSV files of sources.md, then `_COMPLETE` last."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from jib_assets.synth.formats import COMPLETE, DEFECTS_MANIFEST, HEADERS

# Amounts are floats in the frames: 2 decimals with a decimal comma (sources.md), written natively by polars.
CSV_OPTIONS = {"separator": ";", "null_value": "", "quote_style": "necessary", "line_terminator": "\n",
               "include_header": False, "float_precision": 2, "decimal_comma": True}


def clear_month(folder: Path) -> None:
    """Remove what an earlier run wrote here, `_COMPLETE` first, so a half-rewritten month never looks complete."""
    for name in (COMPLETE, DEFECTS_MANIFEST, *HEADERS):
        (folder / name).unlink(missing_ok=True)
    cm = folder / "casemanager"
    if cm.is_dir():
        for xlsx in cm.glob("*.xlsx"):
            xlsx.unlink()


def write_csv(path: Path, chunks: Iterable[pl.DataFrame], *, header: str | None = None, encoding: str = "utf-8") -> int:
    """Header row, then each chunk's rows; returns the bytes written.

    `header` and `encoding` are only ever changed by --dirty (a wrong header, a Windows-1252 file).
    """
    columns = HEADERS[path.name]
    with path.open("wb") as fh:
        fh.write(((header or ";".join(columns)) + "\n").encode(encoding))
        for chunk in chunks:
            frame = chunk.select(columns)
            if encoding == "utf-8":
                frame.write_csv(fh, **CSV_OPTIONS)
            else:
                fh.write(frame.write_csv(None, **CSV_OPTIONS).encode(encoding))
    return path.stat().st_size


def mark_complete(folder: Path) -> None:
    (folder / COMPLETE).write_bytes(b"")
