-- The report (analysts' database): the ranges published for hidden quarter cells of a region and its gemeenten
-- (table bereiken: partial suppression, a hidden secondary count shown as a ten), up to $kwartaal.
SELECT periode AS kwartaal, regiocode, kolom, van, tot
FROM bereiken
WHERE tabel = 'monitoring_kwartaal' AND list_contains($codes, regiocode) AND periode <= $kwartaal
ORDER BY kwartaal, regiocode, kolom
