-- Hoeveel jongeren kwamen per kwartaal op de lijst, naar soort instroom (AM33; vervang door uw regio)?
-- INCLUDE NULLS: zonder die woorden laat UNPIVOT de onderdrukte cellen stil weg.
SELECT kwartaal, soort_instroom, aantal
FROM (
    SELECT kwartaal, instroom_nieuw AS nieuw, instroom_terugkeer AS terugkeer, instroom_verhuisd AS verhuisd
    FROM monitoring_kwartaal
    WHERE regiocode = 'AM33'
) UNPIVOT INCLUDE NULLS (aantal FOR soort_instroom IN (nieuw, terugkeer, verhuisd))
ORDER BY kwartaal, soort_instroom;
