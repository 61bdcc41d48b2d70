"""pandera contracts of the typed delivery tables and of the chain's own tables: what every row
promises the step after it.

The loader already sets bad rows aside; these contracts check, independently and after the fact, that
what was loaded has the types, value sets, elfproef, date order and keys of sources.md (the value sets
and patterns come from jib_assets.ingest.sources, so the two cannot drift apart). They run as asset checks.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import date

import duckdb
import pandera.polars as pa
import polars as pl
import pyarrow
from pandera.engines.polars_engine import Decimal

from jib_assets import schema
from jib_assets.ingest import sources as s
from jib_assets.reference import gemeenten

GEMEENTECODES = tuple(gemeenten()["gemeentecode"].to_list())
_EXAMPLES_PER_FAILURE = 5
CHUNK_ROWS = 2_000_000
_SCHEMA_CHECKS = ("column_in_schema", "column_in_dataframe")


def _full(pattern: str) -> str:
    return f"^{pattern}$"


def passes_elfproef(column: pl.Expr) -> pl.Expr:
    """True when a 9-digit BSN passes the elfproef: 9*d1 + 8*d2 + ... + 2*d8 - d9 is divisible by 11."""
    n = column.cast(pl.Int64, strict=False)
    weighted = sum(weight * (n // 10**power % 10) for weight, power in zip(range(9, 1, -1), range(8, 0, -1)))
    return (weighted - n % 10) % 11 == 0


def _amount(precision: int, nullable: bool = False):
    return pa.Field(ge=0, nullable=nullable, dtype_kwargs={"precision": precision, "scale": 2})


class Levering(pa.DataFrameModel):
    """What every typed delivery table holds: the delivery month and the line a row came from."""

    peildatum: pl.Date
    regel: pl.Int64 = pa.Field(ge=2)

    class Config:
        strict = True


class MetBsn(Levering):
    bsn: pl.String = pa.Field(str_matches=_full(s.BSN_PATROON))

    @pa.check("bsn")
    def elfproef(cls, data):
        return data.lazyframe.select(passes_elfproef(pl.col(data.key)))


class MetPeriode(MetBsn):
    """A period with an inclusive einddatum (empty = open) that does not end before it begins."""

    begindatum: pl.Date
    einddatum: pl.Date = pa.Field(nullable=True)

    @pa.dataframe_check
    def einddatum_niet_voor_begindatum(cls, data):
        return data.lazyframe.select(pl.col("einddatum").is_null() | (pl.col("einddatum") >= pl.col("begindatum")))


class BrpPersonen(MetBsn):
    geslachtsnaam: pl.String
    voorvoegsel: pl.String = pa.Field(nullable=True)
    voornamen: pl.String = pa.Field(nullable=True)
    geboortedatum: pl.Date
    geslacht: pl.String = pa.Field(isin=s.GESLACHTEN)
    datum_overlijden: pl.Date = pa.Field(nullable=True)
    datum_vertrek_buitenland: pl.Date = pa.Field(nullable=True)

    class Config:
        unique = ["bsn"]


class BrpAdressen(MetPeriode):
    gemeentecode: pl.String = pa.Field(isin=GEMEENTECODES)
    straatnaam: pl.String = pa.Field(nullable=True)
    huisnummer: pl.Int32 = pa.Field(nullable=True, ge=0)
    huisletter: pl.String = pa.Field(nullable=True)
    huisnummertoevoeging: pl.String = pa.Field(nullable=True)
    postcode: pl.String = pa.Field(nullable=True, str_matches=_full(s.POSTCODE_PATROON))
    woonplaats: pl.String = pa.Field(nullable=True)

    class Config:
        unique = ["bsn", "begindatum"]


class DuoDiplomas(MetBsn):
    diploma: pl.String = pa.Field(isin=s.DIPLOMAS)
    datum_diploma: pl.Date
    brin: pl.String = pa.Field(nullable=True, str_matches=_full(s.BRIN_PATROON))

    class Config:
        unique = ["bsn", "diploma", "datum_diploma"]


class DuoInschrijvingen(MetPeriode):
    onderwijssoort: pl.String = pa.Field(isin=s.ONDERWIJSSOORTEN)
    brin: pl.String = pa.Field(nullable=True, str_matches=_full(s.BRIN_PATROON))

    class Config:
        unique = ["bsn", "onderwijssoort", "brin", "begindatum"]


class UwvPolis(MetBsn):
    maand: pl.Date
    loonheffingennummer: pl.String = pa.Field(str_matches=_full(s.LOONHEFFINGENNUMMER_PATROON))
    sv_loon: Decimal = _amount(12)
    uren: Decimal = _amount(10)
    contractvorm: pl.String = pa.Field(isin=s.CONTRACTVORMEN)

    @pa.check("maand")
    def eerste_dag_van_de_maand(cls, data):
        return data.lazyframe.select(pl.col(data.key).dt.day() == 1)

    class Config:
        unique = ["bsn", "maand", "loonheffingennummer"]


class UwvUitkeringen(MetPeriode):
    uitkering: pl.String = pa.Field(isin=s.UITKERINGEN)

    class Config:
        unique = ["bsn", "uitkering", "begindatum"]


class KvkInschrijvingen(MetPeriode):
    kvk_nummer: pl.String = pa.Field(str_matches=_full(s.KVK_NUMMER_PATROON))
    rechtsvorm: pl.String = pa.Field(isin=s.RECHTSVORMEN)

    class Config:
        unique = ["bsn", "kvk_nummer", "begindatum"]


class GemeenteKlanten(MetPeriode):
    gemeentecode: pl.String = pa.Field(isin=GEMEENTECODES)
    regeling: pl.String = pa.Field(isin=s.REGELINGEN)

    class Config:
        unique = ["gemeentecode", "bsn", "regeling", "begindatum"]


class CasemanagerMonitoring(pa.DataFrameModel):
    peildatum: pl.Date
    bestand: pl.String = pa.Field(str_matches=r"^[^/\\]+\.xlsx$")
    regel: pl.Int64 = pa.Field(ge=2)
    jib_id: pl.String = pa.Field(str_matches=_full(s.JIB_ID_PATROON))
    gemeentecode: pl.String = pa.Field(isin=GEMEENTECODES)
    datum_kaartje: pl.Date = pa.Field(nullable=True)
    reactie_kaartje: pl.String = pa.Field(nullable=True, isin=s.REACTIES_KAARTJE)
    datum_huisbezoek: pl.Date = pa.Field(nullable=True)
    bereikt: pl.Boolean = pa.Field(nullable=True)
    toestemming: pl.Boolean = pa.Field(nullable=True)
    ondersteuningsvraag: pl.String = pa.Field(nullable=True, isin=s.ONDERSTEUNINGSVRAGEN)
    datum_uitstroom: pl.Date = pa.Field(nullable=True)
    bestemming: pl.String = pa.Field(nullable=True, isin=s.BESTEMMINGEN)
    bestede_uren: Decimal = _amount(8, nullable=True)
    bezwaar: pl.Boolean = pa.Field(nullable=True)

    class Config:
        strict = True
        unique = ["bestand", "regel"]


_DTYPES = {"VARCHAR": pl.String, "DATE": pl.Date, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "BOOLEAN": pl.Boolean}


def dtype_of(column: schema.Column):
    """The polars (pandera) type of a register column, with precision and scale for a DECIMAL."""
    decimal = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", column.type or "")
    if decimal:
        return Decimal, {"precision": int(decimal[1]), "scale": int(decimal[2])}
    if column.type not in _DTYPES:
        raise ValueError(f"schema register: no pandera type for {column.name} {column.type}")
    return _DTYPES[column.type], None


def _field(column: schema.Column):
    dtype, dtype_kwargs = dtype_of(column)
    checks: dict = {"nullable": column.nullable}
    if column.values:
        checks["isin"] = schema.value_set(column.values)
    if column.pattern:
        checks["str_matches"] = _full(column.pattern)
    if column.minimum is not None:
        checks["ge"] = column.minimum
    if column.maximum is not None:
        checks["le"] = column.maximum
    if dtype_kwargs:
        checks["dtype_kwargs"] = dtype_kwargs
    return dtype, pa.Field(**checks)


def register_model(table: str, base: type[pa.DataFrameModel]) -> type[pa.DataFrameModel]:
    """A pandera model of a register table: one field per column with its type, nullability, value set,
    pattern and range; the key unique; strict when the register says so. `base` adds the checks across
    columns (a subclass adds more)."""
    spec = schema.table(table)
    annotations: dict = {}
    namespace: dict = {"__module__": __name__, "__doc__": spec.comment}
    for column in spec.columns:
        annotations[column.name], namespace[column.name] = _field(column)
    config: dict = {"unique": list(spec.key)} if spec.key else {}
    if spec.strict:
        config["strict"] = True
    namespace["__annotations__"] = annotations
    namespace["Config"] = type("Config", (), config)
    return type(f"Register_{table}", (base,), namespace)


class Keten(pa.DataFrameModel):
    """A table the chain builds: one month of it. BSN and NAW may be NULL once erased after an objection."""

    @pa.check("bsn")
    def elfproef(cls, data):
        return data.lazyframe.select(pl.col(data.key).is_null() | passes_elfproef(pl.col(data.key)))


class DuoSelectie(register_model("duo_selectie", Keten)):
    @pa.dataframe_check
    def laatste_onderwijs_voor_peildatum(cls, data):
        return data.lazyframe.select(
            pl.col("laatste_onderwijs_einddatum").is_null() | (pl.col("laatste_onderwijs_einddatum") < pl.col("peildatum"))
        )


class IbLijst(register_model("ib_lijst", Keten)):
    @pa.dataframe_check
    def nulinkomen_is_inkomen_nul(cls, data):
        return data.lazyframe.select(pl.col("nulinkomen") == (pl.col("inkomen_werk") == 0))


class GemeenteLijst(register_model("gemeente_lijst", Keten)):
    @pa.dataframe_check
    def soort_bij_instroom_reden_bij_uitstroom(cls, data):
        return data.lazyframe.select(
            (pl.col("soort_instroom").is_not_null() == (pl.col("status") == "instroom"))
            & (pl.col("reden_uitstroom").is_not_null() == (pl.col("status") == "uitstroom"))
        )

    @pa.dataframe_check
    def verhuisd_van_alleen_bij_verhuizing(cls, data):
        return data.lazyframe.select(
            pl.col("verhuisd_van").is_null() == (pl.col("soort_instroom").fill_null("") != "verhuisd")
        )

    @pa.dataframe_check
    def datum_instroom_niet_na_peildatum(cls, data):
        return data.lazyframe.select(pl.col("datum_instroom") <= pl.col("peildatum"))


class WerklijstCasemanager(register_model("werklijst_casemanager", pa.DataFrameModel)):
    """rules.md 3: exactly the register's columns; strict, so a BSN column can never appear."""


