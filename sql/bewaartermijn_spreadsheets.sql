-- Retention of the casemanagers' spreadsheets (privacy/bewaartermijn.py): the rows of casemanager_monitoring (their
-- rowids) that no reader needs any more, of the deliveries before $eerste, the first month of the rerun window.
-- Each delivery is the whole spreadsheet so far, so keeping every one made the table grow with the square of the
-- months. Kept of the deliveries before $eerste:
--   * each gemeente's latest one, whole: the monitoring of a month P in the window reads the latest delivery up to P
--     whole (sql/monitoring_feiten.sql), and the ingest's gemeenten-that-stopped warning the one before P;
--   * per youth (gemeentecode, jib_id as delivered), at each delivery after which one of the fields the worklist's
--     history and the destination check read (the latest non-empty value up to P, arg_max over (peildatum, regel,
--     bestand): sql/werklijst_historie.sql, sql/bestemming_afwijking.sql) stands otherwise than after the youth's
--     delivery before, the rows that give those fields their values then. Between two such deliveries nothing a
--     reader sees changes, so every month, also one written again before the window (`jib bewaartermijn exports
--     --opnieuw`), reads the same values as from every delivery;
--   * per youth the first row that marks an objection (bezwaar, or reactie_kaartje 'nee'): the month
--     sql/bezwaar_register.sql takes.
-- Rows without a jib_id are read only from a whole delivery (the monitoring counts them). A youth may stand on several
-- rows of one delivery (earlier spells on the list): the fields are compared after each delivery, not row by row,
-- which would keep every row of such a youth (Midden-Limburg after 60 months: 33,402 rows kept against 13,525). A
-- row's fate depends only on the rows before it, so the deliveries of the window are not read (national, 12 months:
-- 0.5 s).
WITH rij AS (
    SELECT
        rowid AS rij, peildatum, gemeentecode, jib_id, regel, bestand,
        datum_kaartje, reactie_kaartje, datum_huisbezoek, toestemming, bestemming, datum_uitstroom,
        CASE WHEN bezwaar OR reactie_kaartje = 'nee' THEN true END AS bezwaart
    FROM casemanager_monitoring
    WHERE jib_id IS NOT NULL AND peildatum < $eerste
),
lopend AS (
    SELECT
        rij, peildatum, gemeentecode, jib_id,
        lead(peildatum) OVER w IS DISTINCT FROM peildatum AS laatste_van_levering,
        (last_value(datum_kaartje IGNORE NULLS) OVER w, last_value(reactie_kaartje IGNORE NULLS) OVER w,
         last_value(datum_huisbezoek IGNORE NULLS) OVER w, last_value(toestemming IGNORE NULLS) OVER w,
         last_value(bestemming IGNORE NULLS) OVER w, last_value(datum_uitstroom IGNORE NULLS) OVER w) AS stand,
        [last_value(CASE WHEN datum_kaartje IS NOT NULL THEN rij END IGNORE NULLS) OVER w,
         last_value(CASE WHEN reactie_kaartje IS NOT NULL THEN rij END IGNORE NULLS) OVER w,
         last_value(CASE WHEN datum_huisbezoek IS NOT NULL THEN rij END IGNORE NULLS) OVER w,
         last_value(CASE WHEN toestemming IS NOT NULL THEN rij END IGNORE NULLS) OVER w,
         last_value(CASE WHEN bestemming IS NOT NULL THEN rij END IGNORE NULLS) OVER w,
         last_value(CASE WHEN datum_uitstroom IS NOT NULL THEN rij END IGNORE NULLS) OVER w] AS bronnen,
        bezwaart AND lag(bezwaart IGNORE NULLS) OVER w IS NULL AS eerste_bezwaar
    FROM rij
    WINDOW w AS (PARTITION BY gemeentecode, jib_id ORDER BY peildatum, regel, bestand ROWS UNBOUNDED PRECEDING)
),
na_levering AS (
    SELECT bronnen, stand IS DISTINCT FROM lag(stand) OVER (PARTITION BY gemeentecode, jib_id ORDER BY peildatum)
        AS veranderd
    FROM lopend
    WHERE laatste_van_levering
),
nodig AS (
    SELECT unnest(bronnen) AS rij FROM na_levering WHERE veranderd
    UNION
    SELECT rij FROM lopend WHERE eerste_bezwaar
),
laatste_levering AS (
    SELECT gemeentecode, max(peildatum) AS peildatum
    FROM casemanager_monitoring
    WHERE peildatum < $eerste
    GROUP BY gemeentecode
)
SELECT c.rowid
FROM casemanager_monitoring AS c
WHERE c.peildatum < $eerste
  AND NOT EXISTS (SELECT 1 FROM laatste_levering AS l WHERE l.gemeentecode = c.gemeentecode AND l.peildatum = c.peildatum)
  AND NOT EXISTS (SELECT 1 FROM nodig AS n WHERE n.rij = c.rowid)
