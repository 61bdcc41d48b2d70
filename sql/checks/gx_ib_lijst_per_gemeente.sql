-- GX frame `per_gemeente` of ib_lijst: per gemeente this month's counts and shares beside the mean of the
-- previous months ($van up to $peildatum) and their ratio.
WITH maand AS (
    SELECT woongemeente AS gemeentecode, count(*) AS op_lijst,
           avg(CASE WHEN nulinkomen THEN 1.0 ELSE 0.0 END) AS aandeel_nulinkomen
    FROM ib_lijst WHERE peildatum = $peildatum GROUP BY ALL
),
selectie AS (
    SELECT woongemeente AS gemeentecode, count(*) AS selectie
    FROM duo_selectie WHERE peildatum = $peildatum GROUP BY ALL
),
vorige AS (
    -- the months before from their counts (stap_tellingen): retention keeps the step table's rows a shorter time
    SELECT gemeentecode,
           sum(rijen) / (SELECT count(DISTINCT peildatum) FROM stap_tellingen
                         WHERE stap = 'ib_lijst' AND peildatum >= $van AND peildatum < $peildatum) AS vorige_gemiddeld
    FROM stap_tellingen WHERE stap = 'ib_lijst' AND peildatum >= $van AND peildatum < $peildatum GROUP BY ALL
)
SELECT gemeentecode, coalesce(m.op_lijst, 0) AS op_lijst, m.aandeel_nulinkomen,
       coalesce(s.selectie, 0) AS selectie,
       coalesce(m.op_lijst, 0) / nullif(s.selectie, 0) AS aandeel_van_selectie,
       v.vorige_gemiddeld, coalesce(m.op_lijst, 0) / v.vorige_gemiddeld AS ratio_vorige
FROM maand AS m
FULL JOIN vorige AS v USING (gemeentecode)
LEFT JOIN selectie AS s USING (gemeentecode)
ORDER BY gemeentecode
