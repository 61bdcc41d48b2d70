"""jib uitleg (issue 13): for each reason of rules.md 4 and each categorie of rules.md 3, the explanation
names the rule's outcome and the fact that decided it. Months built with the chain's own functions on
hand-made persons (Wereld); the uitstroom facts are those of test_rules_maand_delta."""

from __future__ import annotations

from datetime import date

import pytest
from test_rules_gemeente_filter import G1, G2, KEY, P1, P2, Wereld
from test_rules_maand_delta import REDENEN, UITSTROOM_NAAM, add_uitstroom_cases

from jib_assets.explain.uitleg import UitlegError, find_jib_id, uitleg
from tests.builders import new_con

# The sentence that shows the fact deciding each reason (on P2, for X who was on G1's list of P1).
FEIT = {
    "overleden": "Overleden op de peildatum: ja.",
    "vertrokken_buitenland": "Naar het buitenland vertrokken: ja.",
    "verhuisd": f"woongemeente {G2}.",
    "leeftijd": "Leeftijd op 01-02-2025: 27 jaar (geboren 15-01-1998); de doelgroep is 23 tot 27 jaar: voldoet niet.",
    "startkwalificatie": "Startkwalificatie op de peildatum: ja (hoogste (laatste) diploma MBO2 van 20-01-2025).",
    "onderwijs": "Ingeschreven in het onderwijs op de peildatum: ja",
    "uitkering": "Uitkering op de peildatum: ja (WW).",
    "werk": "Inkomen uit werk in de inkomensmaand 2025-01: EUR 473,00 (met baan in die maand); de inkomensgrens "
            "op de peildatum is EUR 473,00: het inkomen is niet onder de grens.",
    "onbekend": "Op de peildatum niet bekend bij DUO",
}


@pytest.fixture(scope="module")
def uitstroom_wereld():
    """The nine uitstroom cases of test_rules_maand_delta (person UITSTROOM_NAAM[reden] each) in one world
    built over P1 and P2 once for the module; uitleg only reads it."""
    with new_con() as con:
        wereld = Wereld(con)
        add_uitstroom_cases(wereld)
        wereld.bouw(P1, P2)
        yield wereld


@pytest.mark.parametrize("k", range(len(REDENEN)), ids=REDENEN)
def test_uitleg_names_each_uitstroom_reason_with_its_fact(uitstroom_wereld, k):
    naam = UITSTROOM_NAAM[REDENEN[k]]
    text = uitleg(uitstroom_wereld.con, P2, uitstroom_wereld.jib(naam)).tekst()
    naar = f", naar {G2}" if REDENEN[k] == "verhuisd" else ""
    assert f"{G1}: uitstroom, reden: {REDENEN[k]}{naar}; stond op de lijst van 01-01-2025 tot deze maand (1 maand)." \
        in text
    assert FEIT[REDENEN[k]] in text
    # no BSN of any case and no family name (each is "Achternaam" + X...) in the explanation
    assert not any(uitstroom_wereld.bsn(other) in text for other in UITSTROOM_NAAM.values())
    assert "AchternaamX" not in text


@pytest.fixture(scope="module")
def vier_categorieen() -> Wereld:
    """Four persons on G1's list of P1, one per categorie, built once for the module; uitleg only reads."""
    with new_con() as con:
        wereld = Wereld(con)
        for naam in "ABCD":
            wereld.op_lijst(P1, naam, G1)
        wereld.spreadsheet(P1, "A", bezwaar=True)
        wereld.klant(P1, "B", G1, "WMO", date(2024, 1, 1))
        wereld.kvk(P1, "C", date(2023, 5, 1))
        wereld.bouw(P1)
        yield wereld


def test_uitleg_per_categorie(vier_categorieen):
    w = vier_categorieen
    bekend = uitleg(w.con, P1, w.jib("B")).tekst()
    assert f"Lijst van gemeente {G1}; categorie bekend: al klant bij de gemeente (WMO) op de peildatum" in bekend
    assert "op de werklijst van de casemanager deze maand: nee (alleen instroom van zzp en benaderen" in bekend
    zzp = uitleg(w.con, P1, w.jib("C")).tekst()
    assert "categorie zzp: ingeschreven bij de KvK sinds 01-05-2023" in zzp
    assert f"{G1}: op de werklijst van de casemanager deze maand: ja." in zzp
    benaderen = uitleg(w.con, P1, w.jib("D")).tekst()
    assert "categorie benaderen: geen klant van de gemeente" in benaderen
    assert f"{G1}: instroom, soort nieuw; op de lijst sinds 01-01-2025 (1 maand)." in benaderen
    # Income and selection are explained too, with the threshold in force.
    assert "Uitkomst stap 1: geselecteerd door DUO." in benaderen
    assert "EUR 0,00 (zonder baan in die maand); de inkomensgrens op de peildatum is EUR 473,00" in benaderen


