"""Whole-file rules of sources.md: a month folder is complete, each file is there, is UTF-8 and has the
right header. A file that breaks them stops the month with a DeliveryError saying what to ask the supplier.

Messages name files, expected columns, positions and line numbers, never a value from the file: a
header-less file's first line is a person's data.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import polars as pl

from jib_assets.partitions import month_folder

COMPLETE_MARKER = "_COMPLETE"
UTF8_BOM = codecs.BOM_UTF8
_HEADER_MAX_BYTES = 1 << 20
_CHUNK_BYTES = 16 << 20


class DeliveryError(Exception):
    """A delivery cannot be read as sources.md says; the message names the file, the problem and what to do."""


def month_dir(landing: Path, peildatum: date) -> Path:
    """The landing folder of a peildatum: landing/YYYY-MM."""
    return Path(landing) / month_folder(peildatum)


def is_complete(folder: Path) -> bool:
    """A month folder is complete once the deliverer has written the empty file _COMPLETE (written last)."""
    return (Path(folder) / COMPLETE_MARKER).is_file()


def require_peildatum(peildatum: date) -> None:
    """A peildatum is the first day of its month (rules.md, Periods); anything else is a caller's mistake."""
    if peildatum.day != 1:
        raise ValueError(f"a peildatum is the first day of a month, not {peildatum.isoformat()}")


def require_complete(folder: Path) -> None:
    if not is_complete(folder):
        raise DeliveryError(
            f"{Path(folder).name}: delivery not complete (no {COMPLETE_MARKER} in {folder}). "
            "Wait until the supplier has finished delivering the month, then run it."
        )


def require_line_end(path: Path, bestand: str) -> None:
    """Refuse a file whose last line has no line end: every line ends with \\n or \\r\\n (sources.md), so such a
    file was cut off (a transfer or an export that stopped). Loading it would drop the persons after the cut
    without a trace (a national polis file cut at 70% put 1,079 youths on a list of 313), and a cut that falls on
    a line end leaves nothing to see but this. The line is counted only when refusing."""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() == 0:
            return  # an empty file is the header check's to refuse
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return
        fh.seek(0)
        regels = 1 + sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 24), b""))
    raise DeliveryError(
        f"{bestand}: line {regels}, the last, has no line end: the file looks cut off (a transfer or export that "
        "stopped). Nothing of it was loaded; ask the supplier to deliver the whole file again (sources.md: every "
        "line ends with a line end)."
    )


def require_file(folder: Path, bestand: str) -> Path:
    """The path of a delivery file in a complete month folder."""
    require_complete(folder)
    path = Path(folder) / bestand
    if not path.is_file():
        raise DeliveryError(
            f"{bestand}: missing from {folder}, although the month is marked complete. "
            "Ask the supplier to deliver the file; the month cannot run without it."
        )
    return path


def read_header_line(path: Path) -> str:
    """The first line of the file as text, without byte-order mark and line end."""
    with path.open("rb") as fh:
        raw = fh.readline(_HEADER_MAX_BYTES)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_utf8(path.name, "looks like UTF-16", 1)
    raw = raw.removeprefix(UTF8_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        require_utf8(path)  # raises, unless the line was only cut short inside a character
        text = raw.decode("utf-8", errors="ignore")
    return text.rstrip("\r\n")


def check_header(bestand: str, found: Sequence[str] | None, expected: Sequence[str]) -> None:
    """Raise unless `found` (the header's fields; None when its quotes are broken) is exactly `expected`."""
    found = list(found or [])
    if found == list(expected):
        return
    problems = []
    missing = [c for c in expected if c not in found]
    unexpected = [c for c in found if c not in expected]
    if not found or found == [""]:
        problems.append("no header line (line 1 is empty)")
    elif any(re.fullmatch(r"[0-9]{9}", c) for c in found):
        problems.append("the first line looks like data (is the header missing?)")
    if missing:
        problems.append("missing columns: " + ", ".join(missing))
    if unexpected:
        # Positions, not names: a header-less file's first line is a person's data.
        positions = [str(i) for i, c in enumerate(found, 1) if c not in expected]
        problems.append(f"{len(unexpected)} unexpected column(s) at position {', '.join(positions)}")
    if not missing and not unexpected:
        problems.append("the columns are in the wrong order or repeated")
    raise DeliveryError(
        f"{bestand}: wrong header: {'; '.join(problems)}. Expected exactly: {';'.join(expected)}. "
        "Ask the supplier to redeliver the file with this header (sources.md)."
    )


def require_utf8(path: Path) -> None:
    """Read the whole file and raise a DeliveryError at the first byte that is not UTF-8.

    Only called when a reader failed or the header did not decode, so the normal path reads the file once.
    Guessing another encoding risks mangled names, so the file is refused, with a hint at what it is.
    """
    pending, lines_before = b"", 0
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK_BYTES)
            data = pending + chunk
            try:
                data.decode("utf-8")
                pending = b""
            except UnicodeDecodeError as error:
                if chunk and error.reason == "unexpected end of data":
                    pending = data[error.start:]
                    data = data[: error.start]
                else:
                    line = lines_before + data[: error.start].count(b"\n") + 1
                    window = data[max(0, error.start - 4096): error.start + 4096]
                    raise _not_utf8(path.name, _guess(window), line, data[error.start]) from None
            if not chunk:
                return
            lines_before += data.count(b"\n")


def _guess(window: bytes) -> str:
    try:
        window.decode("cp1252")
    except UnicodeDecodeError:
        return "unknown encoding"
    return "looks like Windows-1252"


def _not_utf8(bestand: str, guess: str, line: int, byte: int | None = None) -> DeliveryError:
    where = f"byte 0x{byte:02X} on line {line}" if byte is not None else f"line {line}"
    return DeliveryError(
        f"{bestand}: not UTF-8 ({guess}): {where} is not valid UTF-8. "
        "Ask the supplier to redeliver the file in UTF-8; the pipeline does not guess encodings."
    )


def lines(path: Path) -> pa.RecordBatchReader:
    """The file's physical lines as an Arrow stream of (regel, line), regel 1-based with the header as 1.

    Polars splits on '\\n' and drops a trailing '\\r', so '\\r\\n' files read alike. Streaming keeps memory
    flat for a national polis file; DuckDB consumes the stream once.
    """
    frames = pl.scan_lines(path, name="line", row_index_name="regel", row_index_offset=1).collect_batches()
    first = next(frames).to_arrow()

    def batches() -> Iterator[pa.RecordBatch]:
        yield from first.to_batches()
        for frame in frames:
            yield from frame.to_arrow().to_batches()

    return pa.RecordBatchReader.from_batches(first.schema, batches())
