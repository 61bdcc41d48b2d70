-- Check (rules.md 2): ib_verrijking of $peildatum holds every selected person exactly once and nobody
-- else; counts the differences (by jib_id, both ways).
SELECT count(*)
FROM (
    (SELECT jib_id FROM ib_verrijking WHERE peildatum = $peildatum
     EXCEPT ALL
     SELECT jib_id FROM duo_selectie WHERE peildatum = $peildatum)
    UNION ALL
    (SELECT jib_id FROM duo_selectie WHERE peildatum = $peildatum
     EXCEPT ALL
     SELECT jib_id FROM ib_verrijking WHERE peildatum = $peildatum)
)
