-- Columns of the worklist whose name says BSN (must be none).
SELECT column_name
FROM information_schema.columns
WHERE table_name = 'werklijst_casemanager' AND lower(column_name) LIKE '%bsn%'
ORDER BY column_name