def test_uitleg_of_an_objector_says_only_that(vier_categorieen):
    w = vier_categorieen
    result = uitleg(w.con, P1, w.jib("A"))
    assert [kop for kop, _ in result.secties] == ["Bezwaar"]
    text = result.tekst() + result.markdown() + result.html()
    for fact in ("2000", "VMBO", G1, "Inkomen", w.bsn("A"), "AchternaamA", "Leeftijd"):
        assert fact not in text


def test_uitleg_finds_the_person_by_bsn_and_renders_markdown_and_html(vier_categorieen):
    w = vier_categorieen
    found = find_jib_id(w.con, P1, bsn=w.bsn("D"), jib_id=None, key=KEY)
    assert found == w.jib("D")
    assert find_jib_id(w.con, P1, bsn=None, jib_id=f" {w.jib('D').lower()} ", key=None) == w.jib("D")
    result = uitleg(w.con, P1, found)
    assert result.markdown().startswith(f"# Uitleg JIB-lijst 2025-01 (peildatum 01-01-2025) voor {w.jib('D')}\n")
    assert "## 3. Gemeentelijke filtering" in result.markdown()
    assert "<h2>4. Maandelijkse delta</h2>" in result.html()


def test_uitleg_bad_input(vier_categorieen):
    w = vier_categorieen
    with pytest.raises(UitlegError, match="exactly one"):
        find_jib_id(w.con, P1, bsn=None, jib_id=None, key=KEY)
    with pytest.raises(UitlegError, match="9 digits"):
        find_jib_id(w.con, P1, bsn="12345", jib_id=None, key=KEY)
    # 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 = 156: 123456782 gives 156-2 = 154 = 14*11, it passes; 123456780 gives 156
    assert find_jib_id(w.con, P1, bsn="123456782", jib_id=None, key=KEY).startswith("JIB-")
    with pytest.raises(UitlegError, match="fails the elfproef"):
        find_jib_id(w.con, P1, bsn="123456780", jib_id=None, key=KEY)
    with pytest.raises(UitlegError, match="needs JIB_PSEUDONYM_KEY"):
        find_jib_id(w.con, P1, bsn=w.bsn("D"), jib_id=None, key=None)
    with pytest.raises(UitlegError, match="run it first"):
        uitleg(w.con, P2, w.jib("D"))
    unknown = uitleg(w.con, P1, "JIB-AAAAAAAAAAAA").tekst()
    assert "niet bekend bij DUO" in unknown


def test_uitleg_of_a_jib_id_a_key_rotation_replaced_explains_the_person_under_the_current_one(vier_categorieen, tmp_path):
    """Files sent before a rotation and the casemanagers' spreadsheets keep the old jib_ids (docs/privacy.md): a
    municipality asks with those. Audit 3: `jib uitleg` said "niet bekend bij DUO" for a youth on the list."""
    import duckdb

    from jib_assets.db import sql
    from jib_assets.explain.uitleg import uitleg_maand

    w = vier_categorieen
    path = tmp_path / "jib.duckdb"
    w.con.execute(f"ATTACH '{path}' AS kopie")
    try:
        w.con.execute(f"COPY FROM DATABASE {w.con.execute('SELECT current_database()').fetchone()[0]} TO kopie")
    finally:
        w.con.execute("DETACH kopie")
    oud, weg = "JIB-OUDOUDOUDOUD", "JIB-WEGWEGWEGWEG"
    with duckdb.connect(str(path)) as con:
        for statement in con.extract_statements(sql("sleutel_tabellen")):
            con.execute(statement)
        con.execute("INSERT INTO sleutel_rotatie VALUES (?, ?, TIMESTAMP '2025-06-30 10:00'), "
                    "(?, NULL, TIMESTAMP '2025-06-30 10:00')", [oud, w.jib("D"), weg])

    result = uitleg_maand(path, P1, bsn=None, jib_id=oud.lower(), key=None, landing=tmp_path)
    assert result.secties[0] == ("Sleutelrotatie", [
        f"{oud} is sinds de sleutelrotatie van 30-06-2025 vervangen door {w.jib('D')} (eerder verstuurde bestanden "
        "houden het oude jib_id); hieronder de uitleg onder het huidige jib_id."])
    assert result.tekst().split("\n\n", 2)[2] == uitleg(w.con, P1, w.jib("D")).tekst().split("\n\n", 1)[1]
    with pytest.raises(UitlegError, match=r"^JIB-WEGWEGWEGWEG was replaced by the key rotation of 2025-06-30, which "
                                          "could not find this person"):
        uitleg_maand(path, P1, bsn=None, jib_id=weg, key=None, landing=tmp_path)
    # an id no rotation replaced is explained as it is
    assert uitleg_maand(path, P1, bsn=None, jib_id=w.jib("D"), key=None, landing=tmp_path).secties[0][0] != \
        "Sleutelrotatie"
