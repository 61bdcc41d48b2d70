"""The GX suites as files: where they are, what Dagster must know of each before running it (read from
the JSON, without importing GX), and loading one through GX's own schema.

Each suite is a GX ExpectationSuite JSON file in `expectations/` that the data team may edit.
`<step>.json` holds the blocking expectations (value sets and ranges that follow from rules.md);
`<step>_waarschuwing.json` the warnings. A value set of the schema register is written in a suite as
`{"$PARAMETER": "waarden_<name>"}` (jib_assets.schema.gx_parameters), so it is not copied by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

WAARSCHUWING = "_waarschuwing"


def expectations_dir() -> Path:
    packaged = Path(str(files("jib_assets") / "expectations"))
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "expectations"


@dataclass(frozen=True)
class SuiteSpec:
    """What Dagster needs to know of a suite before running it: read from the JSON, without GX."""

    name: str
    step: str
    frame: str
    blocking: bool
    description: str

    @property
    def check_name(self) -> str:
        return f"gx_{self.name}"


def suite_file(name: str) -> Path:
    return expectations_dir() / f"{name}.json"


@cache
def suite_spec(name: str) -> SuiteSpec:
    data = json.loads(suite_file(name).read_text(encoding="utf-8"))
    step = name.removesuffix(WAARSCHUWING)
    notes = data.get("notes") or ""
    return SuiteSpec(
        name=name,
        step=step,
        frame=data.get("meta", {}).get("jib", {}).get("frame", "rijen"),
        blocking=not name.endswith(WAARSCHUWING),
        description=" ".join(notes) if isinstance(notes, list) else notes,
    )


def suite_names() -> list[str]:
    return sorted(p.stem for p in expectations_dir().glob("*.json"))


def suites_of(step: str) -> list[SuiteSpec]:
    """The suites of a step: its blocking suite first, then its warnings."""
    return [suite_spec(n) for n in suite_names() if n == step or n == step + WAARSCHUWING]


def load_suite(name: str):
    """A suite file through GX's own schema, as its file-backed stores read them."""
    import great_expectations as gx
    from great_expectations.core.expectation_suite import ExpectationSuiteSchema

    data = ExpectationSuiteSchema().loads(suite_file(name).read_text(encoding="utf-8"))
    data["name"] = name
    suite = gx.ExpectationSuite(**data)
    # GX logs and drops an expectation it cannot build (a misspelt type): that must not pass silently.
    dropped = len(data.get("expectations", [])) - len(suite.expectations)
    if dropped:
        raise ValueError(f"expectations/{name}.json: GX could not read {dropped} expectation(s); see the log")
    return suite
