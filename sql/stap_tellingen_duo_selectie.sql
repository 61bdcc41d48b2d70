-- The month-on-month checks' memory of duo_selectie: its rows of $peildatum per woongemeente (counts only), kept for
-- life in stap_tellingen, so the GX frame `per_gemeente` compares a month with the months before without the step
-- table's rows of those months, which retention removes (privacy.bewaartermijn.stap_maanden).
SELECT 'duo_selectie' AS stap, peildatum, woongemeente AS gemeentecode, count(*) AS rijen
FROM duo_selectie WHERE peildatum = $peildatum GROUP BY ALL
