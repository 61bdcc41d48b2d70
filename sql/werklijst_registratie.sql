-- What casemanagers recorded per youth (temp view werklijst_registratie, read by werklijst_historie):
-- the loaded spreadsheet rows, or no rows in a warehouse that never received one.
CREATE OR REPLACE TEMP VIEW werklijst_registratie AS
SELECT peildatum, bestand, regel, gemeentecode, jib_id, datum_kaartje, reactie_kaartje, datum_huisbezoek, toestemming
FROM casemanager_monitoring
