-- Check: persoon_toestand holds one row per person (jib_id) per peildatum; counts the persons with more.
SELECT count(*)
FROM (
    SELECT jib_id FROM persoon_toestand WHERE peildatum = $peildatum GROUP BY jib_id HAVING count(*) > 1
)
