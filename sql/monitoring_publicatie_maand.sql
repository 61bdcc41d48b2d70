-- The monitoring_maand rows the analysts' copy publishes: those of the deployment's area as it is now.
-- A row is published when its region summed the same gemeenten on its peildatum as on the latest peildatum
-- (regio_indeling), so that every published region is the sum of the gemeenten of `lidmaatschap` in every
-- period: a gemeente that left the area, a sub-region before a change of its composition, or `nederland`
-- of months run with JIB_GEBIED=NL stay in the restricted store only.
WITH samenstelling AS (
    SELECT peildatum, niveau, regiocode, string_agg(gemeentecode, ',' ORDER BY gemeentecode) AS leden
    FROM regio_indeling
    GROUP BY peildatum, niveau, regiocode
),
nu AS (
    SELECT niveau, regiocode, leden FROM samenstelling WHERE peildatum = (SELECT max(peildatum) FROM regio_indeling)
)
SELECT m.*
FROM monitoring_maand AS m
JOIN samenstelling AS s USING (peildatum, niveau, regiocode)
JOIN nu USING (niveau, regiocode, leden)
ORDER BY
    m.peildatum,
    CASE m.niveau WHEN 'nederland' THEN 1 WHEN 'arbeidsmarktregio' THEN 2 WHEN 'rmc_regio' THEN 3
        WHEN 'subregio' THEN 4 ELSE 5 END,
    m.regiocode
