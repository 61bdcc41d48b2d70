-- Hoe ontwikkelt het aantal op de lijst per 1.000 jongeren zich per gemeente over de laatste 12 maanden?
-- Eén kolom per gemeente, één rij per maand; NULL = onderdrukt (nooit 0).
PIVOT (
    SELECT m.peildatum, m.regionaam, m.op_lijst_per_1000
    FROM monitoring_maand AS m
    JOIN regio_indeling AS r ON r.gemeentecode = m.regiocode
    WHERE m.niveau = 'gemeente' AND r.regiocode = 'AM33'
      AND m.peildatum > (SELECT max(peildatum) FROM monitoring_maand) - INTERVAL 12 MONTH
)
ON regionaam
USING any_value(op_lijst_per_1000)
ORDER BY peildatum;
