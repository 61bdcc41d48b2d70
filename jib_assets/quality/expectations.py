"""Great Expectations 1.x suites run as asset checks on a month's rows: the distribution and volume
expectations a contract cannot express, beside each step's reconciliation checks.

Each suite is a GX ExpectationSuite JSON file in `expectations/` that the data team may edit.
`<step>.json` holds the blocking expectations (value sets and ranges that follow from rules.md);
`<step>_waarschuwing.json` the warnings (shares, spreads, volume against the previous months).
A suite's `meta.jib.frame` names the frame it runs on (FRAMES below):

- `rijen`: this month's rows of the step's table, only columns that identify nobody;
- `per_gemeente`: one row per gemeente with this month's counts and shares, beside the mean of the
  previous three months and their ratio.

GX runs on a pandas frame fetched from DuckDB (its SQL path fails on DuckDB), in an ephemeral context.
GX is imported inside `run_suite`: it takes seconds, and Dagster loads this module at start-up.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import dagster as dg
import duckdb

from jib_assets.parameters import INKOMENSGRENS
from jib_assets.partitions import add_months

log = logging.getLogger(__name__)

WAARSCHUWING = "_waarschuwing"
VORIGE_MAANDEN = 3  # the month-over-month expectations compare with the mean of this many months
VOORBEELDEN = 5  # examples per failed expectation in the check's metadata


def expectations_dir() -> Path:
    packaged = Path(str(files("jib_assets") / "expectations"))
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "expectations"


class Frame(NamedTuple):
    """The rows a suite runs on: a query on $peildatum (and $van, the first of the previous months),
    and the column that locates a failing row in the examples (a gemeente or region code)."""

    sql: str
    where: str


FRAMES: dict[tuple[str, str], Frame] = {
    ("duo_selectie", "rijen"): Frame(
        """
        SELECT woongemeente, leeftijd, geslacht, hoogste_diploma,
               CAST($peildatum AS DATE) - laatste_onderwijs_einddatum AS dagen_sinds_onderwijs
        FROM duo_selectie WHERE peildatum = $peildatum
        """,
        "woongemeente",
    ),
    ("duo_selectie", "per_gemeente"): Frame(
        """
        WITH maand AS (
            SELECT woongemeente AS gemeentecode, count(*) AS personen,
                   avg(leeftijd) AS gemiddelde_leeftijd,
                   count(DISTINCT leeftijd) AS aantal_leeftijden,
                   avg(CASE WHEN geslacht = 'V' THEN 1.0 ELSE 0.0 END) AS aandeel_vrouw
            FROM duo_selectie WHERE peildatum = $peildatum GROUP BY ALL
        ),
        vorige AS (
            SELECT woongemeente AS gemeentecode,
                   count(*) / (SELECT count(DISTINCT peildatum) FROM duo_selectie
                               WHERE peildatum >= $van AND peildatum < $peildatum) AS vorige_gemiddeld
            FROM duo_selectie WHERE peildatum >= $van AND peildatum < $peildatum GROUP BY ALL
        )
        SELECT gemeentecode, coalesce(m.personen, 0) AS personen, m.gemiddelde_leeftijd,
               m.aantal_leeftijden, m.aandeel_vrouw, v.vorige_gemiddeld,
               coalesce(m.personen, 0) / v.vorige_gemiddeld AS ratio_vorige
        FROM maand AS m FULL JOIN vorige AS v USING (gemeentecode)
        ORDER BY gemeentecode
        """,
        "gemeentecode",
    ),
    ("ib_lijst", "rijen"): Frame(
        """
        SELECT woongemeente, leeftijd, CAST(inkomen_werk AS DOUBLE) AS inkomen_werk,
               in_bezit_van_werk, nulinkomen
        FROM ib_lijst WHERE peildatum = $peildatum
        """,
        "woongemeente",
    ),
    ("ib_lijst", "per_gemeente"): Frame(
        """
        WITH maand AS (
            SELECT woongemeente AS gemeentecode, count(*) AS op_lijst,
                   avg(CASE WHEN nulinkomen THEN 1.0 ELSE 0.0 END) AS aandeel_nulinkomen
            FROM ib_lijst WHERE peildatum = $peildatum GROUP BY ALL
        ),
        selectie AS (
            SELECT woongemeente AS gemeentecode, count(*) AS selectie
            FROM duo_selectie WHERE peildatum = $peildatum GROUP BY ALL
        ),
        vorige AS (
            SELECT woongemeente AS gemeentecode,
                   count(*) / (SELECT count(DISTINCT peildatum) FROM ib_lijst
                               WHERE peildatum >= $van AND peildatum < $peildatum) AS vorige_gemiddeld
            FROM ib_lijst WHERE peildatum >= $van AND peildatum < $peildatum GROUP BY ALL
        )
        SELECT gemeentecode, coalesce(m.op_lijst, 0) AS op_lijst, m.aandeel_nulinkomen,
               coalesce(s.selectie, 0) AS selectie,
               coalesce(m.op_lijst, 0) / nullif(s.selectie, 0) AS aandeel_van_selectie,
               v.vorige_gemiddeld, coalesce(m.op_lijst, 0) / v.vorige_gemiddeld AS ratio_vorige
        FROM maand AS m
        FULL JOIN vorige AS v USING (gemeentecode)
        LEFT JOIN selectie AS s USING (gemeentecode)
        ORDER BY gemeentecode
        """,
        "gemeentecode",
    ),
    ("gemeente_lijst", "rijen"): Frame(
        """
        SELECT gemeentecode, categorie, status, soort_instroom, reden_uitstroom, leeftijd, geslacht,
               date_diff('month', datum_instroom, peildatum) AS maanden_sinds_instroom
        FROM gemeente_lijst WHERE peildatum = $peildatum
        """,
        "gemeentecode",
    ),
    ("gemeente_lijst", "per_gemeente"): Frame(
        """
        WITH eerste AS (
            SELECT gemeentecode, min(peildatum) AS eerste_peildatum FROM gemeente_lijst GROUP BY ALL
        ),
        maand AS (
            SELECT gemeentecode,
                   count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
                   count(*) FILTER (WHERE status = 'instroom') AS instroom,
                   count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom,
                   count(*) FILTER (WHERE status <> 'uitstroom' AND categorie = 'benaderen') AS benaderen
            FROM gemeente_lijst WHERE peildatum = $peildatum GROUP BY ALL
        ),
        vorige_maanden AS (
            SELECT gemeentecode, peildatum,
                   count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
                   count(*) FILTER (WHERE status = 'instroom') AS instroom
            FROM gemeente_lijst WHERE peildatum >= $van AND peildatum < $peildatum GROUP BY ALL
        ),
        vorige AS (
            -- a gemeente's first month is all instroom: it does not count towards its usual inflow
            SELECT v.gemeentecode,
                   sum(v.op_lijst) / (SELECT count(DISTINCT peildatum) FROM gemeente_lijst
                                      WHERE peildatum >= $van AND peildatum < $peildatum) AS vorige_gemiddeld,
                   avg(v.instroom) FILTER (WHERE v.peildatum > e.eerste_peildatum) AS vorige_instroom_gemiddeld
            FROM vorige_maanden AS v JOIN eerste AS e USING (gemeentecode)
            GROUP BY ALL
        )
        SELECT gemeentecode,
               coalesce(m.op_lijst, 0) AS op_lijst, coalesce(m.instroom, 0) AS instroom,
               coalesce(m.uitstroom, 0) AS uitstroom,
               e.eerste_peildatum = CAST($peildatum AS DATE) AS eerste_maand,
               m.benaderen / nullif(m.op_lijst, 0) AS aandeel_benaderen,
               m.instroom / nullif(m.op_lijst, 0) AS aandeel_instroom,
               v.vorige_gemiddeld, coalesce(m.op_lijst, 0) / v.vorige_gemiddeld AS ratio_vorige,
               v.vorige_instroom_gemiddeld,
               coalesce(m.instroom, 0) / v.vorige_instroom_gemiddeld AS ratio_instroom
        FROM maand AS m
        FULL JOIN vorige AS v USING (gemeentecode)
        JOIN eerste AS e USING (gemeentecode)
        ORDER BY gemeentecode
        """,
        "gemeentecode",
    ),
    ("werklijst_casemanager", "rijen"): Frame(
        # Only the shape of the postcode (digits as 9, capitals as A): the check needs no address.
        """
        SELECT gemeentecode, categorie,
               date_diff('month', datum_instroom, peildatum) AS maanden_sinds_instroom,
               translate(postcode, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
                         '9999999999AAAAAAAAAAAAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaa') AS postcode_vorm
        FROM werklijst_casemanager WHERE peildatum = $peildatum
        """,
        "gemeentecode",
    ),
    ("monitoring", "rijen"): Frame(
        """
        SELECT niveau, regiocode, op_lijst, instroom, uitstroom,
               instroom_nieuw + instroom_terugkeer + instroom_verhuisd AS instroom_som_soorten,
               instroom_zzp + instroom_bekend + instroom_benaderen + instroom_bezwaar AS instroom_som_categorieen,
               uitstroom_overleden + uitstroom_vertrokken_buitenland + uitstroom_verhuisd + uitstroom_leeftijd
                   + uitstroom_startkwalificatie + uitstroom_onderwijs + uitstroom_uitkering + uitstroom_werk
                   + uitstroom_onbekend AS uitstroom_som_redenen,
               CASE WHEN niveau = 'nederland' THEN 1 ELSE 0 END AS is_nederland,
               mediaan_maanden_op_lijst_uitstroom
        FROM monitoring_maand WHERE peildatum = $peildatum
        """,
        "regiocode",
    ),
}

# Never fetched into a frame, so never in a check's metadata or in Data Docs (a test holds FRAMES to it).
IDENTIFYING = frozenset({
    "bsn", "jib_id", "geslachtsnaam", "voorvoegsel", "voornamen", "geboortedatum", "straatnaam",
    "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats",
})


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


@dataclass
class SuiteResult:
    suite: str
    success: bool
    errored: bool  # GX or the frame query failed: the data were not judged
    evaluated: int
    failed: list[str]  # expectations the data did not meet
    metadata: dict = field(default_factory=dict)  # counts and examples, never a person
    message: str = ""  # why it errored


def _suite_file(name: str) -> Path:
    return expectations_dir() / f"{name}.json"


@cache
def suite_spec(name: str) -> SuiteSpec:
    data = json.loads(_suite_file(name).read_text(encoding="utf-8"))
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


BLOCKING: dict[str, bool] = {name: not name.endswith(WAARSCHUWING) for name in suite_names()}


def run_suite(
    con: duckdb.DuckDBPyConnection, step: str, peildatum: date, *, docs_dir: Path | None = None
) -> SuiteResult:
    """Run the suite `step` (a step's name for its blocking suite, `<step>_waarschuwing` for its
    warnings) on the month of `peildatum`; with `docs_dir`, also (re)build GX Data Docs there.

    An error inside GX or in fetching the frame gives errored=True and a message: the data were not
    judged. Data Docs failing to build is logged and noted in the metadata, not an error of the check.
    """
    spec = suite_spec(step)
    frame = FRAMES[(spec.step, spec.frame)]
    params = {"peildatum": peildatum, "van": add_months(peildatum, -VORIGE_MAANDEN)}
    try:
        df = con.execute(frame.sql, {k: v for k, v in params.items() if f"${k}" in frame.sql}).df()
    except duckdb.Error as exc:
        return _errored(spec, f"frame query failed: {exc}")
    try:
        context, results = _validate(spec, df, frame, peildatum, docs_dir)
    except Exception as exc:  # an invalid suite file, an unknown expectation type: not a data failure
        log.exception("GX could not run suite %s", spec.name)
        return _errored(spec, f"{type(exc).__name__}: {exc}")
    result = _result(spec, results, frame, rows=len(df))
    if docs_dir is not None:
        try:
            _build_docs(context, spec, results)
            result.metadata["data_docs"] = str(Path(docs_dir).absolute() / "index.html")
        except Exception as exc:
            log.exception("GX Data Docs not built in %s", docs_dir)
            result.metadata["data_docs_fout"] = f"{type(exc).__name__}: {exc}"
    return result


def _errored(spec: SuiteSpec, message: str) -> SuiteResult:
    return SuiteResult(spec.name, success=False, errored=True, evaluated=0, failed=[],
                       metadata={"fout": message}, message=message)


def _context(docs_dir: Path | None):
    """An ephemeral GX context; with docs_dir, its validation results are kept as JSON files under
    docs_dir/resultaten, so the Data Docs index lists every month and suite run so far."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    if docs_dir is not None:
        docs_dir = Path(docs_dir).absolute()
        config.stores[config.validation_results_store_name]["store_backend"] = {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs_dir / "resultaten"),
        }
        config.data_docs_sites = {
            "jib": {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False},
            }
        }
    return gx.get_context(mode="ephemeral", project_config=config)


