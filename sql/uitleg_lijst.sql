-- jib uitleg: the person's rows of gemeente_lijst on $peildatum (rules.md 4: instroom, blijft or uitstroom,
-- per gemeente), whether they are on that gemeente's worklist, and the months of the current run (of the
-- run that just ended, on an uitstroom row).
SELECT
    l.gemeentecode, l.status, l.soort_instroom, l.verhuisd_van, l.reden_uitstroom, l.verhuisd_naar,
    l.datum_instroom, l.categorie,
    date_diff('month', l.datum_instroom, $peildatum::DATE) + CASE WHEN l.status = 'uitstroom' THEN 0 ELSE 1 END
        AS maanden_op_lijst,
    EXISTS (
        SELECT 1 FROM werklijst_casemanager AS w
        WHERE w.peildatum = l.peildatum AND w.gemeentecode = l.gemeentecode AND w.jib_id = l.jib_id
    ) AS op_werklijst
FROM gemeente_lijst AS l
WHERE l.peildatum = $peildatum AND l.jib_id = $jib_id
ORDER BY CASE l.status WHEN 'uitstroom' THEN 1 ELSE 0 END, l.gemeentecode
