-- jib wat-als: per gemeente and person, on the real list of $peildatum (the warehouse, attached as wh),
-- on the variant's list (the in-memory chain), or both; for someone only on the real list, why the
-- variant leaves them off, read from the variant's own step outputs (duo_beoordeling's reason, else
-- ib_verrijking: benefit, then income at or above the variant's threshold). No rule is evaluated here.
WITH echt AS (
    SELECT gemeentecode, jib_id, bsn FROM wh.main.gemeente_lijst WHERE peildatum = $peildatum AND status <> 'uitstroom'
),
variant AS (
    SELECT gemeentecode, jib_id FROM main.gemeente_lijst WHERE peildatum = $peildatum AND status <> 'uitstroom'
),
beide AS (
    SELECT
        coalesce(e.gemeentecode, v.gemeentecode) AS gemeentecode,
        coalesce(e.jib_id, v.jib_id) AS jib_id,
        e.bsn,
        e.jib_id IS NOT NULL AS op_lijst,
        v.jib_id IS NOT NULL AS op_lijst_variant
    FROM echt AS e
    FULL OUTER JOIN variant AS v ON v.gemeentecode = e.gemeentecode AND v.jib_id = e.jib_id
)
SELECT
    b.gemeentecode,
    b.op_lijst,
    b.op_lijst_variant,
    CASE
        WHEN b.op_lijst AND NOT b.op_lijst_variant THEN coalesce(
            coalesce(d.reden, dj.reden),
            -- No outcome in the variant: buiten_doelgroep (one BRP record with a birth date, not of the variant's
            -- target age on P or P-1). On the real list, so alive and resident: only the age can keep them off.
            CASE WHEN d.bsn IS NULL AND dj.jib_id IS NULL AND i.bsn IS NULL AND ij.jib_id IS NULL THEN 'leeftijd' END,
            CASE
                WHEN coalesce(i.uitkering, ij.uitkering) THEN 'uitkering'
                WHEN NOT coalesce(i.op_lijst, ij.op_lijst) THEN 'werk'
            END,
            'onbekend')
    END AS reden_eraf
FROM beide AS b
-- By BSN: the variant computes a jib_id only for its own target ages; by jib_id for erased objectors.
LEFT JOIN main.duo_beoordeling AS d ON d.peildatum = $peildatum AND d.bsn = b.bsn
LEFT JOIN main.duo_beoordeling AS dj ON dj.peildatum = $peildatum AND b.bsn IS NULL AND dj.jib_id = b.jib_id
LEFT JOIN main.ib_verrijking AS i ON i.peildatum = $peildatum AND i.bsn = b.bsn
LEFT JOIN main.ib_verrijking AS ij ON ij.peildatum = $peildatum AND b.bsn IS NULL AND ij.jib_id = b.jib_id
