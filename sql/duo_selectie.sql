-- rules.md 1: the persons selected for $peildatum, with what is carried along for the municipality
-- (from persoon_toestand; a selected person has the target age, so a jib_id, also after an erasure).
SELECT
    t.peildatum,
    t.bsn,
    t.jib_id,
    t.geboortedatum,
    t.leeftijd,
    t.geslacht,
    t.woongemeente,
    t.hoogste_diploma,
    t.laatste_onderwijssoort,
    t.laatste_onderwijs_einddatum
FROM duo_beoordeling AS d
JOIN persoon_toestand AS t ON t.peildatum = d.peildatum AND t.jib_id = d.jib_id
WHERE d.peildatum = $peildatum AND d.uitkomst = 'geselecteerd'
