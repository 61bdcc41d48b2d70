"""`jib run`'s own guards, before any month is touched: the pseudonym key and --accepteer-krimp; and the lines it
ends with."""

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from jib_assets.cli import app

runner = CliRunner()


def _env(tmp_path, key: str) -> dict[str, str]:
    return {"JIB_HOME": str(tmp_path / "home"), "DAGSTER_HOME": str(tmp_path / "dagster"), "JIB_PSEUDONYM_KEY": key}


def test_a_short_key_is_refused_before_any_work(tmp_path):
    result = runner.invoke(app, ["run", "--from", "2025-01", "--to", "2025-01"], env=_env(tmp_path, "kort"))
    assert result.exit_code == 2
    assert "has 4 characters; at least 16" in result.output
    assert not (tmp_path / "home" / "warehouse").exists()


def test_a_blank_key_is_refused(tmp_path):
    result = runner.invoke(app, ["run", "--from", "2025-01"], env=_env(tmp_path, "   "))
    assert result.exit_code == 2
    assert "empty or only whitespace" in result.output


def test_a_mistyped_file_to_accept_is_refused_naming_the_known_files(tmp_path):
    result = runner.invoke(
        app, ["run", "--from", "2025-01", "--to", "2025-01", "--accepteer-krimp", "duo_diploma.csv"],
        env=_env(tmp_path, "a-long-enough-test-key-1234567890"),
    )
    assert result.exit_code == 1
    assert "--accepteer-krimp" in result.output and "duo_diploma.csv" in result.output
    assert "duo_diplomas.csv" in result.output  # the list of files it could have meant
    assert not (tmp_path / "home" / "warehouse" / "jib.duckdb").exists()


def test_the_run_table_counts_the_quarantined_rows_of_the_run_itself(tmp_path):
    """`jib run`'s quarantaine column sums what the run's ingests set aside (their metadata), as a real Dagster run
    records it: a rerun of an earlier month showed 0 while it counted the table, whose rows of that month the
    month's own retention step had removed."""
    import dagster as dg

    from jib_assets.cli import quarantaine

    @dg.asset
    def levering_a() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"rijen_quarantaine": dg.MetadataValue.int(4), "rijen_gelezen": 90})

    @dg.asset
    def levering_b() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"rijen_quarantaine": dg.MetadataValue.int(2)})

    @dg.asset
    def selectie() -> dg.MaterializeResult:  # persons set aside for a BRP data problem (stap_duo_selectie)
        return dg.MaterializeResult(metadata={"quarantaine": dg.MetadataValue.int(5), "quarantaine_geen_adres": 5})

    @dg.asset
    def lijst() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"rijen": dg.MetadataValue.int(300)})

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        result = dg.materialize([levering_a, levering_b, selectie, lijst], instance=instance)
    assert result.success
    assert quarantaine(result) == 4 + 2 + 5


def test_a_month_without_its_landing_folder_or_its_complete_marker_says_which(tmp_path):
    """One message said "missing or has no _COMPLETE file yet" for both and suggested `jib synth`; now the
    missing folder points at the archive (`jib bewaartermijn landing --archief`), the missing marker says the
    delivery is still arriving."""
    from tests.builders import jib, jib_env

    env = jib_env(tmp_path, JIB_GEBIED="GM0988")
    zonder = "".join((lambda r: r.stdout + r.stderr)(jib(["run", "--from", "2025-01", "--to", "2025-01"], env)).split())
    assert f"Landingfolder{tmp_path / 'landing' / '2025-01'}ismissing:putbackthefolder" in zonder  # Rich may fold
    (tmp_path / "landing" / "2025-01").mkdir(parents=True)
    half = "".join((lambda r: r.stdout + r.stderr)(jib(["run", "--from", "2025-01", "--to", "2025-01"], env)).split())
    assert "hasno_COMPLETEfileyet:thedeliveryisstillarriving" in half
    assert "ismissing:" not in half


def test_the_run_names_the_export_files_written_before_that_changed(tmp_path):
    """`jib run` reads the exports step's `bestanden_gewijzigd` from a real Dagster run (a rerun on a corrected
    delivery changes files a municipality may already have: audit 3)."""
    import dagster as dg

    from jib_assets.cli import gewijzigde_exports

    @dg.asset(name="exports")
    def exports_() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"gemeenten_gewijzigd": 1, "bestanden_gewijzigd": "GM0946 (jib_lijst)"})

    @dg.asset
    def lijst() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"rijen": dg.MetadataValue.int(300)})

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        assert gewijzigde_exports(dg.materialize([exports_, lijst], instance=instance)) == "GM0946 (jib_lijst)"
        assert gewijzigde_exports(dg.materialize([lijst], instance=instance)) == ""


