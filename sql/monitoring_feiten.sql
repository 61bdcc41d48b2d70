-- The person-level facts behind the monitoring of peildatum $peildatum (rules.md 5), without identifiers,
-- for the gemeenten of the deployment's area ($gebied) only. One row per covered gemeente (bron 'gemeente'),
-- per gemeente_lijst row ('lijst'), per youth in the casemanager spreadsheets ('casemanager'), per
-- werk-leaver whose follow-up is complete ('werk') and per gemeente with its residents aged 23-26 on P
-- counted from the deliveries of P ('inwoners', the denominator of the rates).
WITH gedekt AS (
    SELECT gemeentecode FROM gemeente_lijst WHERE peildatum <= $peildatum
    UNION
    SELECT gemeentecode FROM casemanager_monitoring WHERE peildatum <= $peildatum
),
-- Residents on P: one address holding on P (rules.md 1.1: woongemeente), alive and not emigrated on P,
-- completed age 23 to 26 on P. brp_personen holds a BSN once per peildatum (its key: the ingest sets a repeat aside and
-- the blocking contract checks it), so it is read as it is, not grouped (national February: 0.6-0.8 s less).
bewoners AS (
    SELECT bsn, any_value(gemeentecode) AS gemeentecode
    FROM brp_adressen
    WHERE peildatum = $peildatum AND geldig_op(begindatum, einddatum, $peildatum)
    GROUP BY bsn
    HAVING count(*) = 1
),
personen AS (
    SELECT bsn, geboortedatum, datum_overlijden, datum_vertrek_buitenland
    FROM brp_personen
    WHERE peildatum = $peildatum
),
-- DUO-known persons are counted from persoon_toestand, which holds the same facts of the same delivery (one address
-- on P, age, death, emigration) and keeps them for an objector after the erasure took their delivered rows and
-- BSN; everyone else from the BRP delivery. So the count does not change when a step is rerun after an erasure
-- (the month's own, or an earlier month's in an asset backfill that ran this month's ingests before it): counted
-- from the BRP delivery alone, June's residents of Midden-Limburg went from 12,800 to 12,742.
inwoners AS (
    SELECT gemeentecode, count(*) AS inwoners_23_26
    FROM (
        SELECT b.gemeentecode
        FROM bewoners AS b
        JOIN personen AS p USING (bsn)
        WHERE leeftijd_op(p.geboortedatum, $peildatum) BETWEEN 23 AND 26
          AND coalesce(p.datum_overlijden > $peildatum, true)
          AND coalesce(p.datum_vertrek_buitenland > $peildatum, true)
          -- Not DUO-known: in neither delivery of P. Two anti-joins, not one over the union of their BSNs, whose
          -- DISTINCT of 12.2 million national rows took 3.5 CPU-s (the query 5.2-5.9 s against 6.0-6.9 s).
          AND NOT EXISTS (SELECT 1 FROM duo_diplomas AS d WHERE d.peildatum = $peildatum AND d.bsn = b.bsn)
          AND NOT EXISTS (SELECT 1 FROM duo_inschrijvingen AS i WHERE i.peildatum = $peildatum AND i.bsn = b.bsn)
        UNION ALL
        SELECT woongemeente AS gemeentecode
        FROM persoon_toestand
        WHERE peildatum = $peildatum AND woongemeente IS NOT NULL AND leeftijd BETWEEN 23 AND 26
          AND NOT overleden AND NOT vertrokken_buitenland
    )
    GROUP BY gemeentecode
),
-- The spreadsheets are cumulative: per gemeente the latest delivery up to P is the whole state.
levering AS (
    SELECT gemeentecode, max(peildatum) AS peildatum
    FROM casemanager_monitoring
    WHERE peildatum <= $peildatum
    GROUP BY gemeentecode
),
casemanager AS (
    SELECT c.*
    FROM casemanager_monitoring AS c
    JOIN levering AS l ON l.gemeentecode = c.gemeentecode AND l.peildatum = c.peildatum
    WHERE c.jib_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY c.gemeentecode, c.jib_id ORDER BY c.bestand DESC, c.regel DESC) = 1
),
werk_cohort AS ({{werk_cohort}}),
polis_maand AS (
    SELECT bsn, maand, sum(uren) AS uren, sum(sv_loon) AS sv_loon, bool_or(contractvorm = 'ONBEPAALD') AS vast
    FROM uwv_polis
    WHERE peildatum = (SELECT max(peildatum) FROM uwv_polis WHERE peildatum <= $peildatum)
      AND maand BETWEEN $vervolg_van AND $na_6
      AND bsn IN (SELECT bsn FROM werk_cohort)
    GROUP BY bsn, maand
),
werk AS (
    SELECT
        w.gemeentecode,
        coalesce(sum(p.uren), 0) AS uren,
        coalesce(sum(p.sv_loon), 0) AS sv_loon,
        coalesce(bool_or(p.maand = $na_3), false) AS werk_na_3_maanden,
        coalesce(bool_or(p.maand = $na_6), false) AS werk_na_6_maanden,
        coalesce(bool_or(p.maand = $na_6 AND p.vast), false) AS vast_na_6_maanden
    FROM werk_cohort AS w
    LEFT JOIN polis_maand AS p ON p.bsn = w.bsn
    GROUP BY w.gemeentecode, w.bsn
)
SELECT * FROM (
SELECT CAST($peildatum AS DATE) AS peildatum, gemeentecode, 'gemeente' AS bron
FROM gedekt
UNION ALL BY NAME
SELECT CAST($peildatum AS DATE) AS peildatum, gemeentecode, 'inwoners' AS bron, inwoners_23_26
FROM inwoners
UNION ALL BY NAME
SELECT
    CAST($peildatum AS DATE) AS peildatum,
    gemeentecode,
    'lijst' AS bron,
    CAST(status AS VARCHAR) AS status,
    CAST(soort_instroom AS VARCHAR) AS soort_instroom,
    CAST(reden_uitstroom AS VARCHAR) AS reden_uitstroom,
    CAST(categorie AS VARCHAR) AS categorie,
    CAST(leeftijd AS INTEGER) AS leeftijd,
    CAST(geslacht AS VARCHAR) AS geslacht,
    CASE WHEN status = 'uitstroom' THEN CAST(
        (year($peildatum) * 12 + month($peildatum)) - (year(datum_instroom) * 12 + month(datum_instroom)) AS INTEGER
    ) END AS maanden_op_lijst
FROM gemeente_lijst
WHERE peildatum = $peildatum
UNION ALL BY NAME
SELECT
    CAST($peildatum AS DATE) AS peildatum,
    gemeentecode,
    'casemanager' AS bron,
    datum_kaartje IS NOT NULL AS kaartje,
    CAST(reactie_kaartje AS VARCHAR) AS reactie_kaartje,
    datum_huisbezoek IS NOT NULL AS huisbezoek,
    CAST(bereikt AS BOOLEAN) AS bereikt,
    CAST(toestemming AS BOOLEAN) AS toestemming,
    CAST(bezwaar AS BOOLEAN) AS bezwaar,
    CAST(ondersteuningsvraag AS VARCHAR) AS ondersteuningsvraag,
    CAST(bestemming AS VARCHAR) AS bestemming,
    CAST(bestede_uren AS DECIMAL(10, 2)) AS bestede_uren
FROM casemanager
UNION ALL BY NAME
SELECT
    CAST($peildatum AS DATE) AS peildatum,
    gemeentecode,
    'werk' AS bron,
    -- rules.md 5: hours per week = hours per month / 4.33, averaged over the follow-up months.
    uren >= 12 * 4.33 * $vervolg_maanden AS werk_12u,
    uren >= 20 * 4.33 * $vervolg_maanden AS werk_20u,
    werk_na_3_maanden,
    werk_na_6_maanden,
    CASE WHEN vast_na_6_maanden THEN 'vast' WHEN werk_na_6_maanden THEN 'flexibel' END AS contract,
    sv_loon >= $economisch_zelfstandig_drempel AS economisch_zelfstandig
FROM werk
) AS feiten
WHERE list_contains($gebied, gemeentecode)
