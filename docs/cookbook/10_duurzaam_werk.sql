-- Blijven jongeren die voor werk van de lijst gingen aan het werk? Per kwartaal voor de regio: van het
-- werk-cohort (gevolgd over de 6 maanden na uitstroom) het deel met werk na 6 maanden, minstens 20 uur
-- per week en economisch zelfstandig. Percentages alleen over minstens 10 gevolgde jongeren.
SELECT
    kwartaal, regiocode, werk_uitstroom_gevolgd, werk_na_6_maanden, werk_20u, economisch_zelfstandig,
    round(100.0 * werk_na_6_maanden / werk_uitstroom_gevolgd, 1) AS procent_werk_na_6_maanden,
    round(100.0 * werk_20u / werk_uitstroom_gevolgd, 1) AS procent_20_uur,
    round(100.0 * economisch_zelfstandig / werk_uitstroom_gevolgd, 1) AS procent_economisch_zelfstandig
FROM monitoring_kwartaal
WHERE regiocode = 'AM33'
  AND werk_uitstroom_gevolgd >= 10
ORDER BY kwartaal;
