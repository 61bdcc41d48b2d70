-- Publication guard (issue 9): do the months of gemeente_lijst chain? For every processed month P
-- after the first, per gemeente: list(P-1) + instroom(P) - uitstroom(P) = list(P); every blijft and
-- uitstroom row of P was on that gemeente's list of P-1 and every instroom row was not; and P-1 was
-- processed at all. One row per (peildatum, gemeentecode, probleem) with how many rows break it
-- (counts only, never a person). A month rebuilt after later months were made shows up at the month after it.
WITH maanden AS (
    SELECT peildatum, eerste_maand FROM gemeente_lijst_maanden
),
te_toetsen AS (
    SELECT peildatum, CAST(peildatum - INTERVAL 1 MONTH AS DATE) AS vorige
    FROM maanden
    WHERE NOT eerste_maand
),
op_lijst AS (
    SELECT peildatum, gemeentecode, jib_id FROM gemeente_lijst WHERE status <> 'uitstroom'
),
gat AS (
    SELECT t.peildatum, CAST(NULL AS VARCHAR) AS gemeentecode,
           'de vorige maand is nooit gemaakt' AS probleem, 1 AS aantal
    FROM te_toetsen AS t
    WHERE t.vorige NOT IN (SELECT peildatum FROM maanden)
),
rijen AS (
    SELECT
        l.peildatum, l.gemeentecode,
        CASE WHEN l.status = 'instroom' THEN 'instroom stond al op de lijst van de vorige maand'
             ELSE l.status || ' stond niet op de lijst van de vorige maand' END AS probleem,
        count(*) AS aantal
    FROM gemeente_lijst AS l
    JOIN te_toetsen AS t ON t.peildatum = l.peildatum
    LEFT JOIN op_lijst AS v ON v.peildatum = t.vorige AND v.gemeentecode = l.gemeentecode AND v.jib_id = l.jib_id
    WHERE (l.status = 'instroom') = (v.jib_id IS NOT NULL)
    GROUP BY ALL
),
vorige_stand AS (
    SELECT t.peildatum, v.gemeentecode, count(*) AS aantal
    FROM te_toetsen AS t
    JOIN op_lijst AS v ON v.peildatum = t.vorige
    GROUP BY ALL
),
stromen AS (
    SELECT
        l.peildatum, l.gemeentecode,
        count(*) FILTER (WHERE l.status = 'instroom') AS instroom,
        count(*) FILTER (WHERE l.status = 'uitstroom') AS uitstroom,
        count(*) FILTER (WHERE l.status <> 'uitstroom') AS aantal
    FROM gemeente_lijst AS l
    JOIN te_toetsen AS t ON t.peildatum = l.peildatum
    GROUP BY ALL
),
telling AS (
    SELECT
        peildatum, gemeentecode,
        format('{} + {} - {} <> {}', coalesce(v.aantal, 0), coalesce(s.instroom, 0), coalesce(s.uitstroom, 0),
               coalesce(s.aantal, 0)) AS probleem,
        1 AS aantal
    FROM vorige_stand AS v
    FULL JOIN stromen AS s USING (peildatum, gemeentecode)
    WHERE coalesce(v.aantal, 0) + coalesce(s.instroom, 0) - coalesce(s.uitstroom, 0) <> coalesce(s.aantal, 0)
)
SELECT peildatum, gemeentecode, probleem, aantal FROM gat
UNION ALL
SELECT peildatum, gemeentecode, probleem, aantal FROM rijen
UNION ALL
SELECT peildatum, gemeentecode, probleem, aantal FROM telling
ORDER BY peildatum, gemeentecode, probleem
