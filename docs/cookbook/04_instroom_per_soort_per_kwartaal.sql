-- Hoeveel jongeren kwamen per kwartaal op de lijst, naar soort instroom (AM33; vervang door uw regio)?
-- INCLUDE NULLS: zonder die woorden laat UNPIVOT de onderdrukte cellen stil weg. Een afgeschermd aantal staat vaak
-- als bereik in de tabel bereiken (25-34): dat toont de kolom aantal dan.
SELECT u.kwartaal, u.soort_instroom,
       coalesce(u.aantal::VARCHAR, b.van || '-' || b.tot, 'onderdrukt') AS aantal
FROM (
    SELECT kwartaal, niveau, regiocode,
           instroom_nieuw AS nieuw, instroom_terugkeer AS terugkeer, instroom_verhuisd AS verhuisd
    FROM monitoring_kwartaal
    WHERE regiocode = 'AM33'
) UNPIVOT INCLUDE NULLS (aantal FOR soort_instroom IN (nieuw, terugkeer, verhuisd)) AS u
LEFT JOIN bereiken AS b
    ON b.tabel = 'monitoring_kwartaal' AND b.periode = u.kwartaal AND b.niveau = u.niveau
    AND b.regiocode = u.regiocode AND b.kolom = 'instroom_' || u.soort_instroom
ORDER BY u.kwartaal, u.soort_instroom;
