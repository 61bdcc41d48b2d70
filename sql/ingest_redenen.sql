-- How often each reason occurs among the staged rows; duplicate keys counted together.
SELECT
    CASE WHEN starts_with(reden, 'dubbele sleutel') THEN 'dubbele sleutel' ELSE reden END AS reden,
    count(*) AS rijen
FROM (SELECT unnest(string_split(reden, '; ')) AS reden FROM ingest_staged WHERE reden IS NOT NULL)
GROUP BY ALL
ORDER BY rijen DESC, reden
