-- The quarters the report asset writes, each with a digest of every published row its report shows: each
-- arbeidsmarktregio fully inside the area, all three months present, every gemeente of the region counted; the
-- digest covers the names of its gemeenten and the quarter rows, month rows and ranges of the region and those
-- gemeenten up to the quarter (what report_gemeenten, report_kwartalen, report_maanden and report_bereiken read).
-- A report whose digest is what it was when its file was written shows the same figures: it is not written again
-- (report/html.write_reports), so a publication's reports cost the quarters that changed, not the whole history.
WITH rapport AS (
    SELECT kwartaal, regiocode AS regio,
           make_date(CAST(left(kwartaal, 4) AS INTEGER), 3 * CAST(right(kwartaal, 1) AS INTEGER), 1) AS tot
    FROM monitoring_kwartaal
    WHERE niveau = 'arbeidsmarktregio' AND maanden = 3 AND gemeenten_meegeteld = gemeenten_in_regio
),
leden AS (
    SELECT DISTINCT regio, regio AS code FROM rapport
    UNION
    SELECT regiocode, gemeentecode FROM regio_indeling WHERE regiocode IN (SELECT regio FROM rapport)
),
rijen AS (
    SELECT p.kwartaal, p.regio, hash('gemeente', r.gemeentecode, g.gemeentenaam) AS h
    FROM rapport AS p
    JOIN regio_indeling AS r ON r.regiocode = p.regio
    JOIN gemeenten AS g USING (gemeentecode)
    UNION ALL
    SELECT p.kwartaal, p.regio, hash('kwartaal', k)
    FROM rapport AS p
    JOIN leden AS l ON l.regio = p.regio
    JOIN monitoring_kwartaal AS k ON k.regiocode = l.code AND k.kwartaal <= p.kwartaal
        AND k.niveau IN ('arbeidsmarktregio', 'gemeente')
    UNION ALL
    SELECT p.kwartaal, p.regio, hash('maand', m)
    FROM rapport AS p
    JOIN leden AS l ON l.regio = p.regio
    JOIN monitoring_maand AS m ON m.regiocode = l.code AND m.peildatum <= p.tot
        AND m.niveau IN ('arbeidsmarktregio', 'gemeente')
    UNION ALL
    SELECT p.kwartaal, p.regio, hash('bereik', b)
    FROM rapport AS p
    JOIN leden AS l ON l.regio = p.regio
    JOIN bereiken AS b ON b.regiocode = l.code AND b.tabel = 'monitoring_kwartaal' AND b.periode <= p.kwartaal
)
SELECT p.kwartaal, p.regio AS regiocode, count(r.h) || '-' || coalesce(sum(r.h), 0) AS inhoud
FROM rapport AS p
LEFT JOIN rijen AS r USING (kwartaal, regio)
GROUP BY ALL
ORDER BY kwartaal, regiocode
