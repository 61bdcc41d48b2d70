-- Check: the persons on the municipal lists of $peildatum (instroom, blijft) are exactly the IB list,
-- each in their woongemeente. Compared by jib_id, because the BSN of a youth in bezwaar is erased
-- from gemeente_lijst (ib_lijst keeps the jib_id of persoon_toestand). Counts the differences both ways
-- (must be 0).
WITH ib AS (
    SELECT jib_id, woongemeente AS gemeentecode
    FROM ib_lijst
    WHERE peildatum = $peildatum
),
lijst AS (
    SELECT jib_id, gemeentecode
    FROM gemeente_lijst
    WHERE peildatum = $peildatum AND status <> 'uitstroom'
)
SELECT count(*)
FROM (
    (SELECT * FROM lijst EXCEPT ALL SELECT * FROM ib)
    UNION ALL
    (SELECT * FROM ib EXCEPT ALL SELECT * FROM lijst)
)
