-- The month-on-month checks' memory of ib_lijst: its rows of $peildatum per woongemeente (counts only), kept for life
-- in stap_tellingen (as sql/stap_tellingen_duo_selectie.sql).
SELECT 'ib_lijst' AS stap, peildatum, woongemeente AS gemeentecode, count(*) AS rijen
FROM ib_lijst WHERE peildatum = $peildatum GROUP BY ALL
