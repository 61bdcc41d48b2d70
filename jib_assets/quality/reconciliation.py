"""Reconciliation checks between steps: nothing appears or vanishes between two tables of a month.

Plain functions on a connection, so tests call them directly; the assets turn them into checks.
"""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets.db import scalar


def ib_lijst_not_in_selectie(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Rows of the IB list of P that are not in the DUO selection of P (must be 0)."""
    return scalar(
        con,
        "SELECT count(*) FROM ib_lijst i ANTI JOIN duo_selectie d "
        "ON d.peildatum = i.peildatum AND d.bsn = i.bsn WHERE i.peildatum = $p",
        {"p": peildatum},
    )


def werklijst_mismatch(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Worklist rows that are not instroom of zzp/benaderen, and such instroom missing from it (must be 0)."""
    return scalar(
        con,
        """
        SELECT count(*) FROM (
            (SELECT jib_id, gemeentecode FROM werklijst_casemanager WHERE peildatum = $p
             EXCEPT ALL
             SELECT jib_id, gemeentecode FROM gemeente_lijst
             WHERE peildatum = $p AND status = 'instroom' AND categorie IN ('zzp', 'benaderen'))
            UNION ALL
            (SELECT jib_id, gemeentecode FROM gemeente_lijst
             WHERE peildatum = $p AND status = 'instroom' AND categorie IN ('zzp', 'benaderen')
             EXCEPT ALL
             SELECT jib_id, gemeentecode FROM werklijst_casemanager WHERE peildatum = $p)
        )
        """,
        {"p": peildatum},
    )


def monitoring_mismatch(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Gemeenten of the area whose monitoring op_lijst / instroom / uitstroom differ from the rows of
    gemeente_lijst (must be 0). The area is that of regio_indeling on P (monitoring counts no other gemeente)."""
    return scalar(
        con,
        """
        WITH telling AS (
            SELECT gemeentecode,
                   count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
                   count(*) FILTER (WHERE status = 'instroom') AS instroom,
                   count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom
            FROM gemeente_lijst
            WHERE peildatum = $p
              AND gemeentecode IN (SELECT gemeentecode FROM regio_indeling WHERE peildatum = $p AND niveau = 'gemeente')
            GROUP BY gemeentecode
        )
        SELECT count(*) FROM telling t
        FULL JOIN (SELECT * FROM monitoring_maand WHERE peildatum = $p AND niveau = 'gemeente') m
          ON m.regiocode = t.gemeentecode
        WHERE coalesce(m.op_lijst, 0) <> coalesce(t.op_lijst, 0)
           OR coalesce(m.instroom, 0) <> coalesce(t.instroom, 0)
           OR coalesce(m.uitstroom, 0) <> coalesce(t.uitstroom, 0)
        """,
        {"p": peildatum},
    )


def werklijst_columns_with_bsn(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Columns of the worklist whose name says BSN (must be none)."""
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'werklijst_casemanager' AND lower(column_name) LIKE '%bsn%'"
        ).fetchall()
    ]
