-- The quarters the report asset writes: each arbeidsmarktregio fully inside the area, all three months present,
-- every gemeente of the region counted.
SELECT kwartaal, regiocode
FROM monitoring_kwartaal
WHERE niveau = 'arbeidsmarktregio' AND maanden = 3 AND gemeenten_meegeteld = gemeenten_in_regio
ORDER BY kwartaal, regiocode
