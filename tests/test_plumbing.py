"""Plumbing: no import cycles, settings read when a run starts (not at import), one transaction helper,
one atomic writer, SQL files found in subfolders."""

from __future__ import annotations

import ast
import functools
import os
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jib_assets import db, files

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "jib_assets"

# Package-level cycles still in the tree, each with the edge that closes it and who changes it. The test
# fails when one disappears (shrink the list) and when a new one appears. None left: chain <-> privacy went
# when suppression took its value sets from the register (jib_assets.schema), ingest <-> privacy when the
# spreadsheets' ingest stopped creating the key rotation's table (it reads sleutel_rotatie if a rotation made it).
KNOWN_PACKAGE_CYCLES: set[frozenset[str]] = set()
# Module cycles still in the tree: none. The graph counts every import, also one inside a function (a lazy import
# that closes a cycle is a cycle all the same), so none is allowed by being deferred. pseudonym <-> sleutel
# went: sleutel imports pseudonym's hash, and the guarded registration (register_jib_id) lives in sleutel.
# privacy.attack <-> privacy.suppression went when the attacker's intervals moved into suppression.
KNOWN_MODULE_CYCLES: list[list[str]] = []


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name, and its file."""
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in PACKAGE.rglob("*.py")}


@functools.cache  # parsed once per session; callers only read it
def _imports() -> dict[str, set[str]]:
    """Module -> jib_assets modules it imports anywhere (module level or inside a function).
    `from package import module` is an edge to the module; `from module import name` to the module."""
    paths = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jib_assets"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in paths else node.module)
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.startswith("jib_assets")}
        graph[module] = {t for t in targets if t in paths and t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]  # a subpackage, or a top-level module (cli, db, schema, ...) as its own unit


def test_no_module_imports_itself_round_about():
    assert sorted(_cycles(_imports())) == sorted(KNOWN_MODULE_CYCLES)


def test_package_cycles_are_only_the_known_ones():
    graph = _imports()
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        packages.setdefault(_package(module), set()).update(_package(t) for t in targets if _package(t) != _package(module))
    found = {frozenset((a, b)) for a, bs in packages.items() for b in bs if a in packages.get(b, set())}
    assert found == KNOWN_PACKAGE_CYCLES
    # cli <-> benchmark is gone: benchmark runs `jib run` as a command; privacy <-> publish too: erasure
    # is handed publication's export writer instead of importing it.
    assert "jib_assets.cli" not in graph["jib_assets.benchmark"]
    assert not {t for t in graph["jib_assets.privacy.erasure"] if t.startswith("jib_assets.publish")}


def test_the_detector_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted(_modules()))  # names only: parsing every file at collection cost each worker
def test_every_module_imports_alone_in_a_fresh_interpreter(module):
    # A __main__ module runs the command when imported: it is imported alone as `python -m PACKAGE --help`,
    # which must print the command's usage and exit 0.
    is_main = module.endswith(".__main__")
    command = ["-m", module.removesuffix(".__main__"), "--help"] if is_main else ["-c", f"import {module}"]
    result = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, env={**os.environ, "JIB_PSEUDONYM_KEY": "x" * 32})
    assert result.returncode == 0, result.stderr[-2000:]
    if is_main:
        assert "Usage:" in result.stdout and "run" in result.stdout, result.stdout[-2000:]


def test_the_first_month_is_read_when_the_definitions_load_not_at_import():
    # What `jib benchmark --month 2024-06` does: `jib` imports partitions (via cli) first, then sets
    # JIB_FIRST_MONTH, then loads the definitions and checks the month against them.
    code = (
        "import os\n"
        "import jib_assets.cli\n"
        "import jib_assets.partitions\n"
        "os.environ['JIB_FIRST_MONTH'] = '2024-06'\n"
        "from jib_assets.definitions import defs\n"
        "from jib_assets.partitions import monthly_partitions\n"
        "job = defs.resolve_job_def('jib_maand')\n"
        "print(job.partitions_def.get_first_partition_key(), monthly_partitions.get_first_partition_key())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "JIB_FIRST_MONTH"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT,
                            env={**env, "JIB_PSEUDONYM_KEY": "x" * 32})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["2024-06-01", "2024-06-01"]


def test_sql_finds_files_in_subfolders_and_names_a_missing_one():
    assert "ib_lijst" in db.sql("checks/ib_lijst_niet_in_selectie")
    assert "werklijst_casemanager" in db.sql("checks/gx_werklijst_casemanager_rijen")
    with pytest.raises(FileNotFoundError, match="checks/bestaat_niet"):
        db.sql("checks/bestaat_niet")


def test_the_wheel_ships_the_sql_subfolders():
    # hatch force-includes the whole sql/ folder (pyproject.toml), subfolders with it.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["sql"] == "jib_assets/sql"
    assert list((ROOT / "sql" / "checks").glob("*.sql"))


def test_transaction_commits_or_rolls_back_everything():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x INTEGER)")
    with db.transaction(con):
        con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(ZeroDivisionError), db.transaction(con):
        con.execute("INSERT INTO t VALUES (2)")
        _ = 1 / 0
    with pytest.raises(KeyboardInterrupt), db.transaction(con):
        con.execute("INSERT INTO t VALUES (3)")
        raise KeyboardInterrupt
    assert con.execute("SELECT list(x) FROM t").fetchone()[0] == [1]


def test_bound_and_table_exists():
    con = duckdb.connect()
    assert db.bound("SELECT $a, $ab", {"a": 1, "ab": 2, "c": 3}) == {"a": 1, "ab": 2}
    assert not db.table_exists(con, "t")
    con.execute("CREATE TEMP TABLE t (x INTEGER)")
    assert not db.table_exists(con, "t")  # a temp table is not the warehouse's
    con.execute("CREATE TABLE main.t (x INTEGER)")
    assert db.table_exists(con, "t")


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out" / "lijst.csv"
    files.atomic_write_text(target, "oud\n")
    os.chmod(target, 0o640)

    def half(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        files.atomic_write(target, half)
    assert target.read_text() == "oud\n"
    assert [p.name for p in target.parent.iterdir()] == ["lijst.csv"]  # no temp file left
    files.atomic_write_text(target, "nieuw\n")
    assert target.read_text() == "nieuw\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the old file's mode is kept


def test_atomic_write_flushes_before_it_renames(tmp_path, monkeypatch):
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    files.atomic_write_text(tmp_path / "x.txt", "x")
    assert calls == ["fsync", "replace", "fsync"]  # the file, the rename, the folder


def test_the_ingest_benchmark_runs_on_a_small_delivery():
    # The row count is a bound parameter of its SQL (no value formatted into the text).
    result = subprocess.run([sys.executable, "-m", "jib_assets.ingest_benchmark", "--rows", "2000", "--threads", "1"],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "uwv_polis.csv: 2,000 rows" in result.stdout
    assert "contract (ok)" in result.stdout and "reload" in result.stdout


def test_a_sql_file_names_a_shared_query_once():
    # sql/monitoring_feiten.sql reads the werk cohort as {{werk_cohort}}: the text of sql/werk_cohort.sql, which the
    # polis ingest reads too (ingest.csv_source.bewaard), so both follow the same youths.
    from jib_assets.db import sql

    feiten = sql("monitoring_feiten")
    assert "{{" not in feiten
    assert f"werk_cohort AS ({sql('werk_cohort')})" in feiten
    assert "FROM gemeente_lijst" in sql("werk_cohort")
