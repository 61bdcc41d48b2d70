-- A synthetic uwv_polis.csv body of $rijen rows for the ingest benchmark: BSNs that pass the elfproef
-- (about one number in eleven does), decimal commas, 12 months; keys that repeat by chance show the
-- duplicate rule at work. Needs the ingest macros.
WITH kandidaten AS (
    SELECT c AS i, (hash(c) % 1000000000)::BIGINT AS n FROM range(12 * $rijen) AS t(c)
),
bsn AS (
    SELECT i, lpad(n::VARCHAR, 9, '0') AS bsn FROM kandidaten WHERE ingest_elfproef(n) LIMIT $rijen
)
SELECT
    bsn,
    strftime(DATE '2024-03-01' + to_months((i % 12)::INTEGER), '%Y-%m') AS maand,
    lpad((hash(i * 7) % 1000000000)::VARCHAR, 9, '0') || 'L' || lpad((i % 100)::VARCHAR, 2, '0') AS loonheffingennummer,
    replace(((hash(i * 3) % 500000) / 100)::DECIMAL(12,2)::VARCHAR, '.', ',') AS sv_loon,
    replace(((hash(i * 5) % 20000) / 100)::DECIMAL(10,2)::VARCHAR, '.', ',') AS uren,
    ['ONBEPAALD', 'BEPAALD', 'OPROEP', 'UITZEND'][1 + (i % 4)::INTEGER] AS contractvorm
FROM bsn
