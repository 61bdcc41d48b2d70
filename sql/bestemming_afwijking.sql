-- Issue 13, spreadsheet against register: per gemeente the youths whose casemanager recorded an outflow
-- (datum_uitstroom and a bestemming, the latest row of the deliveries up to $peildatum) more than
-- $maanden months before P while the register still has them on this gemeente's list on P; only for the
-- bestemmingen $zichtbaar that the deliveries can show (the others leave a youth on the list by rule). Kept with
-- jib_id in the restricted table bestemming_afwijking; the Dagster check shows counts only.
WITH geregistreerd AS (
    SELECT
        c.gemeentecode, c.jib_id,
        arg_max(c.bestemming, (c.peildatum, c.regel, c.bestand)) AS bestemming,
        arg_max(c.datum_uitstroom, (c.peildatum, c.regel, c.bestand)) AS datum_uitstroom
    FROM casemanager_monitoring AS c
    WHERE c.peildatum <= $peildatum AND c.jib_id IS NOT NULL
    GROUP BY ALL
)
SELECT
    $peildatum::DATE AS peildatum,
    g.gemeentecode,
    g.jib_id,
    g.bestemming,
    g.datum_uitstroom,
    date_diff('month', g.datum_uitstroom, $peildatum::DATE) AS maanden_verschil
FROM geregistreerd AS g
JOIN gemeente_lijst AS l
    ON l.peildatum = $peildatum AND l.gemeentecode = g.gemeentecode AND l.jib_id = g.jib_id AND l.status <> 'uitstroom'
WHERE list_contains($zichtbaar::VARCHAR[], g.bestemming) AND g.datum_uitstroom IS NOT NULL
  AND g.datum_uitstroom < $peildatum::DATE - to_months($maanden)
ORDER BY g.gemeentecode, g.jib_id
