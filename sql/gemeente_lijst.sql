-- rules.md 3 and 4: the municipal lists of $peildatum (P): per gemeente everyone on its list of P
-- (instroom or blijft, with the categorie of table gemeente_filter) and everyone who left it since
-- $vorige (P-1) (uitstroom, from stage_uitstroom), keyed by jib_id so that erased history still counts.
-- NAW comes from P's BRP snapshot. Column gewist marks anyone in bezwaar_register: the chain runs this
-- through schema.blank_identifying, which empties every identifying column of the register for them and
-- drops gewist (maand_delta.build_gemeente_lijst), so no identifying value of an objector is written.
WITH vorige AS (
    SELECT gemeentecode, jib_id, datum_instroom
    FROM gemeente_lijst
    WHERE peildatum = $vorige AND status <> 'uitstroom'
),
op_lijst AS (
    SELECT
        f.*,
        v.jib_id IS NOT NULL AS was_er,
        v.datum_instroom AS vorige_datum_instroom,
        -- on the list of P-1 of another gemeente
        (SELECT min(e.gemeentecode) FROM vorige AS e
         WHERE e.jib_id = f.jib_id AND e.gemeentecode <> f.gemeentecode) AS elders,
        -- on this gemeente's list at some month before P-1
        EXISTS (
            SELECT 1 FROM gemeente_lijst AS h
            WHERE h.gemeentecode = f.gemeentecode AND h.jib_id = f.jib_id
              AND h.peildatum < $vorige AND h.status <> 'uitstroom'
        ) AS eerder
    FROM (SELECT * FROM gemeente_filter WHERE peildatum = $peildatum) AS f
    LEFT JOIN vorige AS v ON v.gemeentecode = f.gemeentecode AND v.jib_id = f.jib_id
),
rijen AS (
    SELECT
        gemeentecode, jib_id, bsn, categorie,
        CASE WHEN was_er THEN 'blijft' ELSE 'instroom' END AS status,
        CASE
            WHEN was_er THEN NULL
            WHEN elders IS NOT NULL THEN 'verhuisd'
            WHEN eerder THEN 'terugkeer'
            ELSE 'nieuw'
        END AS soort_instroom,
        NULL AS reden_uitstroom,
        CASE WHEN NOT was_er THEN elders END AS verhuisd_van,
        NULL AS verhuisd_naar,
        -- the first month of the current unbroken run on this gemeente's list
        coalesce(vorige_datum_instroom, $peildatum) AS datum_instroom,
        geboortedatum, geslacht, leeftijd, hoogste_diploma, laatste_onderwijssoort, inkomen_werk
    FROM op_lijst
    UNION ALL BY NAME
    SELECT
        gemeentecode, jib_id, bsn, categorie, 'uitstroom' AS status, reden_uitstroom, verhuisd_naar,
        datum_instroom, geboortedatum, geslacht, leeftijd, hoogste_diploma, laatste_onderwijssoort, inkomen_werk
    FROM stage_uitstroom
),
alle AS (
    -- gewist: in bezwaar_register (now or from a later delivery); their NAW is not even read below
    SELECT r.*, r.jib_id IN (SELECT jib_id FROM bezwaar_register) AS gewist
    FROM rijen AS r
),
persoon AS (
    SELECT p.bsn, p.geslachtsnaam, p.voorvoegsel, p.voornamen
    FROM brp_personen AS p
    WHERE p.peildatum = $peildatum AND p.bsn IN (SELECT bsn FROM alle WHERE NOT gewist)
    QUALIFY row_number() OVER (PARTITION BY p.bsn ORDER BY p.regel) = 1
),
-- The address in this gemeente: the one holding on P (rules.md 1.4), or for someone who left it,
-- the last one they had here by P.
adres AS (
    SELECT
        a.bsn, a.gemeentecode, a.straatnaam, a.huisnummer, a.huisletter, a.huisnummertoevoeging,
        a.postcode, a.woonplaats
    FROM brp_adressen AS a
    WHERE a.peildatum = $peildatum
      AND a.begindatum <= $peildatum
      AND a.bsn IN (SELECT bsn FROM alle WHERE NOT gewist)
    QUALIFY row_number() OVER (
        PARTITION BY a.bsn, a.gemeentecode
        ORDER BY geldig_op(a.begindatum, a.einddatum, $peildatum) DESC, a.begindatum DESC, a.regel DESC
    ) = 1
)
SELECT
    CAST($peildatum AS DATE) AS peildatum,
    r.gemeentecode,
    r.bsn,
    r.jib_id,
    r.categorie,
    r.status,
    r.soort_instroom,
    CAST(r.reden_uitstroom AS VARCHAR) AS reden_uitstroom,
    r.verhuisd_van,
    CAST(r.verhuisd_naar AS VARCHAR) AS verhuisd_naar,
    CAST(r.datum_instroom AS DATE) AS datum_instroom,
    CAST($eerste_maand AS BOOLEAN) AS eerste_maand,
    p.geslachtsnaam,
    p.voorvoegsel,
    p.voornamen,
    r.geboortedatum,
    r.geslacht,
    CAST(r.leeftijd AS INTEGER) AS leeftijd,
    a.straatnaam,
    CAST(a.huisnummer AS INTEGER) AS huisnummer,
    a.huisletter,
    a.huisnummertoevoeging,
    a.postcode,
    a.woonplaats,
    r.hoogste_diploma,
    r.laatste_onderwijssoort,
    CAST(r.inkomen_werk AS DECIMAL(12, 2)) AS inkomen_werk,
    r.gewist
FROM alle AS r
LEFT JOIN persoon AS p ON p.bsn = r.bsn
LEFT JOIN adres AS a ON a.bsn = r.bsn AND a.gemeentecode = r.gemeentecode
ORDER BY r.gemeentecode, r.status, r.jib_id
