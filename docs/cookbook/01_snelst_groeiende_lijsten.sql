-- Welke gemeenten hebben de snelst groeiende lijst?
-- Het aantal op de lijst aan het eind van het laatste volledige kwartaal tegen het kwartaal ervoor.
-- NULL = onderdrukt: dan is de groei onbekend (niet 0), en een percentage alleen over minstens 10 jongeren.
WITH per_kwartaal AS (
    SELECT
        regiocode, regionaam, kwartaal, op_lijst,
        lag(kwartaal) OVER (PARTITION BY regiocode ORDER BY kwartaal) AS vorig_kwartaal,
        lag(op_lijst) OVER (PARTITION BY regiocode ORDER BY kwartaal) AS op_lijst_vorig
    FROM monitoring_kwartaal
    WHERE niveau = 'gemeente'
)
SELECT
    regiocode, regionaam, vorig_kwartaal, kwartaal, op_lijst_vorig, op_lijst,
    op_lijst - op_lijst_vorig AS groei,
    round(100.0 * (op_lijst - op_lijst_vorig) / op_lijst_vorig, 1) AS groei_procent
FROM per_kwartaal
WHERE kwartaal = (SELECT max(kwartaal) FROM monitoring_kwartaal WHERE maanden = 3)
  AND op_lijst IS NOT NULL
  AND op_lijst_vorig >= 10
ORDER BY groei_procent DESC, regiocode
LIMIT 10;
