-- Reconciliation: gemeenten of the area whose monitoring op_lijst / instroom / uitstroom of $peildatum
-- differ from the rows of gemeente_lijst (must be 0). The area is that of regio_indeling on $peildatum.
WITH telling AS (
    SELECT gemeentecode,
           count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
           count(*) FILTER (WHERE status = 'instroom') AS instroom,
           count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom
    FROM gemeente_lijst
    WHERE peildatum = $peildatum
      AND gemeentecode IN (SELECT gemeentecode FROM regio_indeling WHERE peildatum = $peildatum AND niveau = 'gemeente')
    GROUP BY gemeentecode
)
SELECT count(*) FROM telling AS t
FULL JOIN (SELECT * FROM monitoring_maand WHERE peildatum = $peildatum AND niveau = 'gemeente') AS m
  ON m.regiocode = t.gemeentecode
WHERE coalesce(m.op_lijst, 0) <> coalesce(t.op_lijst, 0)
   OR coalesce(m.instroom, 0) <> coalesce(t.instroom, 0)
   OR coalesce(m.uitstroom, 0) <> coalesce(t.uitstroom, 0)
