-- The data lines of a delivery file (the stream ingest_regels: regel, line) split into their fields.
-- The header (regel 1) was checked apart; empty lines hold no row and are skipped.
SELECT regel::BIGINT AS regel, ingest_velden(line) AS velden
FROM ingest_regels
WHERE regel > 1 AND line <> ''
