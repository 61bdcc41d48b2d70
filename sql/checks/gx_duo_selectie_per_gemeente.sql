-- GX frame `per_gemeente` of duo_selectie: per gemeente this month's counts and shares beside the mean of the
-- previous months ($van up to $peildatum) and their ratio.
WITH maand AS (
    SELECT woongemeente AS gemeentecode, count(*) AS personen,
           avg(leeftijd) AS gemiddelde_leeftijd,
           count(DISTINCT leeftijd) AS aantal_leeftijden,
           avg(CASE WHEN geslacht = 'V' THEN 1.0 ELSE 0.0 END) AS aandeel_vrouw
    FROM duo_selectie WHERE peildatum = $peildatum GROUP BY ALL
),
vorige AS (
    -- the months before from their counts (stap_tellingen): retention keeps the step table's rows a shorter time
    SELECT gemeentecode,
           sum(rijen) / (SELECT count(DISTINCT peildatum) FROM stap_tellingen
                         WHERE stap = 'duo_selectie' AND peildatum >= $van AND peildatum < $peildatum) AS vorige_gemiddeld
    FROM stap_tellingen WHERE stap = 'duo_selectie' AND peildatum >= $van AND peildatum < $peildatum GROUP BY ALL
)
SELECT gemeentecode, coalesce(m.personen, 0) AS personen, m.gemiddelde_leeftijd,
       m.aantal_leeftijden, m.aandeel_vrouw, v.vorige_gemiddeld,
       coalesce(m.personen, 0) / v.vorige_gemiddeld AS ratio_vorige
FROM maand AS m FULL JOIN vorige AS v USING (gemeentecode)
ORDER BY gemeentecode
