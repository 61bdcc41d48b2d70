-- Per source of a peildatum: the share of read rows set aside (the casemanager spreadsheets together).
SELECT
    CASE WHEN starts_with(bestand, 'casemanager/') THEN 'casemanager' ELSE bestand END AS bron,
    sum(rijen_gelezen) AS rijen_gelezen,
    sum(rijen_quarantaine) AS rijen_quarantaine,
    coalesce(sum(rijen_quarantaine) / nullif(sum(rijen_gelezen), 0), 0.0) AS aandeel
FROM ingest_bestanden
WHERE peildatum = $peildatum
GROUP BY ALL
ORDER BY bron
