"""`jib uitleg` and `jib wat-als` on the command line: bad input gets a clear message and exit status 2,
and a good call prints the explanation / the table (small warehouse of test_wat_als)."""

from __future__ import annotations

import shutil

import pytest
from test_rules_gemeente_filter import G1, KEY, elfproef_bsn
from test_wat_als import warehouse  # noqa: F401 - the module fixture
from typer.testing import CliRunner

from jib_assets.cli import app
from jib_assets.privacy.pseudonym import jib_id

runner = CliRunner()


@pytest.fixture
def home(tmp_path, monkeypatch, warehouse):  # noqa: F811
    (tmp_path / "warehouse").mkdir()
    shutil.copy(warehouse, tmp_path / "warehouse" / "jib.duckdb")
    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    monkeypatch.setenv("JIB_GEBIED", "NL")
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", KEY.decode())
    return tmp_path


@pytest.mark.parametrize(("args", "message"), [
    (["wat-als", "--maand", "2025-02", "--inkomensgrens", "veel"], "is not an amount"),
    (["wat-als", "--maand", "2025-02", "--inkomensgrens", "-1"], "0 or more"),
    (["wat-als", "--maand", "2025-02", "--inkomen-lag", "0"], "must be 1 to 6"),
    (["wat-als", "--maand", "2025-02", "--inkomen-lag", "7"], "rules read the polis months up to 6"),
    (["wat-als", "--maand", "2025-02", "--leeftijd", "27-23"], "at most"),
    (["wat-als", "--maand", "2025-09"], "run that month first"),
    (["uitleg", "--maand", "2025-02"], "exactly one of --bsn and --jib-id"),
    (["uitleg", "--maand", "2025-02", "--bsn", "12"], "9 digits"),
])
def test_bad_input_exits_2_with_a_message(home, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_no_warehouse_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", KEY.decode())
    result = runner.invoke(app, ["wat-als", "--maand", "2025-02"])
    assert result.exit_code == 2 and "No warehouse" in result.output


def test_wat_als_csv_and_uitleg_files(home):
    result = runner.invoke(app, ["wat-als", "--maand", "2025-02", "--inkomensgrens", "400", "--csv"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("gemeentecode;op_lijst;op_lijst_variant;erbij;eraf;")
    assert lines[-1].startswith("totaal;6;4;0;2;")
    md, page = home / "u.md", home / "u.html"
    bsn_a = elfproef_bsn(ord("A") * 100 + 1)
    result = runner.invoke(app, ["uitleg", "--maand", "2025-02", "--bsn", bsn_a, "--markdown", str(md),
                                 "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert f"Uitleg JIB-lijst 2025-02 (peildatum 01-02-2025) voor {jib_id(KEY, bsn_a)}" in result.output
    assert f"{G1}: blijft op de lijst" in result.output
    assert md.read_text().startswith("# Uitleg") and "<h1>Uitleg" in page.read_text()
    assert oct(md.stat().st_mode & 0o777) == "0o600"
    assert bsn_a not in result.output
