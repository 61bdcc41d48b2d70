-- Reconciliation: rows of the IB list of $peildatum that are not in the DUO selection of $peildatum (must be 0).
SELECT count(*)
FROM ib_lijst AS i
ANTI JOIN duo_selectie AS d ON d.peildatum = i.peildatum AND d.bsn = i.bsn
WHERE i.peildatum = $peildatum
