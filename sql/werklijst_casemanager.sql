-- rules.md 3: the casemanager's worklist of $peildatum: the instroom of categorie zzp and benaderen,
-- with jib_id, name, address, birth date, card variant and datum_instroom. Never a BSN.
-- $werklijst_categorieen: the register's value set werklijst_categorie (jib_assets/schema.py).
SELECT
    peildatum,
    gemeentecode,
    jib_id,
    geslachtsnaam,
    voorvoegsel,
    voornamen,
    straatnaam,
    huisnummer,
    huisletter,
    huisnummertoevoeging,
    postcode,
    woonplaats,
    geboortedatum,
    categorie,
    datum_instroom
FROM gemeente_lijst
WHERE peildatum = $peildatum
  AND status = 'instroom'
  AND list_contains($werklijst_categorieen::VARCHAR[], categorie)
ORDER BY gemeentecode, geslachtsnaam, voornamen, jib_id