CONTRACTS: dict[str, type[pa.DataFrameModel]] = {
    "brp_personen": BrpPersonen,
    "brp_adressen": BrpAdressen,
    "duo_diplomas": DuoDiplomas,
    "duo_inschrijvingen": DuoInschrijvingen,
    "uwv_polis": UwvPolis,
    "uwv_uitkeringen": UwvUitkeringen,
    "kvk_inschrijvingen": KvkInschrijvingen,
    "gemeente_klanten": GemeenteKlanten,
    "casemanager_monitoring": CasemanagerMonitoring,
    "duo_selectie": DuoSelectie,
    "ib_lijst": IbLijst,
    "gemeente_lijst": GemeenteLijst,
    "werklijst_casemanager": WerklijstCasemanager,
}


def validate_frame(table: str, frame: pl.DataFrame) -> tuple[bool, int, list[str]]:
    """Validate a collected frame (a LazyFrame would only have its schema checked) against its contract.

    Returns (ok, number of failures, examples). Examples name the column, the check and line numbers,
    never a value: the failing value may be a BSN.
    """
    return _verdict(_failures(CONTRACTS[table].to_schema(), frame))


def validate_table(
    con: duckdb.DuckDBPyConnection, table: str, peildatum: date, *, chunk_rows: int = CHUNK_ROWS
) -> tuple[bool, int, list[str]]:
    """Validate the peildatum's rows of a typed delivery table against its contract.

    A national polis month does not fit in memory as one frame, so it streams through pandera in chunks.
    The key is checked once over all chunks rather than by pandera in each: the chunks' key hashes prove
    that no key repeats, or else DuckDB finds the rows that share one, as pandera's own check would. (The
    per-chunk check cost 10 s of 22 on a national polis file.)
    """
    if table not in CONTRACTS:
        raise ValueError(f"no contract for table {table!r}; known: {', '.join(CONTRACTS)}")
    params = {"peildatum": peildatum}
    reader = con.sql(f"SELECT * FROM {table} WHERE peildatum = $peildatum", params=params).to_arrow_reader(chunk_rows)
    contract = CONTRACTS[table].to_schema()
    keys = list(contract.unique or [])
    whole_table_key = bool(keys) and set(keys) <= set(reader.schema.names)
    if whole_table_key:
        contract = copy.copy(contract)
        contract.unique = None
    failures, key_hashes = [], []
    for chunk in _chunks(reader, chunk_rows):
        failures.append(_failures(contract, chunk))
        if whole_table_key:
            key_hashes.append(chunk.select(pl.struct(keys).hash()).to_series())
    if whole_table_key and _may_repeat(key_hashes):
        repeated = _repeated_keys(con, table, params, "regel" in reader.schema.names)
        # Where pandera reports its uniqueness check: after the columns' presence, before their values.
        first = failures.pop(0)
        about_columns = pl.col("check").is_in(_SCHEMA_CHECKS)
        failures[:0] = [first.filter(about_columns), repeated, first.filter(~about_columns)]
    return _verdict(pl.concat(failures))


