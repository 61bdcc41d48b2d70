-- The report (analysts' database): the gemeenten a region sums (regio_indeling: those inside the area), by name.
SELECT r.gemeentecode, g.gemeentenaam
FROM regio_indeling AS r
JOIN gemeenten AS g USING (gemeentecode)
WHERE r.regiocode = $regio
ORDER BY g.gemeentenaam
