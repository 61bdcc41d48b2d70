"""The frames the GX suites run on: one query per (step, frame) in sql/checks/gx_<step>_<frame>.sql,
on $peildatum (and $van, the first of the previous months), and the column that locates a failing row.

- `rijen`: this month's rows of the step's table, only columns that identify nobody;
- `per_gemeente`: one row per gemeente with this month's counts and shares, beside the mean of the
  previous months and their ratio.

No frame may select a column the schema register marks identifying or pseudonymous
(tests/test_expectations.py holds every frame to jib_assets.schema.never_published()).
"""

from __future__ import annotations

from typing import NamedTuple

from jib_assets.db import sql

# The month-over-month expectations compare with the mean of this many months before ($van): of gemeente_lijst from its
# rows (kept for life), of duo_selectie and ib_lijst from their counts per gemeente (stap_tellingen), since retention
# keeps those step tables' rows only the rerun window and the month before it (privacy.bewaartermijn.stap_maanden).
VORIGE_MAANDEN = 3


class Frame(NamedTuple):
    """The rows a suite runs on, and the column that locates a failing row in the examples."""

    sql: str
    where: str


def _frame(step: str, frame: str, where: str) -> Frame:
    return Frame(sql(f"checks/gx_{step}_{frame}"), where)


FRAMES: dict[tuple[str, str], Frame] = {
    ("duo_selectie", "rijen"): _frame("duo_selectie", "rijen", "woongemeente"),
    ("duo_selectie", "per_gemeente"): _frame("duo_selectie", "per_gemeente", "gemeentecode"),
    ("ib_lijst", "rijen"): _frame("ib_lijst", "rijen", "woongemeente"),
    ("ib_lijst", "per_gemeente"): _frame("ib_lijst", "per_gemeente", "gemeentecode"),
    ("gemeente_lijst", "rijen"): _frame("gemeente_lijst", "rijen", "gemeentecode"),
    ("gemeente_lijst", "per_gemeente"): _frame("gemeente_lijst", "per_gemeente", "gemeentecode"),
    ("werklijst_casemanager", "rijen"): _frame("werklijst_casemanager", "rijen", "gemeentecode"),
    ("monitoring", "rijen"): _frame("monitoring", "rijen", "regiocode"),
}
