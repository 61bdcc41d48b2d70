"""jib_id (rules.md 3): JIB- + first 12 chars of base32(HMAC-SHA256(key, BSN as 9 ASCII digits)).

The bare hash only; the guarded way to make `jib_id(bsn)` callable from SQL on a warehouse is
privacy.sleutel.register_jib_id, which checks the key first (sleutel imports this module, never the reverse)."""

from __future__ import annotations

import base64
import hmac

import duckdb
import polars as pl


def jib_id(key: bytes, bsn: str) -> str:
    if len(bsn) != 9 or not bsn.isdigit():
        raise ValueError("a BSN for jib_id must be 9 ASCII digits")
    # The first 12 base32 characters need only the first 7.5 bytes of the digest: encoding 10 bytes
    # (16 characters, no padding) gives the same 12 and halves the cost at national scale.
    digest = hmac.digest(key, bsn.encode("ascii"), "sha256")
    return "JIB-" + base64.b32encode(digest[:10]).decode("ascii")[:12]


def jib_ids(key: bytes, bsns: pl.Series) -> pl.Series:
    """jib_id for a column of BSNs (one HMAC per distinct BSN; no per-row Python beyond the HMAC itself)."""
    return bsns.map_elements(lambda b: jib_id(key, b), return_dtype=pl.String)


def register_function(con: duckdb.DuckDBPyConnection, name: str, key: bytes) -> None:
    """Register the jib_id of `key` as SQL function `name`, unguarded: for the key rotation, which holds
    two keys at once, and for sleutel.register_jib_id, which guards it (the pipeline's entry point)."""
    try:
        con.remove_function(name)
    except Exception:  # noqa: BLE001 - not registered yet on this connection
        pass
    con.create_function(
        name,
        lambda bsns: _vector(key, bsns),
        [duckdb.sqltype("VARCHAR")],
        duckdb.sqltype("VARCHAR"),
        type="arrow",
        side_effects=False,
    )


def _vector(key: bytes, bsns):  # pyarrow array in, pyarrow array out
    import pyarrow as pa

    return pa.array([None if b is None else jib_id(key, b) for b in bsns.to_pylist()], type=pa.string())
