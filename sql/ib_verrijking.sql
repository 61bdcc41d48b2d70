-- rules.md 2: every person selected on $peildatum with the income from work of the income month and
-- the benefits holding on P, as persoon_toestand holds them; op_lijst: below the threshold (compared
-- once, in persoon_toestand) and no benefit.
SELECT
    s.peildatum,
    s.bsn,
    s.jib_id,
    s.woongemeente,
    s.geboortedatum,
    s.leeftijd,
    s.geslacht,
    s.hoogste_diploma,
    s.laatste_onderwijssoort,
    s.laatste_onderwijs_einddatum,
    t.inkomensmaand,
    t.inkomen_werk,
    t.in_bezit_van_werk,
    t.nulinkomen,
    t.uitkering,
    t.soorten_uitkering,
    t.inkomensgrens,
    t.onder_inkomensgrens AND NOT t.uitkering AS op_lijst
FROM duo_selectie AS s
JOIN persoon_toestand AS t ON t.peildatum = s.peildatum AND t.jib_id = s.jib_id
WHERE s.peildatum = $peildatum
