-- Check (rules.md 3): gemeente_filter of $peildatum is the IB list, each person once in their
-- woongemeente, with one of the four categories ($categorieen: the register's value set categorie,
-- jib_assets/schema.py). Counts the rows that differ, both ways.
WITH filter AS (
    SELECT jib_id, gemeentecode FROM gemeente_filter
    WHERE peildatum = $peildatum AND list_contains($categorieen::VARCHAR[], categorie)
),
ib AS (
    SELECT jib_id, woongemeente AS gemeentecode FROM ib_lijst WHERE peildatum = $peildatum
)
SELECT
    (SELECT count(*) FROM ((SELECT * FROM filter EXCEPT ALL SELECT * FROM ib)
                           UNION ALL (SELECT * FROM ib EXCEPT ALL SELECT * FROM filter)))
    + (SELECT count(*) FROM gemeente_filter WHERE peildatum = $peildatum
       AND NOT coalesce(list_contains($categorieen::VARCHAR[], categorie), false))
