-- Hoe lang stonden de jongeren die uitstroomden op de lijst (mediaan in maanden), per gemeente en kwartaal?
-- De mediaan is onderdrukt (NULL) als minder dan 10 jongeren uitstroomden. Middel nooit medianen van
-- gemeenten tot een regiocijfer: de regiorij heeft een eigen mediaan over alle personen.
SELECT
    g.arbeidsmarktregio_naam, m.kwartaal, m.regiocode, m.regionaam, m.uitstroom,
    m.mediaan_maanden_op_lijst_uitstroom
FROM monitoring_kwartaal AS m
JOIN gemeenten AS g ON g.gemeentecode = m.regiocode
WHERE m.niveau = 'gemeente'
  AND g.arbeidsmarktregio_code = 'AM33'
ORDER BY m.regionaam, m.kwartaal;
