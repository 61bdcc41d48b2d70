-- rules.md 4, conservation: the gemeenten where on list at P-1 + instroom - uitstroom <> on list at P.
-- The stocks are the IB lists of $vorige and $peildatum (0 at P-1 in the first month processed), the
-- flows the rows of gemeente_lijst: a P-1 list changed after the delta was made shows up here too.
WITH vorige AS (
    SELECT woongemeente AS gemeentecode, count(*) AS aantal
    FROM ib_lijst
    WHERE peildatum = $vorige AND NOT $eerste_maand
    GROUP BY woongemeente
),
nu AS (
    SELECT woongemeente AS gemeentecode, count(*) AS aantal
    FROM ib_lijst
    WHERE peildatum = $peildatum
    GROUP BY woongemeente
),
stromen AS (
    SELECT
        gemeentecode,
        count(*) FILTER (WHERE status = 'instroom') AS instroom,
        count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom,
        count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst
    FROM gemeente_lijst
    WHERE peildatum = $peildatum
    GROUP BY gemeentecode
)
SELECT gemeentecode
FROM vorige
FULL JOIN nu USING (gemeentecode)
FULL JOIN stromen USING (gemeentecode)
WHERE coalesce(vorige.aantal, 0) + coalesce(stromen.instroom, 0) - coalesce(stromen.uitstroom, 0)
          <> coalesce(nu.aantal, 0)
   OR coalesce(stromen.op_lijst, 0) <> coalesce(nu.aantal, 0)
ORDER BY gemeentecode
