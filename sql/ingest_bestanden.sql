-- Per delivered file of the staged rows: read, loaded, set aside (the quarantine rate's numerator and denominator).
SELECT
    $peildatum AS peildatum,
    bron AS bestand,
    count(*) AS rijen_gelezen,
    count(*) FILTER (WHERE reden IS NULL) AS rijen_geladen,
    count(*) FILTER (WHERE reden IS NOT NULL) AS rijen_quarantaine
FROM ingest_staged
GROUP BY bron
