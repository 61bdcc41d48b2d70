-- Waar gaan de jongeren na contact met de casemanager naartoe (bestemming), in de regio, per kwartaal?
-- Een stand: alle jongeren van de werklijsten met een bestemming, eind kwartaal. NULL = onderdrukt.
SELECT kwartaal, bestemming, aantal
FROM (
    SELECT
        kwartaal, bestemming_opleiding AS opleiding, bestemming_werk AS werk, bestemming_uitkering AS uitkering,
        bestemming_verhuizing AS verhuizing, bestemming_samenwonen AS samenwonen,
        bestemming_dagbesteding AS dagbesteding, bestemming_vrijwilligerswerk AS vrijwilligerswerk,
        bestemming_afzien AS afzien, bestemming_eigen_onderneming AS eigen_onderneming, bestemming_anders AS anders
    FROM monitoring_kwartaal
    WHERE regiocode = 'AM33'
) UNPIVOT INCLUDE NULLS (aantal FOR bestemming IN (
    opleiding, werk, uitkering, verhuizing, samenwonen, dagbesteding, vrijwilligerswerk, afzien,
    eigen_onderneming, anders
))
ORDER BY kwartaal, aantal DESC NULLS LAST, bestemming;
