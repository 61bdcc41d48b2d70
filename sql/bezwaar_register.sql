-- rules.md 3, opt-out: per jib_id the first delivery month whose casemanager spreadsheet marks it
-- bezwaar = ja or reactie_kaartje = nee (the youth wants no contact: the processing agreement treats
-- that as an objection). Merged with the register as it was, so an objection is never forgotten when a later
-- delivery drops the row or a month is reloaded: the register only grows, and only gets earlier.
SELECT jib_id, min(peildatum_bezwaar) AS peildatum_bezwaar
FROM (
    SELECT jib_id, peildatum_bezwaar
    FROM bezwaar_register
    UNION ALL
    SELECT upper(trim(jib_id)) AS jib_id, peildatum AS peildatum_bezwaar
    FROM casemanager_monitoring
    WHERE (bezwaar OR reactie_kaartje = 'nee') AND jib_id IS NOT NULL AND trim(jib_id) <> ''
)
GROUP BY jib_id
ORDER BY jib_id
