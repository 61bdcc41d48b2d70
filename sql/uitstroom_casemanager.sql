-- Issue 13, the casemanager's leavers' note of $peildatum: the youths of this gemeente's earlier worklists
-- who left its list this month, with the reason, by jib_id and name (no BSN), so nobody chases a youth who
-- already found work. Youths in objection are never listed.
SELECT
    l.peildatum, l.gemeentecode, l.jib_id, l.reden_uitstroom, l.verhuisd_naar, l.datum_instroom,
    l.geslachtsnaam, l.voorvoegsel, l.voornamen
FROM gemeente_lijst AS l
WHERE l.peildatum = $peildatum AND l.status = 'uitstroom' AND l.categorie <> 'bezwaar'
  AND EXISTS (
      SELECT 1 FROM werklijst_casemanager AS w
      WHERE w.gemeentecode = l.gemeentecode AND w.jib_id = l.jib_id AND w.peildatum < $peildatum
  )
ORDER BY l.gemeentecode, l.geslachtsnaam, l.voornamen, l.jib_id
