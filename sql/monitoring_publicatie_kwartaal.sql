-- The monitoring_kwartaal rows the analysts' copy publishes (see monitoring_publicatie_maand.sql): a quarter's
-- region is compared as on the last month of the quarter present, the month whose composition it was built on.
-- Only a complete quarter is published (its last month processed): a quarter so far would change from one
-- monthly publication to the next, and two of them side by side give the new month's figures by subtraction
-- (docs/privacy.md, "Publications side by side").
WITH samenstelling AS (
    SELECT
        year(peildatum) || '-Q' || quarter(peildatum) AS kwartaal,
        niveau, regiocode, string_agg(gemeentecode, ',' ORDER BY gemeentecode) AS leden,
        date_trunc('quarter', peildatum) + INTERVAL 2 MONTH AS einde
    FROM regio_indeling
    GROUP BY peildatum, niveau, regiocode
    QUALIFY peildatum = max(peildatum) OVER (PARTITION BY year(peildatum), quarter(peildatum))
),
nu AS (
    SELECT niveau, regiocode, string_agg(gemeentecode, ',' ORDER BY gemeentecode) AS leden
    FROM regio_indeling
    WHERE peildatum = (SELECT max(peildatum) FROM regio_indeling)
    GROUP BY niveau, regiocode
)
SELECT k.*
FROM monitoring_kwartaal AS k
JOIN samenstelling AS s USING (kwartaal, niveau, regiocode)
JOIN nu USING (niveau, regiocode, leden)
WHERE s.einde <= (SELECT max(peildatum) FROM regio_indeling)
ORDER BY
    k.kwartaal,
    CASE k.niveau WHEN 'nederland' THEN 1 WHEN 'arbeidsmarktregio' THEN 2 WHEN 'rmc_regio' THEN 3
        WHEN 'subregio' THEN 4 ELSE 5 END,
    k.regiocode
