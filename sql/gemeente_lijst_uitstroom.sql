-- rules.md 4, uitstroom: who was on a gemeente's list of $vorige (P-1) and is not on its list of
-- $peildatum (P, staged in stage_gemeente_filter), with the first reason that applies, evaluated on P
-- from the source snapshots of P. Staged as temp table stage_uitstroom.
WITH weg AS (
    SELECT v.gemeentecode, v.jib_id, v.bsn, v.categorie, v.datum_instroom, v.geboortedatum, v.geslacht, v.leeftijd
    FROM gemeente_lijst AS v
    WHERE v.peildatum = $vorige
      AND v.status <> 'uitstroom'
      AND NOT EXISTS (
          SELECT 1 FROM stage_gemeente_filter AS n
          WHERE n.gemeentecode = v.gemeentecode AND n.jib_id = v.jib_id
      )
),
-- The BSN of a youth in bezwaar was erased from gemeente_lijst; it is found again by jib_id among those
-- of P's BRP snapshot who had the same age on P-1, only to evaluate the reason, and never stored. No
-- jib_id is computed at all when nobody leaving needs it.
herleid AS (
    SELECT DISTINCT jib_id(p.bsn) AS jib_id, p.bsn
    FROM brp_personen AS p
    WHERE p.peildatum = $peildatum
      AND leeftijd_op(p.geboortedatum, $vorige) IN (
          SELECT a.leeftijd FROM weg, range(23, 27) AS a(leeftijd)
          WHERE weg.bsn IS NULL AND a.leeftijd = coalesce(weg.leeftijd, a.leeftijd)
      )
),
vertrokken AS (
    SELECT weg.*, coalesce(weg.bsn, h.bsn) AS bron_bsn
    FROM weg
    LEFT JOIN herleid AS h ON weg.bsn IS NULL AND h.jib_id = weg.jib_id
),
persoon AS (
    SELECT p.bsn, p.geboortedatum, p.geslacht, p.datum_overlijden, p.datum_vertrek_buitenland
    FROM brp_personen AS p
    WHERE p.peildatum = $peildatum AND p.bsn IN (SELECT bron_bsn FROM vertrokken)
    QUALIFY row_number() OVER (PARTITION BY p.bsn ORDER BY p.regel) = 1
),
-- rules.md 1.4: the woongemeente on P is that of the one address holding on P (none if zero or several).
woongemeente AS (
    SELECT a.bsn, CASE WHEN count(*) = 1 THEN any_value(a.gemeentecode) END AS gemeentecode
    FROM brp_adressen AS a
    WHERE a.peildatum = $peildatum
      AND geldig_op(a.begindatum, a.einddatum, $peildatum)
      AND a.bsn IN (SELECT bron_bsn FROM vertrokken)
    GROUP BY a.bsn
),
diploma AS (
    SELECT
        d.bsn,
        bool_or(list_contains($startkwalificatie::VARCHAR[], d.diploma)) AS startkwalificatie,
        first(d.diploma ORDER BY d.datum_diploma DESC, d.diploma DESC) AS hoogste_diploma
    FROM duo_diplomas AS d
    WHERE d.peildatum = $peildatum AND d.datum_diploma <= $peildatum AND d.bsn IN (SELECT bron_bsn FROM vertrokken)
    GROUP BY d.bsn
),
onderwijs AS (
    SELECT
        i.bsn,
        bool_or(geldig_op(i.begindatum, i.einddatum, $peildatum)) AS in_onderwijs,
        first(i.onderwijssoort ORDER BY i.einddatum DESC, i.begindatum DESC, i.onderwijssoort)
            FILTER (WHERE i.einddatum < $peildatum) AS laatste_onderwijssoort
    FROM duo_inschrijvingen AS i
    WHERE i.peildatum = $peildatum AND i.bsn IN (SELECT bron_bsn FROM vertrokken)
    GROUP BY i.bsn
),
uitkering AS (
    SELECT DISTINCT u.bsn
    FROM uwv_uitkeringen AS u
    WHERE u.peildatum = $peildatum
      AND geldig_op(u.begindatum, u.einddatum, $peildatum)
      AND u.bsn IN (SELECT bron_bsn FROM vertrokken)
),
-- rules.md 2: income from work = all polis rows of the income month together.
inkomen AS (
    SELECT w.bsn, sum(w.sv_loon) AS inkomen_werk
    FROM uwv_polis AS w
    WHERE w.peildatum = $peildatum AND w.maand = $inkomensmaand AND w.bsn IN (SELECT bron_bsn FROM vertrokken)
    GROUP BY w.bsn
),
beoordeeld AS (
    SELECT
        v.gemeentecode,
        v.jib_id,
        v.bsn,
        v.categorie,
        v.datum_instroom,
        coalesce(p.geboortedatum, v.geboortedatum) AS geboortedatum,
        coalesce(p.geslacht, v.geslacht) AS geslacht,
        g.gemeentecode AS woongemeente,
        d.hoogste_diploma,
        o.laatste_onderwijssoort,
        coalesce(i.inkomen_werk, 0) AS inkomen_werk,
        CASE
            WHEN p.datum_overlijden <= $peildatum THEN 'overleden'
            WHEN p.datum_vertrek_buitenland <= $peildatum THEN 'vertrokken_buitenland'
            WHEN g.gemeentecode <> v.gemeentecode THEN 'verhuisd'
            WHEN leeftijd_op(coalesce(p.geboortedatum, v.geboortedatum), $peildatum) >= 27 THEN 'leeftijd'
            WHEN d.startkwalificatie THEN 'startkwalificatie'
            WHEN o.in_onderwijs THEN 'onderwijs'
            WHEN u.bsn IS NOT NULL THEN 'uitkering'
            WHEN coalesce(i.inkomen_werk, 0) >= $inkomensgrens THEN 'werk'
            ELSE 'onbekend'
        END AS reden_uitstroom
    FROM vertrokken AS v
    LEFT JOIN persoon AS p ON p.bsn = v.bron_bsn
    LEFT JOIN woongemeente AS g ON g.bsn = v.bron_bsn
    LEFT JOIN diploma AS d ON d.bsn = v.bron_bsn
    LEFT JOIN onderwijs AS o ON o.bsn = v.bron_bsn
    LEFT JOIN uitkering AS u ON u.bsn = v.bron_bsn
    LEFT JOIN inkomen AS i ON i.bsn = v.bron_bsn
)
SELECT
    gemeentecode,
    jib_id,
    bsn,
    -- The categorie of their last month on the list, unless they objected by now (rules.md 3: bezwaar
    -- in every month from the marking on).
    CASE
        WHEN EXISTS (
            SELECT 1 FROM bezwaar_register AS b
            WHERE b.jib_id = beoordeeld.jib_id AND b.peildatum_bezwaar <= $peildatum
        ) THEN 'bezwaar'
        ELSE categorie
    END AS categorie,
    reden_uitstroom,
    CASE WHEN reden_uitstroom = 'verhuisd' THEN woongemeente END AS verhuisd_naar,
    datum_instroom,
    geboortedatum,
    geslacht,
    leeftijd_op(geboortedatum, $peildatum) AS leeftijd,
    hoogste_diploma,
    laatste_onderwijssoort,
    inkomen_werk
FROM beoordeeld
