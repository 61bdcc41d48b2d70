-- Hoe verhouden de arbeidsmarktregio's zich in het laatste kwartaal?
-- gemeenten_meegeteld / gemeenten_in_regio: hoe volledig het regiocijfer is (alleen gemeenten met een lijst tellen).
SELECT
    regiocode, regionaam, kwartaal,
    gemeenten_meegeteld || ' van ' || gemeenten_in_regio AS gemeenten,
    op_lijst, instroom, uitstroom,
    CASE WHEN instroom >= 10 THEN round(100.0 * instroom_benaderen / instroom, 1) END AS procent_benaderd,
    CASE WHEN jongeren_casemanager >= 10 THEN round(100.0 * bereikt / jongeren_casemanager, 1) END AS procent_bereikt,
    uren_gemiddeld_per_jongere
FROM monitoring_kwartaal
WHERE niveau = 'arbeidsmarktregio'
  AND kwartaal = (SELECT max(kwartaal) FROM monitoring_kwartaal)
ORDER BY op_lijst DESC NULLS LAST, regiocode;
