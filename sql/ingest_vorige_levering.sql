-- The previous delivery of a file: its data rows read on the latest earlier peildatum it was loaded for.
SELECT rijen_gelezen, peildatum
FROM ingest_bestanden
WHERE bestand = $bestand AND peildatum < $peildatum
ORDER BY peildatum DESC
LIMIT 1