def _load_suite(name: str):
    """A suite file through GX's own schema, as its file-backed stores read them."""
    import great_expectations as gx
    from great_expectations.core.expectation_suite import ExpectationSuiteSchema

    data = ExpectationSuiteSchema().loads(_suite_file(name).read_text(encoding="utf-8"))
    data["name"] = name
    suite = gx.ExpectationSuite(**data)
    # GX logs and drops an expectation it cannot build (a misspelt type): that must not pass silently.
    dropped = len(data.get("expectations", [])) - len(suite.expectations)
    if dropped:
        raise ValueError(f"expectations/{name}.json: GX could not read {dropped} expectation(s); see the log")
    return suite


def _validate(spec: SuiteSpec, df, frame: Frame, peildatum: date, docs_dir: Path | None):
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(docs_dir)
    # With Data Docs every suite is in the context, so the index lists them all; else only this one.
    for name in suite_names() if docs_dir is not None else [spec.name]:
        context.suites.add(_load_suite(name))
    batch = (
        context.data_sources.add_pandas("jib")
        .add_dataframe_asset(f"{spec.step}_{spec.frame}")
        .add_batch_definition_whole_dataframe(f"{peildatum:%Y-%m}")
    )
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=spec.name, data=batch, suite=context.suites.get(spec.name))
    )
    results = validation.run(
        batch_parameters={"dataframe": df},
        expectation_parameters={"inkomensgrens": float(INKOMENSGRENS.on(peildatum)),
                                "peildatum": peildatum.isoformat()},
        result_format={
            "result_format": "SUMMARY",
            "partial_unexpected_count": 20,
            **({"unexpected_index_column_names": [frame.where]} if spec.frame == "per_gemeente" else {}),
        },
        run_id=RunIdentifier(run_name=f"{peildatum:%Y-%m}", run_time=dt.datetime.now(dt.timezone.utc)),
    )
    return context, results


def _build_docs(context, spec: SuiteSpec, results) -> None:
    """Render this run's validation page and its suite's page, then the index over all results kept
    (the other suites' pages were rendered by their own runs)."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    run = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=spec.name),
        run_id=results.meta["run_id"],
        batch_identifier=f"jib-{spec.step}_{spec.frame}",
    )
    context.build_data_docs(resource_identifiers=[run, ExpectationSuiteIdentifier(name=spec.name)])


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


def _result(spec: SuiteSpec, results, frame: Frame, *, rows: int) -> SuiteResult:
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
    for key in ("fout", "data_docs_fout"):
        if meta.get(key):
            metadata[key] = dg.MetadataValue.text(meta[key])
    return dg.AssetCheckResult(
        check_name=spec.check_name,
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR if spec.blocking else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        description=result.message or None,
    )