def _may_repeat(key_hashes: list[pl.Series]) -> bool:
    """False only when the key hashes prove that no key repeats: as many distinct hashes as rows (equal
    keys, NULLs included, hash alike). Hashing the chunks' keys and counting them took 1.7 s on a national
    polis file, against 9.4 s for DuckDB to scan the table and count them again."""
    hashes = pl.concat(key_hashes)
    return hashes.n_unique() != hashes.len()


def _chunks(reader: pyarrow.RecordBatchReader, rows: int) -> Iterator[pl.DataFrame]:
    """The reader's rows as frames of about `rows` rows (at least one frame, empty for no rows). DuckDB
    hands out batches of about 120,000 rows whatever size is asked; validating each apart cost pandera's
    fixed overhead 258 times on a national polis file (21 s against 14 s in 2-million-row frames)."""
    batches: list[pyarrow.RecordBatch] = []
    held = 0
    for batch in reader:
        batches.append(batch)
        held += batch.num_rows
        if held >= rows:
            yield pl.from_arrow(pyarrow.Table.from_batches(batches))
            batches, held = [], 0
    if batches or held == 0:
        yield pl.from_arrow(pyarrow.Table.from_batches(batches, schema=reader.schema))


def _repeated_keys(con: duckdb.DuckDBPyConnection, table: str, params: dict, met_regel: bool) -> pl.DataFrame:
    """The rows whose key another row of the month shares, as failures of pandera's uniqueness check."""
    contract = CONTRACTS[table].to_schema()
    keys = ", ".join(contract.unique)
    same = " AND ".join(f"t.{k} IS NOT DISTINCT FROM d.{k}" for k in contract.unique)
    regel = "t.regel" if met_regel else "NULL::BIGINT"
    return con.sql(
        f"""SELECT '{contract.name}' AS "column", 'multiple_fields_uniqueness' AS "check", {regel} AS regel,
                NULL::VARCHAR AS detail
            FROM {table} AS t
            JOIN (SELECT {keys} FROM {table} WHERE peildatum = $peildatum GROUP BY ALL HAVING count(*) > 1) AS d
                ON {same}
            WHERE t.peildatum = $peildatum""",
        params=params,
    ).pl()


