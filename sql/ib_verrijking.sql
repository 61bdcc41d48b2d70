-- rules.md 2: every person selected on $peildatum with income from work in $inkomensmaand and the
-- benefits holding on P; op_lijst against $inkomensgrens (the versioned threshold in force on P).
WITH geselecteerd AS (
    SELECT * FROM duo_selectie WHERE peildatum = $peildatum
),
polis AS (
    SELECT bsn, sum(sv_loon) AS inkomen_werk, count(*) AS polisregels
    FROM uwv_polis
    WHERE peildatum = $peildatum AND maand = $inkomensmaand AND bsn IN (SELECT bsn FROM geselecteerd)
    GROUP BY bsn
),
uitkeringen AS (
    SELECT bsn, string_agg(DISTINCT uitkering, ',' ORDER BY uitkering) AS soorten_uitkering
    FROM uwv_uitkeringen
    WHERE peildatum = $peildatum AND geldig_op(begindatum, einddatum, $peildatum)
        AND bsn IN (SELECT bsn FROM geselecteerd)
    GROUP BY bsn
),
verrijkt AS (
    SELECT
        s.*,
        $inkomensmaand::DATE AS inkomensmaand,
        coalesce(p.inkomen_werk, 0)::DECIMAL(14, 2) AS inkomen_werk,
        coalesce(p.polisregels, 0) > 0 AS in_bezit_van_werk,
        u.bsn IS NOT NULL AS uitkering,
        u.soorten_uitkering,
        $inkomensgrens::DECIMAL(12, 2) AS inkomensgrens
    FROM geselecteerd AS s
    LEFT JOIN polis AS p ON p.bsn = s.bsn
    LEFT JOIN uitkeringen AS u ON u.bsn = s.bsn
)
SELECT
    peildatum,
    bsn,
    woongemeente,
    geboortedatum,
    leeftijd,
    geslacht,
    hoogste_diploma,
    laatste_onderwijssoort,
    laatste_onderwijs_einddatum,
    inkomensmaand,
    inkomen_werk,
    in_bezit_van_werk,
    inkomen_werk = 0 AS nulinkomen,
    uitkering,
    soorten_uitkering,
    inkomensgrens,
    inkomen_werk < inkomensgrens AND NOT uitkering AS op_lijst
FROM verrijkt
