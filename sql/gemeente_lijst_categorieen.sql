-- rules.md 3: the four categories partition the list of $peildatum: every row has exactly one of them,
-- one row per person per gemeente, and those on the list are as many as the IB list of P.
SELECT
    count(*) FILTER (WHERE categorie IS NULL OR categorie NOT IN ('bezwaar', 'bekend', 'zzp', 'benaderen')) = 0
    AND count(*) = count(DISTINCT (gemeentecode, jib_id))
    AND count(*) FILTER (WHERE status <> 'uitstroom')
        = (SELECT count(*) FROM ib_lijst WHERE peildatum = $peildatum)
FROM gemeente_lijst
WHERE peildatum = $peildatum
