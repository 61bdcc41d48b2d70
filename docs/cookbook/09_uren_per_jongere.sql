-- Hoeveel uur besteedt de casemanager gemiddeld per opgepakte jongere, per gemeente, kwartaal na kwartaal?
-- Eén kolom per kwartaal; een gemiddelde over minder dan 10 jongeren is onderdrukt (NULL).
PIVOT (
    SELECT m.regionaam, m.kwartaal, m.uren_gemiddeld_per_jongere
    FROM monitoring_kwartaal AS m
    JOIN gemeenten AS g ON g.gemeentecode = m.regiocode
    WHERE m.niveau = 'gemeente' AND g.arbeidsmarktregio_code = 'AM33'
)
ON kwartaal
USING any_value(uren_gemiddeld_per_jongere)
ORDER BY regionaam;
