-- The report (analysts' database): the month rows of a region and its gemeenten up to $tot (the monthly lines).
SELECT *
FROM monitoring_maand
WHERE list_contains($codes, regiocode) AND peildatum <= $tot AND (niveau = $niveau OR niveau = 'gemeente')
ORDER BY peildatum, regiocode
