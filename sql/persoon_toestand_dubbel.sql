-- Check: persoon_toestand holds one row per person per peildatum (by jib_id, or by BSN for whom no
-- jib_id is needed); counts the persons with more.
SELECT count(*)
FROM (
    SELECT coalesce(jib_id, bsn) AS persoon
    FROM persoon_toestand
    WHERE peildatum = $peildatum
    GROUP BY persoon
    HAVING count(*) > 1
)
