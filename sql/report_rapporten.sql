-- The quarters the report asset writes, each with a digest of every published row its report shows: each
-- arbeidsmarktregio fully inside the area, all three months present, every gemeente of the region counted; the
-- digest covers the names of its gemeenten and the quarter rows, month rows and ranges of the region and those
-- gemeenten up to the quarter (what report_gemeenten, report_kwartalen, report_maanden and report_bereiken read).
-- A report whose digest is what it was when its file was written shows the same figures: it is not written again
-- (report/html.write_reports), so a publication's reports cost the quarters that changed, not the whole history.
WITH rapport AS (
    SELECT kwartaal, regiocode AS regio
    FROM monitoring_kwartaal
    WHERE niveau = 'arbeidsmarktregio' AND maanden = 3 AND gemeenten_meegeteld = gemeenten_in_regio
),
leden AS (
    SELECT DISTINCT regio, regio AS code FROM rapport
    UNION
    SELECT regiocode, gemeentecode FROM regio_indeling WHERE regiocode IN (SELECT regio FROM rapport)
),
-- every published row a report can show, with its quarter (a month's: the quarter it is in)
gepubliceerd AS (
    SELECT regiocode AS code, kwartaal, hash('kwartaal', k) AS h
    FROM monitoring_kwartaal AS k WHERE niveau IN ('arbeidsmarktregio', 'gemeente')
    UNION ALL
    SELECT regiocode, strftime(peildatum, '%Y') || '-Q' || quarter(peildatum), hash('maand', m)
    FROM monitoring_maand AS m WHERE niveau IN ('arbeidsmarktregio', 'gemeente')
    UNION ALL
    SELECT regiocode, periode, hash('bereik', b) FROM bereiken AS b WHERE tabel = 'monitoring_kwartaal'
),
rijen AS (
    SELECT p.kwartaal, p.regio, hash('gemeente', r.gemeentecode, g.gemeentenaam) AS h
    FROM rapport AS p
    JOIN regio_indeling AS r ON r.regiocode = p.regio
    JOIN gemeenten AS g USING (gemeentecode)
    UNION ALL
    SELECT p.kwartaal, p.regio, x.h
    FROM rapport AS p
    JOIN leden AS l ON l.regio = p.regio
    JOIN gepubliceerd AS x ON x.code = l.code AND x.kwartaal <= p.kwartaal
)
SELECT p.kwartaal, p.regio AS regiocode, count(r.h) || '-' || coalesce(sum(r.h), 0) AS inhoud
FROM rapport AS p
LEFT JOIN rijen AS r USING (kwartaal, regio)
GROUP BY ALL
ORDER BY kwartaal, regiocode
