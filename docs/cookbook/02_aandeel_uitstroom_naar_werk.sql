-- Welk deel van de uitstroom gaat naar werk, per arbeidsmarktregio en kwartaal?
-- Neem het regiocijfer zelf: een som over de gemeenten slaat onderdrukte (NULL) gemeenten over en telt te laag.
SELECT
    kwartaal, regiocode, regionaam, uitstroom, uitstroom_werk,
    round(100.0 * uitstroom_werk / uitstroom, 1) AS procent_naar_werk
FROM monitoring_kwartaal
WHERE niveau = 'arbeidsmarktregio'
  AND uitstroom >= 10
  AND uitstroom_werk IS NOT NULL
ORDER BY regiocode, kwartaal;
