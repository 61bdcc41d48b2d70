-- Hoeveel jongeren bereikt de casemanager, per gemeente van de regio, aan het eind van het laatste kwartaal?
-- De casemanagercijfers zijn standen (cumulatief): alle jongeren die ooit op een werklijst kwamen.
SELECT
    m.regiocode, m.regionaam, m.jongeren_casemanager, m.kaartje_verstuurd, m.huisbezoek, m.bereikt,
    m.toestemming,
    CASE WHEN m.jongeren_casemanager >= 10 THEN round(100.0 * m.bereikt / m.jongeren_casemanager, 1) END
        AS procent_bereikt,
    CASE WHEN m.bereikt >= 10 THEN round(100.0 * m.toestemming / m.bereikt, 1) END AS procent_toestemming_van_bereikt
FROM monitoring_kwartaal AS m
JOIN gemeenten AS g ON g.gemeentecode = m.regiocode
WHERE m.niveau = 'gemeente'
  AND g.arbeidsmarktregio_code = 'AM33'
  AND m.kwartaal = (SELECT max(kwartaal) FROM monitoring_kwartaal)
ORDER BY procent_bereikt DESC NULLS LAST, m.regionaam;
