-- rules.md 2: the JIB list of $peildatum: the selected persons below the threshold without a benefit,
-- each belonging to their woongemeente.
SELECT
    peildatum,
    bsn,
    jib_id,
    woongemeente,
    inkomen_werk,
    in_bezit_van_werk,
    nulinkomen,
    geboortedatum,
    leeftijd,
    geslacht,
    hoogste_diploma,
    laatste_onderwijssoort,
    laatste_onderwijs_einddatum
FROM ib_verrijking
WHERE peildatum = $peildatum AND op_lijst