def test_the_lines_that_end_a_run_work_pasted_in_another_folder(tmp_path, monkeypatch, capsys):
    """The commands `jib run` and `jib demo` end with name this installation's Python, and `dagster dev` with the
    project's workspace.yaml, by absolute path: `.venv/bin/python` failed when pasted outside the project's folder."""
    import shlex
    import subprocess

    import duckdb

    from jib_assets import cli
    from jib_assets.settings import get_settings

    monkeypatch.setenv("JIB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    publish = get_settings().publish
    publish.parent.mkdir(parents=True)
    with duckdb.connect(str(publish)) as con:
        con.execute("CREATE TABLE maandcijfers (x INTEGER)")
    elders = tmp_path / "elders"
    elders.mkdir()
    monkeypatch.chdir(elders)
    cli._where_results_are()
    lines = capsys.readouterr().out.splitlines()
    openen = next(line for line in lines if line.startswith("Open the analysts' database:")).split(":", 1)[1].strip()
    result = subprocess.run(openen, shell=True, cwd=elders, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "maandcijfers" in result.stdout
    dagster = shlex.split(next(line for line in lines if line.startswith("See the runs and checks:")))
    programma = dagster.index("dev") - 1
    assert Path(dagster[programma]).is_absolute() and Path(dagster[programma]).name == "dagster"
    assert Path(dagster[programma]).is_file()
    assert dagster[programma + 2] == "-w" and Path(dagster[programma + 3]).is_file()
    assert Path(dagster[programma + 3]).name == "workspace.yaml"


def test_a_run_without_its_publication_runs_the_month_and_leaves_the_analysts_database_alone(tmp_path):
    """`jib run --zonder-publicatie` (what `jib benchmark --zonder-publicatie` times): the month's job runs and its
    list is in the warehouse, no publication runs (only the reference table's run `jib run` starts with), and the
    output says analytics.duckdb was not published and how it will be."""
    import dagster as dg
    import duckdb

    from tests.builders import jib, jib_env

    env = jib_env(tmp_path, JIB_GEBIED="GM0088")
    assert jib(["synth", "--region", "GM0088", "--from", "2025-01", "--to", "2025-01"], env).returncode == 0
    run = jib(["run", "--from", "2025-01", "--to", "2025-01", "--zonder-publicatie"], env)
    out = " ".join((run.stdout + run.stderr).split())
    assert run.returncode == 0, out[-3000:]
    assert "analytics.duckdb not published (--zonder-publicatie)" in out
    assert "jib_publicatie" in out and "publiceer_na_maand" in out
    assert not (tmp_path / "publish" / "analytics.duckdb").exists()
    # the lines it ends with do not offer to open a database that is not there
    assert "analytics.duckdb (not published yet)" in out and "Open the analysts' database" not in out
    with duckdb.connect(str(tmp_path / "warehouse" / "jib.duckdb"), read_only=True) as con:
        # Schiermonnikoog lists nobody; the month's list was built all the same
        assert con.execute("SELECT peildatum FROM gemeente_lijst_maanden").fetchall() == [(date(2025, 1, 1),)]
        assert con.execute("SELECT count(*) FROM duo_beoordeling").fetchone()[0] > 0
    with dg.DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
        maand = instance.get_run_records(dg.RunsFilter(job_name="jib_maand"))
        publicatie = instance.get_run_records(dg.RunsFilter(job_name="jib_publicatie"))
        assert [r.dagster_run.tags["dagster/partition"] for r in maand] == ["2025-01-01"]
        assert all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in maand + publicatie)
        stappen = {s.step_key for r in publicatie for s in instance.get_run_step_stats(r.dagster_run.run_id)}
        assert stappen == {"gemeenten"}  # the reference table only: no analytics_database


def test_a_month_after_the_current_one_is_refused_saying_where_the_partitions_end(tmp_path):
    """The partitions end at the current month; the message said they start at JIB_FIRST_MONTH and to set it to an
    earlier month, which cannot help (`jib benchmark --months 36` from 2025-01 ran 24 months, then stopped so)."""
    import re

    env = {**_env(tmp_path, "a-long-enough-test-key-1234567890"), "JIB_FIRST_MONTH": "2025-01"}
    later = runner.invoke(app, ["run", "--from", "2099-01", "--to", "2099-01"], env=env)
    said = re.sub(r"\s+", " ", later.output)
    assert later.exit_code == 1
    assert f"2099-01 is not a partition: they end at the current month, {date.today():%Y-%m}" in said
    assert "JIB_FIRST_MONTH" not in said
    earlier = runner.invoke(app, ["run", "--from", "2024-06", "--to", "2024-06"], env=env)
    said = re.sub(r"\s+", " ", earlier.output)
    assert earlier.exit_code == 1
    assert "2024-06 is not a partition (they start at 2025-01); set JIB_FIRST_MONTH=YYYY-MM to an earlier month" in said
