-- rules.md 4, uitstroom: who was on a gemeente's list of $vorige (P-1) and is not on its list of
-- $peildatum (P, table gemeente_filter), with the first reason of rules.md 4 that applies, read from
-- the person's state on P (persoon_toestand). Staged as temp table stage_uitstroom.
WITH weg AS (
    SELECT v.gemeentecode, v.jib_id, v.bsn, v.categorie, v.datum_instroom, v.geboortedatum, v.geslacht
    FROM gemeente_lijst AS v
    WHERE v.peildatum = $vorige
      AND v.status <> 'uitstroom'
      AND NOT EXISTS (
          SELECT 1 FROM gemeente_filter AS n
          WHERE n.peildatum = $peildatum AND n.gemeentecode = v.gemeentecode AND n.jib_id = v.jib_id
      )
),
beoordeeld AS (
    SELECT
        w.*,
        t.woongemeente,
        coalesce(t.geboortedatum, w.geboortedatum) AS geboortedatum_p,
        coalesce(t.geslacht, w.geslacht) AS geslacht_p,
        coalesce(t.leeftijd, leeftijd_op(w.geboortedatum, $peildatum)) AS leeftijd,
        t.hoogste_diploma,
        t.laatste_onderwijssoort,
        coalesce(t.inkomen_werk, 0) AS inkomen_werk,
        CASE
            WHEN t.overleden THEN 'overleden'
            WHEN t.vertrokken_buitenland THEN 'vertrokken_buitenland'
            WHEN t.woongemeente <> w.gemeentecode THEN 'verhuisd'
            WHEN NOT t.doelgroepleeftijd THEN 'leeftijd'
            WHEN t.startkwalificatie THEN 'startkwalificatie'
            WHEN t.in_onderwijs THEN 'onderwijs'
            WHEN t.uitkering THEN 'uitkering'
            WHEN NOT t.onder_inkomensgrens THEN 'werk'
            ELSE 'onbekend'
        END AS reden_uitstroom
    FROM weg AS w
    LEFT JOIN persoon_toestand AS t ON t.peildatum = $peildatum AND t.jib_id = w.jib_id
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
    geboortedatum_p AS geboortedatum,
    geslacht_p AS geslacht,
    leeftijd,
    hoogste_diploma,
    laatste_onderwijssoort,
    inkomen_werk
FROM beoordeeld
