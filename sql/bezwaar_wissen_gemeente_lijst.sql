-- rules.md 3, opt-out: erase every identifying field of a youth in objection from gemeente_lijst,
-- history included; the jib_id and the non-identifying fields stay for the counts.
UPDATE gemeente_lijst
SET bsn = NULL, geslachtsnaam = NULL, voorvoegsel = NULL, voornamen = NULL, geboortedatum = NULL,
    straatnaam = NULL, huisnummer = NULL, huisletter = NULL, huisnummertoevoeging = NULL,
    postcode = NULL, woonplaats = NULL
WHERE jib_id IN (SELECT jib_id FROM bezwaar_register)
  AND NOT (bsn IS NULL AND geslachtsnaam IS NULL AND voorvoegsel IS NULL AND voornamen IS NULL
       AND geboortedatum IS NULL AND straatnaam IS NULL AND huisnummer IS NULL AND huisletter IS NULL
       AND huisnummertoevoeging IS NULL AND postcode IS NULL AND woonplaats IS NULL)
