-- GX frame `per_gemeente` of gemeente_lijst: per gemeente this month's counts and shares beside the mean of the
-- previous months ($van up to $peildatum) and their ratio.
WITH eerste AS (
    SELECT gemeentecode, min(peildatum) AS eerste_peildatum FROM gemeente_lijst GROUP BY ALL
),
maand AS (
    SELECT gemeentecode,
           count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
           count(*) FILTER (WHERE status = 'instroom') AS instroom,
           count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom,
           count(*) FILTER (WHERE status <> 'uitstroom' AND categorie = 'benaderen') AS benaderen
    FROM gemeente_lijst WHERE peildatum = $peildatum GROUP BY ALL
),
vorige_maanden AS (
    SELECT gemeentecode, peildatum,
           count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
           count(*) FILTER (WHERE status = 'instroom') AS instroom
    FROM gemeente_lijst WHERE peildatum >= $van AND peildatum < $peildatum GROUP BY ALL
),
vorige AS (
    -- a gemeente's first month is all instroom: it does not count towards its usual inflow
    SELECT v.gemeentecode,
           sum(v.op_lijst) / (SELECT count(DISTINCT peildatum) FROM gemeente_lijst
                              WHERE peildatum >= $van AND peildatum < $peildatum) AS vorige_gemiddeld,
           avg(v.instroom) FILTER (WHERE v.peildatum > e.eerste_peildatum) AS vorige_instroom_gemiddeld
    FROM vorige_maanden AS v JOIN eerste AS e USING (gemeentecode)
    GROUP BY ALL
)
SELECT gemeentecode,
       coalesce(m.op_lijst, 0) AS op_lijst, coalesce(m.instroom, 0) AS instroom,
       coalesce(m.uitstroom, 0) AS uitstroom,
       e.eerste_peildatum = CAST($peildatum AS DATE) AS eerste_maand,
       m.benaderen / nullif(m.op_lijst, 0) AS aandeel_benaderen,
       m.instroom / nullif(m.op_lijst, 0) AS aandeel_instroom,
       v.vorige_gemiddeld, coalesce(m.op_lijst, 0) / v.vorige_gemiddeld AS ratio_vorige,
       v.vorige_instroom_gemiddeld,
       coalesce(m.instroom, 0) / v.vorige_instroom_gemiddeld AS ratio_instroom
FROM maand AS m
FULL JOIN vorige AS v USING (gemeentecode)
JOIN eerste AS e USING (gemeentecode)
ORDER BY gemeentecode