def _failures(contract: pa.DataFrameSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per failure: column, check, the regel of the failing row, and for a schema-level failure
    the column name or type it is about (never a value from the data)."""
    try:
        contract.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        regels = frame.select(
            pl.int_range(pl.len(), dtype=pl.Int32).alias("index"),
            (pl.col("regel").cast(pl.Int64, strict=False) if "regel" in frame.columns else pl.lit(None, pl.Int64))
            .alias("regel"),
        )
        about_schema = pl.col("check").is_in(_SCHEMA_CHECKS) | pl.col("check").str.starts_with("dtype(")
        return (
            errors.failure_cases.join(regels, on="index", how="left")
            .select(
                pl.col("column").cast(pl.String),
                pl.col("check").cast(pl.String),
                "regel",
                pl.when(pl.col("index").is_null() & about_schema).then(pl.col("failure_case").cast(pl.String))
                .alias("detail"),
            )
            .unique(maintain_order=True)
        )
    return _no_failures()


def _no_failures() -> pl.DataFrame:
    return pl.DataFrame(schema={"column": pl.String, "check": pl.String, "regel": pl.Int64, "detail": pl.String})


def _verdict(failures: pl.DataFrame) -> tuple[bool, int, list[str]]:
    failures = failures.unique(maintain_order=True)  # chunks repeat schema-level failures
    examples = []
    for (column, check), group in failures.group_by(["column", "check"], maintain_order=True):
        regels = group["regel"].drop_nulls().unique().sort()
        details = group["detail"].drop_nulls().unique().sort()
        if regels.len():
            shown = ", ".join(map(str, regels.head(_EXAMPLES_PER_FAILURE)))
            more = f" (+{regels.len() - _EXAMPLES_PER_FAILURE})" if regels.len() > _EXAMPLES_PER_FAILURE else ""
            examples.append(f"{column}: {check} faalt op {regels.len()} rij(en), regel {shown}{more}")
        else:
            examples.append(f"{column}: {check} faalt" + (f" ({', '.join(details)})" if details.len() else ""))
    return failures.is_empty(), failures.height, examples
