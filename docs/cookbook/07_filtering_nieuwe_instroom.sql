-- Wat gebeurt er met de nieuwe instroom na filtering door de gemeente (zzp, bekend, benaderen, bezwaar),
-- per kwartaal, voor de regio en voor Nederland?
SELECT
    kwartaal, regiocode, instroom, instroom_zzp, instroom_bekend, instroom_benaderen, instroom_bezwaar,
    CASE WHEN instroom >= 10 THEN round(100.0 * instroom_benaderen / instroom, 1) END AS procent_benaderen
FROM monitoring_kwartaal
WHERE regiocode IN ('AM33', 'NL')
ORDER BY kwartaal, regiocode;
