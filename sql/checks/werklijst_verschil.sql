-- Reconciliation: worklist rows of $peildatum that are not instroom of a worklist categorie, and such
-- instroom missing from the worklist (must be 0). $werklijst_categorieen: the register's value set.
WITH hoort AS (
    SELECT jib_id, gemeentecode FROM gemeente_lijst
    WHERE peildatum = $peildatum AND status = 'instroom' AND list_contains($werklijst_categorieen, categorie)
),
staat AS (
    SELECT jib_id, gemeentecode FROM werklijst_casemanager WHERE peildatum = $peildatum
)
SELECT count(*) FROM (
    (SELECT * FROM staat EXCEPT ALL SELECT * FROM hoort)
    UNION ALL
    (SELECT * FROM hoort EXCEPT ALL SELECT * FROM staat)
)
