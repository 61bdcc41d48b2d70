-- Hoeveel jongeren stroomden per kwartaal per gemeente in, ook waar het getal zelf onderdrukt is?
-- Een getal dat onderdrukt is om een ander te beschermen staat vaak als bereik in de tabel bereiken (30-39, 25-34): toon dat dan.
SELECT k.kwartaal, k.regionaam,
       coalesce(k.instroom::VARCHAR, b.van || '-' || b.tot, 'onderdrukt') AS instroom
FROM monitoring_kwartaal AS k
LEFT JOIN bereiken AS b
    ON b.tabel = 'monitoring_kwartaal' AND b.periode = k.kwartaal AND b.niveau = k.niveau
    AND b.regiocode = k.regiocode AND b.kolom = 'instroom'
WHERE k.niveau = 'gemeente'
ORDER BY k.kwartaal, k.regionaam;
