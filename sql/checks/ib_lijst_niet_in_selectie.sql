-- Reconciliation: rows of the IB list of $peildatum that are not in the DUO selection of $peildatum (must be 0).
-- Matched by jib_id: every selected person has one, and an erased objector's rows keep only that (bsn NULL).
SELECT count(*)
FROM ib_lijst AS i
ANTI JOIN duo_selectie AS d ON d.peildatum = i.peildatum AND d.jib_id = i.jib_id
WHERE i.peildatum = $peildatum
