-- Who a municipality was given before $peildatum: every (jib_id, gemeentecode) of its casemanager
-- worklists of earlier months. A spreadsheet row can only be about one of them.
SELECT DISTINCT jib_id, gemeentecode
FROM werklijst_casemanager
WHERE peildatum < $peildatum AND jib_id IS NOT NULL
