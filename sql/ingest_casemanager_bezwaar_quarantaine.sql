-- Casemanager rows set aside (quarantaine) that may carry an objection (rules.md 3, opt-out): bezwaar = ja or
-- reactie_kaartje = nee read, or one of them unreadable, in a row quarantined for any reason (another cell that
-- cannot be read, a jib_id not given to that municipality). The register reads only loaded rows, so such an
-- objection would be lost and the youth approached again: the ingest's blocking check stops the month on them.
-- File and Excel row only: no jib_id, no value.
SELECT bron AS bestand, regel
FROM ingest_staged
WHERE reden IS NOT NULL
  AND (bezwaar IS TRUE OR reactie_kaartje = 'nee' OR regexp_matches(reden, '(^|; )(bezwaar|reactie_kaartje):'))
ORDER BY bron, regel
