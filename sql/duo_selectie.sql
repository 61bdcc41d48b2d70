-- rules.md 1: the persons selected for $peildatum, with what is carried along for the municipality.
SELECT
    peildatum,
    bsn,
    jib_id,
    geboortedatum,
    leeftijd,
    geslacht,
    woongemeente,
    hoogste_diploma,
    laatste_onderwijssoort,
    laatste_onderwijs_einddatum
FROM duo_beoordeling
WHERE peildatum = $peildatum AND uitkomst = 'geselecteerd'
