-- rules.md 5, sustainable work: the werk cohort U = $cohort, the youths who left a gemeente's list in month U for
-- work (an objector's erased row, bsn NULL, is not followed), with the gemeente they left. Read by the monitoring
-- (sql/monitoring_feiten.sql) and by the polis ingest, which stores only their wages of the follow-up months
-- (ingest.csv_source.bewaard).
SELECT DISTINCT gemeentecode, bsn
FROM gemeente_lijst
WHERE peildatum = $cohort AND status = 'uitstroom' AND reden_uitstroom = 'werk' AND bsn IS NOT NULL
