-- The casemanager spreadsheets' rows (ingest_cm_ruw, read without opmerkingen) -> the values of sources.md,
-- normalised: case and surrounding spaces ignored, j/n for ja/nee, decimal comma or point, dates as
-- ingest_cm_datum reads them. Empty rows hold no youth and are skipped; a value that cannot be read
-- sets the row aside with its reason. bsn is NULL: the spreadsheets know youths by jib_id only.
-- A jib_id of a key that was rotated away is read as its current one (ingest_cm_rotatie); a row whose
-- jib_id was never on a worklist of its municipality (ingest_cm_gegeven) is about no one it was given.
WITH geleverd AS (
    SELECT
        bron,
        bestand,
        regel,
        nullif(upper(trim(jib_id)), '') AS jib_id,
        nullif(upper(trim(gemeentecode)), '') AS gemeentecode,
        nullif(trim(datum_kaartje), '') AS datum_kaartje,
        nullif(lower(trim(reactie_kaartje)), '') AS reactie_kaartje,
        nullif(trim(datum_huisbezoek), '') AS datum_huisbezoek,
        nullif(lower(trim(bereikt)), '') AS bereikt,
        nullif(lower(trim(toestemming)), '') AS toestemming,
        nullif(regexp_replace(lower(trim(ondersteuningsvraag)), '\s+', '_', 'g'), '') AS ondersteuningsvraag,
        nullif(trim(datum_uitstroom), '') AS datum_uitstroom,
        nullif(regexp_replace(lower(trim(bestemming)), '\s+', '_', 'g'), '') AS bestemming,
        nullif(replace(trim(bestede_uren), ',', '.'), '') AS bestede_uren,
        nullif(lower(trim(bezwaar)), '') AS bezwaar
    FROM ingest_cm_ruw
),
ruw AS (
    SELECT geleverd.* REPLACE (coalesce(r.jib_id_nieuw, geleverd.jib_id) AS jib_id)
    FROM geleverd LEFT JOIN ingest_cm_rotatie AS r ON r.jib_id_oud = geleverd.jib_id
),
getypt AS (
    SELECT
        *,
        ingest_cm_datum(datum_kaartje) AS t_datum_kaartje,
        CASE reactie_kaartje WHEN 'j' THEN 'ja' WHEN 'n' THEN 'nee' ELSE reactie_kaartje END AS t_reactie_kaartje,
        ingest_cm_datum(datum_huisbezoek) AS t_datum_huisbezoek,
        ingest_cm_janee(bereikt) AS t_bereikt,
        ingest_cm_janee(toestemming) AS t_toestemming,
        ingest_cm_datum(datum_uitstroom) AS t_datum_uitstroom,
        TRY_CAST(bestede_uren AS DECIMAL(8,2)) AS t_bestede_uren,
        ingest_cm_janee(bezwaar) AS t_bezwaar,
        EXISTS (
            SELECT 1 FROM ingest_cm_gegeven AS g WHERE g.jib_id = ruw.jib_id AND g.gemeentecode = ruw.gemeentecode
        ) AS gegeven
    FROM ruw
    WHERE coalesce(
        jib_id, gemeentecode, datum_kaartje, reactie_kaartje, datum_huisbezoek, bereikt, toestemming,
        ondersteuningsvraag, datum_uitstroom, bestemming, bestede_uren, bezwaar
    ) IS NOT NULL
)
SELECT
    bron,
    bestand,
    regel,
    NULL::VARCHAR AS bsn,
    jib_id,
    gemeentecode,
    t_datum_kaartje AS datum_kaartje,
    t_reactie_kaartje AS reactie_kaartje,
    t_datum_huisbezoek AS datum_huisbezoek,
    t_bereikt AS bereikt,
    t_toestemming AS toestemming,
    ondersteuningsvraag,
    t_datum_uitstroom AS datum_uitstroom,
    bestemming,
    t_bestede_uren AS bestede_uren,
    t_bezwaar AS bezwaar,
    nullif(concat_ws('; ',
        CASE WHEN jib_id IS NULL THEN 'jib_id: leeg'
            ELSE coalesce(
                ingest_patroon_reden('jib_id', jib_id, $patroon_jib_id, 'niet JIB- en 12 tekens'),
                CASE WHEN NOT gegeven AND gemeentecode IS NOT NULL
                    AND ingest_gemeentecode_reden('gemeentecode', gemeentecode, $patroon_gemeentecode) IS NULL
                    THEN 'jib_id: nooit op een werklijst van deze gemeente' END) END,
        CASE WHEN gemeentecode IS NULL THEN 'gemeentecode: leeg'
            ELSE ingest_gemeentecode_reden('gemeentecode', gemeentecode, $patroon_gemeentecode) END,
        ingest_cm_datum_reden('datum_kaartje', datum_kaartje, t_datum_kaartje),
        ingest_waarde_reden('reactie_kaartje', t_reactie_kaartje, $reacties_kaartje),
        ingest_cm_datum_reden('datum_huisbezoek', datum_huisbezoek, t_datum_huisbezoek),
        ingest_cm_janee_reden('bereikt', bereikt, t_bereikt),
        ingest_cm_janee_reden('toestemming', toestemming, t_toestemming),
        ingest_waarde_reden('ondersteuningsvraag', ondersteuningsvraag, $ondersteuningsvragen),
        ingest_cm_datum_reden('datum_uitstroom', datum_uitstroom, t_datum_uitstroom),
        ingest_waarde_reden('bestemming', bestemming, $bestemmingen),
        CASE
            WHEN bestede_uren IS NOT NULL AND t_bestede_uren IS NULL THEN 'bestede_uren: geen getal'
            WHEN t_bestede_uren < 0 THEN 'bestede_uren: negatief'
        END,
        ingest_cm_janee_reden('bezwaar', bezwaar, t_bezwaar)
    ), '') AS reden
FROM getypt
