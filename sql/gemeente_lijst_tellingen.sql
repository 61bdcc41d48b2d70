-- Counts of the lists of $peildatum for the Dagster UI: per status, soort_instroom, reden_uitstroom,
-- categorie (of those on the list) and the worklist size ($werklijst_categorieen: the register's value set
-- werklijst_categorie, jib_assets/schema.py). Never a person.
SELECT 'op_lijst' AS naam, count(*) AS aantal
FROM gemeente_lijst WHERE peildatum = $peildatum AND status <> 'uitstroom'
UNION ALL
SELECT 'status_' || status, count(*)
FROM gemeente_lijst WHERE peildatum = $peildatum GROUP BY status
UNION ALL
SELECT 'soort_instroom_' || soort_instroom, count(*)
FROM gemeente_lijst WHERE peildatum = $peildatum AND status = 'instroom' GROUP BY soort_instroom
UNION ALL
SELECT 'reden_uitstroom_' || reden_uitstroom, count(*)
FROM gemeente_lijst WHERE peildatum = $peildatum AND status = 'uitstroom' GROUP BY reden_uitstroom
UNION ALL
SELECT 'categorie_' || categorie, count(*)
FROM gemeente_lijst WHERE peildatum = $peildatum AND status <> 'uitstroom' GROUP BY categorie
UNION ALL
SELECT 'instroom_' || categorie, count(*)
FROM gemeente_lijst WHERE peildatum = $peildatum AND status = 'instroom' GROUP BY categorie
UNION ALL
SELECT 'werklijst', count(*)
FROM gemeente_lijst WHERE peildatum = $peildatum AND status = 'instroom' AND list_contains($werklijst_categorieen::VARCHAR[], categorie)
