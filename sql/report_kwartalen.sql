-- The report (analysts' database): the quarter rows of a region and of the gemeenten it sums, up to $kwartaal.
SELECT *
FROM monitoring_kwartaal
WHERE list_contains($codes, regiocode) AND kwartaal <= $kwartaal AND (niveau = $niveau OR niveau = 'gemeente')
ORDER BY kwartaal, regiocode
