-- Welk deel van de uitstroom gaat naar werk, per arbeidsmarktregio en kwartaal?
-- Neem het regiocijfer zelf: een som over de gemeenten slaat onderdrukte (NULL) gemeenten over en telt te laag.
-- Een afgeschermd aantal staat vaak als bereik in de tabel bereiken (65-74): dan ook het aandeel als bereik.
SELECT
    k.kwartaal, k.regiocode, k.regionaam, k.uitstroom,
    coalesce(k.uitstroom_werk::VARCHAR, b.van || '-' || b.tot) AS uitstroom_werk,
    coalesce(round(100.0 * k.uitstroom_werk / k.uitstroom, 1)::VARCHAR,
             round(100.0 * b.van / k.uitstroom, 1) || '-' || round(100.0 * b.tot / k.uitstroom, 1)) AS procent_naar_werk
FROM monitoring_kwartaal AS k
LEFT JOIN bereiken AS b
    ON b.tabel = 'monitoring_kwartaal' AND b.periode = k.kwartaal AND b.niveau = k.niveau
    AND b.regiocode = k.regiocode AND b.kolom = 'uitstroom_werk'
WHERE k.niveau = 'arbeidsmarktregio'
  AND k.uitstroom >= 10
  AND (k.uitstroom_werk IS NOT NULL OR b.van IS NOT NULL)
ORDER BY k.regiocode, k.kwartaal;
