-- Check: persoon_toestand holds one row per person per peildatum (by jib_id, or by BSN for whom no
-- jib_id is needed); counts the persons with more. A row with neither is an erased objector who was
-- not of target age (no jib_id was computed): each such row is one person, and cannot be matched to
-- another (without this, a rerun of any month after such an erasure failed on its own kept rows).
SELECT count(*)
FROM (
    SELECT coalesce(jib_id, bsn) AS persoon
    FROM persoon_toestand
    WHERE peildatum = $peildatum AND coalesce(jib_id, bsn) IS NOT NULL
    GROUP BY persoon
    HAVING count(*) > 1
)
