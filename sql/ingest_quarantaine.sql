-- The staged rows that broke a rule of sources.md, as quarantaine rows: file, line, reasons, and the BSN
-- as delivered only when it is all digits (so a name that slid into the column is never copied).
SELECT
    $peildatum AS peildatum,
    bron AS bestand,
    regel,
    CASE WHEN regexp_full_match(bsn, '[0-9]{1,12}') THEN bsn END AS bsn,
    reden
FROM ingest_staged
WHERE reden IS NOT NULL
