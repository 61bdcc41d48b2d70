-- werklijst_registratie for a warehouse without casemanager spreadsheets: no rows, the same columns.
CREATE OR REPLACE TEMP VIEW werklijst_registratie AS
SELECT NULL::DATE AS peildatum, NULL::VARCHAR AS bestand, NULL::BIGINT AS regel, NULL::VARCHAR AS gemeentecode, NULL::VARCHAR AS jib_id,
    NULL::DATE AS datum_kaartje, NULL::VARCHAR AS reactie_kaartje, NULL::DATE AS datum_huisbezoek,
    NULL::BOOLEAN AS toestemming
WHERE false
