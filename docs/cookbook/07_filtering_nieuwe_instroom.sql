-- Wat gebeurt er met de nieuwe instroom na filtering door de gemeente (zzp, bekend, benaderen, bezwaar),
-- per kwartaal, voor de regio en haar subregio's?
SELECT
    kwartaal, niveau, regiocode, regionaam, instroom, instroom_zzp, instroom_bekend, instroom_benaderen,
    instroom_bezwaar,
    CASE WHEN instroom >= 10 THEN round(100.0 * instroom_benaderen / instroom, 1) END AS procent_benaderen
FROM monitoring_kwartaal
WHERE regiocode = 'AM33' OR niveau = 'subregio'
ORDER BY kwartaal, niveau, regiocode;
