-- rules.md 3, opt-out: erase name, address and birth date of a youth in objection from the worklists
-- of earlier months; the row (jib_id, card variant, datum_instroom) stays, as gemeente_lijst's does.
UPDATE werklijst_casemanager
SET geslachtsnaam = NULL, voorvoegsel = NULL, voornamen = NULL, geboortedatum = NULL,
    straatnaam = NULL, huisnummer = NULL, huisletter = NULL, huisnummertoevoeging = NULL,
    postcode = NULL, woonplaats = NULL
WHERE jib_id IN (SELECT jib_id FROM bezwaar_register)
  AND NOT (geslachtsnaam IS NULL AND voorvoegsel IS NULL AND voornamen IS NULL AND geboortedatum IS NULL
       AND straatnaam IS NULL AND huisnummer IS NULL AND huisletter IS NULL AND huisnummertoevoeging IS NULL
       AND postcode IS NULL AND woonplaats IS NULL)
