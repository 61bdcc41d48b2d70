"""What a GX suite run says, made readable: its result as counts, a markdown table and failing values
(never a person's), and as a Dagster check result (blocking or a warning)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from jib_assets.quality.frames import Frame
from jib_assets.quality.suites import SuiteSpec, suite_spec, suites_of

VOORBEELDEN = 5  # examples per failed expectation in the check's metadata


@dataclass
class SuiteResult:
    suite: str
    success: bool
    errored: bool  # GX or the frame query failed: the data were not judged
    evaluated: int
    failed: list[str]  # expectations the data did not meet
    metadata: dict = field(default_factory=dict)  # counts and examples, never a person
    message: str = ""  # why it errored


def _raised(result) -> str | None:
    """The message of an exception GX caught while evaluating one expectation, if any.
    exception_info is either one info dict or a dict of them keyed by metric."""
    info = result.exception_info or {}
    infos = [info] if "raised_exception" in info else list(info.values())
    for item in infos:
        if isinstance(item, dict) and item.get("raised_exception"):
            return item.get("exception_message") or "exception in GX"
    return None


def _label(config, seen: dict[str, int]) -> str:
    kwargs = config.kwargs
    columns = kwargs.get("column") or ", ".join(
        str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs
    ) or ", ".join(kwargs.get("column_list", []))
    label = f"{config.type.removeprefix('expect_')}({columns})"
    seen[label] = seen.get(label, 0) + 1
    return label if seen[label] == 1 else f"{label} #{seen[label]}"


def _plain(value: Any) -> Any:
    """A JSON-safe, short rendering of a GX value (numpy scalars, NaN, long lists)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value[:10]]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in list(value.items())[:10]}
    if isinstance(value, (int, str, bool)) or value is None:
        return value
    return str(value)


def _examples(res: dict, column: str | None, where: str) -> list[str]:
    """Failing values (never a person's): on a per-gemeente frame each with its gemeente. On a frame of
    rows GX is not asked for the rows' gemeente: it finds those one row at a time (minutes on 1M rows)."""
    indexed = [i for i in res.get("partial_unexpected_index_list") or [] if isinstance(i, dict)]
    if indexed and column:
        return [f"{i.get(where)}: {_plain(i.get(column))}" for i in indexed[:VOORBEELDEN]]
    values = [c["value"] for c in res.get("partial_unexpected_counts") or []] or res.get("partial_unexpected_list") or []
    return [str(_plain(v)) for v in values[:VOORBEELDEN]]


def summarise(spec: SuiteSpec, results, frame: Frame, *, rows: int) -> SuiteResult:
    details: list[dict[str, Any]] = []
    failed: list[str] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for r in sorted(results.results, key=lambda r: (r.expectation_config.type, str(r.expectation_config.kwargs))):
        label = _label(r.expectation_config, seen)
        res = r.result or {}
        entry: dict[str, Any] = {"verwachting": label}
        raised = _raised(r)
        if raised:
            entry["uitkomst"] = "fout"
            entry["fout"] = raised[:300]
            errors.append(f"{label}: {raised[:300]}")
        else:
            entry["uitkomst"] = "geslaagd" if r.success else "mislukt"
            if not r.success:
                failed.append(label)
        if "observed_value" in res:
            entry["waargenomen"] = _plain(res["observed_value"])
        if "unexpected_count" in res:
            entry["onverwacht"] = int(res["unexpected_count"] or 0)
            entry["beoordeeld"] = int(res.get("element_count") or 0) - int(res.get("missing_count") or 0)
        if not r.success and not raised:
            examples = _examples(res, r.expectation_config.kwargs.get("column"), frame.where)
            if examples:
                entry["voorbeelden"] = examples
        details.append(entry)
    stats = results.statistics
    metadata: dict[str, Any] = {
        "rijen": rows,
        "verwachtingen": int(stats.get("evaluated_expectations", len(details))),
        "mislukt": len(failed),
        "fouten": len(errors),
        "resultaat": _markdown(details),
        "details": details,
    }
    message = "; ".join(errors)
    if message:
        metadata["fout"] = message
    return SuiteResult(
        suite=spec.name,
        success=bool(results.success) and not errors,
        errored=bool(errors),
        evaluated=metadata["verwachtingen"],
        failed=failed,
        metadata=metadata,
        message=message,
    )


def _markdown(details: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
        return text.replace("|", "\\|").replace("\n", " ")[:200]

    columns = ("verwachting", "uitkomst", "onverwacht", "beoordeeld", "waargenomen", "voorbeelden")
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(d.get(c)) for c in columns) + " |" for d in details]
    return "\n".join(lines)


def check_specs(step: str, asset: str | None = None) -> list[dg.AssetCheckSpec]:
    """One AssetCheckSpec per suite of the step: blocking for `<step>`, a warning for `<step>_waarschuwing`."""
    return [
        dg.AssetCheckSpec(s.check_name, asset=asset or step, blocking=s.blocking, description=s.description)
        for s in suites_of(step)
    ]


def check_result(result: SuiteResult) -> dg.AssetCheckResult:
    """The Dagster check result of a suite run: a warning suite fails with severity WARN."""
    spec = suite_spec(result.suite)
    meta = result.metadata
    metadata: dict[str, Any] = {k: meta[k] for k in ("rijen", "verwachtingen", "mislukt", "fouten") if k in meta}
    if "resultaat" in meta:
        metadata["resultaat"] = dg.MetadataValue.md(meta["resultaat"])
    if "details" in meta:
        metadata["details"] = dg.MetadataValue.json(meta["details"])
    if meta.get("data_docs"):
        metadata["data_docs"] = dg.MetadataValue.path(meta["data_docs"])
    for key in ("fout", "data_docs_fout", "data_docs_maanden_verwijderd"):
        if meta.get(key):
            metadata[key] = dg.MetadataValue.text(meta[key])
    return dg.AssetCheckResult(
        check_name=spec.check_name,
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR if spec.blocking else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        description=result.message or (f"not met: {'; '.join(result.failed)}" if result.failed else None),
    )
