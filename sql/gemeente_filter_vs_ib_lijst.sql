-- Check (rules.md 3): gemeente_filter of $peildatum is the IB list, each person once in their
-- woongemeente, with one of the four categories. Counts the rows that differ, both ways.
WITH filter AS (
    SELECT jib_id, gemeentecode FROM gemeente_filter
    WHERE peildatum = $peildatum AND categorie IN ('bezwaar', 'bekend', 'zzp', 'benaderen')
),
ib AS (
    SELECT jib_id, woongemeente AS gemeentecode FROM ib_lijst WHERE peildatum = $peildatum
)
SELECT
    (SELECT count(*) FROM ((SELECT * FROM filter EXCEPT ALL SELECT * FROM ib)
                           UNION ALL (SELECT * FROM ib EXCEPT ALL SELECT * FROM filter)))
    + (SELECT count(*) FROM gemeente_filter WHERE peildatum = $peildatum
       AND (categorie IS NULL OR categorie NOT IN ('bezwaar', 'bekend', 'zzp', 'benaderen')))
