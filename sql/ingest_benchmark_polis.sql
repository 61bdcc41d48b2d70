-- A synthetic uwv_polis.csv body of $rijen rows for the ingest benchmark: valid BSNs (elfproef), decimal
-- commas, 12 months; the few keys that repeat by chance show the duplicate rule at work.
WITH prefix AS (
    SELECT i, hash(i) % 100000000 AS p FROM range($rijen) AS t(i)
),
bsn AS (
    SELECT i, p, (
        9 * (p // 10000000) + 8 * (p // 1000000 % 10) + 7 * (p // 100000 % 10) + 6 * (p // 10000 % 10)
        + 5 * (p // 1000 % 10) + 4 * (p // 100 % 10) + 3 * (p // 10 % 10) + 2 * (p % 10)
    ) % 11 AS controle
    FROM prefix
)
SELECT
    CASE WHEN controle = 10 THEN '111222333' ELSE lpad(p::VARCHAR, 8, '0') || controle END AS bsn,
    strftime(DATE '2024-03-01' + to_months((i % 12)::INTEGER), '%Y-%m') AS maand,
    lpad((hash(i * 7) % 1000000000)::VARCHAR, 9, '0') || 'L' || lpad((i % 100)::VARCHAR, 2, '0') AS loonheffingennummer,
    replace(((hash(i * 3) % 500000) / 100)::DECIMAL(12,2)::VARCHAR, '.', ',') AS sv_loon,
    replace(((hash(i * 5) % 20000) / 100)::DECIMAL(10,2)::VARCHAR, '.', ',') AS uren,
    ['ONBEPAALD', 'BEPAALD', 'OPROEP', 'UITZEND'][1 + (i % 4)::INTEGER] AS contractvorm
FROM bsn
