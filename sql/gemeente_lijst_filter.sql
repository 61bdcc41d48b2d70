-- rules.md 3: the JIB list of $peildatum, one row per person in their woongemeente, with the one
-- categorie of the first rule that applies: bezwaar, bekend (a client period of their own
-- woongemeente under one of $bekend_regelingen), zzp (a KvK period), benaderen.
-- Staged as temp table stage_gemeente_filter; jib_id() is the keyed UDF of privacy.pseudonym.
WITH lijst AS MATERIALIZED (
    SELECT l.woongemeente AS gemeentecode, l.bsn, jib_id(l.bsn) AS jib_id, l.inkomen_werk
    FROM ib_lijst AS l
    WHERE l.peildatum = $peildatum
)
SELECT
    lijst.gemeentecode,
    lijst.bsn,
    lijst.jib_id,
    CASE
        WHEN EXISTS (
            SELECT 1 FROM bezwaar_register AS b
            WHERE b.jib_id = lijst.jib_id AND b.peildatum_bezwaar <= $peildatum
        ) THEN 'bezwaar'
        WHEN EXISTS (
            SELECT 1 FROM gemeente_klanten AS k
            WHERE k.peildatum = $peildatum
              AND k.bsn = lijst.bsn
              AND k.gemeentecode = lijst.gemeentecode
              AND list_contains($bekend_regelingen::VARCHAR[], k.regeling)
              AND geldig_op(k.begindatum, k.einddatum, $peildatum)
        ) THEN 'bekend'
        WHEN EXISTS (
            SELECT 1 FROM kvk_inschrijvingen AS z
            WHERE z.peildatum = $peildatum AND z.bsn = lijst.bsn AND geldig_op(z.begindatum, z.einddatum, $peildatum)
        ) THEN 'zzp'
        ELSE 'benaderen'
    END AS categorie,
    s.geboortedatum,
    s.geslacht,
    s.leeftijd,
    s.hoogste_diploma,
    s.laatste_onderwijssoort,
    lijst.inkomen_werk
FROM lijst
LEFT JOIN duo_selectie AS s ON s.peildatum = $peildatum AND s.bsn = lijst.bsn
