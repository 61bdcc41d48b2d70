"""The ground rules every step stands on: periods, age, the pseudonym, the reference data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import subprocess
from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

from jib_assets.cli import app
from jib_assets.db import scalar
from jib_assets.partitions import add_months, previous_month
from jib_assets.privacy.pseudonym import jib_id, register_function
from jib_assets.privacy.sleutel import register_jib_id
from jib_assets.reference import gemeenten, gemeenten_in_region
from jib_assets.settings import MissingKeyError, get_settings, pseudonym_key, remember_gebied


@pytest.mark.parametrize(
    ("geboren", "peildatum", "leeftijd"),
    [
        ("2002-03-01", "2025-03-01", 23),  # birthday on the peildatum: already 23
        ("2002-03-02", "2025-03-01", 22),  # one day later: still 22
        ("1998-03-01", "2025-03-01", 27),
        ("1998-03-02", "2025-03-01", 26),
        ("2000-02-29", "2023-03-01", 23),  # leap-day birth: a year older on 1 March
        ("2000-02-29", "2024-02-29", 24),
        ("2000-02-29", "2024-02-28", 23),
    ],
)
def test_completed_age_rule_1_1(con, geboren, peildatum, leeftijd):
    got = scalar(con, "SELECT leeftijd_op(?::DATE, ?::DATE)", [geboren, peildatum])
    assert got == leeftijd


@pytest.mark.parametrize(
    ("begin", "eind", "d", "holds"),
    [
        ("2025-01-01", None, "2025-03-01", True),
        ("2025-03-01", None, "2025-03-01", True),
        ("2025-03-02", None, "2025-03-01", False),
        ("2025-01-01", "2025-03-01", "2025-03-01", True),  # einddatum is inclusive
        ("2025-01-01", "2025-02-28", "2025-03-01", False),
    ],
)
def test_period_holds_on(con, begin, eind, d, holds):
    got = scalar(con, "SELECT geldig_op(?::DATE, ?::DATE, ?::DATE)", [begin, eind, d])
    assert got is holds


def test_jib_id_matches_an_independent_hmac():
    # Worked by hand with openssl: echo -n 123456782 | openssl dgst -sha256 -hmac k -binary | base32
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", "-hmac", "k", "-binary"],
        input=b"123456782", capture_output=True, check=True,
    ).stdout
    expected = "JIB-" + base64.b32encode(out).decode()[:12]
    assert jib_id(b"k", "123456782") == expected
    assert expected == "JIB-" + base64.b32encode(hmac.new(b"k", b"123456782", hashlib.sha256).digest()).decode()[:12]
    assert len(expected) == 16 and expected[4:].isupper()


def test_jib_id_rejects_a_bsn_that_is_not_nine_digits():
    with pytest.raises(ValueError):
        jib_id(b"k", "12345678")


def test_jib_id_in_sql_equals_python(con):
    key = b"a-key-of-16-chars-or-more"
    register_jib_id(con, key)
    assert scalar(con, "SELECT jib_id('012345672')") == jib_id(key, "012345672")
    # SQL computes a whole vector at once (the letters cut from the digests with numpy): row for row the
    # same as the Python function, leading zeros and NULLs in their places, over several vectors.
    rows = con.execute(
        "SELECT b, jib_id(b) FROM (SELECT CASE WHEN i % 7 = 3 THEN NULL ELSE lpad((i * 7919)::VARCHAR, 9, '0') END AS b "
        "FROM range(5000) AS t(i)) ORDER BY b NULLS FIRST"
    ).fetchall()
    assert len(rows) == 5000 and sum(b is None for b, _ in rows) == 714
    assert all(got == (None if b is None else jib_id(key, b)) for b, got in rows)
    with pytest.raises(duckdb.Error, match="9 ASCII digits"):
        con.execute("SELECT jib_id(b) FROM (VALUES ('123456782'), ('12345678x')) AS t(b)").fetchall()
    # A key longer than SHA-256's block of 64 bytes is hashed first (RFC 2104), as hmac does it.
    long_key = bytes(range(100))
    register_function(con, "jib_id_lang", long_key)  # unguarded: the guard holds the warehouse to one key
    assert scalar(con, "SELECT jib_id_lang('012345672')") == jib_id(long_key, "012345672")
    con.remove_function("jib_id_lang")  # the test instance is reused (tests/builders.py)


def test_no_key_no_run(monkeypatch, tmp_path):
    monkeypatch.delenv("JIB_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    with pytest.raises(MissingKeyError, match="run `jib demo`"):
        pseudonym_key()


def test_without_a_key_after_jib_demo_the_message_says_where_the_demo_key_is_but_never_uses_it(monkeypatch, tmp_path):
    monkeypatch.delenv("JIB_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    (tmp_path / "pseudonym.key").write_text("demo-key-of-this-test-1234567890\n", encoding="ascii")
    with pytest.raises(MissingKeyError) as raised:
        pseudonym_key()
    message = str(raised.value)
    assert f"export JIB_PSEUDONYM_KEY=$(cat {tmp_path / 'pseudonym.key'})" in message
    assert "demo-key-of-this-test" not in message  # the key itself is never in a message


def test_the_area_is_jib_gebied_else_the_one_the_data_folder_records_else_nl(monkeypatch, tmp_path):
    """After `jib demo` (Midden-Limburg) a newcomer's next command set only the key: `jib run` was refused (an
    area of 342 gemeenten against the warehouse's 8), `jib wat-als` counted youths outside the area, and `dagster
    dev`'s sensor reran a month for NL and failed. The demo records its area in the data folder; the settings
    read it when JIB_GEBIED is not set, and JIB_GEBIED still decides when it is."""
    monkeypatch.delenv("JIB_GEBIED", raising=False)
    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    assert get_settings().gebied == "NL"
    assert remember_gebied(get_settings(), "AM33") is True
    assert (tmp_path / "gebied").read_text(encoding="utf-8") == "AM33\n"
    assert get_settings().gebied == "AM33"
    assert remember_gebied(get_settings(), "GM0988") is False  # a recorded area is never overwritten
    assert get_settings().gebied == "AM33"
    monkeypatch.setenv("JIB_GEBIED", "GM0988")
    assert get_settings().gebied == "GM0988"


def test_the_demo_refuses_a_data_folder_recorded_for_another_area(monkeypatch, tmp_path):
    monkeypatch.delenv("JIB_GEBIED", raising=False)
    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    (tmp_path / "gebied").write_text("GM0988\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 2
    assert "This data folder is for area GM0988" in " ".join(result.output.split())
    assert not (tmp_path / "landing").exists()  # refused before generating anything


def test_reference_has_342_municipalities_in_35_labour_market_regions():
    g = gemeenten()
    assert g.height == 342
    assert g["arbeidsmarktregio_code"].n_unique() == 35
    assert g["rmc_regio_code"].n_unique() == 40


def test_region_codes_resolve():
    assert set(gemeenten_in_region("AM33")["gemeentecode"]) == {
        "GM0988", "GM0946", "GM1640", "GM0957", "GM1711", "GM1641", "GM1669", "GM1706",
    }
    assert gemeenten_in_region("gm0988")["gemeentenaam"].to_list() == ["Weert"]
    assert gemeenten_in_region("NL").height == 342
    with pytest.raises(ValueError, match="unknown region code"):
        gemeenten_in_region("AM99")


def test_month_arithmetic():
    assert previous_month(date(2025, 1, 1)) == date(2024, 12, 1)
    assert add_months(date(2025, 11, 1), 3) == date(2026, 2, 1)


def test_connect_opens_a_file_with_the_rule_macros_and_limits(tmp_path):
    from jib_assets.db import connect

    with connect(tmp_path / "w" / "jib.duckdb", memory_limit="1GB", threads=1) as c:
        assert scalar(c, "SELECT leeftijd_op(DATE '2000-01-02', DATE '2025-01-01')") == 24
        assert scalar(c, "SELECT current_setting('threads')") == 1
        assert scalar(c, "SELECT current_setting('enable_progress_bar')") is False
