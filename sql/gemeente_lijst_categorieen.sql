-- rules.md 3: the four categories partition the list of $peildatum: every row has exactly one of them,
-- one row per person per gemeente, and those on the list are as many as the IB list of P.
-- $categorieen: the register's value set categorie (jib_assets/schema.py).
SELECT
    count(*) FILTER (WHERE NOT coalesce(list_contains($categorieen::VARCHAR[], categorie), false)) = 0
    AND count(*) = count(DISTINCT (gemeentecode, jib_id))
    AND count(*) FILTER (WHERE status <> 'uitstroom')
        = (SELECT count(*) FROM ib_lijst WHERE peildatum = $peildatum)
FROM gemeente_lijst
WHERE peildatum = $peildatum
